#!/usr/bin/env bash
# Custom section handlers, exclusive maps, global-data resizing and the legacy
# aliases, on the real kernel. Each C test checks itself and is built twice:
# against oxbpf and against upstream libbpf v1.7.0 (so the expectations are
# upstream's behaviour, not our guess); both builds must pass.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	skip "loading programs needs root"
	finish
fi
reference_env || { ko "reference build"; finish; }
BPFTOOL=${BPFTOOL:-bpftool}
cflags=(-g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu)
for p in handler fallback exclusive resize; do
	[ -f "$here/$p.bpf.c" ] || continue
	clang-19 "${cflags[@]}" -c "$here/$p.bpf.c" -o "$tmp/$p.bpf.o" 2>"$tmp/cc.err" || { cat "$tmp/cc.err"; ko "compile $p.bpf.c"; }
done
$BPFTOOL gen skeleton "$tmp/handler.bpf.o" name handler_bpf >"$tmp/handler.skel.h" 2>"$tmp/skel.err" ||
	{ cat "$tmp/skel.err"; ko "bpftool gen skeleton handler.bpf.o"; }

# test NAME ARGS...: builds NAME.c against both libraries and runs each.
test_c() {
	local name=$1; shift
	local v inc lib
	for v in ours ref; do
		if [ $v = ours ]; then inc="$root/include" lib="$build/libbpf.a"; else inc="$REF_INCLUDE" lib="$REF_LIB/libbpf.a"; fi
		if ! cc -g -Wall -Werror -I"$inc" -I"$tmp" "$here/$name.c" "$lib" -lelf -lz -o "$tmp/$name-$v" 2>"$tmp/cc.err"; then
			cat "$tmp/cc.err"; ko "$name: build ($v)"; continue
		fi
		"$tmp/$name-$v" "$@" >"$tmp/out" 2>&1
		local rc=$?
		if grep -q '^SKIP' "$tmp/out"; then
			grep '^SKIP' "$tmp/out" | sed "s/^SKIP:/SKIP: $name ($v):/"; skip=$((skip + 1))
		elif [ $rc = 0 ]; then
			ok "$name ($v): $(tail -1 "$tmp/out")"
		else
			cat "$tmp/out"; ko "$name ($v)"
		fi
	done
}

test_c handler "$tmp/handler.bpf.o" "$tmp/fallback.bpf.o"
[ -f "$here/exclusive.c" ] && test_c exclusive "$tmp/exclusive.bpf.o"
[ -f "$here/resize.c" ] && test_c resize "$tmp/resize.bpf.o"
[ -f "$here/legacy.c" ] && test_c legacy "$tmp/exclusive.bpf.o"
finish
