#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/top.sh - CPU used by 30 batch refreshes of procps top and of psutil top, with
# 2,000 extra sleeping processes, measured by /usr/bin/time (user + system seconds),
# each run ROUNDS times alternately; and psutil top's CPU per report (output and start
# included) against the stat+statm refresh floor (bench/refresh.c floor) of the same run.
#   sh bench/top.sh [ROUNDS] [PROCESSES]
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-3}
nproc=${2:-2000}
make -s all bench
fifo=$(mktemp -u)
mkfifo "$fifo"
build/bench/spawn "$nproc" alpha bravo charlie delta echo foxtrot < "$fifo" > build/bench/spawn.out &
exec 9> "$fifo"
while ! grep -q ready build/bench/spawn.out 2>/dev/null; do sleep 0.1; done
echo "processes: $(ls -d /proc/[0-9]* | wc -l)" >&2
out=build/bench/top.times
: > "$out"
for i in $(seq "$rounds"); do
    /usr/bin/time -a -o "$out" -f "top %U %S %e" top -b -n 30 -d 0.1 > /dev/null
    /usr/bin/time -a -o "$out" -f "psutil %U %S %e" build/psutil top -b -n 30 -d 0.1 > /dev/null
    build/bench/refresh floor 30 >> "$out"
done
exec 9>&-
wait
rm -f "$fifo"
/usr/bin/python3 - "$out" <<'PY'
import statistics, sys
cpu = {"top": [], "psutil": []}
wall = {"top": [], "psutil": []}
floor = []
for line in open(sys.argv[1]):
    w = line.split()
    if len(w) == 3 and w[0] == "floor":
        floor.append(float(w[2]))
    if len(w) == 4 and w[0] in cpu:
        cpu[w[0]].append(float(w[1]) + float(w[2]))
        wall[w[0]].append(float(w[3]))
t, p = statistics.median(cpu["top"]), statistics.median(cpu["psutil"])
print("| 30 batch refreshes, -d 0.1 | median CPU s (user+sys) | median wall s |")
print("|---|---|---|")
print("| top -b (procps-ng) | %.2f | %.2f |" % (t, statistics.median(wall["top"])))
print("| psutil top -b | %.2f | %.2f |" % (p, statistics.median(wall["psutil"])))
print("\npsutil top uses %.2fx less CPU than top" % (t / p))
f = statistics.median(floor)
print("psutil top: %.1f ms of CPU per report, %.2fx the stat+statm refresh floor (%.1f ms)"
      % (p / 30 * 1000, p / 30 * 1000 / f, f))
PY
