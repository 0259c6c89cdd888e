#!/usr/bin/env bash
# Builds bench/rbbench.c twice, against oxbpf (build/libbpf.a) and against
# upstream libbpf v1.7.0 (reference/), runs both alternately on the same
# kernel program, and writes the ratios into BENCHMARKS.md.
# Usage: bench/run.sh [runs-per-library (default 5)] [rounds-per-run (default 15)]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
rounds=${2:-15}
out=$root/target/bench
mkdir -p "$out"
cd "$root"
make -s >/dev/null
eval "$(tools/reference-env.sh)"

clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I include -idirafter /usr/include/x86_64-linux-gnu \
	-Wall -Werror -c c-tests/progs/ringbuf.bpf.c -o "$out/ringbuf.bpf.o"
bpftool gen skeleton "$out/ringbuf.bpf.o" name ringbuf_bpf > "$out/ringbuf.skel.h"
cc -O2 -Wall -Werror -I include -I "$out" bench/rbbench.c build/libbpf.a -lelf -lz -o "$out/rbbench-oxbpf"
cc -O2 -Wall -Werror -I "$REF_INCLUDE" -I "$out" bench/rbbench.c "$REF_LIB/libbpf.a" -lelf -lz -o "$out/rbbench-upstream"

: > "$out/oxbpf.txt"
: > "$out/upstream.txt"
for _ in $(seq "$runs"); do
	"$out/rbbench-upstream" "$rounds" >> "$out/upstream.txt"
	"$out/rbbench-oxbpf" "$rounds" >> "$out/oxbpf.txt"
done

# Median over runs of each case's median rate and CPU time, as table rows.
table=$(python3 - "$out/upstream.txt" "$out/oxbpf.txt" <<'PY'
import statistics, sys
def load(path):
    d = {}
    for line in open(path):
        name, rate, cpu, n = line.split()
        d.setdefault(name, [[], [], n])
        d[name][0].append(float(rate)); d[name][1].append(float(cpu))
    return d
up, ox = load(sys.argv[1]), load(sys.argv[2])
for name in sorted(up):
    ur, uc = statistics.median(up[name][0]), statistics.median(up[name][1])
    orr, oc = statistics.median(ox[name][0]), statistics.median(ox[name][1])
    print(f"| {name} | {up[name][2]} | {ur/1e6:.1f} | {orr/1e6:.1f} | {uc:.2f} | {oc:.2f} | **{orr/ur:.2f}×** | {uc/oc:.2f}× |")
PY
)
echo "$table"

kernel=$(uname -r)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
section=$(cat <<MD
## Ring buffer and perf buffer consume throughput (issue 7)

Reproduce: \`bench/run.sh $runs $rounds\` (root; builds \`bench/rbbench.c\` against
\`build/libbpf.a\` and upstream v1.7.0's \`libbpf.a\` from \`reference/\`, same source, same
BPF object \`c-tests/progs/ringbuf.bpf.c\`, runs them alternately $runs times each).

Each round: the BPF program (tracepoint on \`getppid\`, pinned to CPU 0) fills a 16 MiB ring
buffer (or 16 MiB per-CPU perf buffer) to 90%; then one \`ring_buffer__consume\` /
\`perf_buffer__consume\` call drains it with a trivial callback (\`count++\`), timed.
Rate = records / wall time of that call; CPU = thread CPU time per record. Figures are
the median over runs of the median of $rounds rounds. Kernel $kernel, $cpu, $(nproc) CPUs
shared with other jobs (expect a few % noise).

| case | records/round | upstream Mrec/s | oxbpf Mrec/s | upstream CPU ns/rec | oxbpf CPU ns/rec | throughput ratio | CPU ratio (upstream/oxbpf) |
|---|---|---|---|---|---|---|---|
$table

Goal (issue 7): ring buffer ≥ 1.2×, perf buffer ≥ 1.0× upstream's consume throughput.
Status: NOT met yet. The record loops are monomorphised over the view and the callback
(positions, mask, callback and context copied into locals), the consumer position is
published per batch instead of per record, and \`ring_buffer__poll\` skips \`epoll_wait\`
when a ring already holds committed records; but on this loaded 2-CPU machine the
16 B ring buffer case is only ~1.1× and the 16 B perf buffer case is ~0.5× (about 4 ns
more per record than upstream: the next thing to profile is the per-record
\`Record\` decode and handler match in \`perfbuf::walk\`). Runs vary by tens of percent
with the other jobs' load; the CPU-time column is the steadier one.
MD
)
md=$root/BENCHMARKS.md
[ -f "$md" ] || printf '# Benchmarks\n\noxbpf against upstream libbpf v1.7.0 on the same machine and kernel.\n' > "$md"
python3 - "$md" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
pat = re.compile(r"## Ring buffer and perf buffer consume throughput \(issue 7\).*?(?=\n## |\Z)", re.S)
if pat.search(text):
    text = pat.sub(lambda m: section + "\n", text)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "wrote $md"
