# SPDX-License-Identifier: BSD-3-Clause
"""man_check.py PSUTIL MANPAGE - every command `PSUTIL --help` lists, and every option
each `PSUTIL COMMAND --help` shows, appears in the man page (options inside that command's
section). --help itself is checked once, in OPTIONS. Prints "ok N" or what is missing."""
import re
import subprocess
import sys

tool, man = sys.argv[1], sys.argv[2]
text = open(man, encoding="utf-8").read()
for a, b in (("\\-", "-"), ("\\fB", ""), ("\\fR", ""), ("\\fI", ""), ("\\fP", "")):
    text = text.replace(a, b)
top = subprocess.run([tool, "--help"], capture_output=True, text=True).stdout
cmds = re.findall(r"^  ([a-z]+) ", top.split("Commands:")[1].split("Options:")[0], re.M)
OPT = r"(?<![\w-])(--?[a-zA-Z][\w-]*)"
missing, checked = [], 0
options = text.split("\n.SH OPTIONS")[1].split("\n.SH ")[0] if "\n.SH OPTIONS" in text else ""
for opt in set(re.findall(OPT, top.split("Options:")[1])):
    checked += 1
    if opt not in options:
        missing.append("psutil %s (OPTIONS)" % opt)
for c in cmds:
    sec = re.search(r"\n\.TP\n\.B %s\n(.*?)(?=\n\.TP\n\.B [a-z]+\n|\n\.SH )" % c, text, re.S)
    if not sec:
        missing.append("command %s (no section)" % c)
        continue
    h = subprocess.run([tool, c, "--help"], capture_output=True, text=True).stdout
    usage = "\n".join(l for l in h.splitlines() if l.startswith(("Usage", "  ")))
    for opt in sorted(set(re.findall(OPT, usage))):
        if opt == "--help":
            continue
        checked += 1
        if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(opt), sec.group(1)):
            missing.append("%s %s" % (c, opt))
print("\n".join(missing) if missing else "ok %d" % checked)
sys.exit(1 if missing else 0)
