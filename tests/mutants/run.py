#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""make mutants: apply each one-line mutation of mutants.txt, alone, to a scratch copy
of the tree, rebuild, run the tests it names, and require that they fail.

Usage: tests/mutants/run.py [SCRATCH_DIR] [--full] [--match TEXT]
       tests/mutants/run.py --check
  SCRATCH_DIR  where the copy lives (default build/mutants); it is recreated.
  --full       run the whole suite for every mutation instead of the named tests.
  --match TEXT only the mutations whose file or text contains TEXT (while writing one).
  --check      no build: every line's file exists, its text occurs there exactly once,
               and each selector names a test (a substring of "FILE.c:NAME", as the
               runner matches them); the plain
               suite runs it, so a refactor that strands a mutation fails there first.
Exit 0 only when the unmutated copy passes the named tests and every mutation is caught.
"""
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COPY = ("Makefile", "include", "src", "tests", "abi", "fuzz", "docs", "systemd", "psutil.pc.in")


def load(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split(" :: ")
            if len(parts) != 4:
                sys.exit("mutants.txt:%d: want FILE :: SELECTORS :: TEXT :: REPLACEMENT" % lineno)
            out.append((lineno, parts[0], parts[1].split(), parts[2], parts[3]))
    return out


def make(scratch):
    r = subprocess.run(["make", "-s", "-C", scratch, "build/psutil", "build/tests/run"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    return r.returncode, r.stdout


def run_tests(scratch, selectors):
    env = dict(os.environ, PSUTIL_BUILD_DIR=os.path.join(scratch, "build"))
    r = subprocess.run([os.path.join(scratch, "build/tests/run")] + selectors, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    failed = [l.split(" ", 1)[1] for l in r.stdout.splitlines() if l.startswith("FAIL ")]
    # A skipped test proves nothing about a mutation: only tests that ran count.
    ran = sum(1 for l in r.stdout.splitlines() if l.startswith(("PASS ", "FAIL ")))
    return r.returncode, failed, ran, r.stdout


def check():
    import re
    problems = []
    tests = []
    for name in sorted(os.listdir(os.path.join(ROOT, "tests"))):
        if name.endswith(".c"):
            text = open(os.path.join(ROOT, "tests", name), encoding="utf-8").read()
            tests += ["%s:%s" % (name, t) for t in re.findall(r"^TEST\((\w+)\)", text, re.M)]
    for lineno, rel, selectors, text, _ in load(os.path.join(HERE, "mutants.txt")):
        path = os.path.join(ROOT, rel)
        if not os.path.isfile(path):
            problems.append("mutants.txt:%d: no file %s" % (lineno, rel))
            continue
        count = open(path, encoding="utf-8").read().count(text)
        if count != 1:
            problems.append("mutants.txt:%d: %r occurs %d times in %s" % (lineno, text, count, rel))
        for sel in selectors:  # the runner's rule: a substring of "FILE.c:NAME"
            if not any(sel in t for t in tests):
                problems.append("mutants.txt:%d: selector %s names no test" % (lineno, sel))
    if problems:
        sys.exit("\n".join(problems))
    print("mutants: every line's text occurs once and its selectors name tests")


def main():
    if sys.argv[1:] == ["--check"]:
        return check()
    argv, match = sys.argv[1:], None
    if "--match" in argv:
        i = argv.index("--match")
        if i + 1 >= len(argv):
            sys.exit("mutants: --match needs a text")
        match = argv[i + 1]
        del argv[i:i + 2]
    args = [a for a in argv if a != "--full"]
    full = "--full" in argv
    scratch = os.path.abspath(args[0] if args else os.path.join(ROOT, "build/mutants"))
    mutants = load(os.path.join(HERE, "mutants.txt"))
    if match:
        mutants = [m for m in mutants if match in m[1] or match in m[3]]
        if not mutants:
            sys.exit("mutants: no mutation matches %r" % match)
    if os.path.exists(scratch):
        shutil.rmtree(scratch)
    os.makedirs(scratch)
    for name in COPY:
        src = os.path.join(ROOT, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(scratch, name),
                            symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, scratch)

    # The references the test command fetched (Debian's node_exporter in build/oracle/):
    # without them the tests that compare with them would skip, and prove nothing.
    oracle = os.path.join(ROOT, "build", "oracle")
    if os.path.isdir(oracle):
        os.makedirs(os.path.join(scratch, "build"), exist_ok=True)
        os.symlink(oracle, os.path.join(scratch, "build", "oracle"))
    rc, log = make(scratch)
    if rc != 0:
        sys.exit("mutants: the unmutated copy does not build:\n" + log)
    # The named tests must pass unmutated, or a caught mutation would prove nothing.
    everything = sorted({s for m in mutants for s in m[2]})
    rc, failed, ran, out = run_tests(scratch, [] if full else everything)
    if rc != 0 or ran == 0:
        detail = "\n".join(l for l in out.splitlines() if not l.startswith("PASS "))
        sys.exit("mutants: the unmutated copy fails %s (ran %d):\n%s" %
                 (", ".join(failed), ran, detail[-4000:]))

    survived, broken, start = [], [], time.time()
    for lineno, rel, selectors, text, repl in mutants:
        path = os.path.join(scratch, rel)
        label = "mutants.txt:%d %s: %s -> %s" % (lineno, rel, text.strip(), repl.strip())
        if not os.path.isfile(path):
            broken.append("%s (no such file: moved or renamed?)" % label)
            print("STALE  " + label, flush=True)
            continue
        with open(path, encoding="utf-8") as f:
            original = f.read()
        if original.count(text) != 1:
            broken.append("%s (the text occurs %d times)" % (label, original.count(text)))
            print("STALE  " + label, flush=True)
            continue
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(text, repl))
            rc, log = make(scratch)
            if rc != 0:
                broken.append(label + " (does not build)")
                print("NOBUILD " + label + "\n" + log, flush=True)
                continue
            rc, failed, ran, _ = run_tests(scratch, [] if full else selectors)
            if ran == 0:
                broken.append(label + " (its selectors name no test)")
                print("NOTESTS " + label, flush=True)
            elif rc != 0 and failed:
                print("KILLED %s\n       by %s" % (label, ", ".join(failed[:3])), flush=True)
            else:
                survived.append(label)
                print("SURVIVED %s (%d tests passed)" % (label, ran), flush=True)
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
    make(scratch)  # leave the copy unmutated
    print("mutants: %d killed, %d survived, %d stale or unbuildable (%.0f s)" %
          (len(mutants) - len(survived) - len(broken), len(survived), len(broken),
           time.time() - start))
    for s in survived:
        print("  survived: " + s)
    for b in broken:
        print("  broken: " + b)
    return 1 if survived or broken else 0


if __name__ == "__main__":
    sys.exit(main())
