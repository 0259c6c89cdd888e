#!/usr/bin/env bash
# bpf.h suites: (1) binary compatibility — compat.c built against Debian's
# libbpf-dev 1.1.2 headers and linked with Debian's libbpf.so.1, run with our
# build/ first on the library path (ldd must show ours); (2) misuse — every
# bpf.h function with NULL/invalid fds/absurd sizes, built against our headers.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# add_counts OUTPUT: adds a sub-program's "N passed, N failed" line.
add_counts() {
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' <<<"$1" | tail -1)
	if [ -z "$line" ]; then bad "no summary line"; return; fi
	pass=$((pass + $(awk '{print $1}' <<<"$line")))
	fail=$((fail + $(awk '{print $3}' <<<"$line")))
}

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root to use bpf(2)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf

# 1. binary compatibility with Debian's libbpf 1.1.2
if [ -e /usr/include/bpf/bpf.h ] && [ -e /usr/lib/x86_64-linux-gnu/libbpf.so.1 ]; then
	if cc -Wall -Werror -o "$tmp/compat" "$here/compat.c" -L/usr/lib/x86_64-linux-gnu -lbpf; then
		ok "compat.c builds against Debian's libbpf-dev"
		if LD_LIBRARY_PATH="$build" ldd "$tmp/compat" | grep -q "libbpf.so.1 => $build/libbpf.so.1"; then
			ok "ldd resolves libbpf.so.1 to $build"
		else
			bad "ldd does not show our libbpf.so.1"
			LD_LIBRARY_PATH="$build" ldd "$tmp/compat"
		fi
		out=$(LD_LIBRARY_PATH="$build" "$tmp/compat" 2>&1)
		rc=$?
		echo "$out" | grep -v '^ok'
		add_counts "$out"
		[ $rc = 0 ] || bad "compat exited $rc"
	else
		bad "compat.c does not build against Debian's libbpf-dev"
	fi
else
	skip=$((skip + 1))
	echo "SKIP: Debian's libbpf-dev (1.1.2) is not installed"
fi

# 2. misuse, against our headers and library
if cc -Wall -Werror -I "$root/include" -o "$tmp/misuse" "$here/misuse.c" -L"$build" -lbpf; then
	ok "misuse.c builds against our headers"
	out=$(LD_LIBRARY_PATH="$build" "$tmp/misuse" 2>&1)
	rc=$?
	echo "$out" | grep -E 'FAIL|passed' 
	add_counts "$out"
	[ $rc -lt 128 ] || bad "misuse crashed (status $rc)"
else
	bad "misuse.c does not build against our headers"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
