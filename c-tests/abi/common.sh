# What the c-tests/abi scripts share (sourced, not run): the suites' prologue
# (../lib.sh) and the list of public headers. UPSTREAM (upstream v1.7.0's
# libbpf/src) is set by reference_src; run.sh finds it once for all checks.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
INC="$root/include"

# Every public user-space header, in the order a program would include them.
PUBLIC_HEADERS="libbpf_version.h libbpf_common.h libbpf_legacy.h bpf.h btf.h libbpf.h"
