#!/usr/bin/env bash
# C API behaviours the kernel's BPF selftests rely on (c-tests/conform/conform.c),
# run once built against oxbpf and once against upstream libbpf v1.7.0: the
# printed results must be identical.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	skip "loading programs needs root"
	finish
fi
reference_env || { ko "reference build"; finish; }
clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
	-c "$here/conform.bpf.c" -o "$tmp/conform.bpf.o" || ko "compile conform.bpf.c"
cc -g -Wall -Werror -I"$root/include" "$here/conform.c" "$build/libbpf.a" -lelf -lz -o "$tmp/ours" || ko "build ours"
cc -g -Wall -Werror -I"$REF_INCLUDE" "$here/conform.c" "$REF_LIB/libbpf.a" -lelf -lz -o "$tmp/ref" || ko "build reference"
"$tmp/ours" "$tmp/conform.bpf.o" >"$tmp/ours.out" 2>&1
"$tmp/ref" "$tmp/conform.bpf.o" >"$tmp/ref.out" 2>&1
if [ -s "$tmp/ref.out" ] && diff -u "$tmp/ref.out" "$tmp/ours.out"; then
	ok "conform: $(wc -l <"$tmp/ref.out") results identical to upstream"
else
	ko "conform: differs from upstream"
fi
cat "$tmp/ref.out"

# bpf_program__set_type drops the section's definition (veristat's freplace
# fix-up): settype.c on settype.bpf.c, against both libraries.
clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
	-c "$here/settype.bpf.c" -o "$tmp/settype.bpf.o" || ko "compile settype.bpf.c"
cc -g -Wall -Werror -I"$root/include" "$here/settype.c" "$build/libbpf.a" -lelf -lz -o "$tmp/settype-ours" || ko "build settype (ours)"
cc -g -Wall -Werror -I"$REF_INCLUDE" "$here/settype.c" "$REF_LIB/libbpf.a" -lelf -lz -o "$tmp/settype-ref" || ko "build settype (reference)"
"$tmp/settype-ours" "$tmp/settype.bpf.o" >"$tmp/settype.ours" 2>&1
"$tmp/settype-ref" "$tmp/settype.bpf.o" >"$tmp/settype.ref" 2>&1
if grep -q '^sched_cls: load 0$' "$tmp/settype.ref" && diff -u "$tmp/settype.ref" "$tmp/settype.ours"; then
	ok "settype: $(wc -l <"$tmp/settype.ref") results identical to upstream"
else
	ko "settype: differs from upstream (or upstream did not load the retyped program)"
fi
cat "$tmp/settype.ref"

# Loads that fail (at map creation; filling a program array slot): what
# libbpf leaves behind (relocated programs) and its error must match;
# objdump.c from c-tests/diff prints it.
cc -g -Wall -Werror -I"$root/include" "$root/c-tests/diff/objdump.c" "$build/libbpf.a" -lelf -lz -o "$tmp/dump-ours" || ko "build objdump (ours)"
cc -g -Wall -Werror -I"$REF_INCLUDE" "$root/c-tests/diff/objdump.c" "$REF_LIB/libbpf.a" -lelf -lz -o "$tmp/dump-ref" || ko "build objdump (reference)"
for t in failed_load unfilled_slot; do
	clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
		-c "$here/$t.bpf.c" -o "$tmp/$t.bpf.o" || { ko "compile $t.bpf.c"; continue; }
	"$tmp/dump-ours" "$tmp/$t.bpf.o" load >"$tmp/$t.ours" 2>&1
	"$tmp/dump-ref" "$tmp/$t.bpf.o" load >"$tmp/$t.ref" 2>&1
	if grep -q '^load: error' "$tmp/$t.ref" && diff -u "$tmp/$t.ref" "$tmp/$t.ours"; then
		ok "$t: $(head -1 "$tmp/$t.ref"), state after it identical to upstream"
	else
		ko "$t: differs from upstream (or upstream did not fail)"
	fi
done

# CO-RE relocations libbpf refuses with -E2BIG (a target bitfield no load can
# read; a target path deeper than 64 steps), as the selftests' core_reloc
# err_too_big_bitfield/err_too_deep cases: same error, same state.
clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
	-c "$here/core_e2big_btf.bpf.c" -o "$tmp/core_e2big_btf.bpf.o" || ko "compile core_e2big_btf.bpf.c"
for t in core_e2big_bits core_e2big_deep; do
	clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
		-c "$here/$t.bpf.c" -o "$tmp/$t.bpf.o" || { ko "compile $t.bpf.c"; continue; }
	"$tmp/dump-ours" "$tmp/$t.bpf.o" load "$tmp/core_e2big_btf.bpf.o" >"$tmp/$t.ours" 2>&1
	"$tmp/dump-ref" "$tmp/$t.bpf.o" load "$tmp/core_e2big_btf.bpf.o" >"$tmp/$t.ref" 2>&1
	if grep -q '^load: error -7$' "$tmp/$t.ref" && diff -u "$tmp/$t.ref" "$tmp/$t.ours"; then
		ok "$t: $(head -1 "$tmp/$t.ref") on its target BTF, state after it identical to upstream"
	else
		ko "$t: differs from upstream (or upstream did not fail with -E2BIG)"
	fi
done
finish
