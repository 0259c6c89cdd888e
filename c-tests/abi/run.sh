#!/bin/bash
# The ABI test suite: run.sh [BUILD_DIR] (default: build).
#   a. headers.sh          public headers compile alone/together as C and C++
#   b. layouts.sh          struct sizes and offsets equal upstream v1.7.0's
#   c. protos.sh           every prototype agrees with upstream v1.7.0's
#   d. check-symbols.sh    version script vs upstream; exported symbols and
#                          version nodes of BUILD_DIR/libbpf.{so.1.7.0,a}
#   e. check-generated.sh  committed generated headers are up to date
#                          (skipped with OXBPF_ABI_NO_REGEN=1: it runs cargo)
# Prints the sum as "N passed, N failed, N skipped"; exits non-zero on failure.
set -u
dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$dir/../.." && pwd)
build=${1:-$root/build}

total_pass=0 total_fail=0 total_skip=0
run() {
	local name=$1 out rc
	shift
	echo "=== $name"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	local last p f s
	last=$(printf '%s\n' "$out" | tail -n 1)
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
		p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} s=${BASH_REMATCH[3]}
	else
		p=0 f=1 s=0
		echo "FAIL: $name did not finish (exit $rc)"
	fi
	# A non-zero exit with no failure counted is still a failure.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "FAIL: $name exited $rc"
	fi
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f)) total_skip=$((total_skip + s))
}

run headers "$dir/headers.sh"
run layouts "$dir/layouts.sh"
run prototypes "$dir/protos.sh"
if [ -d "$build" ]; then
	run symbols "$dir/check-symbols.sh" "$build"
else
	echo "=== symbols"
	echo "SKIP: $build does not exist (run make); library checks not run"
	total_skip=$((total_skip + 1))
	run symbols-map "$dir/check-symbols.sh" "$root/build-does-not-exist"
fi
if [ "${OXBPF_ABI_NO_REGEN:-0}" = 1 ]; then
	echo "=== generated"
	echo "SKIP: generated headers: OXBPF_ABI_NO_REGEN=1"
	total_skip=$((total_skip + 1))
else
	run generated "$dir/check-generated.sh"
fi

echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
