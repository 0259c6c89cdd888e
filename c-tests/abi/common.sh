# Shared helpers of the c-tests/abi scripts (sourced, not run).
# Each check prints PASS/FAIL/SKIP lines and ends with the counts line.

ABI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$ABI_DIR/../.." && pwd)
INC="$ROOT/include"
# Upstream libbpf v1.7.0 sources (the reference); checks that need them skip without.
UPSTREAM=${UPSTREAM_LIBBPF_SRC:-$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/libbpf-sys-1.7.0+v1.7.0/libbpf/src 2>/dev/null | head -n1)}
SHARED_ABI=${SHARED_ABI:-$ROOT/../shared/abi}

# Every public user-space header, in the order a program would include them.
PUBLIC_HEADERS="libbpf_version.h libbpf_common.h libbpf_legacy.h bpf.h btf.h libbpf.h"

npass=0
nfail=0
nskip=0
pass() { npass=$((npass + 1)); echo "PASS: $*"; }
fail() { nfail=$((nfail + 1)); echo "FAIL: $*"; }
skip() { nskip=$((nskip + 1)); echo "SKIP: $*"; }
# Prints the counts line and exits non-zero if anything failed.
finish() {
	echo "$npass passed, $nfail failed, $nskip skipped"
	[ "$nfail" -eq 0 ]
	exit
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/oxbpf-abi.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
