#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/serve_load.sh [CONCURRENT] [SLOW] [PROCESSES] - psutil serve under load, beside
# Debian's prometheus-node-exporter in the same run, with PROCESSES extra sleeping
# processes (bench/spawn.c): the wall time of each of CONCURRENT scrapes sent at once
# (curl's time_total; p50, p99 and max), and the time of one scrape while SLOW clients
# hold connections open, each having sent half a request head and nothing since.
# Ours serves every collector with the per-process series (its default); node_exporter
# its default collectors. Needs build/psutil, bench programs (make all bench),
# build/oracle/prometheus-node-exporter (sh bootstrap.sh test fetches it), curl and
# /usr/bin/python3 (for the slow clients).
set -eu
cd "$(dirname "$0")/.."
conc=${1:-200}
slow=${2:-200}
nproc=${3:-2000}
node=build/oracle/prometheus-node-exporter
[ -x "$node" ] || { echo "bench/serve_load.sh: $node missing (sh bootstrap.sh test fetches it)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench/serve_load.sh: curl missing (apt-get install curl)" >&2; exit 1; }
make -s all bench
ulimit -n 8192 2>/dev/null || true
fifo=$(mktemp -u)
mkfifo "$fifo"
build/bench/spawn "$nproc" alpha bravo charlie < "$fifo" > build/bench/spawn.out &
exec 9> "$fifo"
while ! grep -q ready build/bench/spawn.out 2>/dev/null; do sleep 0.1; done
echo "processes: $(ls -d /proc/[0-9]* | wc -l)" >&2
./build/psutil serve -l 127.0.0.1:19322 2>/dev/null & ours=$!
"$node" --web.listen-address=127.0.0.1:19320 >/dev/null 2>&1 & theirs=$!
trap 'kill $ours $theirs 2>/dev/null; exec 9>&-; rm -f "$fifo"' EXIT
sleep 1
curl -s -o /dev/null http://127.0.0.1:19322/metrics
curl -s -o /dev/null http://127.0.0.1:19320/metrics
times=build/bench/serve_load.times
burst() { # PORT -> "p50 p99 max" seconds of CONCURRENT simultaneous scrapes
    seq "$conc" | xargs -P "$conc" -I{} curl -s -o /dev/null -w '%{time_total}\n' \
        "http://127.0.0.1:$1/metrics" > "$times"
    sort -n "$times" | awk '{ v[NR] = $1 } END {
        p50 = v[int(NR * 0.50 + 0.5)]; p99 = v[int(NR * 0.99 + 0.5)]
        printf "%.3f %.3f %.3f (%d scrapes)\n", p50, p99, v[NR], NR }'
}
echo "$conc concurrent scrapes, seconds p50 p99 max:"
echo "  psutil serve:  $(burst 19322)"
echo "  node_exporter: $(burst 19320)"
# Slow clients: each connects and sends half a request head, then holds the connection.
attack() { # PORT -> seconds of one scrape while SLOW clients hold connections
    /usr/bin/python3 - "$1" "$slow" 2>/dev/null <<'EOF' &
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
held = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
    held.append(s)
print("held", file=sys.stderr, flush=True)
time.sleep(8)
EOF
    py=$!
    sleep 3
    curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$1/metrics"
    wait $py 2>/dev/null || true
}
echo "one scrape while $slow slow clients hold connections, seconds:"
echo "  psutil serve:  $(attack 19322)"
echo "  node_exporter: $(attack 19320)"
