#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/ps.sh - the process-table benchmark of issue 4: with 2,000 extra sleeping
# processes whose command lines have 8 words, time in one hyperfine run `psutil ps`,
# `ps -eo pid,ppid,user,stat,pcpu,rss,vsz,nlwp,lstart,args`, python3-psutil's
# process_iter with the same fields (bench/ps_psutil.py, /usr/bin/python3), and the
# floor (bench/floor.c: open and read stat and cmdline of every pid). Prints the ratios.
#   sh bench/ps.sh [RUNS] [PROCESSES]
set -eu
cd "$(dirname "$0")/.."
runs=${1:-20}
nproc=${2:-2000}
command -v hyperfine >/dev/null || { echo "bench: hyperfine missing (apt-get install hyperfine)" >&2; exit 1; }
make -s all bench
# The same tool with the table scanned by one thread: does threading pay?
make -s O=build/bench/one-thread CFLAGS="-O2 -g -DPSUTIL_TABLE_MAX_THREADS=1" all
fifo=$(mktemp -u)
mkfifo "$fifo"
# The spawner lives until its stdin (the fifo) closes.
build/bench/spawn "$nproc" alpha bravo charlie delta echo foxtrot < "$fifo" > build/bench/spawn.out &
exec 9> "$fifo"
while ! grep -q ready build/bench/spawn.out 2>/dev/null; do sleep 0.1; done
echo "processes: $(ls -d /proc/[0-9]* | wc -l)" >&2
json=build/bench/ps.json
hyperfine -N --warmup 3 --runs "$runs" --export-json "$json" \
    "build/psutil ps" \
    "build/bench/one-thread/psutil ps" \
    "ps -eo pid,ppid,user,stat,pcpu,rss,vsz,nlwp,lstart,args" \
    "/usr/bin/python3 bench/ps_psutil.py" \
    "build/bench/floor" >&2
exec 9>&-
wait
rm -f "$fifo"
/usr/bin/python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
names = ["psutil ps", "psutil ps, table on 1 thread", "ps -eo ...",
         "python3-psutil process_iter", "floor (stat+cmdline)"]
m = [x["median"] for x in r]
print("| command | median ms | CPU ms (user+sys) | psutil ps is ... faster |")
print("|---|---|---|---|")
for name, x, med in zip(names, r, m):
    print("| %s | %.1f | %.1f | %s |" % (name, med * 1000, (x["user"] + x["system"]) * 1000,
          "-" if name == "psutil ps" else "%.2fx" % (med / m[0])))
PY
