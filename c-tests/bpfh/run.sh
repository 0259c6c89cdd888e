#!/usr/bin/env bash
# bpf.h suites: (1) binary compatibility — compat.c built against Debian's
# libbpf-dev 1.1.2 headers and linked with Debian's libbpf.so.1, run with our
# build/ first on the library path (ldd must show ours); (2) misuse — every
# bpf.h function with NULL/invalid fds/absurd sizes, built against our headers.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	skip "needs root to use bpf(2)"
	finish
fi
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf

# 1. binary compatibility with Debian's libbpf 1.1.2
if [ -e /usr/include/bpf/bpf.h ] && [ -e /usr/lib/x86_64-linux-gnu/libbpf.so.1 ]; then
	if cc -Wall -Werror -o "$tmp/compat" "$here/compat.c" -L/usr/lib/x86_64-linux-gnu -lbpf; then
		ok "compat.c builds against Debian's libbpf-dev"
		if LD_LIBRARY_PATH="$build" ldd "$tmp/compat" | grep -q "libbpf.so.1 => $build/libbpf.so.1"; then
			ok "ldd resolves libbpf.so.1 to $build"
		else
			ko "ldd does not show our libbpf.so.1"
			LD_LIBRARY_PATH="$build" ldd "$tmp/compat"
		fi
		out=$(LD_LIBRARY_PATH="$build" "$tmp/compat" 2>&1)
		rc=$?
		echo "$out" | grep -v '^ok'
		add_counts "$out"
		[ $rc = 0 ] || ko "compat exited $rc"
	else
		ko "compat.c does not build against Debian's libbpf-dev"
	fi
else
	skip "Debian's libbpf-dev (1.1.2) is not installed"
fi

# 2. misuse, against our headers and library
if cc -Wall -Werror -I "$root/include" -o "$tmp/misuse" "$here/misuse.c" -L"$build" -lbpf; then
	ok "misuse.c builds against our headers"
	out=$(LD_LIBRARY_PATH="$build" "$tmp/misuse" 2>&1)
	rc=$?
	echo "$out" | grep -E 'FAIL|passed' 
	add_counts "$out"
	[ $rc -lt 128 ] || ko "misuse crashed (status $rc)"
else
	ko "misuse.c does not build against our headers"
fi

finish
