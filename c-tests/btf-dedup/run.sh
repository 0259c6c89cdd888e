#!/usr/bin/env bash
# Differential test of btf__dedup: deduptest.c is built once against oxbpf
# and once against upstream libbpf v1.7.0; both dedup the same inputs (each
# corpus object's BTF with its .BTF.ext, objects merged with btf__add_btf,
# vmlinux BTF, objects' BTF split on vmlinux, synthetic BTF, error cases)
# and their outputs (return values, raw BTF and .BTF.ext bytes) must be
# identical. Any difference is a failure.
. "$(dirname "$0")/../lib.sh"

reference_env || { ko "reference build"; finish; }
cc -g -O1 -Wall -Werror -I"$root/include" "$here/deduptest.c" "$build/libbpf.a" -lelf -lz -o "$tmp/ours" || ko "build ours"
cc -g -O1 -Wall -Werror -I"$REF_INCLUDE" "$here/deduptest.c" "$REF_LIB/libbpf.a" -lelf -lz -o "$tmp/ref" || ko "build reference"

# check LABEL MODE ARGS...: runs both builds, compares their outputs.
check() {
	local label=$1; shift
	local ro="$tmp/out.ref" oo="$tmp/out.ours" rc_r rc_o
	"$tmp/ref" "$1" "$ro" "${@:2}"; rc_r=$?
	"$tmp/ours" "$1" "$oo" "${@:2}"; rc_o=$?
	if [ "$rc_r" != "$rc_o" ]; then
		ko "$label: exit status ours $rc_o, upstream $rc_r"
	elif [ ! -s "$ro" ]; then
		ko "$label: upstream produced no output"
	elif cmp -s "$ro" "$oo"; then
		ok "$label: identical to upstream ($(grep -c 'dedup ret=0' "$ro") dedups, $(wc -c <"$ro") bytes)"
	else
		diff "$ro" "$oo" | head -10 | cut -c1-200
		ko "$label: differs from upstream"
	fi
}

objs=()
for src in "$root"/c-tests/progs/*.bpf.c; do
	name=$(basename "$src" .bpf.c)
	obj="$tmp/$name.bpf.o"
	if ! clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" \
		-idirafter /usr/include/x86_64-linux-gnu -c "$src" -o "$obj" 2>"$tmp/cc.err"; then
		cat "$tmp/cc.err"; ko "$name: compile"; continue
	fi
	objs+=("$obj")
	check "$name.bpf.o: .BTF and .BTF.ext" elf "$obj"
done

check "all objects merged" merge "${objs[@]}"
check "all objects merged twice over" merge "${objs[@]}" "${objs[@]}"
check "all objects merged, force_collisions" force "${objs[@]}"
check "synthetic BTF" synth
check "error returns" errors

vmlinux=/sys/kernel/btf/vmlinux
if [ -r "$vmlinux" ]; then
	check "vmlinux dedup'ed again (twice)" raw "$vmlinux"
	check "vmlinux + an object + vmlinux merged" merge "$vmlinux" "${objs[0]}" "$vmlinux"
	check "objects split on vmlinux" split "$vmlinux" "${objs[@]}"
	check "one object split on vmlinux" split "$vmlinux" "${objs[0]}"
else
	skip "no $vmlinux"
fi

# NULL btf (upstream crashes on it): ours fails cleanly
"$tmp/ours" nullargs "$tmp/null.out"
if [ "$(cat "$tmp/null.out")" = "NULL btf: ret=-22 errno=22" ]; then
	ok "NULL btf fails with -EINVAL (oxbpf only)"
else
	cat "$tmp/null.out"; ko "NULL btf"
fi

finish
