#!/usr/bin/env bash
# bpftool conformance: bpftool from linux-source-6.12 is built twice from the
# same tree (build.sh) — against the tree's own libbpf and against oxbpf
# (BPF_DIR=libbpf-bootstrap-compat) — and both run the same commands on the
# same inputs. stdout, stderr and exit status must be identical once ids,
# times and addresses are normalised (norm.sed). Stateful commands (prog
# load/loadall, map, struct_ops, net, link, btf show) run as one scenario per
# bpftool, in turn, under the same pin paths, and their transcripts are
# compared.
#   usage: run.sh [BUILD_DIR] [quick]   (quick: the subset `make test` runs)
. "$(dirname "$0")/../lib.sh"
quick=${2:-}
run=oxbt-$$
pins=/sys/fs/bpf/$run
at_exit 'rm -rf "$pins"; ip netns del "$run" 2>/dev/null'
sk() { skip "$@"; }
notes=0
done_() {
	[ "$notes" = 0 ] || echo "NOTE: $notes comparisons had libbpf messages worded differently (v1.5 vs v1.7)"
	finish
}

start=$(date +%s)
out=$("$here/build.sh" "$build" 2>"$tmp/build.err"); rc=$?
if [ $rc = 2 ]; then
	sk "bpftool builds: $(cat "$tmp/build.err")"; done_
elif [ $rc != 0 ]; then
	cat "$tmp/build.err"; ko "bpftool builds (upstream and oxbpf)"; done_
fi
eval "$out"
ok "bpftool from linux-source-6.12 builds with BPF_DIR=libbpf-bootstrap-compat ($(($(date +%s) - start))s)"
# Both the bootstrap bpftool and the final one link oxbpf: our libbpf.a has
# symbols upstream's lacks (the Rust runtime's), which nm finds in each.
for b in "$OX" "$(dirname "$OX")/bootstrap/bpftool"; do
	if nm "$b" 2>/dev/null | grep -q 'rust_eh_personality\|oxbpf_call_print'; then
		ok "$(basename "$(dirname "$b")")/bpftool links oxbpf"
	else
		ko "$b does not link oxbpf"
	fi
done

norm() { sed -E -f "$here/norm.sed" -f "$here/api-level.sed"; }
# libbpf's own messages (stderr "libbpf: ...") changed wording between v1.5
# and v1.7 (errors as -ENOENT…): their place and count must match, their
# text differences are shown as NOTE lines and listed in the summary.
quiet_libbpf() { sed -E 's/^(! )?libbpf: .*/\1libbpf: .../'; }
note_libbpf() {
	local d
	d=$(diff <(grep -E '^(! )?libbpf: ' "$1") <(grep -E '^(! )?libbpf: ' "$2") | grep '^[<>]')
	if [ -n "$d" ]; then
		echo "$d" | head -6 | sed 's/^/NOTE: libbpf message (< v1.5, > oxbpf): /' | cut -c1-220
		notes=$((notes + 1))
	fi
}

# same LABEL ARGS...: runs both bpftools with ARGS, compares.
same() {
	local label=$1; shift
	"$UP" "$@" >"$tmp/up.out" 2>"$tmp/up.err"; local ru=$?
	"$OX" "$@" >"$tmp/ox.out" 2>"$tmp/ox.err"; local ro=$?
	compare "$label" "$ru" "$ro"
}

# compare LABEL RC_UP RC_OX: compares $tmp/{up,ox}.{out,err}.
compare() {
	local label=$1 ru=$2 ro=$3 f
	for f in up.out ox.out up.err ox.err; do norm <"$tmp/$f" >"$tmp/n.$f"; done
	note_libbpf "$tmp/n.up.err" "$tmp/n.ox.err"
	for f in up.err ox.err; do quiet_libbpf <"$tmp/n.$f" >"$tmp/q.$f" && mv "$tmp/q.$f" "$tmp/n.$f"; done
	if [ "$ru" != "$ro" ]; then
		head -5 "$tmp/ox.err"
		ko "$label: exit status oxbpf $ro, upstream $ru"
	elif ! cmp -s "$tmp/n.up.out" "$tmp/n.ox.out"; then
		diff -u "$tmp/n.up.out" "$tmp/n.ox.out" | head -20 | cut -c1-200
		ko "$label: stdout differs"
	elif ! cmp -s "$tmp/n.up.err" "$tmp/n.ox.err"; then
		diff -u "$tmp/n.up.err" "$tmp/n.ox.err" | head -20 | cut -c1-200
		ko "$label: stderr differs"
	else
		ok "$label: identical ($(wc -l <"$tmp/up.out") lines, exit $ru)"
	fi
}

