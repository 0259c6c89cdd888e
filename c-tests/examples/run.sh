#!/usr/bin/env bash
# The minimal examples end to end, as root on the real kernel: built with
# clang + Debian's bpftool skeletons against our headers, linked (a) statically
# with libbpf-bootstrap's line and (b) dynamically via pkg-config from a
# `make install DESTDIR=` tree; each run must make its bpf_printk line appear
# in the trace buffer with its own pid.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
tmp=$(mktemp -d)
pass=0 fail=0 skip=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }
ko() { echo "FAIL: $*"; fail=$((fail + 1)); }
trap 'rm -rf "$tmp"' EXIT

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: examples need root"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
"$root/tools/install-deps.sh" >/dev/null
trace=/sys/kernel/tracing/trace
[ -e $trace ] || trace=/sys/kernel/debug/tracing/trace

# (a) static, against the build tree
if make -s -C "$here" OUTPUT="$tmp/static" LIBBPF_A="$build/libbpf.a" \
	BPF_INCLUDES="-I$root/include" >"$tmp/build-static.log" 2>&1; then
	ok "examples build and link statically (cc app.o libbpf.a -lelf -lz)"
else
	cat "$tmp/build-static.log"; ko "static build"
fi

# (b) dynamic, against an installed tree found through pkg-config
dest="$tmp/dest"
if make -s -C "$root" DESTDIR="$dest" PREFIX=/usr LIBDIR=/usr/lib install >"$tmp/install.log" 2>&1 &&
	PKG_CONFIG_PATH="$dest/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest" \
	make -s -C "$here" OUTPUT="$tmp/dyn" LINK=pkg-config BPF_INCLUDES="-I$dest/usr/include" \
	>"$tmp/build-dyn.log" 2>&1; then
	ok "examples build against the installed tree via pkg-config"
else
	cat "$tmp/install.log" "$tmp/build-dyn.log"; ko "pkg-config build"
fi
if [ -x "$tmp/dyn/minimal" ] && LD_LIBRARY_PATH="$dest/usr/lib" ldd "$tmp/dyn/minimal" |
	grep -q "$dest/usr/lib/libbpf.so.1"; then
	ok "dynamically linked example resolves our libbpf.so.1"
else
	ko "dynamic example does not use the installed libbpf.so.1"
fi

# Runs an example for 3 s, then looks for "<marker> ... PID <its pid>" in the
# trace buffer (read without consuming it, so no reader process is racing).
check_trace() {
	local name=$1 bin=$2 marker=$3
	shift 3
	[ -x "$bin" ] || { ko "$name: not built"; return; }
	env "$@" "$bin" 3 >"$tmp/out" 2>"$tmp/err" &
	local pid=$!
	wait $pid
	local rc=$?
	if [ $rc = 0 ] && grep -qE "$marker.*PID $pid[.,]" "$trace"; then
		ok "$name: runs, attaches, and its bpf_printk line (PID $pid) reaches the trace buffer"
	else
		echo "--- stdout"; cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"
		echo "--- trace (last lines)"; tail -5 "$trace"
		ko "$name: exit $rc, trace line for PID $pid not found"
	fi
}

check_trace "minimal (static)" "$tmp/static/minimal" "oxbpf minimal: BPF triggered from"
check_trace "minimal_legacy (static)" "$tmp/static/minimal_legacy" "oxbpf minimal_legacy: BPF triggered from"
check_trace "minimal (pkg-config, libbpf.so.1)" "$tmp/dyn/minimal" "oxbpf minimal: BPF triggered from" \
	LD_LIBRARY_PATH="$dest/usr/lib"
check_trace "minimal_legacy (pkg-config, libbpf.so.1)" "$tmp/dyn/minimal_legacy" \
	"oxbpf minimal_legacy: BPF triggered from" LD_LIBRARY_PATH="$dest/usr/lib"

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
