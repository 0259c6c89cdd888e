#!/usr/bin/env bash
# libbpf-bootstrap-compat/ against the calls libbpf-bootstrap and bcc make
# (a drop-in must answer them as libbpf's own Makefile does): from a parent
# make under -j with the user's variables forwarded, OBJDIR with '//', and the
# CMake-style call without a jobserver.
. "$(dirname "$0")/../c-tests/lib.sh"
compat="$root/libbpf-bootstrap-compat"
headers="libbpf.h bpf.h btf.h libbpf_common.h libbpf_legacy.h libbpf_version.h skel_internal.h
bpf_helpers.h bpf_helper_defs.h bpf_tracing.h bpf_core_read.h bpf_endian.h usdt.bpf.h"

check_tree() { # DESTDIR-like dir with libbpf.a and bpf/*.h
	local d=$1 what=$2 missing=""
	[ -f "$d/libbpf.a" ] || missing="libbpf.a"
	for h in $headers; do [ -f "$d/bpf/$h" ] || missing="$missing bpf/$h"; done
	if [ -z "$missing" ]; then ok "$what: libbpf.a and all 13 headers installed"; else ko "$what: missing $missing"; fi
}

# 1. libbpf-bootstrap's Makefile path: a parent make, -j4, forwarded variables.
mkdir -p "$tmp/lbb/examples/c/.output"
cat >"$tmp/lbb/examples/c/Makefile" <<'MK'
OUTPUT := .output
LIBBPF_SRC := $(abspath ../../libbpf/src)
LIBBPF_OBJ := $(abspath $(OUTPUT)/libbpf.a)
$(LIBBPF_OBJ): $(wildcard $(LIBBPF_SRC)/*.[ch] $(LIBBPF_SRC)/Makefile) | $(OUTPUT)/libbpf
	$(MAKE) -C $(LIBBPF_SRC) BUILD_STATIC_ONLY=1 OBJDIR=$(dir $@)/libbpf DESTDIR=$(dir $@) \
		INCLUDEDIR= LIBDIR= UAPIDIR= install
$(OUTPUT)/libbpf:
	mkdir -p $@
MK
if make -j4 -C "$tmp/lbb/examples/c" LIBBPF_SRC="$compat" CARGO= CC=cc CFLAGS="-g -O2 -Werror" V= \
	>"$tmp/lbb.log" 2>&1; then
	check_tree "$tmp/lbb/examples/c/.output" "libbpf-bootstrap call (make -j4, OBJDIR with //)"
else
	tail -20 "$tmp/lbb.log"; ko "libbpf-bootstrap call failed"
fi
if [ -f "$tmp/lbb/examples/c/.output/libbpf.a" ] &&
	cc -I"$tmp/lbb/examples/c/.output" -x c - -x none -o "$tmp/app" "$tmp/lbb/examples/c/.output/libbpf.a" -lelf -lz \
	<<<'#include <bpf/libbpf.h>
int main(void) { return libbpf_major_version() == 1 ? 0 : 1; }' && "$tmp/app"; then
	ok "an app links against the installed libbpf.a with -lelf -lz"
else
	ko "app link against installed tree"
fi
# The rule does not re-run when nothing in LIBBPF_SRC changed.
if make -C "$tmp/lbb/examples/c" LIBBPF_SRC="$compat" 2>&1 | grep -q "is up to date\|Nothing to be done"; then
	ok "second make is a no-op"
else
	ko "second make re-ran the libbpf rule"
fi

# 2. The CMake path: no jobserver, explicit CC, OBJDIR may not exist, extra target.
b="$tmp/cmake"
if (cd "$compat" && make CC=cc BUILD_STATIC_ONLY=1 OBJDIR="$b/libbpf/libbpf" DESTDIR="$b/libbpf" \
	INCLUDEDIR= LIBDIR= UAPIDIR= install install_uapi_headers >"$tmp/cmake.log" 2>&1); then
	check_tree "$b/libbpf" "CMake-style call"
else
	tail -20 "$tmp/cmake.log"; ko "CMake-style call failed"
fi

# 3. make install with PREFIX/LIBDIR: shared library, symlinks, pkg-config file.
d="$tmp/inst"
if make -s -C "$root" DESTDIR="$d" PREFIX=/usr LIBDIR=/usr/lib install >"$tmp/inst.log" 2>&1 &&
	[ -f "$d/usr/lib/libbpf.so.1.7.0" ] && [ -L "$d/usr/lib/libbpf.so.1" ] && [ -L "$d/usr/lib/libbpf.so" ] &&
	[ -f "$d/usr/lib/libbpf.a" ] && [ -f "$d/usr/include/bpf/libbpf.h" ]; then
	ok "make install DESTDIR PREFIX LIBDIR lays out libs, symlinks and headers"
else
	cat "$tmp/inst.log"; ko "make install layout"
fi
pc="$d/usr/lib/pkgconfig/libbpf.pc"
if [ -f "$pc" ] && [ "$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --modversion libbpf)" = 1.7.0 ] &&
	grep -qxF 'Libs: -L${libdir} -lbpf' "$pc" &&
	PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --libs libbpf | grep -qw -- -lbpf &&
	! grep -qE 'libelf|zlib|Requires' "$pc"; then
	ok "libbpf.pc: version 1.7.0, -L\${libdir} -lbpf, no libelf/zlib"
else
	cat "$pc" 2>/dev/null; ko "libbpf.pc contents"
fi
if make -s -C "$root" DESTDIR="$tmp/static-only" PREFIX=/usr LIBDIR=/usr/lib BUILD_STATIC_ONLY=1 install \
	>/dev/null 2>&1 && [ -f "$tmp/static-only/usr/lib/libbpf.a" ] &&
	! ls "$tmp/static-only/usr/lib/" | grep -q 'libbpf.so'; then
	ok "BUILD_STATIC_ONLY=1 installs no shared library"
else
	ko "BUILD_STATIC_ONLY=1"
fi
# 4. An upstream-shaped examples/c layout (libbpf-bootstrap's tree: examples/c
# with its Makefile, libbpf/src and bpftool/src beside it, vmlinux.h/include/
# <arch>/) building our examples, with only LIBBPF_SRC= overridden.
lay="$tmp/layout"
apps="minimal minimal_legacy bootstrap uprobe task_iter"
cp -r "$compat/layout" "$lay"
mkdir -p "$lay/vmlinux.h/include/x86"
for a in $apps; do cp "$root/c-tests/examples/$a.c" "$root/c-tests/examples/$a.bpf.c" "$lay/examples/c/"; done
cp "$root/c-tests/examples/bootstrap.h" "$lay/examples/c/"
if bpftool btf dump file /sys/kernel/btf/vmlinux format c >"$lay/vmlinux.h/include/x86/vmlinux.h" 2>"$tmp/vmlinux.log" &&
	CLANG=clang-19 make -j4 -C "$lay/examples/c" LIBBPF_SRC="$compat" >"$tmp/layout.log" 2>&1; then
	built=0
	for a in $apps; do [ -x "$lay/examples/c/$a" ] && built=$((built + 1)); done
	if [ "$built" = 5 ] && grep -q "GEN-SKEL" "$tmp/layout.log" && grep -q "BINARY" "$tmp/layout.log"; then
		ok "upstream-shaped examples/c Makefile builds $apps (LIBBPF_SRC= only)"
	else
		tail -20 "$tmp/layout.log"; ko "upstream-shaped layout: $built of 5 apps built"
	fi
else
	cat "$tmp/vmlinux.log"; tail -30 "$tmp/layout.log"; ko "upstream-shaped examples/c build failed"
fi
if [ "$(id -u)" = 0 ] && [ -x "$lay/examples/c/task_iter" ]; then
	if timeout 20 "$lay/examples/c/task_iter" >"$tmp/ti.out" 2>&1 && grep -q "^task_iter: .* listed" "$tmp/ti.out"; then
		ok "an app built by that Makefile runs: $(grep '^task_iter:' "$tmp/ti.out" | head -1)"
	else
		tail -5 "$tmp/ti.out"; ko "task_iter built by the upstream-shaped Makefile does not run"
	fi
fi

finish
