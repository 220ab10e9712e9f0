# SPDX-License-Identifier: BSD-3-Clause
# gen.py - writes the man(3) pages from include/psutil.h, the reference: one page per
# public function (psutil_cpu_times.3, ...), whose text is the header's comments and
# type definitions above the function (a function declared right after another shares
# its family's text), and psutil.3, the overview: the header's conventions and every page
# by section. The pages are committed; the suite checks they match the header.
#
#   python3 docs/man3/gen.py include/psutil.h docs/man3
import os
import re
import sys

header_path, outdir = sys.argv[1], sys.argv[2]
lines = open(header_path).read().split("\n")
version = next(re.search(r'"(.*)"', l).group(1) for l in lines if "PSUTIL_VERSION_STRING" in l)


def comment_text(block):
    """The words of a /* ... */ block, one string per line, the comment marks removed."""
    out = []
    for l in block:
        l = l.strip()
        l = re.sub(r"^/\*+ ?", "", l)
        l = re.sub(r" ?\*+/$", "", l)
        l = re.sub(r"^\* ?", "", l)
        out.append(l)
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


def ends_statement(l):
    """The line ends a declaration: a ';' before any trailing comment."""
    return re.sub(r"/\*.*?\*/\s*$", "", l).rstrip().endswith(";")


# Items in header order: ("section", title), ("text", lines), ("code", lines), ("decl", lines, macro)
items = []
i = 0
while i < len(lines):
    l = lines[i]
    if l.startswith("/* ----") and i + 2 < len(lines) and lines[i + 2].startswith("/* ----"):
        items.append(("section", comment_text([lines[i + 1]])[0].strip()))
        i += 3
    elif l.startswith("/*"):
        j = i
        while "*/" not in lines[j]:
            j += 1
        text = comment_text(lines[i:j + 1])
        sub = re.match(r"^--- (.+?) -{3,}$", text[0]) if len(text) == 1 else None
        items.append(("subsection", sub.group(1)) if sub else ("text", text))
        i = j + 1
    elif l.startswith("typedef") or l.startswith("enum "):
        j, depth = i, 0
        while True:
            depth += lines[j].count("{") - lines[j].count("}")
            if depth == 0 and ends_statement(lines[j]):
                break
            j += 1
        items.append(("code", lines[i:j + 1]))
        i = j + 1
    elif l.startswith("PSUTIL_API"):
        j = i
        while not ends_statement(lines[j]):
            j += 1
        decl = lines[i:j + 1]
        macro = []
        k = j + 1
        if k < len(lines) and lines[k].startswith("#define psutil_"):
            while lines[k].rstrip().endswith("\\"):
                macro.append(lines[k])
                k += 1
            macro.append(lines[k])
            k += 1
        items.append(("decl", decl, macro))
        i = k
    else:
        i += 1

intro = next(it[1] for it in items if it[0] == "text" and it[1][0].startswith("psutil.h"))
conventions = intro[next(k for k, l in enumerate(intro) if l.startswith("Conventions that hold")):]


def prototype(decl, macro):
    """The declaration as a program calls it: PSUTIL_API and PSUTIL_DEPRECATED gone; for a
    sized function, the macro's form (the size the symbol takes last is passed for you)."""
    text = " ".join(x.strip() for x in decl)
    text = re.sub(r"PSUTIL_API |PSUTIL_DEPRECATED\([^)]*\) ", "", text)
    text = re.sub(r"\s+", " ", text)
    if macro:
        text = re.sub(r"\s*\((psutil_\w+)\)", r" \1", text, count=1)
        text = re.sub(r", size_t (size|stride|row_stride, size_t rate_stride)\);$", ");", text)
    return text


def name_of(decl):
    return re.search(r"\(?(psutil_\w+)\)?\(", " ".join(decl)).group(1)


def esc(s):
    s = s.replace("\\", "\\e")
    if s.startswith(".") or s.startswith("'"):
        s = "\\&" + s
    return s


def paragraphs(text):
    """Comment lines as roff: blank lines split paragraphs, "- " items become tagged."""
    out = []
    for l in text:
        if not l.strip():
            out.append(".PP")
        elif l.lstrip().startswith("- "):
            out.append(".IP \\(bu 2")
            out.append(esc(l.strip()[2:]))
        else:
            out.append(esc(l.strip()))
    return out


def code(block):
    return [".PP", ".EX"] + [esc(l) for l in block] + [".EE"]


def summary(text, fallback):
    words = " ".join(l.strip() for l in text if l.strip())
    first = re.split(r"(?<=[a-z0-9)\]])\. ", words)[0].rstrip(".") if words else fallback
    if len(first) > 110:
        first = first[:107].rsplit(" ", 1)[0] + "..."
    return first


# A comment right above a struct's typedef documents that struct: the two travel together
# to every page whose prototype names the struct.
merged = []
for it in items:
    if (it[0] == "code" and merged and merged[-1][0] == "text" and it[1][0].startswith("typedef struct")
            and re.search(r"\} (psutil_\w+_t);", "\n".join(it[1]))):
        merged[-1] = ("type", merged[-1][1], it[1])
    else:
        merged.append(it)
