#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Generate bpf_helper_defs.h from a UAPI linux/bpf.h.

The kernel documents every BPF helper in one big comment in linux/bpf.h
(prototype line, then "Description" and "Return" sections) and lists the
helper ids in the __BPF_FUNC_MAPPER macro. A BPF program calls helper N by
calling a function pointer whose value is N, so the header we produce
declares each helper as a constant function pointer initialised to its id.

Two mapper styles exist and both are accepted:
  * up to Linux 6.1:  FN(name)                 ids implied by position
  * from Linux 6.2:   FN(name, id, ##ctx)      explicit ids

Usage: gen_helper_defs.py [path/to/linux/bpf.h] [-o out.h]
Only the python3 standard library is used; output is deterministic.
"""

import argparse
import re
import sys

DEFAULT_UAPI = "/usr/include/linux/bpf.h"

DOC_START = "Start of BPF helper function descriptions:"

# Kernel-internal spellings in the documented prototypes, and the type a BPF
# program sees instead. The helper ABI passes these as plain pointers/ints, so
# only the C spelling changes.
TYPE_MAP = {
    "u8": "__u8",
    "u16": "__u16",
    "u32": "__u32",
    "u64": "__u64",
    "s8": "__s8",
    "s16": "__s16",
    "s32": "__s32",
    "s64": "__s64",
    "size_t": "unsigned long",
    "struct bpf_map": "void",
    "struct sk_buff": "struct __sk_buff",
    "struct sk_msg_buff": "struct sk_msg_md",
    "struct xdp_buff": "struct xdp_md",
}

# Base types that need no declaration of their own.
PLAIN_TYPES = {
    "void", "char", "int", "long", "short", "unsigned", "signed", "bool",
    "_Bool", "float", "double", "unsigned int", "unsigned long",
    "unsigned long long", "long long", "unsigned char", "unsigned short",
    "__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64",
    "__be16", "__be32", "__be64", "__wsum", "__sum16",
}

PROTO_RE = re.compile(r"^(?P<ret>.+?)\s*(?P<name>bpf_\w+)\s*\((?P<args>.*)\)\s*$")


class GenError(Exception):
    """The input does not look like a UAPI bpf.h we understand."""


class Helper:
    def __init__(self, proto, line_no):
        self.proto = proto
        self.line_no = line_no
        self.sections = []  # list of (title, [lines])
        m = PROTO_RE.match(proto)
        if not m:
            raise GenError("line %d: cannot parse helper prototype: %r" % (line_no, proto))
        self.ret = m.group("ret").strip()
        self.name = m.group("name")
        self.args = split_args(m.group("args"))


def split_args(text):
    text = text.strip()
    if text == "" or text == "void":
        return []
    return [a.strip() for a in text.split(",")]


def comment_lines(text):
    """Yield (line_number, body) for the lines of the helper doc comment."""
    lines = text.split("\n")
    start = None
    for i, line in enumerate(lines):
        if DOC_START in line:
            start = i + 1
            break
    if start is None:
        raise GenError("no '%s' marker found" % DOC_START)
    for i in range(start, len(lines)):
        line = lines[i]
        if line.strip().startswith("*/"):
            return
        if line.startswith(" *"):
            yield i + 1, line[2:]
        elif line.strip() == "*":
            yield i + 1, ""
        else:
            raise GenError("line %d: unexpected text in helper docs: %r" % (i + 1, line))
    raise GenError("helper documentation comment is not terminated")


SECTION_TITLES = ("Description", "Return", "Attributes")


def parse_docs(text):
    """Parse the helper doc block into Helper objects, in document order.

    Layout of one entry (after the leading " *", tabs or spaces):
        " <prototype>"            not indented: starts a new helper
        "\tDescription"           indented title: Description/Return/Attributes
        "\t\t<text>"              indented deeper: section body
        ""                        blank separator
    A few entries are indented with spaces instead of tabs, so indentation
    is measured in columns after tab expansion.
    """
    helpers = []
    cur = None
    section = None
    body_indent = None
    for line_no, body in comment_lines(text):
        if body.strip() == "":
            if section is not None:
                section[1].append("")
            continue
        expanded = body[1:].expandtabs(8) if body.startswith(" ") else body.expandtabs(8)
        indent = len(expanded) - len(expanded.lstrip(" "))
        content = expanded.strip()
        if indent == 0:
            if not (content.endswith(")") and PROTO_RE.match(content)):
                raise GenError("line %d: expected a helper prototype, got %r" % (line_no, content))
            cur = Helper(content, line_no)
            helpers.append(cur)
            section = None
            continue
        if cur is None:
            raise GenError("line %d: text before the first helper prototype" % line_no)
        if content in SECTION_TITLES and (section is None or indent < body_indent):
            section = (content, [])
            body_indent = None
            cur.sections.append(section)
            continue
        if section is None:
            raise GenError("line %d: text outside a section of %s" % (line_no, cur.name))
        if body_indent is None:
            body_indent = indent
        cut = min(indent, body_indent)
        section[1].append(expanded[cut:].rstrip())
    for h in helpers:
        for _, body_lines in h.sections:
            while body_lines and body_lines[-1] == "":
                body_lines.pop()
    return helpers


def find_macro(text, name):
    """Return the body of '#define name(...)' with line continuations joined."""
    m = re.search(r"^#define\s+" + re.escape(name) + r"\(([^)]*)\)", text, re.M)
    if not m:
        return None
    out = []
    pos = m.end()
    for line in text[pos:].split("\n"):
        cont = line.rstrip().endswith("\\")
        out.append(line.rstrip().rstrip("\\"))
        if not cont:
            break
    return "\n".join(out)


FN_RE = re.compile(r"\bFN\(\s*(\w+)\s*(?:,\s*(\w+)\s*(?:,[^)]*)?)?\)")


def parse_ids(text):
    """Map helper short name (no bpf_ prefix) -> id from __BPF_FUNC_MAPPER."""
    # Newer kernels keep the list in ___BPF_FUNC_MAPPER (explicit ids) and
    # define __BPF_FUNC_MAPPER on top of it; older ones list it directly.
    body = find_macro(text, "___BPF_FUNC_MAPPER")
    if body is None:
        body = find_macro(text, "__BPF_FUNC_MAPPER")
    if body is None:
        raise GenError("no __BPF_FUNC_MAPPER macro found")
    ids = {}
    implicit = 0
    seen_explicit = None
    for m in FN_RE.finditer(body):
        name, idtxt = m.group(1), m.group(2)
        explicit = idtxt is not None
        if seen_explicit is None:
            seen_explicit = explicit
        elif seen_explicit != explicit:
            raise GenError("mixed FN(name) and FN(name, id) entries in the mapper")
        if explicit:
            try:
                hid = int(idtxt, 0)
            except ValueError:
                raise GenError("helper %s: id %r is not a number" % (name, idtxt))
        else:
            hid = implicit
            implicit += 1
        if name in ids:
            raise GenError("helper %s listed twice in the mapper" % name)
        ids[name] = hid
    if not ids:
        raise GenError("__BPF_FUNC_MAPPER lists no helpers")
    return ids


def map_type(t):
    """Rewrite one type spelling (without declarator name) to its UAPI form."""
    t = " ".join(t.split())
    quals = []
    words = t.split(" ")
    while words and words[0] in ("const", "volatile"):
        quals.append(words.pop(0))
    base = " ".join(words)
    base = TYPE_MAP.get(base, base)
    return " ".join(quals + [base])


def split_decl(arg):
    """Split 'const struct foo *name' into ('const struct foo', '*', 'name')."""
    if arg == "...":
        return ("...", "", "")
    m = re.match(r"^(.*?)\s*(\**)\s*(\w+)$", arg)
    if not m or not m.group(1):
        # unnamed parameter, e.g. 'void *'
        m2 = re.match(r"^(.*?)\s*(\**)$", arg)
        return (m2.group(1), m2.group(2), "")
    base, stars, name = m.group(1), m.group(2), m.group(3)
    return (base, stars, name)


def render_param(arg):
    base, stars, name = split_decl(arg)
    if base == "...":
        return "..."
    out = map_type(base)
    if stars:
        out += " " + stars + name
    elif name:
        out += " " + name
    return out


def render_ret(ret):
    m = re.match(r"^(.*?)\s*(\**)$", ret)
    base, stars = m.group(1), m.group(2)
    out = map_type(base)
    return out + (" " + stars if stars else "")


def struct_names(type_text):
    return re.findall(r"\bstruct\s+(\w+)", type_text)


def wrap_doc(variants):
    """Doc comment for one helper; all variants when it is documented twice."""
    out = ["/*", " * " + variants[0].name]
    for h in variants:
        if len(variants) > 1:
            out.append(" *")
            out.append(" * Variant: " + h.proto)
        for title, body in h.sections:
            out.append(" *")
            out.append(" * " + ("Returns" if title == "Return" else title))
            for line in body:
                line = line.replace("*/", "*\\/").rstrip()
                out.append((" * \t" + line) if line else " *")
    out.append(" */")
    return out


def merge_params(variants):
    """One parameter list for a helper documented with several prototypes.

    Some helpers (bpf_get_socket_cookie, bpf_sk_assign) accept different
    context types depending on the program type and are documented once per
    context. Positions whose types differ become 'void *', so every
    documented use compiles; the first position is then named ctx.
    """
    lists = [[render_param(a) for a in h.args] for h in variants]
    if len(lists) == 1:
        return lists[0]
    if len(set(len(l) for l in lists)) != 1:
        raise GenError("%s: documented variants take different argument counts" % variants[0].name)
    merged = []
    for i, column in enumerate(zip(*lists)):
        if len(set(column)) == 1:
            merged.append(column[0])
            continue
        if not all("*" in p for p in column):
            raise GenError("%s: argument %d differs in a non-pointer type" % (variants[0].name, i + 1))
        name = "ctx" if i == 0 else split_decl(variants[0].args[i])[2]
        merged.append("void *" + name)
    return merged


def attributes(h):
    for title, body in h.sections:
        if title == "Attributes":
            return [w for line in body for w in line.split() if w]
    return []


def generate(text, source_name):
    helpers = parse_docs(text)
    ids = parse_ids(text)
    if not helpers:
        raise GenError("no helpers documented")

    # Group repeated documentation of one helper, keeping document order.
    order = []
    variants = {}
    for h in helpers:
        if h.name not in variants:
            variants[h.name] = []
            order.append(h.name)
        variants[h.name].append(h)

    decls = []
    forward = []
    for name in order:
        vs = variants[name]
        short = name[len("bpf_"):]
        if short not in ids:
            raise GenError("helper %s is documented but not in __BPF_FUNC_MAPPER" % name)
        rets = set(render_ret(h.ret) for h in vs)
        if len(rets) != 1:
            raise GenError("%s: documented variants return different types" % name)
        ret = rets.pop()
        params = merge_params(vs)
        for t in [ret] + params:
            for s in struct_names(t):
                if s not in forward:
                    forward.append(s)
        attrs = []
        for h in vs:
            attrs += [a for a in attributes(h) if a == "__bpf_fastcall" and a not in attrs]
        prefix = "static " + "".join(a + " " for a in attrs)
        star_ret = ret if ret.endswith("*") else ret + " "
        decl = "%s%s(* const %s)(%s) = (void *) %d;" % (
            prefix, star_ret, name, ", ".join(params) if params else "void", ids[short])
        decls.append((vs, decl))

    out = []
    out.append("/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */")
    out.append("/* Generated by tools/gen_helper_defs.py from %s: do not edit. */" % source_name)
    out.append("/* %d helpers. Needs __u64 & co. (linux/types.h or vmlinux.h) first. */" % len(decls))
    out.append("#ifndef __BPF_HELPER_DEFS_H")
    out.append("#define __BPF_HELPER_DEFS_H")
    out.append("")
    out.append("/* Structs the prototypes point to; declared so the header stands alone. */")
    for s in forward:
        out.append("struct %s;" % s)
    out.append("")
    out.append("/* Marks helpers that keep caller-saved registers they do not use. */")
    out.append("#ifndef __bpf_fastcall")
    out.append("# ifdef __has_attribute")
    out.append("#  if __has_attribute(bpf_fastcall)")
    out.append("#   define __bpf_fastcall __attribute__((bpf_fastcall))")
    out.append("#  endif")
    out.append("# endif")
    out.append("#endif")
    out.append("#ifndef __bpf_fastcall")
    out.append("# define __bpf_fastcall")
    out.append("#endif")
    for vs, decl in decls:
        out.append("")
        out.extend(wrap_doc(vs))
        out.append(decl)
    out.append("")
    out.append("#endif /* __BPF_HELPER_DEFS_H */")
    return "\n".join(out) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description="Generate bpf_helper_defs.h from a UAPI linux/bpf.h")
    ap.add_argument("uapi", nargs="?", default=DEFAULT_UAPI, help="path to linux/bpf.h (default %(default)s)")
    ap.add_argument("-o", "--output", help="write here instead of stdout")
    ap.add_argument("--source-name", help="name of the input recorded in the header (default: the path)")
    args = ap.parse_args(argv)
    try:
        with open(args.uapi, encoding="utf-8") as f:
            text = f.read()
        result = generate(text, args.source_name or args.uapi)
    except (OSError, GenError) as e:
        sys.stderr.write("gen_helper_defs: %s: %s\n" % (args.uapi, e))
        return 1
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(result)
    else:
        sys.stdout.write(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
