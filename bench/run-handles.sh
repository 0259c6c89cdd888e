#!/usr/bin/env bash
# The cost of the handle checks (issue 16 item 3) on the consume path:
# bench/rbbench.c built against upstream, a BEFORE oxbpf archive (required:
# BEFORE=path/libbpf.a, e.g. built from main without the checks) and
# build/libbpf.a, run interleaved; then each once under callgrind. Prints
# per case the median rate (Mrec/s) and instructions per record; then the
# getter table of bench/run-getters.sh.
# Usage: BEFORE=... bench/run-handles.sh [runs (default 5)] [rounds (default 15)]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
rounds=${2:-15}
out=$root/target/bench-handles
mkdir -p "$out"
cd "$root"
: "${BEFORE:?set BEFORE to the oxbpf libbpf.a to compare with}"
eval "$(tools/reference-env.sh)"
clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I include -idirafter /usr/include/x86_64-linux-gnu \
	-Wall -Werror -c c-tests/progs/ringbuf.bpf.c -o "$out/ringbuf.bpf.o"
bpftool gen skeleton "$out/ringbuf.bpf.o" name ringbuf_bpf >"$out/ringbuf.skel.h"
cc -O2 -Wall -Werror -I "$REF_INCLUDE" -I "$out" bench/rbbench.c "$REF_LIB/libbpf.a" -lelf -lz -o "$out/rb-upstream"
cc -O2 -Wall -Werror -I include -I "$out" bench/rbbench.c "$BEFORE" -lelf -lz -o "$out/rb-before"
cc -O2 -Wall -Werror -I include -I "$out" bench/rbbench.c build/libbpf.a -lelf -lz -o "$out/rb-oxbpf"
libs=(upstream before oxbpf)
for l in "${libs[@]}"; do : >"$out/$l.txt"; done
for _ in $(seq "$runs"); do
	for l in "${libs[@]}"; do "$out/rb-$l" "$rounds" >>"$out/$l.txt"; done
done
for l in "${libs[@]}"; do
	rm -rf "$out/cg-$l" && mkdir -p "$out/cg-$l"
	(cd "$out/cg-$l" && valgrind --tool=callgrind --collect-atstart=no "../rb-$l" 3 >counts.txt 2>valgrind.log)
done
python3 - "$out" "${libs[@]}" <<'PY'
import glob, re, statistics, sys
out, libs = sys.argv[1], sys.argv[2:]
rate, ir = {}, {}
for l in libs:
    d = {}
    for line in open(f"{out}/{l}.txt"):
        name, r, cpu, n = line.split()
        d.setdefault(name, []).append(float(r))
    rate[l] = {k: statistics.median(v) for k, v in d.items()}
    recs = {x.split()[0]: int(x.split()[3]) * 3 for x in open(f"{out}/cg-{l}/counts.txt")}
    ir[l] = {}
    for f in glob.glob(f"{out}/cg-{l}/callgrind.out.*.*"):
        t = open(f).read()
        name = re.search(r"^desc: Trigger: Client Request: (\S+)", t, re.M).group(1)
        ir[l][name] = int(re.search(r"^totals: (\d+)", t, re.M).group(1)) / recs[name]
print("| case | " + " | ".join(f"{l} Mrec/s (instr/rec)" for l in libs) + " | after/before rate | after/before instr |")
print("|---|" + "---|" * (len(libs) + 2))
for c in sorted(rate[libs[0]]):
    cells = " | ".join(f"{rate[l][c]/1e6:.1f} ({ir[l][c]:.2f})" for l in libs)
    print(f"| {c} | {cells} | {rate['oxbpf'][c]/rate['before'][c]:.3f} | {ir['oxbpf'][c]/ir['before'][c]:.4f} |")
PY
BEFORE=$BEFORE "$root/bench/run-getters.sh" "$runs"
