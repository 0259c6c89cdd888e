#!/usr/bin/env bash
# Ring buffer wake-ups (issue 17): c-tests/ringbuf/wakeup.c against oxbpf and
# against upstream libbpf v1.7.0, through ring_buffer__poll and through the
# epoll fd + ring_buffer__consume (ping-pong), and with a free-running
# producer ("stream"). A lost wake-up fails the case after 10 s
# (the program gives up on the record; `timeout` is a second guard).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
records=${RINGBUF_WAKEUP_RECORDS:-20000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }
ko() { echo "FAIL: $*"; fail=$((fail + 1)); }

if [ "$(nproc)" -lt 2 ]; then
	echo "SKIP: needs 2 CPUs"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
eval "$("$root/tools/reference-env.sh")" || { ko "reference build"; echo "$pass passed, $fail failed"; exit 1; }
clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
	-Wall -Werror -c "$here/wakeup.bpf.c" -o "$tmp/wakeup.bpf.o" || ko "compile wakeup.bpf.c"
cc -O2 -Wall -Werror -I"$root/include" "$here/wakeup.c" "$build/libbpf.a" -lelf -lz -lpthread -o "$tmp/ours" || ko "build ours"
cc -O2 -Wall -Werror -I"$REF_INCLUDE" "$here/wakeup.c" "$REF_LIB/libbpf.a" -lelf -lz -lpthread -o "$tmp/ref" || ko "build reference"

for lib in ref ours; do
	for mode in poll epoll stream; do
		n=$records
		[ "$mode" = stream ] && n=$((records * 2))
		out=$(timeout 120 "$tmp/$lib" "$tmp/wakeup.bpf.o" "$mode" "$n" 2>&1)
		rc=$?
		case $rc in
		0) ok "$lib: $out" ;;
		124) ko "$lib $mode: hung (timeout 120 s): $out" ;;
		*) ko "$lib $mode: exit $rc: $out" ;;
		esac
	done
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
