#!/usr/bin/env bash
# bpf_object__gen_loader end to end (gen_loader.c): objects of our corpus
# (global data + hash map, CO-RE against vmlinux, ksyms/kfuncs/tp_btf, a
# map-in-map with program-array slots a loader can't record, many program
# and map types, .kconfig, a recordable map-in-map) turned into
# loader programs, run with skel_internal.h's bpf_load_and_run, the created
# maps and programs checked and one program per object attached and observed.
# Built against oxbpf and against upstream libbpf v1.7.0; the "SIG" lines
# (kernel info of what each loader created, process-independent results)
# must be identical.
#
# Prints "N passed, N failed, N skipped" last; exits non-zero on failure.
. "$(dirname "$0")/../lib.sh"

cflags=(-g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu)
objs=()
for name in globals core_task ksyms map_in_map features kconfig; do
	if clang-19 "${cflags[@]}" -c "$root/c-tests/progs/$name.bpf.c" -o "$tmp/$name.bpf.o" 2>"$tmp/cc.err"; then
		objs+=("$tmp/$name.bpf.o")
	else
		cat "$tmp/cc.err"; ko "compile $name.bpf.c"; finish
	fi
done
# map-in-map without program-array slots (ours, not the shared corpus)
if clang-19 "${cflags[@]}" -c "$here/mim.bpf.c" -o "$tmp/mim.bpf.o" 2>"$tmp/cc.err"; then
	objs+=("$tmp/mim.bpf.o")
else
	cat "$tmp/cc.err"; ko "compile mim.bpf.c"; finish
fi

reference_env || { ko "reference build"; finish; }
for v in ours ref; do
	if [ $v = ours ]; then inc="$root/include" lib="$build/libbpf.a" def=-DOXBPF; else inc="$REF_INCLUDE" lib="$REF_LIB/libbpf.a" def=; fi
	# skel_internal.h is always ours (-iquote): the runner is not under test.
	if cc -g -Wall -Werror $def -I"$inc" -iquote "$root/include/bpf" "$here/gen_loader.c" "$lib" -lelf -lz \
		-o "$tmp/gen-$v" 2>"$tmp/cc.err"; then
		ok "build ($v)"
	else
		cat "$tmp/cc.err"; ko "build ($v)"; finish
	fi
done

if [ "$(id -u)" != 0 ]; then
	skip "running loaders needs root"; finish
fi
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null

for v in ours ref; do
	"$tmp/gen-$v" "${objs[@]}" >"$tmp/out.$v" 2>"$tmp/err.$v"
	rc=$?
	grep -E '^(FAIL|INFO)' "$tmp/out.$v" | sed "s/^/  [$v] /"
	counts=$(tail -n1 "$tmp/out.$v")
	grep '^SKIP' "$tmp/out.$v" | sed "s/^/  [$v] /"
	[ $v = ours ] && skip=$((skip + $(grep -c '^SKIP' "$tmp/out.$v")))
	if [ $rc = 0 ]; then
		ok "loader checks ($v): $counts"
	else
		tail -n 20 "$tmp/err.$v"; ko "loader checks ($v): $counts"
	fi
done
grep '^SIG ' "$tmp/out.ours" >"$tmp/sig.ours"
grep '^SIG ' "$tmp/out.ref" >"$tmp/sig.ref"
if [ -s "$tmp/sig.ours" ] && diff -u "$tmp/sig.ref" "$tmp/sig.ours" >"$tmp/diff"; then
	ok "maps and programs the loaders created identical to upstream's ($(wc -l <"$tmp/sig.ours") lines)"
else
	cat "$tmp/diff"; ko "loaders differ from upstream's"
fi
finish
