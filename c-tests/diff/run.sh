#!/usr/bin/env bash
# Differential test: every object of the corpus (c-tests/progs/*.bpf.c) opened,
# and opened + prepared, by oxbpf and by upstream libbpf v1.7.0 (reference/);
# the dumps (programs, instructions after relocation, maps, initial values)
# must be identical. Any difference is a failure.
. "$(dirname "$0")/../lib.sh"

reference_env || { ko "reference build"; finish; }
cc -g -Wall -Werror -I"$root/include" "$here/objdump.c" "$build/libbpf.a" -lelf -lz -o "$tmp/ours" || ko "build ours"
cc -g -Wall -Werror -I"$REF_INCLUDE" "$here/objdump.c" "$REF_LIB/libbpf.a" -lelf -lz -o "$tmp/ref" || ko "build reference"

for src in "$root"/c-tests/progs/*.bpf.c; do
	name=$(basename "$src" .bpf.c)
	obj="$tmp/$name.bpf.o"
	if ! clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" \
		-idirafter /usr/include/x86_64-linux-gnu -c "$src" -o "$obj" 2>"$tmp/cc.err"; then
		cat "$tmp/cc.err"; ko "$name: compile"; continue
	fi
	for mode in open prepare; do
		arg=""; [ $mode = prepare ] && arg=prepare
		if [ $mode = prepare ] && [ "$(id -u)" != 0 ]; then
			skip "$name $mode needs root"; continue
		fi
		# LIBBPF_PIN_BY_NAME maps of the corpus pin under /sys/fs/bpf: start
		# each run without them so both libraries see the same state.
		rm -f /sys/fs/bpf/shared
		"$tmp/ours" "$obj" $arg >"$tmp/$name.$mode.ours" 2>&1
		rm -f /sys/fs/bpf/shared
		"$tmp/ref" "$obj" $arg >"$tmp/$name.$mode.ref" 2>&1
		rm -f /sys/fs/bpf/shared
		if diff -u "$tmp/$name.$mode.ref" "$tmp/$name.$mode.ours" >"$tmp/diff"; then
			ok "$name ($mode): identical to upstream"
		else
			head -40 "$tmp/diff"; ko "$name ($mode): differs from upstream"
		fi
	done
done
finish
