#!/usr/bin/env bash
# Differential test of the static linker (bpf_linker__*): link.c is built
# once against oxbpf and once against upstream libbpf v1.7.0; both link the
# same inputs, and their outputs must be byte-identical, their return values,
# errno and log line counts equal. Each linked object is then opened and
# loaded by both libraries, which must agree (the kernel refuses some program
# types here: both then fail alike).
#
# Inputs: every corpus object alone (c-tests/progs), the multi-object cases
# of progs/ (extern and weak functions, variables and maps, __hidden, static
# functions of one name, data sections, CO-RE, kconfig/ksyms externs), linked
# outputs linked again, the kernel selftests' linked objects (linked_funcs,
# linked_vars, linked_maps, test_static_linked, test_subskeleton, test_usdt;
# from linux-source-6.12, compiled once into /var/tmp/oxbpf-cache/linker-objs),
# and error cases. With OXBPF_LINKER_SWEEP=<dir>, also every *.bpf.o there alone
# (linked only; OXBPF_LINKER_SWEEP_LOAD=1 loads them too).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
tmp=$(mktemp -d)
pins=/sys/fs/bpf/oxbpf-linker-$$
export LINKTEST_PIN_ROOT=$pins
trap 'rm -rf "$tmp" "$pins"' EXIT
pass=0 fail=0 skip=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }
ko() { echo "FAIL: $*"; fail=$((fail + 1)); }

eval "$("$root/tools/reference-env.sh")" || { echo "FAIL: reference build"; echo "0 passed, 1 failed"; exit 1; }
cc -g -O1 -Wall -Werror -I"$root/include" "$here/link.c" "$build/libbpf.a" -lelf -lz -o "$tmp/ours" || ko "build ours"
cc -g -O1 -Wall -Werror -I"$REF_INCLUDE" "$here/link.c" "$REF_LIB/libbpf.a" -lelf -lz -o "$tmp/ref" || ko "build reference"
[ -x "$tmp/ours" ] && [ -x "$tmp/ref" ] || { echo "$pass passed, $fail failed"; exit 1; }

bpfcc() { clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu "$@"; }

# link LABEL MODE IN...: links with both builds; compares what they print and
# write; then loads the outputs (when upstream wrote one) with both.
n=0
link() {
	local label=$1 mode=$2; shift 2
	n=$((n + 1))
	local ro="$tmp/r$n.o" oo="$tmp/o$n.o"
	"$tmp/ref" "$mode" "$ro" "$@" >"$tmp/r.out" 2>/dev/null
	"$tmp/ours" "$mode" "$oo" "$@" >"$tmp/o.out" 2>/dev/null
	if ! cmp -s "$tmp/r.out" "$tmp/o.out"; then
		diff "$tmp/r.out" "$tmp/o.out" | head -8
		ko "$label: calls differ from upstream"
		return
	fi
	if ! grep -q '^finalize: ret=0 ' "$tmp/r.out"; then
		ok "$label: same result as upstream ($(grep -v ' ret=0 ' "$tmp/r.out" | head -1))"
		return
	fi
	if ! cmp -s "$ro" "$oo"; then
		ko "$label: output differs: $("$here/where.py" "$ro" "$oo")"
		return
	fi
	ok "$label: identical to upstream ($(wc -c <"$ro") bytes)"
	last_out=$ro
	if [ -n "${NOLOAD:-}" ]; then
		echo "SKIP: $label: not loaded: $NOLOAD"; skip=$((skip + 1))
		return
	fi
	"$tmp/ref" load "$ro" >"$tmp/rl.out" 2>/dev/null
	"$tmp/ours" load "$oo" >"$tmp/ol.out" 2>/dev/null
	if cmp -s "$tmp/rl.out" "$tmp/ol.out"; then
		ok "$label: loads as upstream ($(tr '\n' ' ' <"$tmp/ol.out"))"
	else
		paste -d'|' "$tmp/rl.out" "$tmp/ol.out" | head -4
		ko "$label: loading differs from upstream"
	fi
}

