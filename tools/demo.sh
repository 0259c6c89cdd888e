#!/usr/bin/env bash
# `make demo`: builds the minimal example against oxbpf's libbpf.a (bpftool
# skeleton, clang), runs it for a few seconds as root, and shows the lines its
# BPF program writes to the trace pipe.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
out="$build/demo"
make -s -C "$root/c-tests/examples" OUTPUT="$out" LIBBPF_A="$build/libbpf.a" BPF_INCLUDES="-I$root/include"
if [ "$(id -u)" != 0 ]; then
	echo "demo: built $out/minimal; run it as root to see it work" >&2
	exit 1
fi
pipe=/sys/kernel/tracing/trace_pipe
[ -e $pipe ] || pipe=/sys/kernel/debug/tracing/trace_pipe
echo "demo: running $out/minimal for 5 seconds (its trace pipe lines follow)"
"$out/minimal" 5 &
pid=$!
# Only this run's lines: the trace pipe may hold older ones.
timeout 7 cat "$pipe" | grep --line-buffered "oxbpf minimal: BPF triggered from PID $pid[.,]" &
wait $pid
sleep 1
wait || true
