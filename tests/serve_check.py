# SPDX-License-Identifier: BSD-3-Clause
"""serve_check.py - checks `psutil serve` output, run with /usr/bin/python3 (Debian's
python3-prometheus-client is the independent parser).

  serve_check.py validate FILE
      FILE parses as text exposition 0.0.4; every sample belongs to a family with HELP
      and TYPE; no series (name + labels) appears twice. Prints "ok N" (N samples).
  serve_check.py compare PSUTIL NODE_EXPORTER
      Runs `PSUTIL serve --once --no-procs`, scrapes Debian's prometheus-node-exporter
      (started here on a free loopback port), runs ours again, and compares every
      node_* family both expose: same series (label sets), values equal or inside the
      bracket of our two readings with the tolerance written next to each rule.
  serve_check.py hwmon SYSFS PSUTIL NODE_EXPORTER
      Both read the sysfs tree SYSFS: every node_hwmon_temp_celsius and node_hwmon_fan_rpm
      series of node_exporter has our psutil_temperature_celsius / psutil_fan_rpm series
      with the same chip and sensor labels and the same value, and ours has no duplicate.
  serve_check.py label FILE METRIC PID
      Prints the name label of METRIC{pid=PID} as hex (UTF-8), to check escaping.
"""
import os
import socket
import subprocess
import sys
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

MIB = 1024 * 1024


def parse(text):
    """{name: {frozenset(labels): value}} plus the list of all (name, labels)."""
    series, seen = {}, []
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            key = frozenset(s.labels.items())
            seen.append((s.name, key))
            series.setdefault(s.name, {})[key] = s.value
    return series, seen


def validate(path):
    text = open(path, encoding="utf-8").read()
    helps, types = set(), set()
    for line in text.splitlines():
        if line.startswith("# HELP "):
            helps.add(line.split(" ")[2])
        elif line.startswith("# TYPE "):
            types.add(line.split(" ")[2])
        elif line and not line.startswith("#"):
            name = line.split("{")[0].split(" ")[0]
            if name not in helps or name not in types:
                sys.exit("sample without HELP/TYPE: " + line)
    _, seen = parse(text)
    if len(seen) != len(set(seen)):
        dups = sorted({x for x in seen if seen.count(x) > 1})
        sys.exit("duplicate series: %r" % dups[:5])
    if not seen:
        sys.exit("no samples")
    print("ok", len(seen))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ours(psutil):
    out = subprocess.run([psutil, "serve", "--once", "--no-procs"], check=True,
                         capture_output=True, text=True).stdout
    return parse(out)[0]