items = merged
types = {}
for it in items:
    if it[0] in ("code", "type"):
        m = re.search(r"\} (psutil_\w+_t);", "\n".join(it[-1]))
        if m:
            types[m.group(1)] = it


def type_lines(it):
    return ([".PP"] + paragraphs(it[1]) if it[0] == "type" else []) + code(it[-1])


pages = {}  # name -> (section, summary, prototype, macro, roff body lines)
order = []
section, top, family, since = "", "", [], []
for it in items:
    if it[0] == "section":
        section = top = it[1]
        since = []
    elif it[0] == "subsection":
        section = "%s: %s" % (top, it[1])
        since = []
    elif it[0] != "decl":
        if it[0] != "text" or not it[1][0].startswith(("SPDX", "psutil.h")):
            since.append(it)
    else:
        if since:
            family, since = since, []
        name = name_of(it[1])
        proto = prototype(it[1], it[2])
        used = [t for t in dict.fromkeys(re.findall(r"psutil_\w+_t", proto)) if t in types]
        body, text_lines, shown = [], [], set()
        for f in family:
            if f[0] == "text":
                body += [".PP"] + paragraphs(f[1])
                text_lines += f[1]
            elif f[0] == "code" and not re.search(r"\} (psutil_\w+_t);", "\n".join(f[1])):
                body += code(f[1])  # enums and callback types the functions below use
            else:
                t = re.search(r"\} (psutil_\w+_t);", "\n".join(f[-1])).group(1)
                if t in used:
                    body += type_lines(f)
                    shown.add(t)
        for t in used:
            if t not in shown:
                body += type_lines(types[t])
                if not text_lines and types[t][0] == "type":
                    text_lines = types[t][1]
        pages[name] = (section, summary(text_lines, section), proto, it[2], body)
        order.append(name)


def page(name, section, summ, proto, macro, body):
    out = ['.\\" Generated by docs/man3/gen.py from include/psutil.h; edit the header, not this file.',
           '.TH %s 3 "" "libpsutil %s" "libpsutil Manual"' % (name.upper(), version),
           ".SH NAME", "%s \\- %s" % (name, esc(summ)),
           ".SH SYNOPSIS", ".nf", ".B #include <psutil.h>", ".PP", esc(proto), ".fi",
           ".PP", "Link with \\fI\\-lpsutil\\fP (pkg\\-config psutil, or CMake's psutil::psutil).",
           ".SH DESCRIPTION"]
    out += body
    if macro:
        out += [".SH ABI",
                "%s is a macro that passes \\fBsizeof\\fP of the caller's %s last to the symbol "
                "of the same name, which fills only what both sides know (see \\fBpsutil\\fP(3), "
                "\"ABI\"):" % (name, "record (a list's stride)" if "stride" in " ".join(macro) else "struct"),
                ".PP", ".EX"] + [esc(l) for l in macro] + [".EE"]
    out += [".SH CONVENTIONS",
            "Return values, errors, ownership and thread safety follow \\fBpsutil\\fP(3) "
            "unless the text above says otherwise.",
            ".SH SEE ALSO", "\\fBpsutil\\fP(3), \\fBpsutil\\fP(1)" + (", section \\(lq%s\\(rq" % esc(section) if section else "")]
    return "\n".join(out) + "\n"


os.makedirs(outdir, exist_ok=True)
for f in os.listdir(outdir):
    if f.endswith(".3"):
        os.remove(os.path.join(outdir, f))
for name in order:
    with open(os.path.join(outdir, name + ".3"), "w") as f:
        f.write(page(name, *pages[name]))

ov = ['.\\" Generated by docs/man3/gen.py from include/psutil.h; edit the header, not this file.',
      '.TH PSUTIL 3 "" "libpsutil %s" "libpsutil Manual"' % version,
      ".SH NAME", "psutil \\- process and system monitoring and process control (psutil in C)",
      ".SH SYNOPSIS", ".nf", ".B #include <psutil.h>", ".fi",
      ".PP", "cc app.c $(pkg\\-config \\-\\-cflags \\-\\-libs psutil), or in CMake: "
      "find_package(psutil 0.1 REQUIRED) and target_link_libraries(app psutil::psutil).",
      ".SH DESCRIPTION"] + paragraphs(intro[:intro.index(conventions[0])]) + [".SH CONVENTIONS"] + paragraphs(conventions[1:])
ov += [".SH FUNCTIONS"]
sections = []
for name in order:
    if pages[name][0] not in sections:
        sections.append(pages[name][0])
for s in sections:
    ov += [".SS %s" % esc(s)]
    for name in order:
        if pages[name][0] == s:
            ov += [".TP", "\\fB%s\\fP(3)" % name, esc(pages[name][1])]
ov += [".SH SEE ALSO", "\\fBpsutil\\fP(1)"]
with open(os.path.join(outdir, "psutil.3"), "w") as f:
    f.write("\n".join(ov) + "\n")
print("gen.py: %d pages and psutil.3 in %s" % (len(order), outdir))
