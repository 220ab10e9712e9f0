#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/netstat.sh - the connections benchmark of issue 5: 10,000 established loopback
# TCP sockets held by one process (bench/conns.c) and 2,000 other processes
# (bench/spawn.c); one hyperfine run of `psutil netstat -tanp`, `ss -tanp`,
# `netstat -tanp` and python3-psutil net_connections('tcp'). Prints the ratios.
#   sh bench/netstat.sh [RUNS] [SOCKETS] [PROCESSES]
set -eu
cd "$(dirname "$0")/.."
runs=${1:-10}
socks=${2:-10000}
nproc=${3:-2000}
command -v hyperfine >/dev/null || { echo "bench: hyperfine missing" >&2; exit 1; }
command -v netstat >/dev/null || { echo "bench: netstat missing (apt-get install net-tools)" >&2; exit 1; }
make -s all bench
f1=$(mktemp -u); f2=$(mktemp -u)
mkfifo "$f1" "$f2"
build/bench/conns "$socks" < "$f1" > build/bench/conns.out &
build/bench/spawn "$nproc" alpha bravo charlie delta echo foxtrot < "$f2" > build/bench/spawn.out &
exec 8> "$f1" 9> "$f2"
while ! grep -q ready build/bench/conns.out 2>/dev/null || ! grep -q ready build/bench/spawn.out 2>/dev/null; do sleep 0.1; done
echo "sockets: $(cat build/bench/conns.out), processes: $(ls -d /proc/[0-9]* | wc -l)" >&2
json=build/bench/netstat.json
hyperfine -N --warmup 2 --runs "$runs" --export-json "$json" \
    "build/psutil netstat -tanp" \
    "ss -tanp" \
    "netstat -tanp" \
    "/usr/bin/python3 -c 'import psutil; c = psutil.net_connections(\"tcp\"); print(len(c))'" >&2
exec 8>&- 9>&-
wait
rm -f "$f1" "$f2"
/usr/bin/python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
names = ["psutil netstat -tanp", "ss -tanp", "netstat -tanp", "python3-psutil net_connections('tcp')"]
m = [x["median"] for x in r]
print("| command | median ms | CPU ms (user+sys) | psutil netstat is ... faster |")
print("|---|---|---|---|")
for name, x, med in zip(names, r, m):
    print("| %s | %.1f | %.1f | %s |" % (name, med * 1000, (x["user"] + x["system"]) * 1000,
          "-" if name.startswith("psutil") else "%.2fx" % (med / m[0])))
PY
