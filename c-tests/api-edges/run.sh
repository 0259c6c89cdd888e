#!/usr/bin/env bash
# Issue 14's API edges, differential: edges.c is built against oxbpf and
# against upstream libbpf v1.7.0, both run each scenario on the same input,
# and their transcripts must match. Two checks per scenario:
#   behaviour: return values, errno, fds, what exists in the kernel (exact);
#   logs:      WARN/INFO lines in order, and the DEBUG lines a scenario is
#              about (sorted), each with its level; lines c-tests/logs/known.txt
#              says one side prints on purpose are left out.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
tmp=$(mktemp -d)
pin_dir=/sys/fs/bpf/oxbpf-api-edges-$$
nonbpf=$tmp/nonbpf
cg=""
cleanup() {
	rm -rf "$pin_dir"
	[ -n "$cg" ] && rmdir "$cg" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0 skip=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }
ko() { echo "FAIL: $*"; fail=$((fail + 1)); }

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: loading programs needs root"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
eval "$("$root/tools/reference-env.sh")" || { echo "FAIL: reference build"; echo "0 passed, 1 failed"; exit 1; }
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
cg_root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)

cflags=(-g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu)
for src in "$here"/*.bpf.c; do
	name=$(basename "$src" .bpf.c)
	clang-19 "${cflags[@]}" -c "$src" -o "$tmp/$name.bpf.o" 2>"$tmp/cc.err" || { cat "$tmp/cc.err"; ko "compile $name.bpf.c"; }
done
for v in ours ref; do
	if [ $v = ours ]; then inc="$root/include" lib="$build/libbpf.a"; else inc="$REF_INCLUDE" lib="$REF_LIB/libbpf.a"; fi
	cc -g -Wall -Werror -I"$inc" "$here/edges.c" "$lib" -lelf -lz -o "$tmp/edges-$v" 2>"$tmp/cc.err" ||
		{ cat "$tmp/cc.err"; ko "build edges.c ($v)"; }
done
[ -x "$tmp/edges-ours" ] && [ -x "$tmp/edges-ref" ] || { echo "$pass passed, $fail failed, $skip skipped"; exit 1; }

# Lines one side prints and the other does not, on purpose: the rows of
# c-tests/logs/known.txt that hold for every run (each with its reason there).
known() {
	awk -F'\t' -v s="$1" '$1 == s && $2 == "." { printf "%s%s", sep, $3; sep = "|" }' \
		"$root/c-tests/logs/known.txt"
}
known_ref=$(known upstream)
known_ours=$(known ours)

# The log lines of a transcript (SIDE ref or ours): run-specific fd numbers
# out, known lines out. WARN/INFO in order; DEBUG sorted (the pipelines
# reach the same steps in another order: maps are created before programs
# are relocated here, after upstream).
logs() {
	local known=$known_ref
	[ "$2" = ours ] && known=$known_ours
	grep -E '^(WARN|INFO|DEBUG)[:>] ' "$1" | sed -E 's/fd=[0-9]+/fd=N/g' |
		{ if [ -n "$known" ]; then grep -Ev "$known"; else cat; fi; } >"$1.logs"
	grep -Ev '^DEBUG' "$1.logs"
	grep -E '^DEBUG' "$1.logs" | LC_ALL=C sort
}

# scenario NAME DEBUG-WORDS ARGS...: runs both builds (fresh pin and
# non-bpffs directories each time) and compares their transcripts.
scenario() {
	local name=$1 words=$2 v
	shift 2
	for v in ref ours; do
		rm -rf "$pin_dir" "$nonbpf"
		mkdir -p "$pin_dir" "$nonbpf"
		EDGES_DEBUG=$words "$tmp/edges-$v" "$@" >"$tmp/$v.out" 2>&1
		echo "exit $?" >>"$tmp/$v.out"
		# Run-specific paths out of the transcript.
		sed -i -e "s|$pin_dir|\$DIR|g" -e "s|$nonbpf|\$NONBPF|g" -e "s|$tmp/||g" "$tmp/$v.out"
	done
	grep -vE '^(WARN|INFO|DEBUG)[:>] ' "$tmp/ref.out" >"$tmp/ref.beh"
	grep -vE '^(WARN|INFO|DEBUG)[:>] ' "$tmp/ours.out" >"$tmp/ours.beh"
	if diff -u "$tmp/ref.beh" "$tmp/ours.beh" >"$tmp/diff"; then
		ok "$name: behaviour as upstream ($(grep -c . "$tmp/ref.beh") lines)"
	else
		cat "$tmp/diff"; ko "$name: behaviour differs from upstream"
	fi
	logs "$tmp/ref.out" ref >"$tmp/ref.log"
	logs "$tmp/ours.out" ours >"$tmp/ours.log"
	if diff -u "$tmp/ref.log" "$tmp/ours.log" >"$tmp/diff"; then
		ok "$name: log lines as upstream ($(grep -c . "$tmp/ref.log") lines)"
	else
		cat "$tmp/diff"; ko "$name: log lines differ from upstream"
	fi
}

# 1. Dead references to maps that are not created: poisoned loads the
#    verifier drops (CO-RE, .kconfig, in a subprogram, global data), and the
#    same references reached: both fail, the log naming the map.
dbg="poisoning|skipped auto-creating"
scenario "dead ringbuf ref (CO-RE)" "$dbg" dead "$tmp/dead.bpf.o" core_dead rb
scenario "dead ringbuf ref (.kconfig)" "$dbg" dead "$tmp/dead.bpf.o" kconfig_dead rb
scenario "dead ringbuf ref (subprogram)" "$dbg" dead "$tmp/dead.bpf.o" sub_dead rb
scenario "dead ringbuf ref (nested subprograms)" "$dbg" dead "$tmp/dead.bpf.o" nested_dead rb
scenario "dead .bss ref" "$dbg" dead "$tmp/dead.bpf.o" bss_dead .bss
scenario "reached ringbuf ref" "$dbg" dead "$tmp/dead.bpf.o" ring_live rb
scenario "reached .bss ref" "$dbg" dead "$tmp/dead.bpf.o" bss_live .bss
# 2. bpf_map__fd (and bpf_program__fd) before load, once created, after a
#    failed load (above), and of NULL.
scenario "bpf_map__fd, every map created" "$dbg" dead "$tmp/dead.bpf.o" core_dead
scenario "bpf_map__fd(NULL), bpf_program__fd(NULL)" "" fdnull
# 4. USDT: a program that never reads the spec map; an object without
#    usdt.bpf.h's maps.
scenario "attach_usdt, hit counter" "" usdt "$tmp/usdt_count.bpf.o"
scenario "attach_usdt, no USDT maps" "" usdt "$tmp/usdt_nomaps.bpf.o"
# 5. Pin names of global-data maps; bpf_link__pin's directory and bpffs checks.
scenario "pinning maps and links" "pinned" pin "$tmp/links.bpf.o" "$pin_dir" "$nonbpf"
# 6. An extern function nobody defines; bpf_link__detach per link kind.
scenario "unresolved extern function" "" extern "$tmp/ext.bpf.o"
if [ -n "$cg_root" ] && mkdir "$cg_root/oxbpf-api-edges-$$" 2>/dev/null; then
	cg=$cg_root/oxbpf-api-edges-$$
	scenario "bpf_link__detach" "" detach "$tmp/links.bpf.o" "$cg"
else
	echo "SKIP: bpf_link__detach: no cgroup v2 hierarchy to attach to"; skip=$((skip + 1))
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
