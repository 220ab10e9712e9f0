# SPDX-License-Identifier: BSD-3-Clause
# grow.py - gives every struct abi/growable.supp lists a last member `uint64_t skew_extra`,
# as a later release of the header may (test_build.c builds a library and a program from
# the grown header to run against the ungrown ones).
#
#   python3 grow.py HEADER SUPPRESSIONS
import re
import sys

header, supp = sys.argv[1], sys.argv[2]
names = re.search(r"\^psutil_\((.*)\)_t\$", open(supp).read()).group(1).split("|")
text = open(header).read()
for name in names:
    end = "} psutil_%s_t;" % name
    if text.count(end) != 1:
        sys.exit("grow.py: psutil_%s_t has %d plain closing lines" % (name, text.count(end)))
    text = text.replace(end, "    uint64_t skew_extra;\n" + end)
open(header, "w").write(text)
print("grow.py: %d structs grown" % len(names))
