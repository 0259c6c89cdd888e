#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Compiles the BPF programs of the Linux 6.12 selftests (progs/*.c) the way
# their Makefile does for test_progs, once with oxbpf's installed BPF-side
# headers ("ours") and once with upstream libbpf v1.7.0's ("ref"). The result
# is cached outside the repo (see README.md) and rebuilt when the headers,
# flags, compiler, kernel BTF or this script change.
#
#   build-objs.sh ours|ref    prints the object directory on stdout
#
# Needs root for apt-get (only when linux-source-6.12 is missing), clang-19,
# bpftool, xz, flock. Honours OXBPF_CACHE (default /var/tmp/oxbpf-cache) and
# OXBPF_JOBS (default 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
which=${1:?usage: build-objs.sh ours|ref}
cache=${OXBPF_CACHE:-/var/tmp/oxbpf-cache}
jobs=${OXBPF_JOBS:-2}
clang=${CLANG:-clang-19}
tarball=/usr/src/linux-source-6.12.tar.xz
ksrc=$cache/linux-6.12
seldir=$ksrc/tools/testing/selftests/bpf
log() { echo "selftests: $*" >&2; }

mkdir -p "$cache"

# 1. The kernel sources: only tools/ is unpacked, once, under the shared lock.
if [ ! -f "$ksrc/.tools-unpacked" ]; then
	(
		flock 9
		if [ ! -f "$ksrc/.tools-unpacked" ]; then
			if [ ! -f "$tarball" ]; then
				log "installing linux-source-6.12"
				apt-get install -y linux-source-6.12 >&2 ||
					{ apt-get update >&2 && apt-get install -y linux-source-6.12 >&2; }
			fi
			log "unpacking tools/ of $tarball into $ksrc"
			mkdir -p "$ksrc"
			# --skip-old-files: a reader of a previous (partial) unpack is not disturbed.
			tar -xJf "$tarball" -C "$ksrc" --strip-components=1 --skip-old-files \
				linux-source-6.12/tools
			touch "$ksrc/.tools-unpacked"
		fi
	) 9>"$cache/.lock"
fi

# 2. The headers the programs see: vmlinux.h of the running kernel plus the
#    BPF-side headers as installed (`make install_headers`) by each library.
stage=$(mktemp -d "$cache/.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/include"
bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$stage/include/vmlinux.h"
if [ "$which" = ours ]; then
	make -s -C "$root" install_headers DESTDIR="$stage" INCLUDEDIR=/include >&2
else
	eval "$("$root/tools/reference-env.sh")"
	mkdir -p "$stage/include/bpf"
	cp "$REF_INCLUDE"/bpf/*.h "$stage/include/bpf/"
fi

# The flags of the selftests Makefile for test_progs (BPF_CFLAGS, CLANG_CFLAGS,
# TRUNNER_BPF_CFLAGS, CLANG_BPF_BUILD_RULE); the include order is theirs.
sys_includes=$($clang -v -E - </dev/null 2>&1 |
	sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }')
cflags="-g -Wall -Werror -D__TARGET_ARCH_x86 -mlittle-endian -I@INC@ -I$seldir \
-I$ksrc/tools/include/uapi -I$ksrc/tools/testing/selftests/usr/include \
-Wno-compare-distinct-pointer-types $sys_includes -DENABLE_ATOMICS_TESTS"
# Files the Makefile builds with -fno-strict-aliasing (progs/<f>.c-CFLAGS).
noalias=$(sed -n 's|^progs/\([a-z0-9_]*\)\.c-CFLAGS := -fno-strict-aliasing$|\1|p' "$seldir/Makefile" | tr '\n' ' ')

key=$({
	echo "$cflags $noalias"
	$clang --version
	cat "$0"
	find "$stage/include" -type f | sort | xargs sha256sum | sed "s|$stage||"
	# The sources come unchanged from the package's tarball.
	dpkg-query -W -f='${Version}\n' linux-source-6.12 2>/dev/null || stat -c '%s %Y' "$tarball"
} | sha256sum | cut -c1-16)
out=$cache/selftests-objs/$which-$key
if [ -f "$out/.complete" ]; then
	ln -sfn "$which-$key" "$cache/selftests-objs/$which-current"
	echo "$out"
	exit 0
fi

(
	flock 8
	[ -f "$out/.complete" ] && exit 0
	log "compiling $(ls "$seldir"/progs/*.c | wc -l) programs with $which headers into $out"
	rm -rf "$out"
	mkdir -p "$out"
	mv "$stage/include" "$out/include"
	start=$(date +%s)
	export clang seldir out noalias
	export cflags=${cflags//@INC@/$out/include}
	# compile NAME: one program; the diagnostics go to NAME.err on failure.
	compile() {
		local name=$1 extra=
		case " $noalias " in *" $name "*) extra=-fno-strict-aliasing ;; esac
		# shellcheck disable=SC2086
		if $clang $cflags $extra -O2 --target=bpf -c "$seldir/progs/$name.c" -mcpu=v3 \
			-o "$out/$name.bpf.o" 2>"$out/$name.err"; then
			rm -f "$out/$name.err"
		else
			rm -f "$out/$name.bpf.o"
		fi
	}
	export -f compile
	ls "$seldir"/progs/*.c | xargs -n1 basename | sed 's/\.c$//' |
		xargs -P "$jobs" -I{} bash -c 'compile {}'
	echo "$cflags" >"$out/cflags.txt"
	log "compiled $(ls "$out"/*.bpf.o | wc -l), failed $(ls "$out"/*.err 2>/dev/null | wc -l) in $(($(date +%s) - start)) s"
	touch "$out/.complete"
) 8>"$cache/.lock-objs-$which"
ln -sfn "$which-$key" "$cache/selftests-objs/$which-current"
echo "$out"
