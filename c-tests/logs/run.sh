#!/usr/bin/env bash
# Log comparison with upstream libbpf v1.7.0: every example of c-tests/examples
# (built with the default print function, see shim.c) and every object of the
# corpus (c-tests/progs, through drive.c: open, load, attach each program) runs
# against oxbpf and against upstream at LIBBPF_LOG_LEVEL=warn, info and debug.
# The `libbpf:` lines, with numbers that legitimately differ normalised (fds,
# addresses), must be the same multiset per run, except the lines listed in
# known.txt (each with its reason). Prints line counts upstream/ours per run.
# Then single events through a print callback (events.c: quiet cases, the
# USDT warning, the default printer at each LIBBPF_LOG_LEVEL), compared the
# same way, and the messages oxbpf adds on failed loads and attaches.
# Usage: run.sh [BUILD_DIR] [-v] (with -v, every difference is shown).
. "$(dirname "$0")/../lib.sh"
export LC_ALL=C
verbose=${2:-}
pins=/sys/fs/bpf/oxbpf-logs-$$
at_exit 'rm -rf "$pins"'

if [ "$(id -u)" != 0 ]; then
	skip "loading programs needs root"
	finish
fi
reference_env || { ko "reference build"; finish; }
"$root/tools/install-deps.sh" >/dev/null

# The examples' objects and skeletons, built once; each app linked twice.
ex=$root/c-tests/examples
if ! make -s -C "$ex" OUTPUT="$tmp/ex" LIBBPF_A="$build/libbpf.a" BPF_INCLUDES="-I$root/include" \
	>"$tmp/build.log" 2>&1; then
	cat "$tmp/build.log"; ko "examples build"
fi
apps="minimal minimal_legacy minimal_ns bootstrap bootstrap_legacy uprobe kprobe fentry usdt
	sockfilter tc ksyscall task_iter lsm profile"
mkdir -p "$tmp/ours" "$tmp/ref"
cc -c -Wall -Werror -I"$root/include" "$here/shim.c" -o "$tmp/shim.o"
for v in ours ref; do
	if [ $v = ours ]; then inc=$root/include lib=$build/libbpf.a; else inc=$REF_INCLUDE lib=$REF_LIB/libbpf.a; fi
	for a in $apps; do
		cc -g -Wall -Werror -I"$inc" -I"$tmp/ex" -c "$ex/$a.c" -o "$tmp/$v/$a.o" &&
			cc "$tmp/$v/$a.o" "$tmp/shim.o" "$lib" -lelf -lz -Wl,--wrap=libbpf_set_print \
				-o "$tmp/$v/$a" || ko "$a: build ($v)"
	done
	cc -g -Wall -Werror -I"$inc" "$here/drive.c" "$lib" -lelf -lz -o "$tmp/$v/drive" || ko "drive: build ($v)"
done
clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
	-Wall -Werror -c "$here/events.bpf.c" -o "$tmp/events.o" || ko "events.bpf.c: compile"
for v in ours ref; do
	if [ $v = ours ]; then inc=$root/include lib=$build/libbpf.a; else inc=$REF_INCLUDE lib=$REF_LIB/libbpf.a; fi
	cc -g -Wall -Werror -I"$inc" "$here/events.c" "$lib" -lelf -lz -o "$tmp/$v/events" || ko "events: build ($v)"
