#!/usr/bin/env bash
# Differential test of btf_dump (btf_dump__dump_type, __emit_type_decl,
# __dump_type_data): dumptest.c is built once against oxbpf and once against
# upstream libbpf v1.7.0; both run on the same BTF (the kernel's vmlinux and
# module BTF, the corpus objects, data.bpf.o, BTF built with btf__add_*) and
# their outputs must be byte-identical. Any difference is a failure.
. "$(dirname "$0")/../lib.sh"

reference_env || { ko "reference build"; finish; }
cc -g -Wall -Werror -I"$root/include" "$here/dumptest.c" "$build/libbpf.a" -lelf -lz -o "$tmp/ours" || ko "build ours"
cc -g -Wall -Werror -I"$REF_INCLUDE" "$here/dumptest.c" "$REF_LIB/libbpf.a" -lelf -lz -o "$tmp/ref" || ko "build reference"

# check LABEL MODE [BTF [BASE]]: runs both builds, diffs their outputs
# (with must_output set, empty output is a failure too).
check() {
	local label=$1; shift
	local ro="$tmp/out.ref" oo="$tmp/out.ours" rc_r rc_o
	"$tmp/ref" "$1" "$ro" "${@:2}"; rc_r=$?
	"$tmp/ours" "$1" "$oo" "${@:2}"; rc_o=$?
	if [ "$rc_r" != "$rc_o" ]; then
		ko "$label: exit status ours $rc_o, upstream $rc_r"
	elif [ ! -s "$ro" ] && [ -n "${must_output:-}" ]; then
		ko "$label: upstream produced no output"
	elif cmp -s "$ro" "$oo"; then
		ok "$label: identical to upstream ($(wc -c <"$ro") bytes)"
	else
		diff -u "$ro" "$oo" | head -30 | cut -c1-300
		ko "$label: differs from upstream"
	fi
}

# (a) the kernel's BTF
vmlinux=/sys/kernel/btf/vmlinux
if [ -r "$vmlinux" ]; then
	must_output=1
	check "vmlinux: dump_type of every type" c "$vmlinux"
	check "vmlinux: emit_type_decl of every type" decl "$vmlinux"
	check "vmlinux: dump_type_data of every type" dataall "$vmlinux"
	check "vmlinux: error returns" errors "$vmlinux"
	must_output=
else
	skip "no $vmlinux"
fi

# (b) split BTF of kernel modules (on top of vmlinux)
mods=$(ls /sys/kernel/btf 2>/dev/null | grep -vx vmlinux | head -3)
if [ -n "$mods" ]; then
	for m in $mods; do
		check "module $m: dump_type (split BTF)" c "/sys/kernel/btf/$m" "$vmlinux"
		check "module $m: emit_type_decl (split BTF)" decl "/sys/kernel/btf/$m" "$vmlinux"
	done
else
	# split BTF is still covered by the synthetic case below
	skip "no kernel module BTF under /sys/kernel/btf (split BTF tested on synthetic BTF)"
fi

# (c) BTF of BPF objects: the corpus and data.bpf.c
for src in "$root"/c-tests/progs/*.bpf.c "$here/data.bpf.c"; do
	name=$(basename "$src" .bpf.c)
	obj="$tmp/$name.bpf.o"
	if ! clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -I"$here" \
		-idirafter /usr/include/x86_64-linux-gnu -c "$src" -o "$obj" 2>"$tmp/cc.err"; then
		cat "$tmp/cc.err"; ko "$name: compile"; continue
	fi
	check "$name.bpf.o: dump_type" c "$obj"
	check "$name.bpf.o: emit_type_decl" decl "$obj"
	check "$name.bpf.o: dump_type_data" dataall "$obj"
done

# BTF built with btf__add_*: bitfields, packing, padding, anonymous types,
# function pointers, enum64, modifiers, duplicate names, cycles, type tags,
# types added after btf_dump__new, split BTF
must_output=1
check "synthetic BTF" synth
# (e) typed data under every option combination, short data, unaligned data
check "data.bpf.o: dump_type_data values and options" data "$tmp/data.bpf.o"
# (f) errors on a small object too
check "data.bpf.o: error returns" errors "$tmp/data.bpf.o"

# NULL arguments upstream crashes on: ours must fail cleanly
"$tmp/ours" nullargs "$tmp/null.out" "$tmp/data.bpf.o" 2>/dev/null
cat >"$tmp/null.expected" <<'END'
new(btf NULL): ret=-22 errno=22
dump_type(NULL): ret=-22 errno=22
emit_type_decl(NULL): ret=-22 errno=22
dump_type_data(NULL): ret=-22 errno=22
dump_type_data(data NULL): ret=-7 errno=7
intemit_type_decl(field_name NULL): ret=0 errno=0
emit_type_decl(id cnt): ret=-22 errno=22
END
if diff -u "$tmp/null.expected" "$tmp/null.out"; then
	ok "NULL arguments fail cleanly (oxbpf only)"
else
	ko "NULL arguments"
fi

finish
