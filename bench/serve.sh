#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/serve.sh [SCRAPES] - CPU time a scrape costs the exporter: `psutil serve
# --no-procs` (every host collector) against Debian's prometheus-node-exporter with
# the same collectors (cpu, meminfo, loadavg, stat, filesystem, diskstats, netdev,
# netclass, time, vmstat, pressure, uname, netstat, sockstat, filefd, entropy,
# conntrack, timex, os, softnet, arp, hwmon, textfile), both serving on loopback, each scraped SCRAPES times with curl in the same run.
# The figure is the server's own user+system ticks (/proc/PID/stat) over the scrapes.
# Needs build/psutil (make) and build/oracle/prometheus-node-exporter
# (sh bootstrap.sh test fetches it), and curl.
set -eu
cd "$(dirname "$0")/.."
n=${1:-500}
node=build/oracle/prometheus-node-exporter
[ -x "$node" ] || { echo "bench/serve.sh: $node missing (sh bootstrap.sh test fetches it)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench/serve.sh: curl missing (apt-get install curl)" >&2; exit 1; }
./build/psutil serve -l 127.0.0.1:19302 --no-procs 2>/dev/null & ours=$!
"$node" --web.listen-address=127.0.0.1:19300 --collector.disable-defaults \
    --collector.cpu --collector.meminfo --collector.loadavg --collector.stat \
    --collector.filesystem --collector.diskstats --collector.netdev --collector.netclass \
    --collector.time --collector.vmstat --collector.pressure --collector.uname \
    --collector.netstat --collector.sockstat --collector.filefd --collector.entropy \
    --collector.conntrack --collector.timex --collector.os --collector.softnet \
    --collector.arp --collector.hwmon --collector.textfile >/dev/null 2>&1 & theirs=$!
trap 'kill $ours $theirs 2>/dev/null' EXIT
sleep 1
tck=$(getconf CLK_TCK)
measure() { # PID PORT -> ticks
    a=$(awk '{print $14+$15}' /proc/$1/stat)
    i=0
    while [ $i -lt "$n" ]; do curl -s -o /dev/null "http://127.0.0.1:$2/metrics"; i=$((i+1)); done
    b=$(awk '{print $14+$15}' /proc/$1/stat)
    echo $((b - a))
}
measure $ours 19302 >/dev/null; measure $theirs 19300 >/dev/null   # warm-up round
t_ours=$(measure $ours 19302)
t_theirs=$(measure $theirs 19300)
awk -v o="$t_ours" -v t="$t_theirs" -v n="$n" -v hz="$tck" 'BEGIN {
    printf "psutil serve --no-procs: %.2f ms CPU per scrape\n", o / hz * 1000 / n
    printf "node_exporter (same collectors): %.2f ms CPU per scrape\n", t / hz * 1000 / n
    printf "ratio: %.2fx less CPU\n", (o > 0 ? t / o : 0)
}'
