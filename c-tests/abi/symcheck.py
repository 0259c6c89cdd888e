#!/usr/bin/env python3
"""d. Exported symbols and version nodes (see check-symbols.sh).

Usage: symcheck.py MAP BUILD_DIR UPSTREAM_MAP_OR_EMPTY
"""
import os
import re
import subprocess
import sys

counts = {"pass": 0, "fail": 0, "skip": 0}

# Defined globally in upstream's libbpf.a but not in the .so's version script;
# libbpf-bootstrap's `profile` example links against it.
STATIC_EXTRA = {"parse_cpu_mask_file"}


def report(kind, msg, details=()):
    counts[kind] += 1
    print(f"{kind.upper()}: {msg}", flush=True)
    for d in list(details)[:20]:
        print(f"    {d}")
    if len(details) > 20:
        print(f"    ... and {len(details) - 20} more")


def check(ok, msg, details=()):
    report("pass" if ok else "fail", msg, () if ok else details)


def parse_map(path):
    """Returns ([(node, parent)], {symbol: node}) of a GNU ld version script."""
    text = re.sub(r"/\*.*?\*/", " ", open(path).read(), flags=re.S)
    text = re.sub(r"(#|//).*", " ", text)
    nodes, syms = [], {}
    for m in re.finditer(r"([\w.]+)\s*\{(.*?)\}\s*([\w.]*)\s*;", text, re.S):
        node, body, parent = m.group(1), m.group(2), m.group(3) or None
        nodes.append((node, parent))
        scope = "global"
        for tok in re.findall(r"[\w.*]+\s*:|[^;:\s]+\s*;", body):
            tok = tok.strip()
            if tok.endswith(":"):
                scope = tok[:-1].strip()
            elif scope == "global":
                name = tok[:-1].strip()
                if name in syms:
                    report("fail", f"{path}: {name} listed twice ({syms[name]}, {node})")
                syms[name] = node
    return nodes, syms


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def check_map_itself(nodes, syms):
    bad = [f"{n}: parent {p}, expected {nodes[i - 1][0] if i else None}"
           for i, (n, p) in enumerate(nodes) if p != (nodes[i - 1][0] if i else None)]
    check(not bad and len(nodes) == 25,
          f"libbpf.map: {len(nodes)} nodes, each with its predecessor as parent", bad)


def check_against(syms, other, what):
    missing = sorted(f"{s} ({n})" for s, n in other.items() if s not in syms)
    extra = sorted(f"{s} ({n})" for s, n in syms.items() if s not in other)
    moved = sorted(f"{s}: ours {syms[s]}, {what} {n}" for s, n in other.items()
                   if s in syms and syms[s] != n)
    check(not (missing or extra or moved),
          f"libbpf.map: same {len(other)} symbol -> node mapping as {what}",
          [f"missing: {m}" for m in missing] + [f"extra: {e}" for e in extra] + moved)


