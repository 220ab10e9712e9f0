#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/sendfile.sh - psutil_sendfile vs a 64 KiB read+send loop vs a bare sendfile(2)
# loop: a 1 GiB file (page-cached) over loopback TCP to a receiver draining into a
# 1 MiB buffer (RECEIVER drain, the default) or discarding with recv(MSG_TRUNC)
# (RECEIVER discard: the sender's cost alone), timed by hyperfine in one run. Prints the
# ratios. Needs hyperfine (apt-get install hyperfine) and a built tree (make bench).
#   sh bench/sendfile.sh [RUNS] [RECEIVER]
set -eu
cd "$(dirname "$0")/.."
runs=${1:-15}
receiver=${2:-drain}
bin=build/bench/sendfile_bench
file=${BENCH_FILE:-/tmp/psutil-bench-1gib}
command -v hyperfine >/dev/null || { echo "bench: hyperfine missing (apt-get install hyperfine)" >&2; exit 1; }
[ -x "$bin" ] || make -s bench
[ "$(stat -c %s "$file" 2>/dev/null || echo 0)" = 1073741824 ] ||
    head -c 1073741824 /dev/urandom > "$file"
cat "$file" > /dev/null # into the page cache: the disk is not what is measured
json=build/bench/sendfile.json
hyperfine -N --warmup 3 --runs "$runs" --export-json "$json" \
    "$bin psutil $file $receiver" "$bin readsend $file $receiver" "$bin bare $file $receiver" >&2
/usr/bin/python3 - "$json" <<'PY'
import json, sys
r = {x["command"].split()[1]: x for x in json.load(open(sys.argv[1]))["results"]}
m = {k: v["median"] for k, v in r.items()}
gib = 1.0
print("| sender | median wall s | GiB/s | CPU s (user+sys, both processes) | wall vs bare sendfile | speed vs read+send 64 KiB |")
print("|---|---|---|---|---|---|")
for k, label in [("psutil", "psutil_sendfile"), ("bare", "bare sendfile(2) loop"), ("readsend", "read+send 64 KiB")]:
    cpu = r[k]["user"] + r[k]["system"]
    print("| %s | %.3f | %.2f | %.3f | %.3fx | %.2fx |" % (label, m[k], gib / m[k], cpu, m[k] / m["bare"], m["readsend"] / m[k]))
PY
