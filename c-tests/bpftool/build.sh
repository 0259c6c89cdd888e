#!/usr/bin/env bash
# Builds bpftool from linux-source-6.12's tools/bpf/bpftool twice, from the
# same tree: against the tree's own tools/lib/bpf (upstream, cached under
# /var/tmp/oxbpf-cache, built once) and against oxbpf through
# BPF_DIR=<oxbpf>/libbpf-bootstrap-compat (under <build>/bpftool; its
# libbpf.a is rebuilt when <build>/libbpf.a is newer). Unpacks the parts of
# the tree the build needs from /usr/src/linux-source-6.12.tar.xz first.
# Prints UP=<path> OX=<path>; exit 2 (with the reason) when it cannot build
# for want of the kernel source.
#   usage: build.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
cache=${OXBPF_CACHE:-/var/tmp/oxbpf-cache}
tree=$cache/linux-6.12
tarball=/usr/src/linux-source-6.12.tar.xz
jobs=${OXBPF_JOBS:-2}

# What bpftool's and libbpf's Makefiles read from the tree.
needed=(tools/bpf/bpftool/Makefile tools/lib/bpf/libbpf.c tools/include/uapi/linux/bpf.h
	tools/build/Makefile.feature tools/scripts/Makefile.include
	scripts/bpf_doc.py include/uapi/linux/bpf.h kernel/bpf/disasm.c kernel/bpf/disasm.h)
missing() {
	local m=() p
	for p in "${needed[@]}"; do [ -e "$tree/$p" ] || m+=("$p"); done
	echo "${m[@]:-}"
}
if [ -n "$(missing)" ]; then
	if [ ! -r "$tarball" ]; then
		echo "no $tarball (apt-get install linux-source-6.12)" >&2
		exit 2
	fi
	mkdir -p "$tree"
	# The cache is shared (the selftests suite unpacks there too): one
	# unpacker at a time, and only the members still missing.
	flock "$cache/.lock" bash -c '
		set -e
		m=()
		for p in tools scripts include/uapi kernel/bpf/disasm.c kernel/bpf/disasm.h; do
			[ -e "$1/$p" ] || m+=("linux-source-6.12/$p")
		done
		[ ${#m[@]} -eq 0 ] || tar xJf "$2" --strip-components=1 -C "$1" "${m[@]}"
	' _ "$tree" "$tarball"
	if [ -n "$(missing)" ]; then
		echo "kernel tree incomplete under $tree: $(missing)" >&2
		exit 2
	fi
fi

# Debian has no unsuffixed clang: bpftool's feature check (clang-bpf-co-re,
# which decides the bootstrap build and the skeletons) reads CLANG from the
# environment, not from make's command line.
export CLANG=clang-19 LLVM_STRIP=llvm-strip-19
mk() { make -s -C "$tree/tools/bpf/bpftool" -j"$jobs" "$@"; }

up=$cache/bpftool-upstream
(
	flock 9
	if [ ! -x "$up/bpftool" ] || [ ! -x "$up/bootstrap/bpftool" ]; then
		rm -rf "$up" && mkdir -p "$up"
		mk OUTPUT="$up/" >"$cache/bpftool-upstream.log" 2>&1 ||
			{ tail -30 "$cache/bpftool-upstream.log" >&2; exit 1; }
	fi
) 9>"$cache/.bpftool-upstream.lock"

ox=$build/bpftool
mkdir -p "$ox"
# bpftool's Makefile rebuilds libbpf only when BPF_DIR's *.[ch] change, and
# (.SECONDARY) not when it is merely missing; ours lives in Rust, so when
# <build>/libbpf.a's content changed (every `make` rewrites it, identically
# when nothing changed) both libraries, both bpftools and what the bootstrap
# one generated (vmlinux.h, the skeletons) are removed to force it.
stamp=$ox/.libbpf.sha256
sum=$(sha256sum "$build/libbpf.a" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
	rm -f "$ox/libbpf/libbpf.a" "$ox/bootstrap/libbpf/libbpf.a" "$ox/bpftool" \
		"$ox/bootstrap/bpftool" "$ox/vmlinux.h" "$ox"/*.skel.h "$stamp"
fi
mk OUTPUT="$ox/" BPF_DIR="$root/libbpf-bootstrap-compat" all bootstrap >"$ox/build.log" 2>&1 ||
	{ tail -30 "$ox/build.log" >&2; exit 1; }
echo "$sum" >"$stamp"
echo "UP=$up/bpftool OX=$ox/bpftool"