def compare(psutil, node):
    port = free_port()
    collectors = ["cpu", "meminfo", "loadavg", "stat", "pressure", "filesystem", "diskstats",
                  "netdev", "netclass", "time"]
    proc = subprocess.Popen([node, "--web.listen-address=127.0.0.1:%d" % port,
                             "--collector.disable-defaults"] +
                            ["--collector." + c for c in collectors],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = "http://127.0.0.1:%d/metrics" % port
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        a = ours(psutil)
        theirs = parse(urllib.request.urlopen(url, timeout=10).read().decode())[0]
        b = ours(psutil)
    finally:
        proc.terminate()
        proc.wait()

    problems, compared = [], 0

    def same_series(name, exact=True):
        mine, node_s = set(a.get(name, {})), set(theirs.get(name, {}))
        if exact and mine != node_s:
            problems.append("%s: series differ: only ours %s, only node_exporter's %s" %
                            (name, sorted(map(sorted, mine - node_s))[:3],
                             sorted(map(sorted, node_s - mine))[:3]))
        return [k for k in node_s if k in mine and k in b.get(name, {})]

    def bracket(name, tol, exact=True):
        nonlocal compared
        for k in same_series(name, exact):
            v1, v2, t = a[name][k], b[name][k], theirs[name][k]
            lo, hi = min(v1, v2), max(v1, v2)
            if not lo - tol <= t <= hi + tol:
                problems.append("%s%s: node_exporter %r not in ours [%r, %r] +/- %r" %
                                (name, dict(k), t, lo, hi, tol))
            compared += 1

    # Counters: node_exporter's reading lies between our two (tolerance: rounding).
    bracket("node_cpu_seconds_total", 0.011)
    bracket("node_cpu_guest_seconds_total", 0.011)
    bracket("node_context_switches_total", 0)
    bracket("node_intr_total", 0)
    # PSI totals (us in the file, seconds on both sides), where the kernel has them.
    import os
    if os.path.exists("/proc/pressure/cpu"):
        for n in ["cpu_waiting", "io_waiting", "io_stalled", "memory_waiting", "memory_stalled"]:
            name = "node_pressure_%s_seconds_total" % n
            if name not in theirs:
                problems.append("node_exporter has no %s" % name)
            bracket(name, 1e-6)
    for f in ["reads_completed", "reads_merged", "read_bytes", "writes_completed",
              "writes_merged", "written_bytes"]:
        bracket("node_disk_%s_total" % f, 0)
    for f in ["read_time_seconds", "write_time_seconds", "io_time_seconds"]:
        bracket("node_disk_%s_total" % f, 0.0005)
    for d in ["receive", "transmit"]:
        for f in ["bytes", "packets", "errs", "drop"]:
            bracket("node_network_%s_%s_total" % (d, f), 0)
    # Gauges.
    bracket("node_boot_time_seconds", 1)         # btime, whole seconds on both sides
    bracket("node_time_seconds", 0.5)
    for n in ["node_load1", "node_load5", "node_load15"]:
        bracket(n, 0.01)                          # both print /proc/loadavg's 2 decimals
    # Every meminfo line node_exporter exports, under its name: sizes exactly, counts
    # (HugePages_*) exactly, the rest between our two readings give or take 64 MiB: the
    # page cache moves while three scrapes run, and each scraper's own memory is in the
    # figures it reads (a sanitizer build of ours commits ~30 MiB more than node_exporter,
    # seen in Committed_AS). A wrong name or unit is off by far more.
    memory = sorted(n for n in theirs if n.startswith("node_memory_"))
    if len(memory) < 40:
        problems.append("node_exporter exported only %d meminfo families" % len(memory))
    for name in memory:
        fixed = name in ("node_memory_MemTotal_bytes", "node_memory_SwapTotal_bytes",
                         "node_memory_VmallocTotal_bytes", "node_memory_Hugepagesize_bytes")
        bracket(name, 0 if fixed or not name.endswith("_bytes") else 64 * MIB)
    # Filesystems: same mounts; /dev/root is resolved on our side, so compare without
    # the device label there.
    for name in ["node_filesystem_size_bytes", "node_filesystem_free_bytes",
                 "node_filesystem_avail_bytes", "node_filesystem_readonly"]:
        def strip(d):
            return {frozenset((k, v) for k, v in key if k != "device" or v != "/dev/root"):
                    val for key, val in d.get(name, {}).items()}
        for side in (a, b, theirs):
            side[name] = strip(side)
        tol = 0 if name in ("node_filesystem_size_bytes", "node_filesystem_readonly") else 16 * MIB
        bracket(name, tol)
    bracket("node_network_mtu_bytes", 0)
    bracket("node_network_speed_bytes", 0, exact=False)
    if compared < 40:
        problems.append("only %d series compared" % compared)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("ok", compared)


def hwmon(sysfs, psutil, node):
    env = dict(os.environ, HOST_SYS=sysfs)
    text = subprocess.run([psutil, "serve", "--once", "--no-procs"], capture_output=True,
                          text=True, env=env).stdout
    a, seen = parse(text)
    if len(seen) != len(set(seen)):
        sys.exit("duplicate series in ours")
    port = free_port()
    proc = subprocess.Popen([node, "--web.listen-address=127.0.0.1:%d" % port,
                             "--path.sysfs=" + sysfs, "--collector.disable-defaults",
                             "--collector.hwmon"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = "http://127.0.0.1:%d/metrics" % port
        for _ in range(100):
            try:
                theirs = parse(urllib.request.urlopen(url, timeout=5).read().decode())[0]
                break
            except OSError:
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait()
    problems, compared = [], 0
    for node_name, ours_name in [("node_hwmon_temp_celsius", "psutil_temperature_celsius"),
                                 ("node_hwmon_fan_rpm", "psutil_fan_rpm")]:
        mine = {}
        for key, v in a.get(ours_name, {}).items():
            d = dict(key)
            mine[(d["chip"], d["sensor"])] = v
        for key, v in theirs.get(node_name, {}).items():
            d = dict(key)
            got = mine.get((d["chip"], d["sensor"]))
            if got is None or abs(got - v) > 1e-9:
                problems.append("%s%s: node_exporter %r, ours %r" % (node_name, d, v, got))
            compared += 1
    if compared == 0:
        problems.append("nothing compared")
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("ok", compared)


def label(path, metric, pid):
    series, _ = parse(open(path, encoding="utf-8").read())
    for key in series.get(metric, {}):
        d = dict(key)
        if d.get("pid") == pid:
            print(d["name"].encode("utf-8").hex())
            return
    sys.exit("no %s for pid %s" % (metric, pid))


if __name__ == "__main__":
    if sys.argv[1] == "validate":
        validate(sys.argv[2])
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "hwmon":
        hwmon(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "label":
        label(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
