#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/groups.sh [SCRAPES] [PROCESSES] - CPU a scrape of process groups costs:
# `psutil serve --config.path` against Debian's prometheus-process-exporter on the same
# YAML (every process grouped by comm, process-exporter's usual configuration), with
# PROCESSES extra sleeping processes, each server scraped SCRAPES times with curl in the
# same run. process-exporter runs twice: with its defaults (smaps and per-thread
# figures gathered) and with -gather-smaps=false -threads=false (what ours reports).
# The figure is the server's own user+system ticks (/proc/PID/stat) over the scrapes;
# ours includes its host collectors (cpu, memory, disks, network, ...) too.
# Needs build/psutil, bench programs (make all bench), build/oracle/prometheus-process-
# exporter (sh bootstrap.sh test fetches it) and curl.
set -eu
cd "$(dirname "$0")/.."
n=${1:-100}
nproc=${2:-2000}
pe=build/oracle/prometheus-process-exporter
[ -x "$pe" ] || { echo "bench/groups.sh: $pe missing (sh bootstrap.sh test fetches it)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench/groups.sh: curl missing (apt-get install curl)" >&2; exit 1; }
make -s all bench
cfg=build/bench/groups.yml
printf 'process_names:\n  - name: "{{.Comm}}"\n    cmdline:\n    - ".+"\n' > "$cfg"
fifo=$(mktemp -u)
mkfifo "$fifo"
build/bench/spawn "$nproc" alpha bravo charlie delta echo foxtrot < "$fifo" > build/bench/spawn.out &
exec 9> "$fifo"
while ! grep -q ready build/bench/spawn.out 2>/dev/null; do sleep 0.1; done
echo "processes: $(ls -d /proc/[0-9]* | wc -l)" >&2
./build/psutil serve -l 127.0.0.1:19312 --config.path "$cfg" 2>/dev/null & ours=$!
# The same groups alone, as process-exporter serves nothing else.
./build/psutil serve -l 127.0.0.1:19313 --config.path "$cfg" --collector.disable-defaults \
    --collector.namedprocess 2>/dev/null & alone=$!
"$pe" -config.path "$cfg" -web.listen-address 127.0.0.1:19310 >/dev/null 2>&1 & full=$!
"$pe" -config.path "$cfg" -gather-smaps=false -threads=false \
    -web.listen-address 127.0.0.1:19311 >/dev/null 2>&1 & lean=$!
trap 'kill $ours $alone $full $lean 2>/dev/null; exec 9>&-; rm -f "$fifo"' EXIT
sleep 1
tck=$(getconf CLK_TCK)
measure() { # PID PORT -> ticks
    a=$(awk '{print $14+$15}' /proc/$1/stat)
    i=0
    while [ $i -lt "$n" ]; do curl -s -o /dev/null "http://127.0.0.1:$2/metrics"; i=$((i+1)); done
    b=$(awk '{print $14+$15}' /proc/$1/stat)
    echo $((b - a))
}
for p in "$ours 19312" "$alone 19313" "$full 19310" "$lean 19311"; do measure $p >/dev/null; done # warm-up
t_ours=$(measure $ours 19312)
t_alone=$(measure $alone 19313)
t_full=$(measure $full 19310)
t_lean=$(measure $lean 19311)
# The floor: the kernel reads those figures cost with nothing parsed (bench/refresh.c
# floor-groups), and the library's refresh of the groups' fields alone, same processes.
floor=$(build/bench/refresh floor-groups "$n" | awk '{print $3}')
refresh=$(build/bench/refresh groups "$n" | awk '{print $3}')
awk -v o="$t_ours" -v a="$t_alone" -v f="$t_full" -v l="$t_lean" -v n="$n" -v hz="$tck" \
    -v fl="$floor" -v rf="$refresh" 'BEGIN {
    printf "| exporter, %d scrapes | CPU ms per scrape | groups alone use ... less | with host collectors ... less |\n", n
    printf "|---|---|---|---|\n"
    printf "| psutil serve --config.path, groups alone | %.2f | - | - |\n", a / hz * 1000 / n
    printf "| psutil serve --config.path, groups + every host collector | %.2f | - | - |\n", o / hz * 1000 / n
    printf "| process-exporter (defaults) | %.2f | %.1fx | %.1fx |\n", f / hz * 1000 / n, (a > 0 ? f / a : 0), (o > 0 ? f / o : 0)
    printf "| process-exporter -gather-smaps=false -threads=false | %.2f | %.1fx | %.1fx |\n", l / hz * 1000 / n, (a > 0 ? l / a : 0), (o > 0 ? l / o : 0)
    printf "| library refresh of the groups fields (bench/refresh groups) | %.2f | - | - |\n", rf
    printf "| syscall floor: stat, status, io, fd/ and prlimit per pid, unparsed (bench/refresh floor-groups) | %.2f | %.2fx the floor | lean process-exporter is %.1fx the floor |\n", fl, (fl > 0 ? a / hz * 1000 / n / fl : 0), (fl > 0 ? l / hz * 1000 / n / fl : 0)
}'