# Test objects.
cc_bpf() {
	clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" \
		-idirafter /usr/include/x86_64-linux-gnu "$@"
}
objs=()
for src in "$here/bt.bpf.c" "$root"/c-tests/progs/{minimal,globals,core_task,core_flavors,map_in_map,ringbuf}.bpf.c; do
	o=$tmp/$(basename "$src" .c).o
	if cc_bpf -c "$src" -o "$o" 2>"$tmp/cc.err"; then objs+=("$o"); else cat "$tmp/cc.err"; ko "compile $src"; fi
done
cc_bpf -DCA_NAME="\"oxbt$$\"" -c "$here/bt_ca.bpf.c" -o "$tmp/bt_ca.bpf.o" || ko "compile bt_ca.bpf.c"
bt=$tmp/bt.bpf.o

# --- BTF dump: the kernel's and objects', C and raw
vmlinux=/sys/kernel/btf/vmlinux
if [ -z "$quick" ]; then
	same "btf dump file vmlinux format raw" btf dump file "$vmlinux" format raw
	same "btf dump file vmlinux format c" btf dump file "$vmlinux" format c
fi
for o in "${objs[@]}"; do
	same "btf dump file $(basename "$o") (raw)" btf dump file "$o"
	[ -n "$quick" ] && [ "$o" != "$bt" ] && continue
	same "btf dump file $(basename "$o") format c" btf dump file "$o" format c
	same "btf dump file $(basename "$o") -j" -j btf dump file "$o"
done

# --- gen skeleton / subskeleton: the generated headers (which embed the object)
for o in "${objs[@]}"; do
	same "gen skeleton $(basename "$o")" gen skeleton "$o"
	[ -n "$quick" ] && [ "$o" != "$bt" ] && continue
	same "gen subskeleton $(basename "$o")" gen subskeleton "$o" name sub
done
same "gen skeleton bt_ca.bpf.o (struct_ops)" gen skeleton "$tmp/bt_ca.bpf.o" name bt_ca

# --- gen min_core_btf: the minimized BTF files must be byte-identical
core_objs=("$tmp/core_task.bpf.o" "$tmp/core_flavors.bpf.o" "$bt")
for o in "${core_objs[@]}"; do
	"$UP" gen min_core_btf "$vmlinux" "$tmp/min.up" "$o" >"$tmp/up.out" 2>"$tmp/up.err"; ru=$?
	"$OX" gen min_core_btf "$vmlinux" "$tmp/min.ox" "$o" >"$tmp/ox.out" 2>"$tmp/ox.err"; ro=$?
	compare "gen min_core_btf vmlinux $(basename "$o") (output)" $ru $ro
	if [ $ru = 0 ] && cmp -s "$tmp/min.up" "$tmp/min.ox"; then
		ok "gen min_core_btf $(basename "$o"): identical BTF ($(wc -c <"$tmp/min.up") bytes)"
	else
		ko "gen min_core_btf $(basename "$o"): BTF differs"
	fi
done
"$OX" gen min_core_btf "$vmlinux" "$tmp/min.all" "${core_objs[@]}" >/dev/null 2>&1 &&
	"$UP" gen min_core_btf "$vmlinux" "$tmp/min.allup" "${core_objs[@]}" >/dev/null 2>&1 &&
	cmp -s "$tmp/min.all" "$tmp/min.allup" &&
	ok "gen min_core_btf over several objects: identical BTF" ||
	ko "gen min_core_btf over several objects: BTF differs"
same "btf dump of a min_core_btf output" btf dump file "$tmp/min.allup" format c

