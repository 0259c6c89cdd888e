#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Classifies every selftests object by comparing the driver's outputs.

For each object the runner left <results>/{ours,ref}/<name>.{whole,one}.out
(driver.c's description, plus an "exit: ..." line when the process did not
end normally). Each object is

  identical       both outputs equal, in both modes;
  worse           oxbpf failed somewhere upstream succeeded (open, whole
                  load, a program or map, a program loaded alone, or oxbpf
                  crashed/timed out where upstream did not);
  better          the reverse, and nowhere worse;
  fail-differently  both failed at the same places, with different errors;
  differs         same successes and failures, different descriptions.

Every difference also gets one or more difference classes ("open prog.autoload",
"load: oxbpf -22, upstream 0", ...), counted over objects.

Verdicts for `make test`: PASS for an identical object; FAIL for a worse
object unless it is listed in deviations.txt (kept on purpose, with a reason:
counted apart) or in expected-worse.txt (known, to be fixed: the list only
shrinks); FAIL too for a listed object that is no longer worse (remove it, so
that a later regression shows). Other objects are reported and counted.
"""

import argparse
import collections
import os
import re
import sys

MODES = ("whole", "one")
KV = re.compile(r"(\w+)=(\S*)")
# Fields whose two values are part of the class name (small enumerations).
VALUE_FIELDS = {"type", "eat", "autoload", "autoattach", "flags", "btf", "internal",
                "autocreate", "created", "loaded", "kversion"}


def parse(path):
    """One driver output as {section: ...}; missing file -> None."""
    try:
        with open(path, errors="replace") as f:
            lines = f.read().split("\n")
    except OSError:
        return None
    out = {"exit": None, "open": None, "object": {}, "progs": {}, "maps": {},
           "load": None, "lprogs": {}, "lmaps": {}, "one": {}, "order": []}
    cur = None  # list collecting the instructions of the last record
    for line in lines:
        if line.startswith("  "):
            if cur is not None:
                cur.append(line.strip())
            continue
        cur = None
        if not line:
            continue
        head, _, rest = line.partition(" ")
        if line.startswith("exit: "):
            out["exit"] = line[6:]
        elif line.startswith("open: "):
            out["open"] = line[6:]
        elif line.startswith("load: "):
            out["load"] = line[6:]
        elif head == "object":
            out["object"] = dict(KV.findall(rest))
        elif head in ("prog", "map", "loaded-prog", "loaded-map", "one"):
            name, _, kvs = rest.partition(" ")
            rec = dict(KV.findall(kvs))
            if head == "map":
                # init=<size>/<digest>: the digest is a field of its own.
                size, _, digest = rec.get("init", "").partition("/")
                rec["init"] = size
                rec["init_digest"] = digest
            rec["insns_text"] = []
            key = {"prog": "progs", "map": "maps", "loaded-prog": "lprogs",
                   "loaded-map": "lmaps", "one": "one"}[head]
            out[key][name] = rec
            out["order"].append((key, name))
            cur = rec["insns_text"]
        else:
            out.setdefault("other", []).append(line)
    return out


def ok_open(d):
    return d is not None and d["open"] == "ok"


def ok_load(d):
    return ok_open(d) and d["load"] == "0"


def abnormal(d):
    if d is None:
        return "no output"
    return d["exit"]


def compare_records(tag, a, b, classes):
    """Field-by-field comparison of two name->record maps (a: ours)."""
    if list(a) != list(b):
        if set(a) != set(b):
            classes.add("%s: different %s names" % (tag.split()[0], tag.split()[1]))
        else:
            classes.add("%s: %s order" % (tag.split()[0], tag.split()[1]))
    for name in a:
        if name not in b:
            continue
        ra, rb = a[name], b[name]
        for field in sorted(set(ra) | set(rb)):
            if field == "insns_text":
                continue
            va, vb = ra.get(field), rb.get(field)
            if va != vb:
                if field in VALUE_FIELDS:
                    classes.add("%s.%s (oxbpf %s, upstream %s)" % (tag, field, va, vb))
                else:
                    classes.add("%s.%s" % (tag, field))
        if ra.get("insns_text") != rb.get("insns_text") and ra.get("insns") == rb.get("insns"):
            classes.add("%s relocated instructions" % tag)


def classify(ours, ref):
    """-> (verdict, set of difference classes, facts for the table)."""
    worse, better, classes = [], [], set()
    for mode in MODES:
        o, r = ours[mode], ref[mode]
        ao, ar = abnormal(o), abnormal(r)
        if ao and not ar:
            worse.append("%s: oxbpf %s" % (mode, ao))
            classes.add("%s: oxbpf %s, upstream ends normally" % (mode, re.sub(r"\d+ s", "", ao)))
        elif ar and not ao:
            better.append("%s: upstream %s" % (mode, ar))
            classes.add("%s: upstream %s, oxbpf ends normally" % (mode, re.sub(r"\d+ s", "", ar)))
        elif ao != ar:
            classes.add("%s: both end abnormally, differently" % mode)
        if o is None or r is None:
            continue
        # open
        if o["open"] != r["open"] and mode == "whole":
            if r["open"] == "ok":
                worse.append("open %s" % o["open"])
                classes.add("open fails in oxbpf only (%s)" % o["open"])
            elif o["open"] == "ok":
                better.append("open (upstream %s)" % r["open"])
                classes.add("open fails in upstream only (%s)" % r["open"])
            else:
                classes.add("open errors differ (oxbpf %s, upstream %s)" % (o["open"], r["open"]))
        if mode == "whole" and o["open"] == r["open"] == "ok":
            compare_records("open object", {"": o["object"]}, {"": r["object"]}, classes)
            compare_records("open prog", o["progs"], r["progs"], classes)
            compare_records("open map", o["maps"], r["maps"], classes)
            # load
            if o["load"] != r["load"]:
                if r["load"] == "0":
                    worse.append("load %s" % o["load"])
                elif o["load"] == "0":
                    better.append("load (upstream %s)" % r["load"])
                classes.add("load result (oxbpf %s, upstream %s)" % (o["load"], r["load"]))
            for key, what in (("lprogs", "programs loaded"), ("lmaps", "maps created")):
                flag = "loaded" if key == "lprogs" else "created"
                n_worse = n_better = 0
                for name, rr in r[key].items():
                    ro = o[key].get(name)
                    if ro is None:
                        continue
                    if rr.get(flag) == "1" and ro.get(flag) != "1":
                        n_worse += 1
                    elif ro.get(flag) == "1" and rr.get(flag) != "1":
                        n_better += 1
                if n_worse:
                    worse.append("load: %d %s by upstream only" % (n_worse, what))
                if n_better:
                    better.append("load: %d %s by oxbpf only" % (n_better, what))
            compare_records("load prog", o["lprogs"], r["lprogs"], classes)
            compare_records("load map", o["lmaps"], r["lmaps"], classes)
        if mode == "one" and o["open"] == r["open"] == "ok":
            n_worse = n_better = 0
            for name, rr in r["one"].items():
                ro = o["one"].get(name)
                if ro is None:
                    continue
                if rr.get("loaded") == "1" and ro.get("loaded") != "1":
                    n_worse += 1
                elif ro.get("loaded") == "1" and rr.get("loaded") != "1":
                    n_better += 1
                elif ro.get("load") != rr.get("load"):
                    classes.add("one: both fail, errors differ (oxbpf %s, upstream %s)"
                                % (ro.get("load"), rr.get("load")))
                if ro["insns_text"] != rr["insns_text"] and ro.get("loaded") == rr.get("loaded") == "1":
                    classes.add("one: relocated instructions differ")
                elif ro.get("insns") != rr.get("insns") and ro.get("loaded") == rr.get("loaded"):
                    classes.add("one: insn count differs")
            if list(o["one"]) != list(r["one"]):
                classes.add("one: different program lists")
            if n_worse:
                worse.append("one: %d programs load alone in upstream only" % n_worse)
                classes.add("one: programs load in upstream only")
            if n_better:
                better.append("one: %d programs load alone in oxbpf only" % n_better)
                classes.add("one: programs load in oxbpf only")
    same = all(texts_equal(ours[m], ref[m]) for m in MODES)
    if same:
        return "identical", set(), worse
    if worse:
        verdict = "worse"
    elif better:
        verdict = "better"
    elif any(failed_somewhere(ref[m]) for m in MODES) and fail_diff_only(classes):
        verdict = "fail-differently"
    else:
        verdict = "differs"
    if not classes:
        classes.add("other output differences")
    return verdict, classes, worse


def fail_diff_only(classes):
    return all("errors differ" in c or re.match(r"load result \(oxbpf -\d+, upstream -\d+\)", c)
               or "abnormally" in c for c in classes)


def failed_somewhere(d):
    return d is not None and (d["open"] != "ok" or d["load"] not in (None, "0") or
                              any(r.get("loaded") != "1" for r in d["one"].values()))


def texts_equal(a, b):
    if a is None or b is None:
        return a is b
    return a == b


# oxbpf's bpf_program__fd()/bpf_map__fd() warn on a program not loaded or a
# map not created; upstream is silent. The driver asks for every fd.
NOT_LOADED = re.compile(r"bpf_program__fd: .*not loaded yet|bpf_map__fd: .*not created yet")
# Lines that report a load failure (their wording differs between the two
# libraries for every failure) or come from those fd calls: not causes.
LOAD_FAILURE = re.compile(r"BEGIN PROG LOAD LOG|failed to load|load failed|"
                          r"permission error while running as root|" + NOT_LOADED.pattern)


def norm_log(line):
    """A log line without names, numbers and errno spellings, so causes group."""
    line = re.sub(r"[A-Z][A-Za-z ,'-]* \(os error \d+\)", "<err>", line.strip())
    line = re.sub(r"-E[A-Z0-9]+\b", "<err>", line)
    line = re.sub(r"'[^']*'", "'…'", line)
    return re.sub(r"\b\d+\b", "N", line)


def warnings(results, lib, name, mode):
    try:
        with open(os.path.join(results, lib, "%s.%s.log" % (name, mode)), errors="replace") as f:
            return [l.rstrip("\n") for l in f if l.startswith("W: ")]
    except OSError:
        return []


def first_own_warning(results, name):
    """The first warning oxbpf logs that upstream does not (names and numbers
    masked, load-failure reports skipped), else the first upstream logs and
    oxbpf does not: a likely cause."""
    for a, b, who in (("ours", "ref", "oxbpf"), ("ref", "ours", "upstream")):
        for mode in MODES:
            other = {norm_log(l) for l in warnings(results, b, name, mode)}
            for line in warnings(results, a, name, mode):
                if not LOAD_FAILURE.search(line) and norm_log(line) not in other:
                    return "%s only (%s): %s" % (who, mode, norm_log(line)[3:])
    return "no warning differs (other than load-failure wording)"


def read_list(path):
    """name -> reason, from 'name  reason...' lines ('#' comments)."""
    out = {}
    if not path or not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, reason = line.partition(" ")
            out[name] = reason.strip()
    return out


def table_facts(name, ours, ref, facts):
    for lib, d in (("ours", ours), ("ref", ref)):
        w, one = d["whole"], d["one"]
        if w is not None and w["open"] not in (None, "ok"):
            facts["open_fail_" + lib] += 1
        if w is not None and w["load"] == "0":
            facts["load_ok_" + lib] += 1
        if one is not None:
            facts["one_loaded_" + lib] += sum(r.get("loaded") == "1" for r in one["one"].values())
    if ref["whole"] is not None:
        facts["programs"] += len(ref["whole"]["progs"])
    o, r = ours["whole"], ref["whole"]
    if o is not None and r is not None and o["open"] == r["open"]:
        if o["open"] != "ok" or (o["object"] == r["object"] and o["progs"] == r["progs"]
                                 and o["maps"] == r["maps"]):
            facts["open_identical"] += 1


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("results", help="directory with ours/ and ref/")
    ap.add_argument("--objects", required=True, help="file: one object name a line")
    ap.add_argument("--deviations", help="objects kept different on purpose")
    ap.add_argument("--expected-worse", help="objects known worse, to be fixed")
    ap.add_argument("--compile-ours", help="object dir of build-objs.sh ours")
    ap.add_argument("--compile-ref", help="object dir of build-objs.sh ref")
    ap.add_argument("--markdown", help="write CONFORMANCE.md here")
    ap.add_argument("--title", default="", help="first line of the markdown report")
    ap.add_argument("--write-expected", help="rewrite this expected-worse list from the run")
    args = ap.parse_args(argv)

    with open(args.objects) as f:
        names = [l.strip() for l in f if l.strip()]
    deviations = read_list(args.deviations)
    expected = read_list(args.expected_worse)
    verdicts = collections.Counter()
    class_objs = collections.defaultdict(list)
    per_object = {}
    facts = collections.Counter()
    causes = collections.defaultdict(list)
    cause_of = {}
    passed = failed = 0
    for name in names:
        d = {lib: {m: parse(os.path.join(args.results, lib, "%s.%s.out" % (name, m)))
                   for m in MODES} for lib in ("ours", "ref")}
        verdict, classes, worse = classify(d["ours"], d["ref"])
        table_facts(name, d["ours"], d["ref"], facts)
        cause = ""
        if verdict != "identical":
            cause = first_own_warning(args.results, name)
            causes[cause].append(name)
        if any(NOT_LOADED.search(l) for l in warnings(args.results, "ours", name, "whole")) and \
           not any(NOT_LOADED.search(l) for l in warnings(args.results, "ref", name, "whole")):
            facts["log_fd_warn"] += 1
        if all(warnings(args.results, "ours", name, m) == warnings(args.results, "ref", name, m)
               for m in MODES):
            facts["logs_identical"] += 1
        per_object[name] = (verdict, classes, worse)
        cause_of[name] = cause
        for c in classes:
            class_objs[c].append(name)
        if verdict == "worse" and name in deviations:
            verdicts["deviation"] += 1
            print("DEVIATION: %s: %s (kept: %s)" % (name, "; ".join(worse), deviations[name]))
            continue
        verdicts[verdict] += 1
        if verdict == "identical":
            if name in expected:
                failed += 1
                print("FAIL: %s: identical now; remove it from expected-worse.txt" % name)
            else:
                passed += 1
                print("PASS: %s: identical to upstream" % name)
        elif verdict == "worse":
            if name in expected:
                print("KNOWN: %s: oxbpf worse (%s)" % (name, "; ".join(worse)))
            else:
                failed += 1
                print("FAIL: %s: oxbpf worse than upstream: %s [%s]"
                      % (name, "; ".join(worse), "; ".join(sorted(classes))))
        else:
            if name in expected:
                failed += 1
                print("FAIL: %s: no longer worse (%s); remove it from expected-worse.txt"
                      % (name, verdict))
            else:
                print("DIFF: %s: %s [%s]" % (name, verdict, "; ".join(sorted(classes))))
    for name in deviations:
        if name in per_object and per_object[name][0] != "worse":
            print("NOTE: %s is in deviations.txt but is %s now" % (name, per_object[name][0]))

    print()
    print("objects: %d; %s" % (len(names), ", ".join("%s %d" % (k, verdicts[k]) for k in
          ("identical", "worse", "better", "fail-differently", "differs", "deviation"))))
    print("difference classes (objects each; values: oxbpf/upstream, objects):")
    ranked = group_classes(class_objs)
    for c, objs, variants in ranked:
        print("  %4d  %s%s" % (len(objs), c, variants_text(variants)))
    print("first differing warning of the objects that differ (objects each):")
    ranked_causes = sorted(causes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for c, objs in ranked_causes:
        print("  %4d  %s" % (len(objs), c))
    print("warning lines identical in both modes: %d of %d objects; oxbpf's bpf_program__fd/"
          "bpf_map__fd warn (not loaded/created yet) where upstream is silent: %d objects"
          % (facts["logs_identical"], len(names), facts["log_fd_warn"]))
    args.causes = ranked_causes
    if args.write_expected:
        write_expected(args.write_expected, per_object, deviations, cause_of)
    if args.markdown:
        write_markdown(args, names, verdicts, ranked, per_object, facts, deviations, expected)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


VALUES = re.compile(r"^(.*?) ?\((?:oxbpf )?(.*?),? upstream (.*?)\)(.*)$")


def group_classes(class_objs):
    """[(class, objects, {"ours/ref": n})] with the value pairs folded in, by count."""
    groups = collections.defaultdict(lambda: (set(), collections.Counter()))
    for c, objs in class_objs.items():
        m = VALUES.match(c)
        key, variant = (m.group(1) + m.group(4), "%s/%s" % (m.group(2), m.group(3))) if m else (c, None)
        members, variants = groups[key]
        members.update(objs)
        if variant:
            variants[variant] += len(objs)
    return sorted(((k, sorted(v[0]), v[1]) for k, v in groups.items()),
                  key=lambda t: (-len(t[1]), t[0]))


def variants_text(variants):
    if not variants:
        return ""
    ranked = sorted(variants.items(), key=lambda kv: (-kv[1], kv[0]))
    return " [" + ", ".join("%s: %d" % kv for kv in ranked) + "]"


EXPECTED_HEAD = """\
# Objects of the selftests suite where oxbpf is currently worse than upstream
# libbpf v1.7.0 and which are to be fixed (issue 13): the suite reports them as
# KNOWN instead of FAIL. The list only shrinks: an object that is no longer
# worse FAILs until it is removed, so a later regression shows. Rewrite it from
# a run with `c-tests/selftests/run.sh --all --write-expected`.
# Format: <object> <what is worse; first differing warning, for information>
"""


def write_expected(path, per_object, deviations, cause_of):
    rows = [(n, v) for n, v in sorted(per_object.items())
            if v[0] == "worse" and n not in deviations]
    with open(path, "w") as f:
        f.write(EXPECTED_HEAD)
        for n, (_, classes, worse) in rows:
            f.write("%s worse: %s; %s\n" % (n, ", ".join(worse), cause_of[n]))


def compile_summary(args):
    """(n_ours, n_ref, header_bugs, neither) from the build-objs.sh dirs."""
    def objs(d):
        return {f[:-6] for f in os.listdir(d) if f.endswith(".bpf.o")} if d else set()

    def errs(d):
        return {f[:-4] for f in os.listdir(d) if f.endswith(".err")} if d else set()

    o, r = objs(args.compile_ours), objs(args.compile_ref)
    header_bugs = sorted(r - o)
    neither = []
    for n in sorted(errs(args.compile_ours) & errs(args.compile_ref)):
        first = ""
        with open(os.path.join(args.compile_ref, n + ".err"), errors="replace") as f:
            for line in f:
                if "error:" in line:
                    first = line.split("error:", 1)[1].strip()
                    break
        neither.append((n, first))
    return len(o), len(r), header_bugs, neither


def write_markdown(args, names, verdicts, ranked, per_object, facts, deviations, expected):
    n_ours, n_ref, header_bugs, neither = compile_summary(args)
    total = n_ours + len(set(header_bugs)) + len(neither) if args.compile_ours else len(names)
    L = []
    L.append("# Conformance: Linux 6.12 BPF selftests, oxbpf vs upstream libbpf v1.7.0")
    L.append("")
    L.append("Generated by `make conformance` (c-tests/selftests/run.sh); do not edit. %s"
             % args.title)
    L.append("")
    L.append("| | upstream v1.7.0 | oxbpf |")
    L.append("|---|---|---|")
    L.append("| programs (`progs/*.c`) compiled with the library's BPF-side headers | %d of %d | %d of %d |"
             % (n_ref, total, n_ours, total))
    L.append("| objects run (compiled with oxbpf's headers) | %d | %d |" % (len(names), len(names)))
    L.append("| open fails | %d | %d |" % (facts["open_fail_ref"], facts["open_fail_ours"]))
    L.append("| whole-object load succeeds | %d | %d |" % (facts["load_ok_ref"], facts["load_ok_ours"]))
    L.append("| programs loaded one at a time (of %d) | %d | %d |"
             % (facts["programs"], facts["one_loaded_ref"], facts["one_loaded_ours"]))
    L.append("| open-time description identical | %d of %d | |" % (facts["open_identical"], len(names)))
    L.append("")
    L.append("Objects: " + ", ".join("%s **%d**" % (k, verdicts[k]) for k in
             ("identical", "worse", "better", "fail-differently", "differs", "deviation")) +
             " (deviation: kept on purpose, `c-tests/selftests/deviations.txt`).")
    L.append("")
    L.append("## Difference classes (objects each; an object can be in several)")
    L.append("")
    L.append("Values are oxbpf/upstream, with the number of objects showing each pair.")
    L.append("")
    if ranked:
        L.append("| objects | class | values | examples |")
        L.append("|---:|---|---|---|")
    else:
        L.append("None.")
    for c, objs, variants in ranked:
        L.append("| %d | %s | %s | %s |" % (len(objs), c.replace("|", "\\|"),
                 variants_text(variants).strip(" []"), ", ".join(objs[:4])))
    L.append("")
    L.append("## First differing warning (likely cause) of the objects that differ")
    L.append("")
    L.append("The first warning-level log line one library prints and the other does not "
             "(names in quotes and numbers masked). Logs are not compared otherwise: "
             "%d of %d objects have identical warning lines in both modes; oxbpf's "
             "`bpf_program__fd()`/`bpf_map__fd()` warn \"not loaded/created yet\" where "
             "upstream is silent in %d objects."
             % (facts["logs_identical"], len(names), facts["log_fd_warn"]))
    L.append("")
    if args.causes:
        L.append("| objects | warning | examples |")
        L.append("|---:|---|---|")
    else:
        L.append("No object differs. In the objects whose warning lines differ, the only "
                 "lines that differed when last reviewed (2026-12-07) were those oxbpf adds on "
                 "purpose to explain a failed load (the verifier's complaint, the C line it is about, why a CO-RE "
                 "relocation found no target: `c-tests/logs/known.txt`).")
    for c, objs in args.causes:
        L.append("| %d | %s | %s |" % (len(objs), c.replace("|", "\\|"), ", ".join(objs[:4])))
    L.append("")
    L.append("## Objects that differ")
    L.append("")
    if all(v[0] not in ("worse", "better", "fail-differently", "differs")
           for v in per_object.values()):
        L.append("None.")
        L.append("")
    for verdict in ("worse", "better", "fail-differently", "differs"):
        rows = [(n, v) for n, v in per_object.items() if v[0] == verdict]
        if not rows:
            continue
        L.append("### %s (%d)" % (verdict, len(rows)))
        L.append("")
        for n, (v, classes, worse) in sorted(rows):
            extra = ""
            if n in deviations:
                extra = " — kept on purpose: " + deviations[n]
            elif n in expected:
                extra = " — known (expected-worse.txt)"
            L.append("- `%s`: %s%s" % (n, "; ".join(sorted(classes)), extra))
        L.append("")
    L.append("## Compilation")
    L.append("")
    if header_bugs:
        L.append("Compile with upstream's headers but not with ours (header bugs): "
                 + ", ".join("`%s`" % n for n in header_bugs) + ".")
    else:
        L.append("No header bugs: every program that compiles with upstream's BPF-side "
                 "headers compiles with ours.")
    L.append("")
    if neither:
        L.append("Compile with neither (the running kernel's BTF lacks what they use):")
        L.append("")
        for n, why in neither:
            L.append("- `%s`: %s" % (n, why.replace("|", "\\|")))
        L.append("")
    with open(args.markdown, "w") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
