#!/usr/bin/env bash
# Log comparison with upstream libbpf v1.7.0: every example of c-tests/examples
# (built with the default print function, see shim.c) and every object of the
# corpus (c-tests/progs, through drive.c: open, load, attach each program) runs
# against oxbpf and against upstream at LIBBPF_LOG_LEVEL=warn, info and debug.
# The `libbpf:` lines, with numbers that legitimately differ normalised (fds,
# addresses), must be the same multiset per run, except the lines listed in
# known.txt (each with its reason). Prints line counts upstream/ours per run.
# Usage: run.sh [BUILD_DIR] [-v] (with -v, every difference is shown).
set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
verbose=${2:-}
tmp=$(mktemp -d)
pins=/sys/fs/bpf/oxbpf-logs-$$
trap 'rm -rf "$tmp" "$pins"' EXIT
pass=0 fail=0 skip=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }
ko() { echo "FAIL: $*"; fail=$((fail + 1)); }

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: loading programs needs root"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
eval "$("$root/tools/reference-env.sh")" || { echo "FAIL: reference build"; echo "0 passed, 1 failed"; exit 1; }
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
	local name=$1 level=$2
	normalise <"$tmp/run.ref" >"$tmp/ref.n"
	normalise <"$tmp/run.ours" >"$tmp/ours.n"
	local nr no
	nr=$(wc -l <"$tmp/ref.n") no=$(wc -l <"$tmp/ours.n")
	comm -23 "$tmp/ref.n" "$tmp/ours.n" | filter_known upstream "$name" >"$tmp/only.ref"
	comm -13 "$tmp/ref.n" "$tmp/ours.n" | filter_known ours "$name" >"$tmp/only.ours"
	printf 'COUNT %-22s %-5s upstream %4d ours %4d\n' "$name" "$level" "$nr" "$no"
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

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
