#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Compares veristat's results over the selftests objects, oxbpf vs upstream
libbpf v1.7.0 (veristat.sh runs both). Per object:

PASS  both report the same programs, the same verdict for each, the same
      total instructions processed where both succeed, and the same
      messages (open failures, guessed program types);
FAIL  otherwise, with what differs.

A program failing in both must also have processed the same number of
instructions (0: refused by the library before the kernel saw it).
Verifier states are only reported (NOTE). Ends with "N passed, N failed"; --markdown appends a section to a file.
"""
import argparse
import csv
import os
import re
import sys
from collections import defaultdict


def read_run(out, lib):
    """Rows by (object, program), messages by object, and veristat's exit."""
    rows, msgs, header = {}, defaultdict(list), None
    with open(os.path.join(out, lib + ".csv"), errors="replace") as f:
        lines = f.read().splitlines()
    for line in lines:
        if line.startswith("file_name,"):
            header = line.split(",")
            continue
        if header is None or not re.match(r"[^,]+\.bpf\.o,", line):
            # veristat's own lines ("Using guessed program type ... for OBJ/PROG...").
            m = re.search(r"for ([^/ ]+\.bpf\.o)/", line)
            msgs[m.group(1) if m else ""].append(line)
            continue
        rec = dict(zip(header, next(csv.reader([line]))))
        rows[(rec["file_name"], rec["prog_name"])] = rec
    status = "exit: ?"
    with open(os.path.join(out, lib + ".err"), errors="replace") as f:
        for line in f.read().splitlines():
            if line.startswith("exit: "):
                status = line
                continue
            # "Failed to open 'OBJ': -2" and other per-object errors.
            m = re.search(r"([^/' ]+\.bpf\.o)", line)
            msgs[m.group(1) if m else ""].append(line)
    return rows, msgs, status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--objects", required=True)
    ap.add_argument("--markdown")
    ap.add_argument("--seconds", default="?")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()

    objects = [l.strip() for l in open(args.objects) if l.strip()]
    ours, ours_msgs, ours_exit = read_run(args.out, "ours")
    ref, ref_msgs, ref_exit = read_run(args.out, "ref")
    by_obj = defaultdict(set)
    for k in list(ours) + list(ref):
        by_obj[k[0]].add(k[1])

    passed = failed = 0
    st = defaultdict(int)
    notes, fails = [], []
    for obj in objects + [""]:
        why = []
        if ours_msgs.get(obj, []) != ref_msgs.get(obj, []):
            why.append("messages differ: oxbpf %s, upstream %s"
                       % (ours_msgs.get(obj, []), ref_msgs.get(obj, [])))
        for prog in sorted(by_obj.get(obj, ())):
            o, r = ours.get((obj, prog)), ref.get((obj, prog))
            st["programs"] += 1
            if o is None or r is None:
                st["only one"] += 1
                why.append("%s: reported by %s only" % (prog, "upstream" if o is None else "oxbpf"))
                continue
            if o["verdict"] != r["verdict"]:
                st["verdict differs"] += 1
                why.append("%s: oxbpf %s, upstream %s" % (prog, o["verdict"], r["verdict"]))
                continue
            st["verdict same"] += 1
            st["both " + r["verdict"]] += 1
            if r["verdict"] == "success":
                if o["total_insns"] != r["total_insns"]:
                    st["insns differ (success)"] += 1
                    why.append("%s: %s insns processed by oxbpf, %s by upstream"
                               % (prog, o["total_insns"], r["total_insns"]))
                else:
                    st["insns same (success)"] += 1
                if o.get("total_states") != r.get("total_states"):
                    st["states differ (success)"] += 1
                    notes.append("NOTE: %s/%s: %s states by oxbpf, %s by upstream"
                                 % (obj, prog, o.get("total_states"), r.get("total_states")))
            elif o["total_insns"] != r["total_insns"]:
                st["insns differ (failure)"] += 1
                why.append("%s: both fail, %s insns processed by oxbpf, %s by upstream"
                           % (prog, o["total_insns"], r["total_insns"]))
        if obj == "":
            if why:
                fails.append("veristat: " + "; ".join(why))
            continue
        if why:
            failed += 1
            fails.append("%s: %s" % (obj, "; ".join(why)))
            print("FAIL: veristat %s: %s" % (obj, "; ".join(why)))
        else:
            passed += 1
            print("PASS: veristat %s: %d programs, same verdicts and counts" % (obj, len(by_obj.get(obj, ()))))
    if ours_exit != ref_exit:
        failed += 1
        fails.append("veristat itself: oxbpf %s, upstream %s" % (ours_exit, ref_exit))
        print("FAIL: veristat itself: oxbpf %s, upstream %s" % (ours_exit, ref_exit))
    for n in notes:
        print(n)
    summary = ("%d programs in %d objects: verdict identical for %d (both succeed %d, both fail %d), "
               "different for %d, reported by one library only %d; where both succeed, instructions "
               "processed identical for %d, different for %d (verifier states different for %d); "
               "where both fail, instructions processed different for %d"
               % (st["programs"], len(objects), st["verdict same"], st["both success"],
                  st["both failure"], st["verdict differs"], st["only one"],
                  st["insns same (success)"], st["insns differ (success)"],
                  st["states differ (success)"], st["insns differ (failure)"]))
    print("veristat: " + summary)
    print("%d passed, %d failed" % (passed, failed))
    if args.markdown:
        with open(args.markdown, "a") as f:
            f.write("\n## veristat (c-tests/selftests/veristat.sh)\n\n")
            f.write("veristat from the same tree, built against each library, run over every "
                    "compiled selftests object%s (%s s, both at once): objects identical **%d**, "
                    "different **%d**.\n\n" % (" (quick subset)" if args.quick else "",
                                               args.seconds, passed, failed))
            f.write(summary + ".\n")
            if fails or notes:
                f.write("\nDifferences:\n\n")
                for x in fails + notes:
                    f.write("- %s\n" % x.replace("NOTE: ", ""))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
