# SPDX-License-Identifier: BSD-3-Clause
"""serve_check.py - checks `psutil serve` output, run with /usr/bin/python3 (Debian's
python3-prometheus-client is the independent parser).

  serve_check.py validate FILE
      FILE parses as text exposition 0.0.4; every sample belongs to a family with HELP
      and TYPE; no series (name + labels) appears twice; Debian's promtool (in
      build/oracle/, fetched with prometheus by sh bootstrap.sh test) checks it too, and
      lints nothing but names node_exporter gave us (its camelCase meminfo and netstat
      fields, entropy in bits). Prints "ok N" (N samples).
  serve_check.py prometheus PROMETHEUS PSUTIL
      Starts three processes for a process group and PSUTIL serve with that group, and
      Debian's prometheus (on free loopback ports, a temporary config and data
      directory) scraping it every second; then asks prometheus's HTTP API: up is 1,
      the group's num_procs is 3, and rate() of a counter has a value. Prints "ok".
  serve_check.py compare PSUTIL NODE_EXPORTER
      Runs `PSUTIL serve --once --no-procs`, scrapes Debian's prometheus-node-exporter
      (started here on a free loopback port), runs ours again, and compares every
      node_* family both expose: same series (label sets), values equal or inside the
      bracket of our two readings with the tolerance written next to each rule.
  serve_check.py hwmon SYSFS PSUTIL NODE_EXPORTER
      Both read the sysfs tree SYSFS: every node_hwmon_temp_celsius and node_hwmon_fan_rpm
      series of node_exporter has our psutil_temperature_celsius / psutil_fan_rpm series
      with the same chip and sensor labels and the same value, and ours has no duplicate.
  serve_check.py groups PSUTIL PROCESS_EXPORTER
      Starts processes for three rules of a process-exporter YAML (comm, a cmdline regex
      with a named capture in the group name, exe), runs Debian's
      prometheus-process-exporter and `PSUTIL serve --config.path` on the same file,
      scrapes both (the baseline), starts a process that burns CPU and faults pages, then
      scrapes theirs, ours, theirs: same groups, the same namedprocess_namegroup_*
      families with the same HELP, TYPE and label sets (but threads_wchan, which ours
      lacks), equal gauges (worst_fd_ratio of a process with 20 extra fds under a soft
      limit of 211 among them), our counters inside their two readings, and the
      namedprocess_scrape_{,partial_}errors counters (errors 0).
  serve_check.py groupnames PSUTIL PROCESS_EXPORTER
      The same with the groups named by -procnames sleep,dd and -namemapping
      'python3,(?:--psutil-conf=)(\S+)' (a non-capturing group before the capture) on
      both sides instead of the file.
  serve_check.py procfs PROCFS PSUTIL NODE_EXPORTER COLLECTOR|--FLAG...
      Both read the procfs tree PROCFS with only the named collectors on (ours with
      HOST_PROC, node_exporter with --path.procfs; --FLAGs go to both, but
      --path.sysfs=DIR, which is HOST_SYS for ours): the same
      families (node_* and those of textfiles) with the
      same HELP and TYPE, the same series and exactly the same values (the scrape's own
      node_scrape_* and node_exporter_build_info aside).
  serve_check.py openmetrics OM_FILE TEXT_FILE
      OM_FILE parses with the client's OpenMetrics parser (which requires the closing
      # EOF, counters named without _total and their samples with it) and holds the
      same samples (names and labels) as TEXT_FILE, another scrape in text format 0.0.4,
      with the same values for the families that cannot move (textfile's, gauges of
      fixed figures); counters stay counters. Prints "ok N".
  serve_check.py doclist DOC FILE SRCDIR
      The "## Metrics" table of DOC (docs/exporter.md) against the scrape in FILE: every
      family FILE declares is listed (a `<...>` part matches any name), and every name
      the table lists is in FILE or is a string in SRCDIR's sources. Prints "ok N".
  serve_check.py label FILE METRIC PID
      Prints the name label of METRIC{pid=PID} as hex (UTF-8), to check escaping.
"""
import math
import os
import socket
import subprocess
import sys
import time
import urllib.parse
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
    promtool = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "oracle",
                            "promtool")
    if os.path.exists(promtool):
        r = subprocess.run([promtool, "check", "metrics"], input=text.encode(),
                           capture_output=True)
        lint = [line for line in (r.stdout + r.stderr).decode().splitlines() if line.strip()]
        # 0: clean; 3: lint problems only (1 would be a parse failure).
        ours = [line for line in lint if not line.startswith("node_")]
        if r.returncode not in (0, 3) or ours:
            sys.exit("promtool check metrics: exit %d\n%s" % (r.returncode,
                                                            "\n".join((ours or lint)[:10])))
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
                  "netdev", "netclass", "time", "vmstat", "uname", "netstat", "sockstat",
                  "filefd", "entropy", "conntrack", "timex", "os", "softnet", "arp",
                  "udp_queues", "selinux"]
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
    bracket("node_forks_total", 0)
    # Gauges of the scheduler's queues: the three scrapers themselves run and block.
    bracket("node_procs_running", 3)
    bracket("node_procs_blocked", 2)
    # PSI totals (us in the file, seconds on both sides), where the kernel has them.
    if os.path.exists("/proc/pressure/cpu"):
        for n in ["cpu_waiting", "io_waiting", "io_stalled", "memory_waiting", "memory_stalled"]:
            name = "node_pressure_%s_seconds_total" % n
            if name not in theirs:
                problems.append("node_exporter has no %s" % name)
            bracket(name, 1e-6)
    for f in ["reads_completed", "reads_merged", "read_bytes", "writes_completed",
              "writes_merged", "written_bytes"]:
        bracket("node_disk_%s_total" % f, 0)
    for f in ["read_time_seconds", "write_time_seconds", "io_time_seconds",
              "io_time_weighted_seconds", "discard_time_seconds", "flush_requests_time_seconds"]:
        bracket("node_disk_%s_total" % f, 0.0005)
    for f in ["discards_completed", "discards_merged", "discarded_sectors", "flush_requests"]:
        bracket("node_disk_%s_total" % f, 0)
    bracket("node_disk_io_now", 4)
    bracket("node_disk_info", 0)          # major, minor and udev's fields as labels
    for d, more in [("receive", ["fifo", "frame", "compressed", "multicast"]),
                    ("transmit", ["fifo", "colls", "carrier", "compressed"])]:
        for f in ["bytes", "packets", "errs", "drop"] + more:
            bracket("node_network_%s_%s_total" % (d, f), 0)
    bracket("node_network_receive_nohandler_total", 0)  # sysfs here, netlink there
    bracket("node_udp_queues", 1 << 20)  # bytes queued: the same label sets, values close
    for name in ["node_selinux_enabled", "node_selinux_config_mode", "node_selinux_current_mode"]:
        bracket(name, 0)
    if "node_selinux_enabled" not in theirs:
        problems.append("node_exporter has no node_selinux_enabled")
    # The time collector's clock sources and time zone: the same label sets, values 1 and
    # the offset in seconds.
    for name in ["node_time_clocksource_available_info", "node_time_clocksource_current_info",
                 "node_time_zone_offset_seconds"]:
        if name not in theirs:
            problems.append("node_exporter has no %s" % name)
        bracket(name, 0)
    # vmstat: node_exporter's default fields, every one a counter here.
    vmstat = sorted(n for n in theirs if n.startswith("node_vmstat_"))
    if len(vmstat) < 7:
        problems.append("node_exporter exported only %d vmstat families" % len(vmstat))
    for name in sorted(set(vmstat) | {n for n in a if n.startswith("node_vmstat_")}):
        bracket(name, 0)
    # netstat: node_exporter's default fields; counters bracket exactly, the gauges
    # (established connections, forwarding) within what the scrapes themselves open.
    netstat = sorted(n for n in theirs if n.startswith("node_netstat_"))
    if len(netstat) < 20:
        problems.append("node_exporter exported only %d netstat families" % len(netstat))
    for name in sorted(set(netstat) | {n for n in a if n.startswith("node_netstat_")}):
        bracket(name, 8 if name == "node_netstat_Tcp_CurrEstab" else 0)
    # sockstat: every figure is a gauge that the scrapes' own sockets move: the same
    # families, values within a quarter (or 16) of ours; mem in bytes is pages * 4096.
    sockstat = sorted(n for n in theirs if n.startswith("node_sockstat_"))
    if len(sockstat) < 10:
        problems.append("node_exporter exported only %d sockstat families" % len(sockstat))
    for name in sorted(set(sockstat) | {n for n in a if n.startswith("node_sockstat_")}):
        for k in same_series(name):
            v = theirs[name][k]
            unit = 4096 if name.endswith("_mem_bytes") else 1
            if abs(a[name][k] - v) > max(16 * unit, v / 4):
                problems.append("%s: node_exporter %r, ours %r" % (name, v, a[name][k]))
            compared += 1
    # Single kernel figures: limits exactly, the counts between our readings (file
    # handles: give or take what the three scrapers and the suite open meanwhile).
    for name, tol in [("node_filefd_allocated", 512), ("node_filefd_maximum", 0),
                      ("node_entropy_available_bits", 64), ("node_entropy_pool_size_bits", 0),
                      ("node_nf_conntrack_entries", 16), ("node_nf_conntrack_entries_limit", 0)]:
        if os.path.exists("/proc/sys/net/netfilter") or "conntrack" not in name:
            if name not in theirs:
                problems.append("node_exporter has no %s" % name)
            bracket(name, tol)
    for name in sorted(n for n in theirs if n.startswith("node_nf_conntrack_stat_")):
        bracket(name, 0)
    # softnet: per CPU counters; arp: entries by device.
    for name in ["node_softnet_processed_total", "node_softnet_dropped_total",
                 "node_softnet_times_squeezed_total", "node_arp_entries"]:
        if name not in theirs:
            problems.append("node_exporter has no %s" % name)
        bracket(name, 0)
    # adjtimex(2): the same conversions; the clock discipline moves between reads.
    timex = sorted(n for n in theirs if n.startswith("node_timex_"))
    if len(timex) < 17:
        problems.append("node_exporter exported only %d timex families" % len(timex))
    for name in sorted(set(timex) | {n for n in a if n.startswith("node_timex_")}):
        bracket(name, 0.01 if name.endswith(("error_seconds", "offset_seconds")) else 1e-6)
    # os-release: the same labels and version.
    for name in ["node_os_info", "node_os_version"]:
        if name not in theirs:
            problems.append("node_exporter has no %s" % name)
        bracket(name, 0)
    # uname(2): the same labels, exactly.
    if "node_uname_info" not in theirs:
        problems.append("node_exporter has no node_uname_info")
    bracket("node_uname_info", 0)
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
                 "node_filesystem_avail_bytes", "node_filesystem_readonly",
                 "node_filesystem_files", "node_filesystem_files_free"]:
        def strip(d):
            return {frozenset((k, v) for k, v in key if k != "device" or v != "/dev/root"):
                    val for key, val in d.get(name, {}).items()}
        for side in (a, b, theirs):
            side[name] = strip(side)
        tol = (0 if name in ("node_filesystem_size_bytes", "node_filesystem_readonly",
                             "node_filesystem_files")
               else 4096 if name == "node_filesystem_files_free" else 16 * MIB)
        bracket(name, tol)
    # netclass: every sysfs attribute node_exporter reads, and node_network_info's labels.
    netclass = sorted(n for n in theirs if n.startswith("node_network_") and
                      not n.startswith(("node_network_receive_", "node_network_transmit_")) or
                      n == "node_network_transmit_queue_length")
    if len(netclass) < 10:
        problems.append("node_exporter exported only %d netclass families" % len(netclass))
    for name in netclass:
        bracket(name, 0)
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
    # Our hwmon collector: every series node_exporter keeps, the same (a second chip of
    # one name, which node_exporter drops as a duplicate, is ours under its own chip).
    for name in sorted(n for n in theirs if n.startswith("node_hwmon_")):
        for key, v in theirs[name].items():
            got = a.get(name, {}).get(key)
            if got is None or abs(got - v) > 1e-9:
                problems.append("%s%s: node_exporter %r, ours %r" % (name, dict(key), v, got))
            compared += 1
    if compared == 0:
        problems.append("nothing compared")
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("ok", compared)


