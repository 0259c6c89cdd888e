#!/usr/bin/env bash
# Safe handles (issue 16 item 3): safety.c passes every handle kind's exports
# garbage, a handle of another kind, the handle after its destroy call, and
# destroys it twice; each call must fail with -EINVAL (or NULL + EINVAL) and a
# WARN line naming the export and the kind, and the process must live on.
# oxbpf only: upstream libbpf crashes on these (no libbpf checks its handles).
# Where upstream defines the behaviour (NULL to a destroy call is a silent
# no-op), the same program is built against upstream and the transcripts of
# those calls must match.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	skip "loading programs needs root"
	finish
fi
reference_env || { ko "reference build"; finish; }
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf

clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
	-Wall -Werror -c "$here/handles.bpf.c" -o "$tmp/handles.bpf.o" 2>"$tmp/cc.err" ||
	{ cat "$tmp/cc.err"; ko "compile handles.bpf.c"; finish; }
for v in ours ref; do
	if [ $v = ours ]; then inc=$root/include lib=$build/libbpf.a; else inc=$REF_INCLUDE lib=$REF_LIB/libbpf.a; fi
	cc -g -Wall -Werror -I"$inc" "$here/safety.c" "$lib" -lelf -lz -o "$tmp/safety-$v" 2>"$tmp/cc.err" ||
		{ cat "$tmp/cc.err"; ko "build safety.c ($v)"; finish; }
done

out=$("$tmp/safety-ours" "$tmp/handles.bpf.o" "$tmp/handles.bpf.o" "$tmp" 2>&1)
rc=$?
grep -E '^(PASS|FAIL)' <<<"$out"
add_counts "$out" "safety"
# A signal (a crash) is the failure this suite exists to catch.
[ $rc -lt 128 ] || ko "safety died with signal $((rc - 128))"

"$tmp/safety-ours" null >"$tmp/null-ours" 2>&1
"$tmp/safety-ref" null >"$tmp/null-ref" 2>&1
if diff -u "$tmp/null-ref" "$tmp/null-ours"; then
	ok "NULL to every destroy call: same as upstream ($(wc -l <"$tmp/null-ours") calls)"
else
	ko "NULL to destroy calls differs from upstream"
fi
finish
