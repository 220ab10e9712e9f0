# SPDX-License-Identifier: BSD-3-Clause
# rule_check.py - the ABI rule (psutil.h, "ABI") holds for every public struct of the
# header: each is either growable (listed in abi/growable.supp) or frozen (named in the
# header's "Frozen structs" paragraph), never both or neither; no growable struct is a
# member of another struct or passed by value; and every function that takes a growable
# struct takes the caller's size or stride last, through a macro of its name.
#
#   python3 rule_check.py HEADER SUPPRESSIONS      prints "rule_check: ..." and exits 1 on
#                                                  the first broken rule's list
import re
import sys

header, supp = open(sys.argv[1]).read(), open(sys.argv[2]).read()
growable = {"psutil_%s_t" % n for n in re.search(r"\^psutil_\((.*)\)_t\$", supp).group(1).split("|")}
para = header[header.index("Frozen structs never change"):header.index("- Field masks")]
frozen = set(re.findall(r"psutil_\w+_t", para))
bodies = dict((m.group(1), m.group(2)) for m in re.finditer(r"typedef struct (psutil_\w+_t) \{(.*?)\} \1;", header, re.S))
problems = []
for name in sorted(bodies):
    if (name in growable) == (name in frozen):
        problems.append("%s is %s" % (name, "both growable and frozen" if name in growable else "neither growable nor frozen"))
for name in sorted(growable - set(bodies)):
    problems.append("%s is listed growable but the header has no such struct" % name)
for owner, body in bodies.items():
    for g in growable:
        if re.search(r"\b%s\s+\w" % g, body):
            problems.append("%s embeds growable %s" % (owner, g))
decls = re.findall(r"PSUTIL_API[^;]*?\(?(psutil_\w+)\)?\(([^;]*?)\);", header, re.S)
checked = 0
for fn, args in decls:
    used = [g for g in growable if re.search(r"\b%s\b" % g, args)]
    if not used:
        continue
    checked += 1
    for g in used:
        if re.search(r"\b%s\s+\w" % g, args):
            problems.append("%s takes growable %s by value" % (fn, g))
    last = args.split(",")[-1].strip()
    if last not in ("size_t size", "size_t stride", "size_t rate_stride"):
        problems.append("%s takes %s but not the caller's size last (%s)" % (fn, "/".join(used), last))
    if not re.search(r"#define %s\(" % fn, header):
        problems.append("%s has no macro passing sizeof" % fn)
if problems:
    print("rule_check: " + "\nrule_check: ".join(problems))
    sys.exit(1)
print("rule_check: %d structs (%d growable, %d frozen), %d functions take their size"
      % (len(bodies), len(growable), len(frozen & set(bodies)), checked))
