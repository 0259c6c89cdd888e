#!/usr/bin/env bash
# Builds bench/rbbench.c twice, against oxbpf (build/libbpf.a) and against
# upstream libbpf v1.7.0 (reference/), runs both alternately on the same
# kernel program, and writes the ratios into BENCHMARKS.md. Wall and CPU
# time swing with the machine's other load, so each library also runs once
# under callgrind (rbbench toggles collection around the measured consume
# calls only and dumps one profile per case): instructions per record, the
# deterministic comparison.
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

# Instructions of the measured consume calls, per case (3 rounds each).
for lib in upstream oxbpf; do
	rm -rf "$out/cg-$lib" && mkdir -p "$out/cg-$lib"
	(cd "$out/cg-$lib" && valgrind --tool=callgrind --collect-atstart=no \
		"../rbbench-$lib" 3 > counts.txt 2> valgrind.log)
done

# Median over runs of each case's median rate and CPU time, as table rows.
table=$(python3 - "$out/upstream.txt" "$out/oxbpf.txt" "$out/cg-upstream" "$out/cg-oxbpf" <<'PY'
import glob, re, statistics, sys
def instructions(d):
    """Instructions per record of each case, from its callgrind dump."""
    recs = {l.split()[0]: int(l.split()[3]) * 3 for l in open(d + "/counts.txt")}
    ir = {}
    for f in glob.glob(d + "/callgrind.out.*.*"):
        t = open(f).read()
        name = re.search(r"^desc: Trigger: Client Request: (\S+)", t, re.M).group(1)
        ir[name] = int(re.search(r"^totals: (\d+)", t, re.M).group(1)) / recs[name]
    return ir
def load(path):
    d = {}
    for line in open(path):
        name, rate, cpu, n = line.split()
        d.setdefault(name, [[], [], n])
        d[name][0].append(float(rate)); d[name][1].append(float(cpu))
    return d
up, ox = load(sys.argv[1]), load(sys.argv[2])
ui, oi = instructions(sys.argv[3]), instructions(sys.argv[4])
for name in sorted(up):
    ur, uc = statistics.median(up[name][0]), statistics.median(up[name][1])
    orr, oc = statistics.median(ox[name][0]), statistics.median(ox[name][1])
    print(f"| {name} | {up[name][2]} | {ur/1e6:.1f} | {orr/1e6:.1f} | {uc:.2f} | {oc:.2f} | {ui[name]:.1f} | {oi[name]:.1f} | **{orr/ur:.2f}×** | **{uc/oc:.2f}×** | **{ui[name]/oi[name]:.2f}×** |")
# The goal, judged on instructions (the deterministic column), worst case per buffer kind.
goal = {"ringbuf": 1.2, "perfbuf": 1.0}
words = []
for kind, want in goal.items():
    worst = min(ui[n] / oi[n] for n in ui if n.startswith(kind))
    cases = ", ".join(f"{oi[n]:.1f} vs {ui[n]:.1f}" for n in sorted(ui) if n.startswith(kind))
    words.append(f"{kind} {worst:.2f}× (instructions per record, oxbpf vs upstream: {cases}; "
                 f"goal ≥ {want}×: {'met' if worst >= want else 'NOT met'})")
print("STATUS " + "; ".join(words) + ".")
PY
)
status=$(echo "$table" | sed -n 's/^STATUS //p')
table=$(echo "$table" | grep -v '^STATUS ')
echo "$table"
echo "$status"

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
the median over runs of the median of $rounds rounds. Instructions: each library once
under \`valgrind --tool=callgrind --collect-atstart=no\` (3 rounds; rbbench toggles
collection around the consume calls), total / records. Kernel $kernel, $cpu, $(nproc) CPUs
shared with other jobs (expect a few % noise).

| case | records/round | upstream Mrec/s | oxbpf Mrec/s | upstream CPU ns/rec | oxbpf CPU ns/rec | upstream instr/rec | oxbpf instr/rec | throughput ratio | CPU ratio | instruction ratio |
|---|---|---|---|---|---|---|---|---|---|---|
$table

Goal (issue 7): ring buffer ≥ 1.2×, perf buffer ≥ 1.0× upstream's consume throughput.
It was judged on the instruction column (deterministic: callgrind, only the measured
consume calls, the callback's 2–3 instructions included) until issue 17 asked for wall
time. The walk is a chain of dependent header loads and its time is the misses on new
lines, not the instructions: since the prefetch (issue 17) oxbpf executes more
instructions per record than upstream (the prefetch and its test, and two values now
kept on the stack across the callback) and takes 2–3× less time per record in the 16 B
cases. The goal is now judged on \`bench/run-drain.sh\`, both libraries paired in one
process (see "Drain loop"); the wall and CPU columns here come from separate processes
and move by tens of percent between runs of the same binaries. Instructions: $status

What the loops do. Ring buffer: the producer position is loaded (acquire) once per batch
and re-read only when the consumer has caught up; the consumer position is published
(release) after every record, once its callback has returned, as libbpf, with a full
barrier before the final look at the producer position (see "Ring buffer, end to end");
one comparison of the header against both flag bits lets a committed, kept record
through (busy and discarded records branch off it, busy checked before discard), whose
size is then a round-up and an add. Each record's position comes from the previous
header, so the walk is a chain of dependent loads: with a backlog of 16 KiB or more it
prefetches the line 1 KiB ahead (a compare and a prefetch per record; see "Drain loop"
for what that does to wall time). Perf buffer: \`data_head\` is loaded (acquire)
once and \`data_tail\` published (release) once per pass, as libbpf; with a sample
callback, a \`PERF_RECORD_SAMPLE\` that lies inside the ring and holds at least header,
size word and padding goes straight to it (kind, size and wrap: three tests, then the
payload size clamped to the record) with no status to check afterwards, with the same
prefetch; every other record (lost, unknown kinds, wrapped records copied into the
scratch buffer, impossible sizes, which stop the pass with an error rather than looping)
goes through an out-of-line path. Before these changes (at commit a9af2fd) the loops
took 26 (ring buffer) and 36 (perf buffer) instructions per record: 1.12× and 0.89× of
upstream's.
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
