#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Differential suite over the Linux 6.12 BPF selftests' programs: each object
# opened and loaded (whole, then one program at a time) by driver.c built
# against oxbpf and against upstream libbpf v1.7.0, each run in its own
# process (timeout, memory limit), then classified by compare.py.
#
#   run.sh [BUILD_DIR] [--only A,B] [--markdown FILE] [--write-expected]
#
# Runs every object that compiles (`make test` and `make conformance`), or
# with --only the objects named. Ends with "N passed, N failed":
# PASS per identical object, FAIL per object where oxbpf is worse and which is
# not in deviations.txt or expected-worse.txt (see compare.py).
# Environment: SELFTESTS_JOBS (2), SELFTESTS_TIMEOUT (whole mode, s; 120),
# SELFTESTS_TIMEOUT_ONE (one mode, s; 900), SELFTESTS_MEM_KB (4 GiB),
# OXBPF_CACHE (/var/tmp/oxbpf-cache).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build
set_=all markdown= write_expected= only=
while [ $# -gt 0 ]; do
	case $1 in
	--all) set_=all ;;
	--markdown) markdown=$2; shift ;;
	--write-expected) write_expected=1 ;;
	--only) set_=only only=$2; shift ;;
	-*) echo "usage: run.sh [BUILD_DIR] [--all|--only A,B] [--markdown FILE] [--write-expected]" >&2; exit 2 ;;
	*) build=$(cd "$1" && pwd) ;;
	esac
	shift
done
if [ -n "$write_expected" ] && [ "$set_" = only ]; then
	echo "run.sh: --write-expected needs the whole corpus, not --only" >&2
	exit 2
fi
jobs=${SELFTESTS_JOBS:-2}
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }


[ "$(id -u)" = 0 ] || { echo "SKIP: the selftests suite loads programs: needs root"; echo "0 passed, 0 failed, 1 skipped"; exit 0; }
objs_ours=$("$here/build-objs.sh" ours) || fail "compiling the selftests with our headers"
objs_ref=$("$here/build-objs.sh" ref) || fail "compiling the selftests with upstream's headers"
eval "$("$root/tools/reference-env.sh")" || fail "reference build (tools/reference-env.sh)"

out=$build/selftests
rm -rf "$out"
mkdir -p "$out/ours" "$out/ref"
cc -O1 -g -Wall -Werror -I"$root/include" "$here/driver.c" "$build/libbpf.a" \
	-o "$out/driver-ours" || fail "build driver against oxbpf"
cc -O1 -g -Wall -Werror -I"$REF_INCLUDE" "$here/driver.c" "$REF_LIB/libbpf.a" -lelf -lz \
	-o "$out/driver-ref" || fail "build driver against upstream"

if [ "$set_" = only ]; then
	echo "$only" | tr ', ' '\n\n' | sed '/^$/d' >"$out/objects.txt"
else
	ls "$objs_ours" | sed -n 's/\.bpf\.o$//p' >"$out/objects.txt"
fi
echo "selftests: $(wc -l <"$out/objects.txt") objects ($set_), $jobs jobs, objects in $objs_ours"

start=$(date +%s)
# One object: both libraries, both modes, each in its own process with its
# own pin root under bpffs (LIBBPF_PIN_BY_NAME maps get pinned at load).
run_object() {
	local name=$1 lib mode t rc pin
	for lib in ours ref; do
		for mode in whole one; do
			t=$SELFTESTS_TIMEOUT
			[ "$mode" = one ] && t=$SELFTESTS_TIMEOUT_ONE
			pin=/sys/fs/bpf/oxbpf-selftests-$$-$BASHPID-$lib
			mkdir -p "$pin"
			timeout -k 5 "$t" bash -c 'ulimit -v "$1"; exec "$2" "$3" "$4" "$5"' _ \
				"$SELFTESTS_MEM_KB" "$SELFTESTS_OUT/driver-$lib" \
				"$SELFTESTS_OBJS/$name.bpf.o" "$pin" "$mode" \
				>"$SELFTESTS_OUT/$lib/$name.$mode.out" 2>"$SELFTESTS_OUT/$lib/$name.$mode.log"
			rc=$?
			rm -rf "$pin"
			case $rc in
			0) ;;
			124 | 137) echo "exit: timeout ${t} s" >>"$SELFTESTS_OUT/$lib/$name.$mode.out" ;;
			*) if [ "$rc" -gt 128 ]; then
				echo "exit: signal $((rc - 128))" >>"$SELFTESTS_OUT/$lib/$name.$mode.out"
			   else
				echo "exit: status $rc" >>"$SELFTESTS_OUT/$lib/$name.$mode.out"
			   fi ;;
			esac
		done
	done
}
export -f run_object
export SELFTESTS_OUT=$out SELFTESTS_OBJS=$objs_ours
export SELFTESTS_TIMEOUT=${SELFTESTS_TIMEOUT:-120} SELFTESTS_TIMEOUT_ONE=${SELFTESTS_TIMEOUT_ONE:-900}
export SELFTESTS_MEM_KB=${SELFTESTS_MEM_KB:-4194304}
xargs -a "$out/objects.txt" -P "$jobs" -I{} bash -c 'run_object {}'
elapsed=$(($(date +%s) - start))

args=("$out" --objects "$out/objects.txt" --deviations "$here/deviations.txt"
	--expected-worse "$here/expected-worse.txt"
	--compile-ours "$objs_ours" --compile-ref "$objs_ref")
[ -n "$write_expected" ] && args+=(--write-expected "$here/expected-worse.txt")
[ -n "$markdown" ] && args+=(--markdown "$markdown"
	--title "Run of $(date -u +%Y-%m-%d) on Linux $(uname -r), $(wc -l <"$out/objects.txt") objects, ${elapsed} s (without compiling).")
echo "selftests: ran in ${elapsed} s (compiling not counted); outputs and libbpf logs in $out/{ours,ref}/"
python3 "$here/compare.py" "${args[@]}"
