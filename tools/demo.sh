#!/usr/bin/env bash
# `make demo`: builds the minimal example against oxbpf's libbpf.a (bpftool
# skeleton, clang), runs it for a few seconds as root, and shows the lines its
# BPF program prints (bpf_printk). They are read from a tracefs instance of
# this run (c-tests/trace.sh), so other tracing on the machine (someone
# clearing or reading the global trace buffer) does not hide them.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
out="$build/demo"
make -s -C "$root/c-tests/examples" OUTPUT="$out" LIBBPF_A="$build/libbpf.a" BPF_INCLUDES="-I$root/include"
if [ "$(id -u)" != 0 ]; then
	echo "demo: built $out/minimal; run it as root to see it work" >&2
	exit 1
fi
. "$root/c-tests/trace.sh"
trace_instance oxbpf-demo "oxbpf minimal"
seen=$(mktemp)
trap 'trace_close; rm -f "$seen"' EXIT

echo "demo: running $out/minimal for 5 seconds (its trace lines follow)"
"$out/minimal" 5 &
pid=$!
# Only this run's lines: the instance may also get other minimal programs'.
timeout 6 grep --line-buffered -E "oxbpf minimal: BPF triggered from PID $pid[.,]" \
	"$TRACE_DIR/trace_pipe" | tee "$seen" || true
rc=0
wait $pid || rc=$?
if [ "$rc" = 0 ] && [ -s "$seen" ]; then
	echo "demo: $out/minimal (PID $pid) ran on oxbpf; $(wc -l <"$seen") trace lines"
else
	echo "demo: minimal exited $rc with $(wc -l <"$seen") trace lines from PID $pid" >&2
	exit 1
fi