# Our corpus and the linker's own cases.
for src in "$root"/c-tests/progs/*.bpf.c "$here"/progs/*.bpf.c; do
	name=$(basename "$src" .bpf.c)
	bpfcc -c "$src" -o "$tmp/$name.bpf.o" 2>"$tmp/cc.err" || { cat "$tmp/cc.err"; ko "$name: compile"; }
done
o() { for x in "$@"; do echo "$tmp/$x.bpf.o"; done; }

for src in "$root"/c-tests/progs/*.bpf.c "$here"/progs/*.bpf.c; do
	name=$(basename "$src" .bpf.c)
	[ -f "$tmp/$name.bpf.o" ] && link "$name alone" file "$tmp/$name.bpf.o"
done
link "funcs1 + funcs2" file $(o funcs1 funcs2)
link "funcs2 + funcs1" file $(o funcs2 funcs1)
link "vars1 + vars2" file $(o vars1 vars2)
link "vars2 + vars1" file $(o vars2 vars1)
link "maps1 + maps2 + maps3" file $(o maps1 maps2 maps3)
link "maps3 + maps2 + maps1" file $(o maps3 maps2 maps1)
link "core1 + core2" file $(o core1 core2)
link "externs1 + externs2" file $(o externs1 externs2)
link "all good cases together" file $(o funcs1 vars1 maps1 core1 externs1 funcs2 vars2 maps2 maps3 core2 externs2)
link "corpus: globals + ringbuf + kconfig + ksyms" file $(o globals ringbuf kconfig ksyms)
link "funcs1 + funcs2 via add_fd and new_fd" fd $(o funcs1 funcs2)
link "vars1 + vars2 via add_buf" buf $(o vars1 vars2)
link "maps1 + maps2 linked" file $(o maps1 maps2)
cp "$last_out" "$tmp/linked1.o"
link "a linked object linked again" file "$tmp/linked1.o"
link "a linked object + maps3" file "$tmp/linked1.o" $(o maps3)
link "nothing added" file

# Big-endian objects (clang's bpfeb): the output keeps their byte order.
for name in funcs1 funcs2 vars1 vars2 maps1 maps2 core1 core2; do
	clang-19 -g -O2 -target bpfeb -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
		-c "$here/progs/$name.bpf.c" -o "$tmp/$name.eb.o" || ko "$name: compile for bpfeb"
done
e() { for x in "$@"; do echo "$tmp/$x.eb.o"; done; }
export NOLOAD="oxbpf does not open objects of the other byte order yet (upstream opens them, then refuses to load)"
link "big-endian funcs1 + funcs2" file $(e funcs1 funcs2)
link "big-endian vars1 + vars2 + maps1 + maps2 + core1 + core2" file $(e vars1 vars2 maps1 maps2 core1 core2)
link "big-endian then little-endian" file $(e funcs1) $(o funcs2)
unset NOLOAD

# Error cases: same return, errno and log line counts as upstream.
link "two strong variables" file $(o err_dup1 err_dup2)
link "two strong functions" file $(o err_fdup1 err_fdup2)
link "extern map with another max_entries" file $(o err_map1 err_map2)
link "weak maps with other value types" file $(o err_mapval1 err_mapval2)
link "extern variable of another type" file $(o err_type1 err_type2)
link "extern function of another prototype" file $(o err_proto1 err_proto2)
link "a variable defined in one section, extern in another" file $(o err_sec1 err_sec2)
# (extern first, upstream writes out of bounds and crashes; oxbpf refuses: tests/linker.rs)
link "weak variables of other types" file $(o err_weak1 err_weak2)
link "forward-declared struct vs struct, union vs struct" file $(o err_fwd1 err_fwd2)
link "the same, definitions first" file $(o err_fwd2 err_fwd1)
link "another license text" file $(o globals err_lic)
link "one object twice" file $(o globals globals)
cc -c -x c - -o "$tmp/host.o" <<<'int host_fn(void) { return 1; }'
link "a host (x86-64) object" file "$tmp/host.o" $(o minimal)
head -c 300 "$tmp/globals.bpf.o" >"$tmp/trunc.o"
link "a truncated object" file "$tmp/trunc.o"
head -c 40 "$tmp/globals.bpf.o" >"$tmp/trunc40.o"
link "an object cut inside its header" file "$tmp/trunc40.o"
echo "not an object" >"$tmp/text.o"
link "a text file" file "$tmp/text.o"
: >"$tmp/empty.o"
link "an empty file" file "$tmp/empty.o"
link "a missing file" file "$tmp/missing.o"
"$tmp/ref" edges "$tmp/er.o" "$tmp/minimal.bpf.o" >"$tmp/r.out" 2>/dev/null
"$tmp/ours" edges "$tmp/eo.o" "$tmp/minimal.bpf.o" >"$tmp/o.out" 2>/dev/null
if cmp -s "$tmp/r.out" "$tmp/o.out"; then
	ok "argument edges: same as upstream ($(wc -l <"$tmp/o.out") calls)"
else
	diff "$tmp/r.out" "$tmp/o.out"
	ko "argument edges differ from upstream"
fi

# The kernel selftests' linked objects.
cache=/var/tmp/oxbpf-cache
objs=$cache/linker-objs
sel=$cache/linux-6.12/tools/testing/selftests/bpf
if [ ! -d "$sel/progs" ] && [ -r /usr/src/linux-source-6.12.tar.xz ]; then
	mkdir -p "$cache"
	flock "$cache/.lock" sh -c "[ -d '$sel/progs' ] || { mkdir -p '$cache/linux-6.12' && tar -xJf /usr/src/linux-source-6.12.tar.xz -C '$cache/linux-6.12' --strip-components=1 linux-source-6.12/tools linux-source-6.12/include/uapi; }"
fi
if [ -d "$sel/progs" ]; then
	mkdir -p "$objs"
	if [ ! -s "$objs/vmlinux.h" ]; then
		bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$objs/vmlinux.h.$$" && mv "$objs/vmlinux.h.$$" "$objs/vmlinux.h"
	fi
	for name in linked_funcs1 linked_funcs2 linked_vars1 linked_vars2 linked_maps1 linked_maps2 \
		test_static_linked1 test_static_linked2 test_subskeleton test_subskeleton_lib \
		test_subskeleton_lib2 test_usdt test_usdt_multispec; do
		[ -s "$objs/$name.bpf.o" ] && continue
		clang-19 -g -O2 --target=bpf -mcpu=v3 -D__TARGET_ARCH_x86 -mlittle-endian \
			-Wno-compare-distinct-pointer-types -DENABLE_ATOMICS_TESTS \
			-I"$root/include" -I"$objs" -I"$sel" -I"$cache/linux-6.12/tools/include/uapi" \
			-idirafter /usr/include/x86_64-linux-gnu \
			-c "$sel/progs/$name.c" -o "$objs/$name.bpf.o.$$" 2>"$tmp/cc.err" &&
			mv "$objs/$name.bpf.o.$$" "$objs/$name.bpf.o" || { head -5 "$tmp/cc.err"; ko "selftests $name: compile"; }
	done
	s() { for x in "$@"; do echo "$objs/$x.bpf.o"; done; }
	link "selftests linked_funcs" file $(s linked_funcs1 linked_funcs2)
	link "selftests linked_vars" file $(s linked_vars1 linked_vars2)
	link "selftests linked_maps" file $(s linked_maps1 linked_maps2)
	link "selftests test_static_linked" file $(s test_static_linked1 test_static_linked2)
	link "selftests test_subskeleton" file $(s test_subskeleton_lib2 test_subskeleton_lib test_subskeleton)
	link "selftests test_subskeleton_lib" file $(s test_subskeleton_lib2 test_subskeleton_lib)
	link "selftests test_usdt" file $(s test_usdt test_usdt_multispec)
	for name in linked_funcs1 linked_vars2 linked_maps1 test_subskeleton test_usdt; do
		link "selftests $name alone" file $(s "$name")
	done
else
	echo "SKIP: selftests' linked objects: no linux-source-6.12"; skip=$((skip + 1))
fi

# Every object of a directory alone (the selftests' own `bpftool gen object`
# pass over each object), when asked for.
if [ -n "${OXBPF_LINKER_SWEEP:-}" ]; then
	[ -n "${OXBPF_LINKER_SWEEP_LOAD:-}" ] || export NOLOAD="sweep links only (OXBPF_LINKER_SWEEP_LOAD=1 loads too)"
	for f in "$OXBPF_LINKER_SWEEP"/*.bpf.o; do
		link "sweep $(basename "$f")" file "$f"
	done
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