def families(text):
    """{name: (help, type, {frozenset(labels): value})} of the node_* families; the
    durations of node_scrape_collector_duration_seconds are left out, its label sets kept
    (values 0)."""
    out = {}
    for fam in text_string_to_metric_families(text):
        if fam.name == "node_scrape_collector_duration_seconds":
            out[fam.name] = (fam.documentation, fam.type,
                             {frozenset(s.labels.items()): 0 for s in fam.samples})
            continue
        if fam.name.startswith(("node_exporter_", "go_", "process_", "promhttp_", "psutil_")):
            continue
        out[fam.name] = (fam.documentation, fam.type,
                         {frozenset(s.labels.items()): s.value for s in fam.samples})
    return out


def procfs(root, psutil, node, collectors):
    flags = ["--collector." + c if not c.startswith("--") else c for c in collectors]
    env = dict(os.environ, HOST_PROC=root)
    # node_exporter's --path.sysfs is our HOST_SYS.
    for f in flags:
        if f.startswith("--path.sysfs="):
            env["HOST_SYS"] = f.split("=", 1)[1]
    text = subprocess.run([psutil, "serve", "--once", "--no-procs",
                           "--collector.disable-defaults"] +
                          [f for f in flags if not f.startswith("--path.")],
                          capture_output=True, text=True, env=env).stdout
    mine = families(text)
    port = free_port()
    proc = subprocess.Popen([node, "--web.listen-address=127.0.0.1:%d" % port,
                             "--path.procfs=" + root, "--collector.disable-defaults"] + flags,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    theirs = None
    try:
        url = "http://127.0.0.1:%d/metrics" % port
        for _ in range(100):
            try:
                theirs = families(urllib.request.urlopen(url, timeout=5).read().decode())
                break
            except OSError:
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait()
    if theirs is None:
        sys.exit("node_exporter did not answer")
    problems, compared = [], 0
    for name in sorted(set(mine) | set(theirs)):
        if name not in mine or name not in theirs:
            problems.append("%s: only in %s" % (name, "ours" if name in mine else
                                                "node_exporter's"))
            continue
        if mine[name][:2] != theirs[name][:2]:
            problems.append("%s: HELP/TYPE %r, node_exporter %r" % (name, mine[name][:2],
                                                                  theirs[name][:2]))
        def same(x, y):
            return x.keys() == y.keys() and all(
                x[k] == y[k] or (math.isnan(x[k]) and math.isnan(y[k])) for k in x)
        if not same(mine[name][2], theirs[name][2]):
            problems.append("%s: %r, node_exporter %r" % (name, mine[name][2], theirs[name][2]))
        compared += len(theirs[name][2])
    if compared == 0:
        problems.append("nothing compared")
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("ok", compared)


def openmetrics(om_path, text_path):
    from prometheus_client.openmetrics.parser import text_string_to_metric_families as om_parse
    om_text = open(om_path, encoding="utf-8").read()
    if not om_text.endswith("# EOF\n"):
        sys.exit("no # EOF at the end")
    om, kinds = {}, {}
    for fam in om_parse(om_text):
        kinds[fam.name] = fam.type
        for s in fam.samples:
            om[(s.name, frozenset(s.labels.items()))] = s.value
    text = {}
    for fam in text_string_to_metric_families(open(text_path, encoding="utf-8").read()):
        if fam.type == "counter" and kinds.get(fam.name) != "counter":
            sys.exit("counter %s is %r in OpenMetrics" % (fam.name, kinds.get(fam.name)))
        for s in fam.samples:
            text[(s.name, frozenset(s.labels.items()))] = s.value
    fixed = ("node_uname_info", "node_os_info", "node_os_version", "node_filefd_maximum",
             "node_memory_MemTotal_bytes", "node_textfile_scrape_error", "node_boot_time_seconds")
    problems = ["only in %s: %s" % (where, sorted(k)[:1]) for where, k in
                (("OpenMetrics", set(om) - set(text)), ("text", set(text) - set(om))) if k]
    for key, v in text.items():
        static = key[0] in fixed or not key[0].startswith(("node_", "psutil_", "process_"))
        if key in om and static and not (
                v == om[key] or (math.isnan(v) and math.isnan(om[key]))):
            problems.append("%s%s: text %r, OpenMetrics %r" % (key[0], dict(key[1]), v, om[key]))
    if problems or not om:
        sys.exit("\n".join(problems[:10]) or "nothing parsed")
    print("ok", len(om))


def doclist(doc, path, srcdir):
    import glob
    import re
    text = open(doc, encoding="utf-8").read()
    section = text.split("\n## Metrics\n", 1)[1].split("\n## ", 1)[0]
    names = re.findall(r"`((?:node|psutil|process|namedprocess)_[A-Za-z0-9_<>]+)`", section)
    patterns = [re.compile("^" + re.sub(r"<[^>]+>", "[A-Za-z0-9_]+", n) + "$") for n in names]
    declared = {line.split()[2] for line in open(path, encoding="utf-8")
                if line.startswith("# TYPE ")}
    problems = ["%s is not in the Metrics table" % f for f in sorted(declared)
                if not any(p.match(f) for p in patterns)]
    source = "".join(open(f, encoding="utf-8").read()
                     for f in glob.glob(os.path.join(srcdir, "*.c")))
    for n in names:
        if "<" not in n and n not in declared and '"%s"' % n not in source:
            problems.append("%s is listed but never written" % n)
    if problems or len(names) < 100:
        sys.exit("\n".join(problems[:20]) or "only %d names listed" % len(names))
    print("ok", len(declared))


def prometheus(prom, psutil):
    import json
    import shutil
    import tempfile
    tmp = tempfile.mkdtemp(prefix="psutil-prom-")
    procs = []
    try:
        for _ in range(3):
            procs.append(subprocess.Popen(["sleep", "6017"]))
        cfg = os.path.join(tmp, "groups.yml")
        with open(cfg, "w") as f:
            f.write("process_names:\n  - name: promtest\n    cmdline:\n    - '^sleep 6017$'\n")
        port, pport = free_port(), free_port()
        procs.append(subprocess.Popen([psutil, "serve", "-l", "127.0.0.1:%d" % port,
                                       "--config.path", cfg],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        pcfg = os.path.join(tmp, "prometheus.yml")
        with open(pcfg, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    "scrape_configs:\n  - job_name: psutil\n    static_configs:\n"
                    "      - targets: ['127.0.0.1:%d']\n" % port)
        procs.append(subprocess.Popen([prom, "--config.file=" + pcfg,
                                       "--storage.tsdb.path=" + os.path.join(tmp, "data"),
                                       "--web.listen-address=127.0.0.1:%d" % pport],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

        def query(q):
            url = "http://127.0.0.1:%d/api/v1/query?query=%s" % (
                pport, urllib.parse.quote(q))
            try:
                data = json.loads(urllib.request.urlopen(url, timeout=5).read().decode())
            except (OSError, ValueError):
                return None
            res = data.get("data", {}).get("result", [])
            return float(res[0]["value"][1]) if res else None

        want = [('up{job="psutil"}', lambda v: v == 1),
                ('namedprocess_namegroup_num_procs{groupname="promtest"}', lambda v: v == 3),
                ('sum(rate(node_context_switches_total{job="psutil"}[10s]))', lambda v: v > 0)]
        got = {}
        deadline = time.time() + 60
        while time.time() < deadline and len(got) < len(want):
            for q, ok in want:
                v = query(q)
                if v is not None and ok(v):
                    got[q] = v
            time.sleep(0.5)
        missing = [q for q, _ in want if q not in got]
        if missing:
            sys.exit("prometheus never answered: %s (last: %s)" %
                     (missing, [query(q) for q in missing]))
    finally:
        for p in procs:
            p.terminate()
            p.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok", len(got))


def label(path, metric, pid):
    series, _ = parse(open(path, encoding="utf-8").read())
    for key in series.get(metric, {}):
        d = dict(key)
        if d.get("pid") == pid:
            print(d["name"].encode("utf-8").hex())
            return
    sys.exit("no %s for pid %s" % (metric, pid))


GROUPS_YAML = r"""
process_names:
  - name: "napping"
    comm:
    - sleep
  - name: "py:{{.Matches.Conf}}"
    cmdline:
    - '--psutil-conf=(?P<Conf>\S+)'
  - name: "{{.ExeBase}}"
    exe:
    - /bin/dd
"""


def scrape(url, meta=None):
    """The series of a scrape; meta, when given, gets {family: (help, type)}."""
    for _ in range(100):
        try:
            text = urllib.request.urlopen(url, timeout=10).read().decode()
            if meta is not None:
                for fam in text_string_to_metric_families(text):
                    meta[fam.name] = (fam.documentation, fam.type)
            return parse(text)[0]
        except OSError:
            time.sleep(0.1)
    sys.exit("no answer from " + url)


def groups(psutil, exporter, by_names=False):
    """by_names: the groups from -procnames/-namemapping instead of the YAML file."""
    import tempfile
    cfg = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False)
    cfg.write(GROUPS_YAML)
    cfg.close()
    kids = [subprocess.Popen(["sleep", "3600"]) for _ in range(3)]
    # Burns argv[1] s of CPU (its own CPU time, so a loaded machine only makes it take
    # longer; in user mode, as reading the clock between sums costs little), touches 8 MiB, says so on stdout, then sleeps.
    # With a third argument N, it also lowers its open-files limit to N (hard 4096) and
    # opens 20 more files: a worst_fd_ratio of (20 + its own) / N.
    py = "import sys, time, resource\nwhile time.process_time() < float(sys.argv[1]): " \
         "sum(range(10000))\nb = bytearray(8 << 20)\nfds = []\nif len(sys.argv) > 3:\n" \
         "    resource.setrlimit(resource.RLIMIT_NOFILE, (int(sys.argv[3]), 4096))\n" \
         "    fds = [open('/dev/null') for _ in range(20)]\n" \
         "print('ready', flush=True)\ntime.sleep(3600)\n"

    def python(seconds, conf, nofile=None):
        p = subprocess.Popen(["/usr/bin/python3", "-c", py, seconds, "--psutil-conf=" + conf] +
                             ([str(nofile)] if nofile else []), stdout=subprocess.PIPE, text=True)
        p.stdout.readline()  # settled: its counters stay as they are from here
        return p
    kids += [python("0", "alpha"), python("0", "beta", 211)]
    kids.append(subprocess.Popen(["/bin/dd", "if=/dev/zero", "of=/dev/null", "count=1",
                                  "iflag=nonblock"], stdin=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL))
    kids.append(subprocess.Popen(["sh", "-c", "exec /bin/dd if=/dev/stdin of=/dev/null"],
                                 stdin=subprocess.PIPE, stderr=subprocess.DEVNULL))
    pe_port, our_port = free_port(), free_port()
    names = ["procnames", "sleep,dd", "namemapping", r"python3,(?:--psutil-conf=)(\S+)"]
    pe_groups = ["-" + a if i % 2 == 0 else a for i, a in enumerate(names)] if by_names \
        else ["-config.path", cfg.name]
    our_groups = ["--" + a if i % 2 == 0 else a for i, a in enumerate(names)] if by_names \
        else ["--config.path", cfg.name]
    pe = subprocess.Popen([exporter, "-gather-smaps=false", "-threads=false",
                           "-web.listen-address", "127.0.0.1:%d" % pe_port] + pe_groups,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    mine = subprocess.Popen([psutil, "serve", "-l", "127.0.0.1:%d" % our_port] + our_groups,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    problems, compared = [], 0
    try:
        pe_url = "http://127.0.0.1:%d/metrics" % pe_port
        our_url = "http://127.0.0.1:%d/metrics" % our_port
        time.sleep(0.5)  # the dd and sleep processes blocked
        scrape(pe_url), scrape(our_url)  # the baseline of both
        # process-exporter counts a newcomer whole only when its start time, from
        # /proc/stat's whole-second btime, is after its last scrape: up to 1 s early, so a
        # process started within a second of the baseline counts 0 there. Start later.
        time.sleep(1.2)
        kids.append(python("0.5", "late"))  # 0.5 s of CPU, 8 MiB touched, asleep
        t_meta, o_meta = {}, {}
        t1 = scrape(pe_url, t_meta)
        ours_s = scrape(our_url, o_meta)
        t2 = scrape(pe_url)
    finally:
        for p in [pe, mine] + kids:
            p.kill()
            p.wait()
        os.unlink(cfg.name)

    def fams(s):
        return {n for n in s if n.startswith("namedprocess_namegroup_")}

    py = "python3:" if by_names else "py:"
    wanted = {"sleep" if by_names else "napping", py + "alpha", py + "beta", py + "late", "dd"}
    for fam in sorted(k for k in t_meta if k.startswith("namedprocess_namegroup_")):
        if fam != "namedprocess_namegroup_threads_wchan" and o_meta.get(fam) != t_meta[fam]:
            problems.append("%s: HELP/TYPE %r, theirs %r" % (fam, o_meta.get(fam), t_meta[fam]))
    for name in ("namedprocess_scrape_errors", "namedprocess_scrape_partial_errors"):
        # (the parser names a counter's sample NAME_total)
        if name + "_total" not in ours_s or o_meta.get(name) != t_meta.get(name):
            problems.append("%s: ours %r, theirs %r" % (name, o_meta.get(name), t_meta.get(name)))
    if ours_s.get("namedprocess_scrape_errors_total", {}).get(frozenset()) != 0:
        problems.append("namedprocess_scrape_errors is not 0")
    beta_ratio = ours_s.get("namedprocess_namegroup_worst_fd_ratio", {}).get(
        frozenset({("groupname", py + "beta")}), 0)
    if not 20 / 211 < beta_ratio < 40 / 211:
        problems.append("py:beta's worst_fd_ratio %r: its 20+ fds of 211 not seen" % beta_ratio)
    for name in sorted(fams(t1) | fams(ours_s)):
        if name == "namedprocess_namegroup_threads_wchan":
            continue  # ours lacks it: a wchan read per process (docs/exporter.md)
        theirs_k = set(t1.get(name, {}))
        ours_k = set(ours_s.get(name, {}))
        if theirs_k != ours_k:
            problems.append("%s: label sets differ: only ours %s, only theirs %s" %
                            (name, sorted(map(sorted, ours_k - theirs_k))[:3],
                             sorted(map(sorted, theirs_k - ours_k))[:3]))
        for k in theirs_k & ours_k:
            if dict(k).get("groupname") not in wanted:
                continue
            a, b, v = t1[name][k], t2[name][k], ours_s[name][k]
            lo, hi = min(a, b), max(a, b)
            tol = 0
            if name == "namedprocess_namegroup_cpu_seconds_total":
                tol = 0.011  # clock ticks
            elif name == "namedprocess_namegroup_oldest_start_time_seconds":
                tol = 1.0  # theirs adds ticks to /proc/stat's whole-second btime
            elif dict(k).get("memtype") == "resident":
                # theirs: stat's rss, the per-CPU approximation (32 pages per CPU)
                tol = ours_s["namedprocess_namegroup_num_procs"][frozenset(
                    {("groupname", dict(k)["groupname"])})] * 64 * os.sysconf("SC_NPROCESSORS_ONLN") * 4096
            if not lo - tol <= v <= hi + tol:
                problems.append("%s%s: ours %r, theirs %r then %r" % (name, dict(k), v, a, b))
            compared += 1
    groups_seen = {dict(k)["groupname"] for k in ours_s.get("namedprocess_namegroup_num_procs", {})}
    if not wanted <= groups_seen:
        problems.append("groups missing from ours: %s" % sorted(wanted - groups_seen))
    late_cpu = ours_s.get("namedprocess_namegroup_cpu_seconds_total", {}).get(frozenset(
        {("groupname", py + "late"), ("mode", "user")}), 0)
    if late_cpu < 0.3:
        problems.append("py:late has %.2f s of CPU: the comparison proved nothing" % late_cpu)
    if problems:
        sys.exit("\n".join(problems[:20]))
    print("ok", compared)


if __name__ == "__main__":
    if sys.argv[1] == "validate":
        validate(sys.argv[2])
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "hwmon":
        hwmon(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "groups":
        groups(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "groupnames":
        groups(sys.argv[2], sys.argv[3], by_names=True)
    elif sys.argv[1] == "procfs":
        procfs(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif sys.argv[1] == "openmetrics":
        openmetrics(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "doclist":
        doclist(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "prometheus":
        prometheus(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "label":
        label(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
