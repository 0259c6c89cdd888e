#!/usr/bin/env bash
# btf__dedup, oxbpf vs upstream libbpf v1.7.0: c-tests/btf-dedup/deduptest.c
# built against each library, timing (CPU time of the btf__dedup call only,
# parse excluded) of (a) vmlinux BTF dedup'ed again and (b) an object's BTF
# added on top of vmlinux as split BTF and dedup'ed against it; then
# instructions inside btf__dedup under callgrind (deterministic, unlike the
# CPU time on this shared machine). Prints a markdown table.
# Usage: bench/btf_dedup.sh [runs (default 5)]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
out=$root/target/bench/dedup
mkdir -p "$out"
cd "$root"
make -s >/dev/null
eval "$(tools/reference-env.sh)"
cc -O2 -Wall -Werror -I include c-tests/btf-dedup/deduptest.c build/libbpf.a -lelf -lz -o "$out/oxbpf"
cc -O2 -Wall -Werror -I "$REF_INCLUDE" c-tests/btf-dedup/deduptest.c "$REF_LIB/libbpf.a" -lelf -lz -o "$out/upstream"
clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I include -idirafter /usr/include/x86_64-linux-gnu \
	-c c-tests/progs/core_task.bpf.c -o "$out/core_task.bpf.o"
vmlinux=/sys/kernel/btf/vmlinux

# median CPU ms of RUNS runs per library, alternating: prints "upstream oxbpf"
cpu() {
	: >"$out/cpu.upstream"; : >"$out/cpu.oxbpf"
	for _ in $(seq "$runs"); do
		for lib in upstream oxbpf; do
			ITERS=1 "$out/$lib" bench - "$@" | awk '{print $2}' >>"$out/cpu.$lib"
		done
	done
	for lib in upstream oxbpf; do
		sort -n "$out/cpu.$lib" | awk '{a[NR]=$1} END {printf "%s ", a[int((NR+1)/2)]}'
	done
	echo
}
# instructions inside btf__dedup (callgrind, one run)
instr() {
	local lib=$1; shift
	rm -f "$out/cg.$lib.out"
	ITERS=1 valgrind --tool=callgrind --toggle-collect=btf__dedup \
		--callgrind-out-file="$out/cg.$lib.out" "$out/$lib" bench - "$@" >/dev/null 2>&1
	callgrind_annotate "$out/cg.$lib.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
}

echo "$(uname -r), $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| case | upstream CPU ms | oxbpf CPU ms | CPU ratio | upstream instructions | oxbpf instructions | instruction ratio |"
echo "|---|---|---|---|---|---|---|"
for c in vmlinux split; do
	if [ $c = vmlinux ]; then args=("$vmlinux"); label="vmlinux BTF dedup'ed again"; else
		args=("$vmlinux" "$out/core_task.bpf.o"); label="core_task.bpf.o BTF split on vmlinux"; fi
	read -r uc oc < <(cpu "${args[@]}")
	ui=$(instr upstream "${args[@]}"); oi=$(instr oxbpf "${args[@]}")
	echo "| $label | $uc | $oc | $(python3 -c "print(f'{$oc/$uc:.2f}')")× |" \
		"$ui | $oi | $(python3 -c "print(f'{$oi/$ui:.2f}')")× |"
done
