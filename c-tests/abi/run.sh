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
. "$(dirname "$0")/common.sh"

# The reference's sources, found once for every check.
reference_src && export UPSTREAM_LIBBPF_SRC=$UPSTREAM

# run NAME CMD...: one check script; its counts are added, and a non-zero
# exit with no failure counted is still a failure.
run() {
	local name=$1 out rc f0=$fail
	shift
	echo "=== $name"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	add_counts "$out" "$name"
	if [ "$rc" -ne 0 ] && [ "$fail" -eq "$f0" ]; then
		ko "$name exited $rc"
	fi
}

run headers "$here/headers.sh"
run layouts "$here/layouts.sh"
run prototypes "$here/protos.sh"
if [ -d "$build" ]; then
	run symbols "$here/check-symbols.sh" "$build"
else
	echo "=== symbols"
	skip "$build does not exist (run make); library checks not run"
	run symbols-map "$here/check-symbols.sh" "$root/build-does-not-exist"
fi
if [ "${OXBPF_ABI_NO_REGEN:-0}" = 1 ]; then
	echo "=== generated"
	skip "generated headers: OXBPF_ABI_NO_REGEN=1"
else
	run generated "$here/check-generated.sh"
fi

finish
