#!/usr/bin/env bash
# Differential test of libbpf's internal ABI for tools (include/internal/:
# hashmap, nlattr, relo_core, libbpf_internal): internal.c is built against
# oxbpf's headers and libbpf.a, and against upstream v1.7.0's own internal
# headers and libbpf.a, laid out as bpftool installs them (all in bpf/). Both
# run the same modes on the same inputs; outputs must be identical.
. "$(dirname "$0")/../lib.sh"

reference_env || { ko "reference build"; finish; }
ref_src=$REF_SRC
mkdir -p "$tmp/ours/bpf" "$tmp/ref/bpf"
cp "$root"/include/bpf/*.h "$root"/include/internal/*.h "$tmp/ours/bpf/"
cp "$REF_INCLUDE"/bpf/*.h "$tmp/ref/bpf/"
cp "$ref_src"/src/{hashmap,nlattr,relo_core,libbpf_internal}.h "$tmp/ref/bpf/"
cc -g -Wall -Werror -I"$tmp/ours" "$here/internal.c" "$build/libbpf.a" -lelf -lz -o "$tmp/ours.bin" ||
	ko "build against oxbpf"
# Upstream's libbpf_internal.h wants <linux/err.h> and <libelf.h>: libbpf's
# own include/ and libelf-dev.
cc -g -Wall -Werror -I"$tmp/ref" -idirafter "$ref_src/include" "$here/internal.c" \
	"$REF_LIB/libbpf.a" -lelf -lz -o "$tmp/ref.bin" || ko "build against upstream v1.7.0"
[ -x "$tmp/ours.bin" ] && [ -x "$tmp/ref.bin" ] || finish

check() {
	local label=$1; shift
	"$tmp/ref.bin" "$@" >"$tmp/ref.out" 2>&1; local rr=$?
	"$tmp/ours.bin" "$@" >"$tmp/ours.out" 2>&1; local ro=$?
	if [ $rr != $ro ]; then
		ko "$label: exit status oxbpf $ro, upstream $rr"
	elif cmp -s "$tmp/ref.out" "$tmp/ours.out"; then
		ok "$label: identical ($(wc -l <"$tmp/ref.out") lines)"
	else
		diff -u "$tmp/ref.out" "$tmp/ours.out" | head -30 | cut -c1-200
		ko "$label: differs from upstream"
	fi
}

check "hashmap: strategies, growth, deletion, iteration order" hashmap
check "nlattr: parsing, policies, extended acks; libbpf_print" nlattr
check "bpf_core_essential_name_len" names
check "vmlinux BTF: btf_kind_str, skip_mods_and_typedefs, btf_field_iter" btf /sys/kernel/btf/vmlinux
for src in "$root"/c-tests/progs/core_*.bpf.c "$root"/c-tests/bpftool/bt.bpf.c; do
	name=$(basename "$src" .bpf.c)
	obj=$tmp/$name.o
	clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" \
		-idirafter /usr/include/x86_64-linux-gnu -c "$src" -o "$obj" 2>/dev/null || continue
	check "$name.bpf.o BTF: field iterators" btf "$obj"
	check "$name.bpf.o CO-RE vs vmlinux: struct btf_ext, candidates, decisions, specs" \
		core "$obj" /sys/kernel/btf/vmlinux
done
finish