# --- feature probe
same "feature probe kernel" feature probe kernel
[ -z "$quick" ] && same "feature probe kernel -j" -j feature probe kernel
[ -z "$quick" ] && same "feature probe kernel macros" feature probe kernel macros prefix OXBT_

# --- the stateful scenario, once per bpftool (scenario.sh), same pin paths
ip netns add "$run" || ko "ip netns add"
for who in up ox; do
	b=$UP; [ $who = ox ] && b=$OX
	mkdir -p "$pins"
	"$here/scenario.sh" "$b" "$pins" "$run" "$tmp" >"$tmp/sc.$who" 2>&1
	rm -rf "$pins"
done
norm <"$tmp/sc.up" >"$tmp/sc.up.n"
norm <"$tmp/sc.ox" >"$tmp/sc.ox.n"
note_libbpf "$tmp/sc.up.n" "$tmp/sc.ox.n"
for f in sc.up.n sc.ox.n; do quiet_libbpf <"$tmp/$f" >"$tmp/q.$f" && mv "$tmp/q.$f" "$tmp/$f"; done
# One verdict per step (steps start with "$ bpftool").
awk -v up="$tmp/sc.up.n" -v ox="$tmp/sc.ox.n" -f "$here/steps.awk" /dev/null >"$tmp/steps"
while IFS=$'\t' read -r verdict label; do
	if [ "$verdict" = same ]; then ok "$label"; else ko "$label"; fi
done <"$tmp/steps"
if ! cmp -s "$tmp/sc.up.n" "$tmp/sc.ox.n"; then
	cp "$tmp/sc.up.n" "$build/bpftool/scenario.upstream"
	cp "$tmp/sc.ox.n" "$build/bpftool/scenario.oxbpf"
	diff -u "$tmp/sc.up.n" "$tmp/sc.ox.n" | head -60 | cut -c1-200
	echo "(transcripts kept: $build/bpftool/scenario.{upstream,oxbpf})"
fi

# --- gen object: oxbpf's static linker, last: two objects sharing globals
# through externs; the linked objects, their BTF and skeletons must match
cc_bpf -c "$here/bt_link.bpf.c" -o "$tmp/bt_link.bpf.o" || ko "compile bt_link.bpf.c"
"$OX" gen object "$tmp/linked.ox.o" "$bt" "$tmp/bt_link.bpf.o" >"$tmp/ox.out" 2>"$tmp/ox.err"; ro=$?
"$UP" gen object "$tmp/linked.up.o" "$bt" "$tmp/bt_link.bpf.o" >"$tmp/up.out" 2>"$tmp/up.err"; ru=$?
if [ $ro != 0 ] && grep -q 'not supported yet' "$tmp/ox.err"; then
	sk "gen object: blocked on oxbpf's static linker (bpf_linker__* not implemented yet)"
else
	compare "gen object bt.bpf.o bt_link.bpf.o" $ru $ro
	if [ $ru = 0 ] && cmp -s "$tmp/linked.up.o" "$tmp/linked.ox.o"; then
		ok "gen object: identical linked object ($(wc -c <"$tmp/linked.up.o") bytes)"
	else
		ko "gen object: linked objects differ"
	fi
	"$UP" btf dump file "$tmp/linked.up.o" >"$tmp/up.out" 2>"$tmp/up.err"; ru=$?
	"$UP" btf dump file "$tmp/linked.ox.o" >"$tmp/ox.out" 2>"$tmp/ox.err"; ro=$?
	compare "gen object: BTF of the linked object" $ru $ro
	"$UP" gen skeleton "$tmp/linked.up.o" name linked >"$tmp/up.out" 2>"$tmp/up.err"; ru=$?
	"$UP" gen skeleton "$tmp/linked.ox.o" name linked >"$tmp/ox.out" 2>"$tmp/ox.err"; ro=$?
	compare "gen object: skeleton of the linked object" $ru $ro
	same "gen object with conflicting licenses (refused)" gen object "$tmp/bad.o" "$bt" "$tmp/minimal.bpf.o"
fi
echo "bpftool suite: $(($(date +%s) - start))s"
done_
