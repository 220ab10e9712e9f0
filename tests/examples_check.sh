#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# examples_check.sh - runs the examples built in DIR and checks what each prints
# against what the test sets up: a process that ends, a listener of its own, a file
# received byte for byte. Prints "examples: N ok" or the first failure (exit 1).
#
#   sh tests/examples_check.sh DIR
set -u
dir=$1
py=/usr/bin/python3
tmp=$(mktemp -d) || exit 1
trap 'kill $bg 2>/dev/null; rm -rf "$tmp"' EXIT
bg=
fail() { echo "examples: $*" >&2; exit 1; }
ok=0

# top_memory: a header and five rows, RSS descending, every pid a process.
"$dir/top_memory" > "$tmp/top" || fail "top_memory failed"
[ "$(sed -n 1p "$tmp/top" | tr -s ' ')" = " PID RSS NAME" ] || fail "top_memory header: $(sed -n 1p "$tmp/top")"
[ "$(sed 1d "$tmp/top" | wc -l)" -eq 5 ] || fail "top_memory: not five rows"
sed 1d "$tmp/top" | awk 'NR > 1 && $2 > prev { exit 1 } { prev = $2 }' || fail "top_memory: RSS not descending"
sed 1d "$tmp/top" | awk '$1 !~ /^[0-9]+$/ || $1 < 1 || $2 !~ /^[0-9]+$/ || NF < 3 { exit 1 }' ||
    fail "top_memory: a row is not PID RSS NAME: $(cat "$tmp/top")"
# The rows against the kernel read directly: a listed process still alive has its statm
# resident pages x page size within 4 MiB of its RSS (the listing was taken a moment
# before; a short-lived process may be gone, a compiler may grow: one match is enough).
page=$(getconf PAGESIZE)
matched=$(sed 1d "$tmp/top" | while read -r pid rss name; do
    now=$(awk -v page="$page" '{ print $2 * page }' "/proc/$pid/statm" 2>/dev/null) || continue
    awk -v a="$rss" -v b="$now" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 4194304) }' &&
        echo "$pid"
done | head -n 1)
[ -n "$matched" ] || fail "top_memory: no listed process has its statm RSS: $(cat "$tmp/top")"
ok=$((ok + 1))

# watch_pid: a process that ends after 0.5 s, and one that outlives a 0.2 s timeout.
# Each is watched once it runs sleep: until the background shell's exec its name is sh.
wait_exec() { i=0; while [ "$(cat /proc/$1/comm 2>/dev/null)" != sleep ] && [ $i -lt 200 ]; do sleep 0.01; i=$((i + 1)); done; }
sleep 0.5 &
pid=$!
wait_exec $pid
out=$("$dir/watch_pid" $pid) || fail "watch_pid failed: $out"
echo "$out" | grep -Eq "^sleep \(pid $pid\) ended after 0\.[4-9] s$" || fail "watch_pid: $out"
sleep 5 &
bg=$!
wait_exec $bg
out=$("$dir/watch_pid" $bg 0.2)
[ $? -eq 1 ] && echo "$out" | grep -q "^sleep (pid $bg) still running after 0.2 s$" ||
    fail "watch_pid timeout: $out"
kill $bg
ok=$((ok + 1))

# listening_sockets: our own listener, with its pid and name.
$py -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True); time.sleep(20)' > "$tmp/port" &
bg=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")
"$dir/listening_sockets" > "$tmp/ls" || fail "listening_sockets failed"
grep -Eq "^127\.0\.0\.1:$port +$bg  python3" "$tmp/ls" ||
    fail "listening_sockets: no 127.0.0.1:$port owned by $bg: $(cat "$tmp/ls")"
kill $bg
ok=$((ok + 1))

# send_file: 3 MB of varied bytes to a receiver that keeps them.
head -c 3000000 /dev/urandom > "$tmp/src"
$py -c 'import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True)
c, _ = s.accept(); f = open(sys.argv[1], "wb")
while True:
    b = c.recv(65536)
    if not b: break
    f.write(b)
f.close()' "$tmp/dst" > "$tmp/port2" &
bg=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$tmp/port2" ] && break; sleep 0.1; done
out=$("$dir/send_file" "$tmp/src" 127.0.0.1 "$(cat "$tmp/port2")") || fail "send_file failed: $out"
[ "$out" = "sent 3000000 bytes" ] || fail "send_file: $out"
wait $bg
cmp -s "$tmp/src" "$tmp/dst" || fail "send_file: the received bytes differ"
ok=$((ok + 1))

# container_limits: the machine's memory as /proc/meminfo says; as root on a cgroup v1
# machine, run inside cgroups made here with a 0.5-CPU quota and a 256 MiB limit.
out=$("$dir/container_limits") || fail "container_limits failed: $out"
total=$(awk '/^MemTotal:/ { printf "%.0f", $2 * 1024 }' /proc/meminfo)
echo "$out" | grep -q "^memory total  *$total\$" || fail "container_limits: total is not $total: $out"
if [ "$(id -u)" = 0 ] && [ -w /sys/fs/cgroup/cpu/cpu.cfs_quota_us ] && [ -d /sys/fs/cgroup/memory ]; then
    cpu=/sys/fs/cgroup/cpu/psutil-ex-$$ mem=/sys/fs/cgroup/memory/psutil-ex-$$
    mkdir -p "$cpu" "$mem"
    echo 50000 > "$cpu/cpu.cfs_quota_us"
    echo 268435456 > "$mem/memory.limit_in_bytes"
    out=$(sh -c 'echo $$ > "$1/cgroup.procs" && echo $$ > "$2/cgroup.procs" && exec "$3"' sh "$cpu" "$mem" "$dir/container_limits")
    rmdir "$cpu" "$mem"
    echo "$out" | grep -q "^cpu quota  *0.50$" && echo "$out" | grep -q "^cpus usable  *0.50$" &&
        echo "$out" | grep -q "^memory limit  *268435456$" && echo "$out" | grep -q "^cgroup  *v1$" ||
        fail "container_limits in a 0.5-CPU, 256 MiB cgroup: $out"
fi
ok=$((ok + 1))

echo "examples: $ok ok"
