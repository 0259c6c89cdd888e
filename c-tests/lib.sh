# The prologue every test suite shares (sourced, not run):
#   . "$(dirname "$0")/../lib.sh"        (from c-tests/<suite>/run.sh)
#
# Sets
#   here   the running script's directory
#   root   the repository
#   build  BUILD_DIR ($1, default $root/build), absolute when it exists
#   tmp    a scratch directory, removed on exit (with whatever at_exit added)
#   pass fail skip   the counters
# and gives
#   ok MSG / ko MSG / skip MSG   one PASS:/FAIL:/SKIP: line, counted
#   finish                       "N passed, N failed, N skipped", then exits
#                                (non-zero when something failed)
#   add_counts TEXT [WHAT]       adds the last counts line of a sub-program's
#                                output (no such line: one failure, for WHAT)
#   at_exit CMD...               runs CMD on exit, before tmp is removed
#   reference_env                sets REF_INCLUDE, REF_LIB, REF_SRC: upstream
#                                libbpf v1.7.0, the oracle (tools/reference-env.sh)
#   reference_src                sets UPSTREAM to upstream's libbpf/src (its
#                                headers and libbpf.map), "" when unavailable;
#                                UPSTREAM_LIBBPF_SRC overrides
# A skip is never a pass: a suite that cannot run a check says why with skip.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[-1]}")" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
[ -d "$build" ] && build=$(cd "$build" && pwd)

pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "PASS: $*"; }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { skip=$((skip + 1)); echo "SKIP: $*"; }
finish() {
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ]
	exit
}

add_counts() {
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' <<<"$1" | tail -n 1)
	if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)? ]]; then
		pass=$((pass + BASH_REMATCH[1]))
		fail=$((fail + BASH_REMATCH[2]))
		skip=$((skip + ${BASH_REMATCH[4]:-0}))
	else
		ko "${2:-sub-program}: no counts line in its output"
	fi
}

_at_exit=()
at_exit() { _at_exit+=("$*"); }
_on_exit() {
	local i
	for ((i = ${#_at_exit[@]} - 1; i >= 0; i--)); do eval "${_at_exit[i]}"; done
	rm -rf "$tmp"
}
_script=$(basename "${BASH_SOURCE[-1]}" .sh)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oxbpf-$(basename "$here")-$_script.XXXXXX")
trap _on_exit EXIT

reference_env() {
	local out
	out=$("$root/tools/reference-env.sh") && [ -n "$out" ] && eval "$out"
}

reference_src() {
	UPSTREAM=${UPSTREAM_LIBBPF_SRC:-}
	[ -n "$UPSTREAM" ] || UPSTREAM=$(reference_env && echo "$REF_SRC/src")
	[ -f "$UPSTREAM/libbpf.map" ] || UPSTREAM=""
	[ -n "$UPSTREAM" ]
}
