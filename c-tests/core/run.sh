#!/usr/bin/env bash
# Differential CO-RE suite: each CO-RE corpus object (c-tests/progs/core_*.bpf.c)
# opened and loaded (as root) by oxbpf and by upstream libbpf v1.7.0, against
# the running kernel's BTF and against a btf_custom_path target
# (core_target.btf.c); the relocated instructions (bpf_program__insns after
# load) must be identical. Then btf__find_by_name/find_by_name_kind/
# resolve_size/resolve_type/align_of answers on vmlinux BTF (names.txt and a
# sweep of type ids) and on the custom target must be identical too, and so
# must bpf_prog_linfo__lfind/lfind_addr_func answers on the loaded programs,
# and the BTF btf__distill_base/btf__relocate/btf__permute produce (distill.c), and
# big-endian BTF written and read (endian.c).
. "$(dirname "$0")/../lib.sh"

reference_env || { ko "reference build"; finish; }
for v in ours ref; do
	if [ $v = ours ]; then inc="$root/include" lib="$build/libbpf.a"; else inc="$REF_INCLUDE" lib="$REF_LIB/libbpf.a"; fi
	cc -g -Wall -Werror -I"$inc" "$root/c-tests/diff/objdump.c" "$lib" -lelf -lz -o "$tmp/dump-$v" || ko "build dump ($v)"
	cc -g -Wall -Werror -I"$inc" "$here/btfquery.c" "$lib" -lelf -lz -o "$tmp/query-$v" || ko "build query ($v)"
	cc -g -Wall -Werror -I"$inc" "$here/linfo.c" "$lib" -lelf -lz -o "$tmp/linfo-$v" || ko "build linfo ($v)"
	cc -g -Wall -Werror -I"$inc" "$here/distill.c" "$lib" -lelf -lz -o "$tmp/distill-$v" || ko "build distill ($v)"
	cc -g -Wall -Werror -I"$inc" "$here/endian.c" "$lib" -lelf -lz -o "$tmp/endian-$v" || ko "build endian ($v)"
done

# compare NAME CMD...: runs CMD with ours and ref substituted for @, diffs.
compare() {
	local name=$1; shift
	"${@//@/ours}" >"$tmp/out.ours" 2>&1
	"${@//@/ref}" >"$tmp/out.ref" 2>&1
	if diff -u "$tmp/out.ref" "$tmp/out.ours" >"$tmp/diff"; then
		ok "$name: identical to upstream ($(wc -l <"$tmp/out.ours") lines)"
	else
		head -40 "$tmp/diff"; ko "$name: differs from upstream"
	fi
}

cflags=(-g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu)
target="$tmp/core_target.o"
clang-19 -g -O2 -target bpf -c -x c "$root/c-tests/progs/core_target.btf.c" -o "$target" || ko "compile core_target"

for src in "$root"/c-tests/progs/core_*.bpf.c; do
	name=$(basename "$src" .bpf.c)
	obj="$tmp/$name.bpf.o"
	if ! clang-19 "${cflags[@]}" -c "$src" -o "$obj" 2>"$tmp/cc.err"; then
		cat "$tmp/cc.err"; ko "$name: compile"; continue
	fi
	if [ "$(id -u)" != 0 ]; then
		skip "$name load needs root"; continue
	fi
	compare "$name (load, vmlinux)" "$tmp/dump-@" "$obj" load
	compare "$name (load, btf_custom_path)" "$tmp/dump-@" "$obj" load "$target"
	# Line info of the loaded programs through bpf_prog_linfo__*.
	case $name in core_ambig | core_custom) ;; *) compare "$name (bpf_prog_linfo)" "$tmp/linfo-@" "$obj" ;; esac
done

if [ -r /sys/kernel/btf/vmlinux ]; then
	compare "vmlinux BTF queries" sh -c "\"$tmp/query-@\" <\"$here/names.txt\""
else
	skip "no /sys/kernel/btf/vmlinux"
fi
compare "custom target BTF queries" sh -c "printf 'task_struct\npoint\npoint___v2\ntwice\ncolor\nu64_t\nRED\n' | \"$tmp/query-@\" -f \"$target\""
# Distilled base + relocation: byte-identical BTF, and the round trips
# give back the split types (the program checks; "0" differing each time).
compare "btf__distill_base/btf__relocate/btf__permute" "$tmp/distill-@" "$tmp/core_task.bpf.o"
if [ "$(grep -c 'differing after round trip: 0$' "$tmp/out.ours")" = 3 ]; then
	ok "distill/relocate round trips keep every split type"
else
	grep 'differ' "$tmp/out.ours"; ko "distill/relocate round trips"
fi
# Big-endian BTF: API-built BTF written big-endian and read back, and a
# bpfeb object's .BTF/.BTF.ext (endian.c self-checks the round trips).
clang-19 -g -O2 -target bpfeb -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
	-c "$root/c-tests/progs/core_task.bpf.c" -o "$tmp/core_task.eb.o" || ko "compile bpfeb object"
compare "big-endian BTF and .BTF.ext" "$tmp/endian-@" "$tmp/core_task.eb.o"
if "$tmp/endian-ours" "$tmp/core_task.eb.o" >/dev/null; then
	ok "big-endian round trips (oxbpf self-check)"
else
	ko "big-endian round trips (oxbpf self-check)"
fi
finish
