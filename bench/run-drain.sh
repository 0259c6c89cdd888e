#!/usr/bin/env bash
# Drain loop wall time, oxbpf against upstream v1.7.0 in the same process
# (bench/rb_pair.c): ring_buffer__consume / perf_buffer__consume on a full
# buffer, one consume per library per round, alternating, so both halves of
# a pair see the same machine. Both libraries as shared objects built from
# their static archives the same way (build/libbpf.so.1 is ours; upstream's
# libbpf.a is linked whole into target/bench/libbpf-upstream.so). Runs
# `runs` processes (each maps its own buffers, so page placement differs
# between them) and prints, per case, the medians over runs of each run's
# medians, with the load average before and after.
# Control: RB_DRAIN_AA=1 pairs upstream with a copy of itself instead of
# oxbpf (the ratio the method gives two identical libraries).
# Usage: bench/run-drain.sh [runs (default 3)] [rounds (default 11)] [ring KiB (default 16384)]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
rounds=${2:-11}
kib=${3:-16384}
out=$root/target/bench
mkdir -p "$out"
cd "$root"
[ -n "${NO_MAKE:-}" ] || make -s >/dev/null
eval "$(tools/reference-env.sh)"

cc -shared -o "$out/libbpf-upstream.so" -Wl,--whole-archive "$REF_LIB/libbpf.a" \
	-Wl,--no-whole-archive -lelf -lz
clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I include -idirafter /usr/include/x86_64-linux-gnu \
	-Wall -Werror -c c-tests/progs/ringbuf.bpf.c -o "$out/ringbuf.bpf.o"
cc -O2 -Wall -Werror -I include bench/rb_pair.c -ldl -o "$out/rb_pair"
ours=$root/build/libbpf.so.1
if [ -n "${RB_DRAIN_AA:-}" ]; then
	cp "$out/libbpf-upstream.so" "$out/libbpf-upstream-copy.so"
	ours=$out/libbpf-upstream-copy.so
fi

echo "before: $(uptime)"
: > "$out/drain.txt"
for _ in $(seq "$runs"); do
	"$out/rb_pair" "$ours" "$out/libbpf-upstream.so" "$out/ringbuf.bpf.o" "$rounds" "$kib" \
		>> "$out/drain.txt"
done
echo "after: $(uptime)"
python3 - "$out/drain.txt" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, n, uw, ow, uc, oc, wr, cr, wins = line.split()
    r = rows.setdefault(name, [n, [], [], [], [], [], [], []])
    for i, v in enumerate((uw, ow, uc, oc, wr, cr)):
        r[i + 1].append(float(v))
    r[7].append(wins)
print("| case | records/round | upstream wall ns/rec | oxbpf wall ns/rec | upstream CPU ns/rec | oxbpf CPU ns/rec | wall ratio (upstream/oxbpf, paired) | CPU ratio (paired) | pairs oxbpf faster (per run) |")
print("|---|---|---|---|---|---|---|---|---|")
for name in sorted(rows):
    r = rows[name]
    m = [statistics.median(x) for x in r[1:7]]
    print(f"| {name} | {r[0]} | {m[0]:.2f} | {m[1]:.2f} | {m[2]:.2f} | {m[3]:.2f} | **{m[4]:.2f}×** | **{m[5]:.2f}×** | {', '.join(r[7])} |")
PY
