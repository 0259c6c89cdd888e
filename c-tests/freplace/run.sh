#!/usr/bin/env bash
# freplace (BPF_PROG_TYPE_EXT) and BPF-to-BPF fentry against a loaded target
# program, on the real kernel, with oxbpf and, as a differential check, with
# upstream libbpf v1.7.0 (reference/):
#  - freplace.c's own PASS/FAIL/SKIP lines (oxbpf build);
#  - its OUTCOME lines (every return value and errno) must be identical for both;
#  - the BPF_PROG_LOAD attributes of every EXT/TRACING load, as strace decodes
#    them, must be identical too (fd numbers aside), and carry the target's FUNC
#    id: on a kernel that refuses those loads this is what shows they were right.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	skip "freplace tests need root"; finish
fi
for f in target replace; do
	clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" \
		-idirafter /usr/include/x86_64-linux-gnu -c "$here/$f.bpf.c" -o "$tmp/$f.bpf.o" ||
		{ ko "compile $f.bpf.c"; finish; }
done
cc -g -Wall -Werror -I"$root/include" "$here/freplace.c" "$build/libbpf.a" -lelf -lz \
	-o "$tmp/ours" || { ko "build against oxbpf"; finish; }
reference_env || { ko "reference build"; finish; }
cc -g -Wall -Werror -I"$REF_INCLUDE" "$here/freplace.c" "$REF_LIB/libbpf.a" -lelf -lz \
	-o "$tmp/ref" || { ko "build against upstream"; finish; }

tracer=()
if command -v strace >/dev/null; then tracer=(strace -f -v -s 32 -e trace=bpf -o); fi
for lib in ours ref; do
	if [ ${#tracer[@]} -gt 0 ]; then
		"${tracer[@]}" "$tmp/$lib.strace" "$tmp/$lib" "$tmp/target.bpf.o" "$tmp/replace.bpf.o" \
			>"$tmp/$lib.out" 2>"$tmp/$lib.err"
	else
		"$tmp/$lib" "$tmp/target.bpf.o" "$tmp/replace.bpf.o" >"$tmp/$lib.out" 2>"$tmp/$lib.err"
	fi
	echo $? >"$tmp/$lib.rc"
done

# 1. The oxbpf run's own checks.
grep -E '^(PASS|FAIL|SKIP): ' "$tmp/ours.out"
p=$(grep -c '^PASS: ' "$tmp/ours.out") f=$(grep -c '^FAIL: ' "$tmp/ours.out")
s=$(grep -c '^SKIP: ' "$tmp/ours.out")
pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
grep -qE '^[0-9]+ passed, [0-9]+ failed' "$tmp/ours.out" || { cat "$tmp/ours.err"; ko "oxbpf run did not finish"; }

# 2. Same outcomes as upstream.
grep '^OUTCOME: ' "$tmp/ours.out" >"$tmp/ours.outcome"
grep '^OUTCOME: ' "$tmp/ref.out" >"$tmp/ref.outcome"
if [ -s "$tmp/ref.outcome" ] && diff -u "$tmp/ref.outcome" "$tmp/ours.outcome" >"$tmp/diff"; then
	ok "all $(wc -l <"$tmp/ours.outcome") outcomes (return values, errnos) identical to upstream"
else
	cat "$tmp/diff"; ko "outcomes differ from upstream"
fi

# 3. Same EXT/TRACING load attributes as upstream, with the target's FUNC id.
if [ ${#tracer[@]} -eq 0 ]; then
	skip "strace not installed: BPF_PROG_LOAD attributes not compared"
	finish
fi
loads() {
	grep 'BPF_PROG_LOAD' "$1" | grep -E 'prog_type=BPF_PROG_TYPE_(EXT|TRACING)' |
		sed -E 's/.*prog_type=([A-Z_]+).*prog_name="([^"]*)".*expected_attach_type=([A-Z_]+), prog_btf_fd=([0-9]+).*func_info_cnt=([0-9]+).*attach_btf_id=([0-9]+), attach_prog_fd=([0-9]+).*\) = (-?[0-9]+).*/\1 \2 \3 btf=\4 func_info_cnt=\5 attach_btf_id=\6 attach_prog_fd=\7 -> \8/' |
		sed -E 's/btf=[1-9][0-9]*/btf=set/; s/attach_prog_fd=[1-9][0-9]*/attach_prog_fd=set/; s/-> [0-9]+$/-> fd/'
}
loads "$tmp/ours.strace" >"$tmp/ours.loads"
loads "$tmp/ref.strace" >"$tmp/ref.loads"
want=$(sed -n 's/^OUTCOME: target_func id=//p' "$tmp/ours.out")
n_ext=$(grep -c "^BPF_PROG_TYPE_EXT .* attach_btf_id=$want attach_prog_fd=set" "$tmp/ours.loads")
n_fentry=$(grep -c "^BPF_PROG_TYPE_TRACING trace_target_fu BPF_TRACE_FENTRY .* attach_btf_id=$want attach_prog_fd=set" "$tmp/ours.loads")
if [ -n "$want" ] && [ "$n_ext" -gt 0 ] && [ "$n_fentry" -gt 0 ]; then
	ok "EXT and BPF-to-BPF fentry loads carry attach_prog_fd and attach_btf_id=$want (bpftool's FUNC id of target_func)"
else
	cat "$tmp/ours.loads"; ko "EXT/fentry loads without the target's FUNC id ($want)"
fi
if [ -s "$tmp/ref.loads" ] && diff -u "$tmp/ref.loads" "$tmp/ours.loads" >"$tmp/diff"; then
	ok "all $(wc -l <"$tmp/ours.loads") EXT/TRACING BPF_PROG_LOAD attribute sets identical to upstream's"
else
	cat "$tmp/diff"; ko "EXT/TRACING load attributes differ from upstream"
fi
sed "s/^/  load: /" "$tmp/ours.loads"
finish
