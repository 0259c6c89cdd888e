#!/bin/bash
# Light skeletons (`bpftool gen skeleton -L`) against our <bpf/skel_internal.h>.
#
#  1. the header alone compiles as C (gcc, clang) and C++ (g++, clang++)
#     with warnings as errors, every helper referenced;
#  2. its shared structs have upstream v1.7.0's layout, and its private
#     mirrors of newer bpf(2) attribute fields sit where a 6.18 UAPI header
#     puts them (both only when the libbpf-sys sources are around);
#  3. two BPF programs (tracepoint + raw_tp + hash map + .bss/.rodata, and a
#     task iterator) built with our bpf_helpers.h, light skeletons generated
#     by the system's bpftool, a user program built with gcc and clang from
#     -I include only, linked without libbpf;
#  4. that program run as root: load, attach, trace_pipe line with our pid,
#     mmap'd .bss both ways, iterator link, loader errors, exclusive-map
#     (signed-skeleton) loader path, destroy releasing everything.
#
# Prints "N passed, N failed[, N skipped]" last; exits non-zero on failure.
set -u
DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$DIR/../.." && pwd)
INC="$ROOT/include"
BPF_CLANG=${BPF_CLANG:-clang-19}
BPFTOOL=${BPFTOOL:-bpftool}
UPSTREAM=${UPSTREAM_LIBBPF:-$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/libbpf-sys-1.7.0+v1.7.0/libbpf 2>/dev/null | head -n1)}
WARN="-Wall -Wextra -Werror"
# stricter for our header alone (bpftool's own output does void* arithmetic)
HWARN="$WARN -Wundef -Wpointer-arith -Wcast-qual"

npass=0 nfail=0 nskip=0
pass() { npass=$((npass + 1)); echo "PASS: $*"; }
fail() { nfail=$((nfail + 1)); echo "FAIL: $*"; sed 's/^/    /' "$T/err" | head -n 25; }
skip() { nskip=$((nskip + 1)); echo "SKIP: $*"; }
finish() {
	echo "$npass passed, $nfail failed, $nskip skipped"
	[ "$nfail" -eq 0 ]
	exit
}
# run "description" cmd...: one check, stderr kept for the report
run() {
	local what=$1
	shift
	if "$@" >"$T/out" 2>"$T/err"; then pass "$what"; else cat "$T/out" >>"$T/err"; fail "$what"; return 1; fi
}

T=$(mktemp -d "${TMPDIR:-/tmp}/oxbpf-lskel.XXXXXX")
trap 'rm -rf "$T"' EXIT
: >"$T/err"

for tool in "$BPF_CLANG" "$BPFTOOL" gcc g++ python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "missing tool: $tool" >"$T/err"
		fail "prerequisites"
		finish
	fi
done
if [ ! -f "$INC/bpf/skel_internal.h" ] || [ ! -f "$INC/bpf/bpf_helpers.h" ]; then
	echo "missing $INC/bpf/skel_internal.h or bpf_helpers.h" >"$T/err"
	fail "prerequisites"
	finish
fi

# 1. The header alone, as C and C++.
for cc in "gcc -std=gnu89" "gcc -std=gnu11" "clang-19 -std=gnu11"; do
	run "header alone: $cc" $cc $HWARN -Wmissing-prototypes -I"$INC" -c "$DIR/header_use.c" -o "$T/hu.o"
done
for cxx in "g++ -std=c++11" "g++ -std=c++17" "clang++-19 -std=c++17"; do
	if command -v "${cxx%% *}" >/dev/null; then
		run "header alone: $cxx" $cxx -x c++ $HWARN -I"$INC" -c "$DIR/header_use.c" -o "$T/hu.o"
	else
		skip "header alone: ${cxx%% *} not installed"
	fi
done