done
for src in "$root"/c-tests/progs/*.bpf.c; do
	clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$root/include" \
		-idirafter /usr/include/x86_64-linux-gnu -c "$src" -o "$tmp/$(basename "$src" .bpf.c).bpf.o" \
		2>/dev/null
done

# Numbers that differ between two runs of the same thing: fds, and the
# addresses and sizes of the binary being probed (the two builds are
# different executables).
normalise() {
	grep -a '^libbpf: ' | sed -E \
		-e 's/fd=[0-9]+/fd=N/g' \
		-e '/^libbpf: (usdt: |elf: symbol address match)/s/0x[0-9a-f]+/0xN/g' | sort
}

# Lines one side prints and the other does not, on purpose: known.txt rows
# are "SIDE<TAB>RUN<TAB>LINE<TAB>REASON" (SIDE upstream or ours; RUN and
# LINE extended regexes on the run's name and on the line).
filter_known() {
	local side=$1 name=$2 re
	re=$(awk -F'\t' -v s="$side" -v n="$name" \
		'$1 == s && n ~ $2 { printf "%s%s", sep, $3; sep = "|" }' "$here/known.txt")
	if [ -n "$re" ]; then grep -Ev -- "$re"; else cat; fi
}

# compare NAME LEVEL: the two runs' logs must agree.
compare() {
	normalise <"$tmp/run.ref" >"$tmp/ref.n"
	normalise <"$tmp/run.ours" >"$tmp/ours.n"
	compare_n "$@"
}

# compare_n NAME LEVEL: the same, on the normalised ref.n and ours.n.
compare_n() {
	local name=$1 level=$2
	local nr no
	nr=$(wc -l <"$tmp/ref.n") no=$(wc -l <"$tmp/ours.n")
	comm -23 "$tmp/ref.n" "$tmp/ours.n" | filter_known upstream "$name" >"$tmp/only.ref"
	comm -13 "$tmp/ref.n" "$tmp/ours.n" | filter_known ours "$name" >"$tmp/only.ours"
	printf 'COUNT %-28s %-8s upstream %4d ours %4d\n' "$name" "$level" "$nr" "$no"
	if [ -s "$tmp/only.ref" ] || [ -s "$tmp/only.ours" ]; then
		if [ -n "$verbose" ]; then
			sed 's/^/  upstream only: /' "$tmp/only.ref"; sed 's/^/  ours only:     /' "$tmp/only.ours"
		else
			head -5 "$tmp/only.ref" | sed 's/^/  upstream only: /'
			head -5 "$tmp/only.ours" | sed 's/^/  ours only:     /'
		fi
		ko "$name at $level: $(wc -l <"$tmp/only.ref") upstream line(s) missing, $(wc -l <"$tmp/only.ours") extra"
	else
		ok "$name at $level: same lines as upstream"
	fi
}

# run_both NAME CMD...: CMD with {} standing for the build directory.
run_both() {
	local name=$1 level
	shift
	for level in warn info debug; do
		for v in ref ours; do
			rm -rf "$pins"
			LIBBPF_LOG_LEVEL=$level timeout 30 "${@//\{\}/$tmp/$v}" >/dev/null 2>"$tmp/run.$v"
		done
		compare "$name" $level
	done
}

for a in $apps; do
	case $a in
	minimal*) run_both "$a" {}/"$a" 1 ;;
	bootstrap*) run_both "$a" {}/"$a" -t 1 ;;
	tc) run_both "$a" unshare -n sh -c "ip link set lo up && exec {}/tc" ;;
	*) run_both "$a" {}/"$a" ;;
	esac
done
for obj in "$tmp"/*.bpf.o; do
	run_both "$(basename "$obj" .bpf.o).bpf.o" {}/drive "$obj" "$pins"
done

# Single events (events.c), every level through a callback: the same lines
# as upstream, where upstream prints none (item 7) included.
norm_events() {
	grep -aE '^(WARN|INFO|DEBUG|RESULT) ' | sed -E -e 's/fd=[0-9]+/fd=N/g' \
		-e '/ libbpf: (usdt: |elf: symbol address match)/s/0x[0-9a-f]+/0xN/g' | sort
}
event() {
	local ev=$1 v
	for v in ref ours; do
		rm -rf "$pins"
		timeout 30 "$tmp/$v/events" "$tmp/events.o" "$ev" 2>&1 | norm_events >"$tmp/ev.$v"
	done
	cp "$tmp/ev.ref" "$tmp/ref.n"
	cp "$tmp/ev.ours" "$tmp/ours.n"
}
for ev in attach-no-form attach-unloaded btf-short btf-no-module usdt-no-notes map-key-size; do
	event $ev
	compare_n "event:$ev" callback
done

# The default printer (also as the function libbpf_set_print hands back):
# LIBBPF_LOG_LEVEL's levels, any case; an unknown value is reported once.
for level in unset warn info debug DeBuG bogus; do
	for v in ref ours; do
		if [ $level = unset ]; then
			"$tmp/$v/events" "$tmp/minimal.bpf.o" default-printer 2>&1 >/dev/null
		else
			LIBBPF_LOG_LEVEL=$level "$tmp/$v/events" "$tmp/minimal.bpf.o" default-printer 2>&1 >/dev/null
		fi | normalise >"$tmp/$v.n"
	done
	compare_n "default-printer" "$level"
done

# Item 10, ours only: what upstream prints, plus words on what failed. The
# expected source lines are the ones marked in events.bpf.c.
expect() {
	local what=$1 pattern=$2
	if grep -qE -- "$pattern" "$tmp/ev.full"; then
		ok "$what"
	else
		sed 's/^/  /' "$tmp/ev.full" | grep -v '^  DEBUG' | head -30
		ko "$what: no line matching /$pattern/"
	fi
}
line_of() { grep -n "$1" "$here/events.bpf.c" | cut -d: -f1; }
for ev in verifier core kprobe tracepoint; do
	event $ev
	compare_n "event:$ev" callback
	timeout 30 "$tmp/ours/events" "$tmp/events.o" $ev >"$tmp/ev.full" 2>&1
	case $ev in
	verifier)
		expect "verifier failure: the rejected insn and the verifier's words, at warn level" \
			"^WARN libbpf: prog 'bad_deref': the verifier rejected insn #[0-9]+: .*invalid mem access"
		expect "verifier failure: the C source line, from .BTF.ext line info" \
			"^WARN libbpf: prog 'bad_deref': insn #[0-9]+ comes from events.bpf.c:$(line_of LINE-VERIFIER): return \*p;"
		;;
	core)
		expect "CO-RE failure: upstream's rewrite of the verifier log" \
			"^failed to resolve CO-RE relocation <byte_off> \[[0-9]+\] struct task_struct___oxbpf.oxbpf_no_such_field"
		# clang may give the read the line of the statement before it.
		lines=$(seq -s '|' "$(line_of 'int core_miss')" "$(line_of LINE-CORE)")
		expect "CO-RE failure: the source line" \
			"^WARN libbpf: prog 'core_miss': insn #[0-9]+ comes from events.bpf.c:($lines): "
		expect "CO-RE failure: the local type and access string" \
			"^WARN libbpf: prog 'core_miss': CO-RE relocation #0 failed: <byte_off> struct task_struct___oxbpf.oxbpf_no_such_field \(access string '0:0'\)"
		expect "CO-RE failure: each kernel candidate and why it does not match" \
			"^WARN libbpf: prog 'core_miss': candidate #0 \[[0-9]+\] struct task_struct in vmlinux: 'task_struct' has no field 'oxbpf_no_such_field'"
		;;
	kprobe)
		if grep -q '^RESULT bpf_program__attach: ok' "$tmp/ev.full"; then
			skip "kprobe: this kernel has kprobes, nothing is missing to explain"
		else
			expect "kprobe attach without kernel support: said in words" \
				"^WARN libbpf: prog 'kp': this kernel has no kprobe support"
		fi
		;;
	tracepoint)
		expect "tracepoint that does not exist: said in words" \
			"^WARN libbpf: prog 'no_tp': this kernel has no tracepoint category 'oxbpf_no_such_category'"
		;;
	esac
done

finish