def check_shared(so, nodes, syms):
    # objdump -T: "addr flags section size version name"; undefined ones say *UND*.
    exported = {}
    for line in run(["objdump", "-T", so]).splitlines():
        m = re.match(r"^[0-9a-f]+\s+(.{7})\s+(\S+)\s+[0-9a-f]+\s+(\S+)\s+(\S+)\s*$", line)
        if not m or m.group(2) == "*UND*":
            continue
        ver, name = m.group(3), m.group(4)
        if m.group(2) == "*ABS*" and ver == name:
            continue  # the version node's own definition symbol
        exported[name] = ver
    bad = [f"{s}: expected @@{n}, got {exported.get(s, 'not exported')}"
           for s, n in sorted(syms.items()) if exported.get(s) != n]
    check(not bad, f"{os.path.basename(so)}: all {len(syms)} symbols exported in their node", bad)
    extra = sorted(f"{s} ({v})" for s, v in exported.items() if s not in syms)
    check(not extra, f"{os.path.basename(so)}: exports nothing else", extra)

    # nm -D agrees, and shows every one as the default version (@@).
    nm = {}
    for line in run(["nm", "-D", "--defined-only", so]).splitlines():
        parts = line.split()
        if len(parts) >= 3:
            nm[parts[2]] = parts[1]
    defaults = {n.split("@@")[0]: n.split("@@")[1] for n in nm if "@@" in n}
    bad = [f"{s}: {defaults.get(s, 'not a default-version definition')}"
           for s, n in sorted(syms.items()) if defaults.get(s) != n]
    check(not bad, f"{os.path.basename(so)}: nm -D shows name@@node for every symbol", bad)

    # readelf -V: every node defined, each with its predecessor as parent.
    text = run(["readelf", "-V", so])
    sect = text.split("Version definition section", 1)
    defs = []
    if len(sect) == 2:
        body = sect[1].split("Version needs section", 1)[0].split("Version symbols section", 1)[0]
        for line in body.splitlines():
            m = re.search(r"Flags: (\S+).*Name: (\S+)", line)
            if m:
                defs.append([m.group(2), m.group(1), None])
            m = re.search(r"Parent 1: (\S+)", line)
            if m and defs:
                defs[-1][2] = m.group(1)
    want = [(n, p) for n, p in nodes]
    got = [(d[0], d[2]) for d in defs if d[1] != "BASE"]
    check(got == want, f"{os.path.basename(so)}: readelf -V lists the {len(want)} nodes "
          "with their parents", [f"expected {w}, got {g}" for w, g in
                                 zip(want + [None] * len(got), got + [None] * len(want))
                                 if w != g])

    soname = re.search(r"\(SONAME\).*\[(.*)\]", run(["readelf", "-d", so]))
    check(soname and soname.group(1) == "libbpf.so.1",
          f"{os.path.basename(so)}: SONAME is libbpf.so.1",
          [f"SONAME: {soname.group(1) if soname else 'none'}"])


def check_static(ar, syms):
    defined = {}
    for line in run(["nm", "-g", "--defined-only", ar]).splitlines():
        parts = line.split()
        if len(parts) == 3:
            defined[parts[2]] = parts[1]
    runtime = sorted(s for s in defined if s.startswith(("rust_", "_ZN", "__rust", "_R")))
    check(not runtime, "libbpf.a: no Rust runtime or mangled symbols are global", runtime)
    extra = sorted(s for s in defined if s not in syms and s not in STATIC_EXTRA and
                   s not in runtime)
    check(not extra, "libbpf.a: no global symbols besides libbpf.map's and "
          "parse_cpu_mask_file", extra)
    missing = sorted(s for s in list(syms) + sorted(STATIC_EXTRA) if s not in defined)
    check(not missing, f"libbpf.a: defines all {len(syms) + len(STATIC_EXTRA)} symbols",
          missing)


def main():
    map_path, build, upstream_map = sys.argv[1:4]
    nodes, syms = parse_map(map_path)
    check_map_itself(nodes, syms)
    if upstream_map and os.path.isfile(upstream_map):
        up_nodes, up_syms = parse_map(upstream_map)
        check(nodes == up_nodes, f"libbpf.map: the {len(up_nodes)} version nodes and parents "
              "of upstream v1.7.0's libbpf.map, in its order",
              [f"ours {o}, upstream {u}" for o, u in zip(nodes + [None] * len(up_nodes),
                                                      up_nodes + [None] * len(nodes)) if o != u])
        check_against(syms, up_syms, "upstream v1.7.0's libbpf.map")
    else:
        report("skip", "libbpf.map vs upstream: upstream sources not found")
    so = os.path.join(build, "libbpf.so.1.7.0")
    if os.path.isfile(so):
        check_shared(so, nodes, syms)
    else:
        report("skip", f"{so}: not built (run make)")
    ar = os.path.join(build, "libbpf.a")
    if os.path.isfile(ar):
        check_static(ar, syms)
    else:
        report("skip", f"{ar}: not built (run make)")

    print(f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped")
    sys.exit(1 if counts["fail"] else 0)


if __name__ == "__main__":
    main()