# 2. Layouts.
if [ -n "$UPSTREAM" ] && [ -f "$UPSTREAM/src/skel_internal.h" ]; then
	mkdir -p "$T/up/bpf"
	cp "$UPSTREAM"/src/*.h "$T/up/bpf/"
	if gcc -I"$INC" "$DIR/layout.c" -o "$T/lay_ours" 2>"$T/err" &&
		gcc -I"$UPSTREAM/include/uapi" -I"$INC" "$DIR/layout.c" -o "$T/lay_ours_new" 2>>"$T/err" &&
		gcc -I"$UPSTREAM/include/uapi" -I"$UPSTREAM/include" -I"$T/up" "$DIR/layout.c" -o "$T/lay_up" 2>>"$T/err" &&
		"$T/lay_ours" >"$T/l_ours" && "$T/lay_ours_new" >"$T/l_ours_new" && "$T/lay_up" >"$T/l_up"; then
		if diff -u "$T/l_up" "$T/l_ours" >"$T/err" && diff -u "$T/l_up" "$T/l_ours_new" >>"$T/err"; then
			pass "bpf_loader_ctx/bpf_map_desc/bpf_prog_desc/bpf_load_and_run_opts match upstream v1.7.0 ($(wc -l <"$T/l_up") lines)"
		else
			fail "layouts differ from upstream v1.7.0"
		fi
	else
		fail "layout probes build"
	fi
	run "attribute mirrors sit where the 6.18 UAPI puts the fields" \
		gcc -std=gnu11 $HWARN -I"$UPSTREAM/include/uapi" -I"$INC" -c "$DIR/uapi_ext.c" -o "$T/ue.o"
else
	skip "upstream libbpf-sys 1.7.0 sources not found: layout checks"
fi

# 3. BPF objects, light skeletons, the user program.
BPF_CFLAGS="-g -O2 -target bpf -D__TARGET_ARCH_x86 -I$INC -idirafter /usr/include/x86_64-linux-gnu"
for p in lskel lskel_iter; do
	run "$p.bpf.c compiles with our bpf_helpers.h" $BPF_CLANG $BPF_CFLAGS -c "$DIR/$p.bpf.c" -o "$T/$p.bpf.o" || finish
	if $BPFTOOL gen skeleton -L "$T/$p.bpf.o" name "$p" >"$T/$p.lskel.h" 2>"$T/err" &&
		grep -q '#include <bpf/skel_internal.h>' "$T/$p.lskel.h"; then
		pass "bpftool ($($BPFTOOL version | head -n1)) generates $p.lskel.h"
	else
		fail "bpftool gen skeleton -L $p.bpf.o"
		finish
	fi
done
run "loader blobs extracted (extract_loader.py)" \
	sh -c "python3 '$DIR/extract_loader.py' '$T/lskel.lskel.h' >'$T/lskel_blob.h'" || finish

built=""
for cc in gcc clang-19; do
	if run "lskel_user.c builds with $cc -I include only, no libbpf" \
		$cc -g -O2 -std=gnu11 $WARN -I"$INC" -I"$T" "$DIR/lskel_user.c" -o "$T/lskel_user.$cc"; then
		if ldd "$T/lskel_user.$cc" 2>/dev/null | grep -q libbpf ||
			nm -u "$T/lskel_user.$cc" | grep -Eq ' (bpf|btf|libbpf)_'; then
			nm -u "$T/lskel_user.$cc" >"$T/err"
			fail "$cc binary references libbpf"
		else
			pass "$cc binary needs no libbpf symbol"
			built="$built $cc"
		fi
	fi
done

# 4. Run (root only).
if [ "$(id -u)" -ne 0 ]; then
	skip "not root: light skeleton runtime checks"
	finish
fi
if [ ! -r /sys/kernel/tracing/trace_pipe ] && [ ! -r /sys/kernel/debug/tracing/trace_pipe ]; then
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
fi
for cc in $built; do
	echo "--- lskel_user ($cc) ---"
	"$T/lskel_user.$cc" >"$T/run.out" 2>&1
	rc=$?
	sed 's/^/  /' "$T/run.out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$T/run.out" | tail -n1)
	if [ -z "$line" ]; then
		: >"$T/err"
		fail "lskel_user ($cc) exited $rc without a summary"
		continue
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p')
	npass=$((npass + p))
	nfail=$((nfail + f))
	nskip=$((nskip + ${s:-0}))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		: >"$T/err"
		fail "lskel_user ($cc) exited $rc"
	fi
done
finish
