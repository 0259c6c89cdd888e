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
#  4. that program run as root: load, attach, bpf_printk line with our pid
#     (read from a tracefs instance of this run),
#     mmap'd .bss both ways, iterator link, loader errors, exclusive-map
#     (signed-skeleton) loader path, destroy releasing everything.
#
# Prints "N passed, N failed[, N skipped]" last; exits non-zero on failure.
. "$(dirname "$0")/../lib.sh"
INC="$root/include"
BPF_CLANG=${BPF_CLANG:-clang-19}
BPFTOOL=${BPFTOOL:-bpftool}
reference_src
WARN="-Wall -Wextra -Werror"
# stricter for our header alone (bpftool's own output does void* arithmetic)
HWARN="$WARN -Wundef -Wpointer-arith -Wcast-qual"

# ko_err MSG: a failure, with the compiler's (or program's) output in $tmp/err.
ko_err() { ko "$@"; sed 's/^/    /' "$tmp/err" | head -n 25; }
# run "description" cmd...: one check, stderr kept for the report
run() {
	local what=$1
	shift
	if "$@" >"$tmp/out" 2>"$tmp/err"; then ok "$what"; else cat "$tmp/out" >>"$tmp/err"; ko_err "$what"; return 1; fi
}
: >"$tmp/err"

for tool in "$BPF_CLANG" "$BPFTOOL" gcc g++ python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "missing tool: $tool" >"$tmp/err"
		ko_err "prerequisites"
		finish
	fi
done
if [ ! -f "$INC/bpf/skel_internal.h" ] || [ ! -f "$INC/bpf/bpf_helpers.h" ]; then
	echo "missing $INC/bpf/skel_internal.h or bpf_helpers.h" >"$tmp/err"
	ko_err "prerequisites"
	finish
fi

# 1. The header alone, as C and C++.
for cc in "gcc -std=gnu89" "gcc -std=gnu11" "clang-19 -std=gnu11"; do
	run "header alone: $cc" $cc $HWARN -Wmissing-prototypes -I"$INC" -c "$here/header_use.c" -o "$tmp/hu.o"
done
for cxx in "g++ -std=c++11" "g++ -std=c++17" "clang++-19 -std=c++17"; do
	if command -v "${cxx%% *}" >/dev/null; then
		run "header alone: $cxx" $cxx -x c++ $HWARN -I"$INC" -c "$here/header_use.c" -o "$tmp/hu.o"
	else
		skip "header alone: ${cxx%% *} not installed"
	fi
done

# 2. Layouts.
if [ -n "$UPSTREAM" ] && [ -f "$UPSTREAM/skel_internal.h" ]; then
	mkdir -p "$tmp/up/bpf"
	cp "$UPSTREAM"/*.h "$tmp/up/bpf/"
	if gcc -I"$INC" "$here/layout.c" -o "$tmp/lay_ours" 2>"$tmp/err" &&
		gcc -I"$UPSTREAM/../include/uapi" -I"$INC" "$here/layout.c" -o "$tmp/lay_ours_new" 2>>"$tmp/err" &&
		gcc -I"$UPSTREAM/../include/uapi" -I"$UPSTREAM/../include" -I"$tmp/up" "$here/layout.c" -o "$tmp/lay_up" 2>>"$tmp/err" &&
		"$tmp/lay_ours" >"$tmp/l_ours" && "$tmp/lay_ours_new" >"$tmp/l_ours_new" && "$tmp/lay_up" >"$tmp/l_up"; then
		if diff -u "$tmp/l_up" "$tmp/l_ours" >"$tmp/err" && diff -u "$tmp/l_up" "$tmp/l_ours_new" >>"$tmp/err"; then
			ok "bpf_loader_ctx/bpf_map_desc/bpf_prog_desc/bpf_load_and_run_opts match upstream v1.7.0 ($(wc -l <"$tmp/l_up") lines)"
		else
			ko_err "layouts differ from upstream v1.7.0"
		fi
	else
		ko_err "layout probes build"
	fi
	run "attribute mirrors sit where the 6.18 UAPI puts the fields" \
		gcc -std=gnu11 $HWARN -I"$UPSTREAM/../include/uapi" -I"$INC" -c "$here/uapi_ext.c" -o "$tmp/ue.o"
else
	skip "upstream libbpf-sys 1.7.0 sources not found: layout checks"
fi

# 3. BPF objects, light skeletons, the user program.
BPF_CFLAGS="-g -O2 -target bpf -D__TARGET_ARCH_x86 -I$INC -idirafter /usr/include/x86_64-linux-gnu"
for p in lskel lskel_iter; do
	run "$p.bpf.c compiles with our bpf_helpers.h" $BPF_CLANG $BPF_CFLAGS -c "$here/$p.bpf.c" -o "$tmp/$p.bpf.o" || finish
	if $BPFTOOL gen skeleton -L "$tmp/$p.bpf.o" name "$p" >"$tmp/$p.lskel.h" 2>"$tmp/err" &&
		grep -q '#include <bpf/skel_internal.h>' "$tmp/$p.lskel.h"; then
		ok "bpftool ($($BPFTOOL version | head -n1)) generates $p.lskel.h"
	else
		ko_err "bpftool gen skeleton -L $p.bpf.o"
		finish
	fi
done
run "loader blobs extracted (extract_loader.py)" \
	sh -c "python3 '$here/extract_loader.py' '$tmp/lskel.lskel.h' >'$tmp/lskel_blob.h'" || finish

built=""
for cc in gcc clang-19; do
	if run "lskel_user.c builds with $cc -I include only, no libbpf" \
		$cc -g -O2 -std=gnu11 $WARN -I"$INC" -I"$tmp" "$here/lskel_user.c" -o "$tmp/lskel_user.$cc"; then
		if ldd "$tmp/lskel_user.$cc" 2>/dev/null | grep -q libbpf ||
			nm -u "$tmp/lskel_user.$cc" | grep -Eq ' (bpf|btf|libbpf)_'; then
			nm -u "$tmp/lskel_user.$cc" >"$tmp/err"
			ko_err "$cc binary references libbpf"
		else
			ok "$cc binary needs no libbpf symbol"
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
# Its bpf_printk line is read from a tracefs instance of this run (../trace.sh).
. "$root/c-tests/trace.sh"
trace_instance oxbpf-lskel "oxbpf lskel"
for cc in $built; do
	echo "--- lskel_user ($cc) ---"
	OXBPF_TRACE_DIR=$TRACE_DIR "$tmp/lskel_user.$cc" >"$tmp/run.out" 2>&1
	rc=$?
	sed 's/^/  /' "$tmp/run.out"
	f0=$fail
	add_counts "$(cat "$tmp/run.out")" "lskel_user ($cc)"
	if [ "$rc" -ne 0 ] && [ "$fail" -eq "$f0" ]; then
		ko "lskel_user ($cc) exited $rc"
	fi
done
finish
