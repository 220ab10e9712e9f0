#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/monitor.sh - the process monitor's refresh against the refresh floor (issue 15),
# with 2,000 extra sleeping processes: CPU ms per refresh of bench/refresh.c's modes
# (floor: pread of kept stat and statm fds; floor-list: plus one listing of /proc;
# floor-top: plus an fstat of each kept /proc/PID, top's USER; monitor:
# psutil_proc_monitor_refresh with psutil top's fields; table: psutil_proc_table and
# psutil_proc_table_rates, every file opened each time), each mode run ROUNDS times
# alternately with REFRESHES refreshes; medians and ratios.
#   sh bench/monitor.sh [ROUNDS] [REFRESHES] [PROCESSES]
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-7}
refreshes=${2:-100}
nproc=${3:-2000}
make -s all bench
fifo=$(mktemp -u)
mkfifo "$fifo"
build/bench/spawn "$nproc" alpha bravo charlie delta echo foxtrot < "$fifo" > build/bench/spawn.out &
exec 9> "$fifo"
while ! grep -q ready build/bench/spawn.out 2>/dev/null; do sleep 0.1; done
echo "processes: $(ls -d /proc/[0-9]* | wc -l)" >&2
out=build/bench/monitor.times
: > "$out"
for i in $(seq "$rounds"); do
    for mode in floor floor-list floor-top monitor table; do
        build/bench/refresh "$mode" "$refreshes" >> "$out"
    done
done
exec 9>&-
wait
rm -f "$fifo"
/usr/bin/python3 - "$out" <<'PY'
import statistics, sys
ms = {}
for line in open(sys.argv[1]):
    mode, rows, cpu = line.split()
    ms.setdefault(mode, []).append(float(cpu))
med = {m: statistics.median(v) for m, v in ms.items()}
print("| refresh of %s rows | median CPU ms per refresh | monitor is ... the mode |" % rows)
print("|---|---|---|")
for m in ["floor", "floor-list", "floor-top", "monitor", "table"]:
    print("| %s | %.2f | %s |" % (m, med[m], "-" if m == "monitor" else "%.2fx" % (med["monitor"] / med[m])))
PY
