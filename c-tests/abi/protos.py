#!/usr/bin/env python3
"""c. Every LIBBPF_API prototype of upstream v1.7.0 agrees with ours.

For each upstream header that declares functions, the prototypes are taken
from upstream's text at test time (preprocessed with LIBBPF_API turned into a
marker, so #ifdef __cplusplus branches resolve per language), then a
translation unit is compiled that includes only OUR header of that name,
first checks every function is declared, then re-declares each one with
upstream's prototype. C compilers reject a redeclaration with incompatible
types; C++ compilers reject any difference in parameter types for an
extern "C" function. Each function is one test: it fails if any compiler
reports an error on its lines.

Usage: protos.py INCLUDE_DIR UPSTREAM_SRC_DIR   (prints PASS/FAIL/SKIP lines)
"""
import os
import re
import subprocess
import sys
import tempfile

MARK = "__oxbpf_api_marker"
HEADERS = ["libbpf_legacy.h", "bpf.h", "btf.h", "libbpf.h"]
COMPILERS = [
    ("gcc", ["gcc", "-std=gnu11", "-x", "c"], "c"),
    ("clang-19", ["clang-19", "-std=gnu11", "-x", "c"], "c"),
    ("g++", ["g++", "-std=c++17", "-x", "c++"], "c++"),
]

counts = {"pass": 0, "fail": 0, "skip": 0}


def report(kind, msg):
    counts[kind] += 1
    print(f"{kind.upper()}: {msg}", flush=True)


def upstream_protos(upstream, header, lang):
    """[(name, prototype text)] declared by upstream `header` itself."""
    cc = ["gcc", "-x", "c"] if lang == "c" else ["g++", "-x", "c++", "-std=c++17"]
    src = f'#include "{header}"\n'
    out = subprocess.run(cc + ["-E", f"-DLIBBPF_API={MARK}", "-I", upstream, "-"],
                         input=src, capture_output=True, text=True, check=True).stdout
    # Keep only the text that came from `header` (linemarkers tell the file).
    own, mine = [], False
    for line in out.splitlines():
        m = re.match(r'# \d+ "([^"]+)"', line)
        if m:
            mine = os.path.basename(m.group(1)) == header and m.group(1).startswith(upstream)
            continue
        if mine:
            own.append(line)
    text = "\n".join(own)
    protos = []
    for m in re.finditer(re.escape(MARK) + r"\s+([^;{]*?\))\s*;", text, re.S):
        decl = " ".join(m.group(1).split())
        # The name is the identifier before the parameter list's "(".
        depth, i = 0, len(decl) - 1
        while i >= 0:
            if decl[i] == ")":
                depth += 1
            elif decl[i] == "(":
                depth -= 1
                if depth == 0:
                    break
            i -= 1
        name = re.search(r"(\w+)\s*$", decl[:i]).group(1)
        protos.append((name, decl))
    return protos


def check_header(inc, upstream, header, tmp):
    # name -> set of compilers that rejected it
    bad = {}
    names = None
    general = []
    for label, cc, lang in COMPILERS:
        protos = upstream_protos(upstream, header, lang)
        if names is None:
            names = [n for n, _ in protos]
        lines = [f"#include <bpf/{header}>", "static void oxbpf_declared(void)", "{"]
        where = {}
        for name, _ in protos:
            where[len(lines) + 1] = name
            lines.append(f"\t(void)&{name};")
        lines += ["}", ""]
        if lang == "c++":
            lines.append('extern "C" {')
        for name, decl in protos:
            where[len(lines) + 1] = name
            lines.append(f"{decl};")
        if lang == "c++":
            lines.append("}")
        path = os.path.join(tmp, f"{header}.{label}.{'c' if lang == 'c' else 'cc'}")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        r = subprocess.run(cc + ["-Wall", "-Wextra", "-Werror", "-Wno-unused-function",
                                 "-I", inc, "-c", "-o", "/dev/null", path],
                           capture_output=True, text=True)
        if r.returncode == 0:
            continue
        hit = False
        for line in r.stderr.splitlines():
            m = re.match(re.escape(path) + r":(\d+):\d+: (?:fatal )?error: (.*)", line)
            if not m:
                continue
            ln = int(m.group(1))
            if ln in where:
                bad.setdefault(where[ln], []).append(f"[{label}] {m.group(2)}")
                hit = True
        if not hit:
            general.append(f"[{label}] " + " | ".join(r.stderr.splitlines()[:10]))
    for g in general:
        report("fail", f"{header}: does not compile against upstream prototypes: {g}")
    for name in names or []:
        if name in bad:
            report("fail", f"{header}: {name}: " + "; ".join(bad[name][:3]))
        else:
            report("pass", f"{header}: {name}")


def main():
    inc, upstream = sys.argv[1], sys.argv[2]
    if not upstream or not os.path.isfile(os.path.join(upstream, "libbpf.h")):
        report("skip", "prototypes: upstream libbpf v1.7.0 sources not found "
               "(set UPSTREAM_LIBBPF_SRC)")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            for h in HEADERS:
                if not os.path.isfile(os.path.join(inc, "bpf", h)):
                    report("skip", f"{h}: not in include/bpf yet")
                    continue
                check_header(inc, upstream, h, tmp)
    print(f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped")
    sys.exit(1 if counts["fail"] else 0)


if __name__ == "__main__":
    main()
