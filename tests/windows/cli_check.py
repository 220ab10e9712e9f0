# SPDX-License-Identifier: BSD-3-Clause
"""cli_check.py BUILD_DIR - the Windows tool (psutil.exe) under wine, run with
/usr/bin/python3 by `make test BACKEND=windows` after the API suite (run.exe).

Every command's --json is validated against the same docs/schemas/ as on Linux, and
values are compared with sources outside the library: wine's own hostname.exe, whoami.exe
and netstat.exe, and the host itself (wine's memory, disks and sockets are the host's:
/proc/meminfo, statvfs of the wine prefix's drive_c, ss(8)). Prints one PASS/FAIL/SKIP
line per check and the closing "N passed, N failed, N skipped"; with RUN_SUMMARY=FILE
the API suite's counts (its closing line in FILE) are added to it."""
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import json_check  # noqa: E402 (tests/json_check.py, the Linux suite's validator)

WINE = os.environ.get("WINE", "/usr/lib/wine/wine64")
ENV = dict(os.environ, WINEDEBUG="-all")
results = []


def wine(build, *args, timeout=60, check=True):
    p = subprocess.run([WINE, os.path.join(build, "psutil.exe"), *args], env=ENV,
                       capture_output=True, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError("psutil.exe %s: exit %d: %s" % (" ".join(args), p.returncode,
                                                             p.stderr.decode(errors="replace")))
    return p


def wine_tool(*args):
    p = subprocess.run([WINE, *args], env=ENV, capture_output=True, timeout=60)
    return p.stdout.decode("utf-8", errors="replace").replace("\r", "")


def check(name):
    def wrap(fn):
        def run(build):
            try:
                fn(build)
                results.append(("PASS", name, ""))
            except Skip as e:
                results.append(("SKIP", name, str(e)))
            except Exception as e:  # a failed check, whatever raised it
                results.append(("FAIL", name, "%s: %s" % (type(e).__name__, e)))
        run.__name__ = name
        CHECKS.append(run)
        return run
    return wrap


class Skip(Exception):
    pass


CHECKS = []

# Each command as the Linux suite validates it (tests/test_cli_hostile.c), where the
# command has a meaning on Windows (docs/SUPPORTED_PLATFORMS.md).
JSON_COMMANDS = [
    ("overview", ["--json"]),
    ("free", ["free", "--json"]),
    ("free", ["free", "--json", "-t"]),
    ("df", ["df", "-a", "--json"]),
    ("ifconfig", ["ifconfig", "--json"]),
    ("netstat", ["netstat", "-a", "-p", "--json"]),
    ("nettop", ["nettop", "-b", "-n", "2", "-d", "0.1", "--json"]),
    ("iotop", ["iotop", "-b", "-n", "1", "-d", "0.1", "-a", "--json"]),
    ("ps", ["ps", "--json"]),
    ("sensors", ["sensors", "--json"]),
    ("who", ["who", "--json"]),
]

for schema, args in JSON_COMMANDS:
    def make(schema=schema, args=args):
        @check("json:" + " ".join(args))
        def _(build):
            out = wine(build, *args).stdout
            err = json_check.validate(schema, out)
            assert err is None, err
    make()


@check("procsmem: USS per process, or a clear error where the system has none (wine)")
def _(build):
    p = wine(build, "procsmem", "--json", check=False)
    if p.returncode == 0:
        err = json_check.validate("procsmem", p.stdout)
        assert err is None, err
        assert json.loads(p.stdout)["processes"], "no process has a USS"
    else:
        # wine's QueryWorkingSet has no working-set list: every process's USS is
        # PSUTIL_ENOTSUP, which the tool reports instead of an empty table.
        msg = p.stderr.decode(errors="replace")
        assert p.returncode == 1 and p.stdout == b"", (p.returncode, p.stdout)
        assert "psutil: USS per process: not supported on this system (" in msg, msg
        assert "(Windows error 87)" in msg, msg


@check("json:procinfo and pidof of a running process")
def _(build):
    child = start_child(build)
    try:
        pid = pidof_child(build)
        for schema, args in (("procinfo", ["procinfo", "--json", str(pid)]),
                             ("pidof", ["pidof", "--json", "child.exe"]),
                             ("pmap", ["pmap", "--json", str(pid)])):
            err = json_check.validate(schema, wine(build, *args).stdout)
            assert err is None, "%s: %s" % (" ".join(args), err)
        info = json.loads(wine(build, "procinfo", "--json", str(pid)).stdout)
        assert info["pid"] == pid and info["name"] == "child.exe", info
        assert info["cmdline"][1:] == ["sleep"], info["cmdline"]
        assert isinstance(info["open_files"], list), info["open_files"]
        text = wine(build, "procinfo", str(pid)).stdout.decode()
        # No USS under wine: the memory line still gives the working set and vms.
        assert "\nmemory         rss=" in text, text
        maps = json.loads(wine(build, "pmap", "--json", str(pid)).stdout)
        assert any(m["path"].lower().endswith("\\child.exe") for m in maps), maps
    finally:
        child.kill()
        child.wait()


def start_child(build):
    child = subprocess.Popen([WINE, os.path.join(build, "tests", "child.exe"), "sleep"],
                             env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    return child


def pidof_child(build):
    for _ in range(20):
        p = wine(build, "pidof", "child.exe", check=False)
        if p.returncode == 0:
            pids = p.stdout.split()
            assert len(pids) == 1, p.stdout
            return int(pids[0])
        time.sleep(0.25)
    raise AssertionError("pidof child.exe found nothing")


@check("overview: host as hostname.exe, total memory as the host's /proc/meminfo")
def _(build):
    d = json.loads(wine(build, "--json").stdout)
    host = wine_tool("hostname").strip()
    assert d["host"].lower() == host.lower(), (d["host"], host)
    assert d["system"] == "Windows", d["system"]
    # wine's GlobalMemoryStatusEx is the host's MemTotal, in whole pages less what wine
    # keeps for itself: within 1 MiB.
    kb = int(re.search(r"^MemTotal:\s+(\d+) kB", open("/proc/meminfo").read(), re.M).group(1))
    total = d["virtual_memory"]["total"]
    assert abs(total - kb * 1024) <= 1 << 20, (total, kb * 1024)
    assert d["getloadavg"] is None
    free = wine(build, "free", "-b").stdout.decode().split()
    assert int(free[free.index("Mem:") + 1]) == total, free


@check("ps: our user is whoami.exe's, every pid once")
def _(build):
    rows = json.loads(wine(build, "ps", "--json").stdout)
    me = wine_tool("whoami").strip()
    assert rows, "no process"
    pids = [r["pid"] for r in rows]
    assert len(pids) == len(set(pids)), pids
    ours = [r for r in rows if r["name"] == "psutil.exe"]
    assert ours and ours[0]["username"].lower() == me.lower(), (ours, me)


@check("ps -u: whoami.exe's user, whole or without its domain and in any case, selects "
       "that user's processes; an unknown user selects none (exit 1)")
def _(build):
    me = wine_tool("whoami").strip()
    every = json.loads(wine(build, "ps", "--json").stdout)
    mine = {r["pid"] for r in every if r["username"].lower() == me.lower()}
    assert mine, (me, every)
    user = me.split("\\")[-1]
    for given in (me, user.upper(), "nosuchuser,%s" % user):
        got = wine(build, "ps", "-u", given, "-o", "pid=").stdout.decode().split()
        # Processes come and go between the two runs: wine's own services stay.
        assert {int(x) for x in got} >= mine - {r["pid"] for r in every
                                                if r["name"] == "psutil.exe"}, (given, got)
        assert all(int(x) in mine or int(x) not in {r["pid"] for r in every} for x in got), got
    p = wine(build, "ps", "-u", "nosuchuser", check=False)
    assert p.returncode == 1 and len(p.stdout.decode().splitlines()) == 1, p


@check("pidof and killall: a started child is found, listed by ps and ended")
def _(build):
    child = start_child(build)
    try:
        pid = pidof_child(build)
        ps = wine(build, "ps", "-o", "pid=", "-o", "comm=").stdout.decode()
        assert re.search(r"^\s*%d child\.exe\s*$" % pid, ps, re.M), ps
        # A signal Windows has no meaning for: psmisc's NAME(PID) and the reason, exit 1.
        p = wine(build, "killall", "-s", "HUP", "child.exe", check=False)
        msg = p.stderr.decode(errors="replace")
        assert p.returncode == 1 and child.poll() is None, (p.returncode, msg)
        assert ("psutil: killall: child.exe(%d): not supported on this system (signal 1: "
                % pid) in msg, msg
        wine(build, "killall", "child.exe")
        child.wait(timeout=10)  # the host's process ended: killall reached it
        assert wine(build, "pidof", "child.exe", check=False).returncode == 1
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


@check("df: C:\\ is the host's filesystem under the wine prefix (statvfs)")
def _(build):
    rows = json.loads(wine(build, "df", "--json").stdout)
    c = [r for r in rows if r["mountpoint"] == "C:\\"]
    assert c, rows
    prefix = os.environ.get("WINEPREFIX", os.path.expanduser("~/.wine"))
    st = os.statvfs(os.path.join(prefix, "drive_c"))
    assert c[0]["total"] == st.f_blocks * st.f_frsize, (c[0]["total"], st)


@check("netstat: listening TCP ports as the host's ss (wine's sockets are the host's)")
def _(build):
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    port = s.getsockname()[1]

    def host():
        out = subprocess.run(["ss", "-ltn4", "-H"], capture_output=True, text=True).stdout
        seen = set()
        for line in out.splitlines():
            a, p = line.split()[3].rsplit(":", 1)
            seen.add(("0.0.0.0" if a == "*" else a, int(p)))
        return seen

    try:
        before = host()
        rows = json.loads(wine(build, "netstat", "-a", "--json").stdout)
        after = host()
        ours = {(r["laddr"]["ip"], r["laddr"]["port"]) for r in rows
                if r["proto"] == "tcp" and r["status"] == "LISTEN" and r["family"] == "AF_INET"}
        assert ("127.0.0.1", port) in ours, (port, sorted(ours))
        # Listeners open and close around the reading: those ss saw both times.
        missing = (before & after) - ours
        assert not missing, sorted(missing)
        assert len(ours) >= 1
    finally:
        s.close()


def main(build):
    for c in CHECKS:
        c(build)
    for status, name, why in results:
        print("%s cli:%s" % (status, name))
        if why:
            print("    %s" % why)
    passed = sum(r[0] == "PASS" for r in results)
    failed = sum(r[0] == "FAIL" for r in results)
    skipped = sum(r[0] == "SKIP" for r in results)
    summary = os.environ.get("RUN_SUMMARY")
    if summary:
        m = None
        for line in open(summary, errors="replace"):
            m = re.match(r"^(\d+) passed, (\d+) failed, (\d+) skipped$", line.strip()) or m
        if not m:
            print("FAIL the API suite printed no closing line")
            failed += 1
        else:
            passed += int(m.group(1))
            failed += int(m.group(2))
            skipped += int(m.group(3))
    print("\n%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1])
