#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# veristat from the Linux 6.12 selftests (issue 13, item 4), built once
# against oxbpf and once against upstream libbpf v1.7.0, run over every
# selftests object build-objs.sh compiled with our headers. veristat opens
# each object once per program, loads that program alone (its own fix-ups:
# freplace programs given a guessed type, pinning off, empty maps sized 1)
# and reports the verifier's verdict and statistics. Per object, both runs
# must report the same programs, the same verdict per program, the same
# number of instructions processed where both succeed, and the same
# messages (open failures, guessed types); veristat_compare.py decides.
#
#   veristat.sh [BUILD_DIR] [--quick] [--markdown FILE]
#
# --quick runs every third object (`make test`); without it, all of them
# (`make conformance`). --markdown appends a section to FILE. Ends with
# "N passed, N failed". Environment: OXBPF_CACHE (/var/tmp/oxbpf-cache),
# VERISTAT_TIMEOUT (s per library run; 1200).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build quick= markdown=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--markdown) markdown=$2; shift ;;
	-*) echo "usage: veristat.sh [BUILD_DIR] [--quick] [--markdown FILE]" >&2; exit 2 ;;
	*) build=$(cd "$1" && pwd) ;;
	esac
	shift
done
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }

[ "$(id -u)" = 0 ] || { echo "SKIP: veristat loads programs: needs root"; echo "0 passed, 0 failed, 1 skipped"; exit 0; }
objs=$("$here/build-objs.sh" ours) || fail "compiling the selftests with our headers"
eval "$("$root/tools/reference-env.sh")" || fail "reference build (tools/reference-env.sh)"
cache=${OXBPF_CACHE:-/var/tmp/oxbpf-cache}
tools=$cache/linux-6.12/tools
src=$tools/testing/selftests/bpf/veristat.c
[ -f "$src" ] || fail "no $src (build-objs.sh unpacks the tree)"

# The selftests Makefile's rule: CFLAGS -g -Wall -Werror
# -fno-omit-frame-pointer, the installed libbpf headers first, then tools/'s
# include, arch include and uapi; LDLIBS -lelf -lz -lrt -lpthread (and -lm).
# veristat.o depends only on the headers: it is compiled once per header set
# and kept under $cache/veristat/; linking against BUILD_DIR/libbpf.a is
# redone every run (oxbpf changes, the headers rarely do).
cflags=(-g -O2 -Wall -Werror -fno-omit-frame-pointer)
ldlibs=(-lelf -lz -lrt -lpthread -lm)
obj_for() { # LIB INCLUDE -> path of the cached veristat.o
	local lib=$1 inc=$2 key dir
	key=$({ cat "$src"; echo "${cflags[*]}"; cc --version | head -1
		find "$inc" -name '*.h' -type f | sort | xargs cat; cat "$0"; } | sha256sum | cut -c1-16)
	dir=$cache/veristat/$lib-$key
	if [ ! -f "$dir/veristat.o" ]; then
		mkdir -p "$dir"
		cc "${cflags[@]}" -I"$inc" -I"$tools/include" -I"$tools/arch/x86/include" \
			-I"$tools/include/uapi" -c "$src" -o "$dir/veristat.o.tmp" >&2 &&
			mv "$dir/veristat.o.tmp" "$dir/veristat.o" || return 1
	fi
	echo "$dir/veristat.o"
}
out=$build/veristat
rm -rf "$out"
mkdir -p "$out"
o=$(obj_for ours "$root/include") || fail "compile veristat.c with oxbpf's headers"
cc "$o" "$build/libbpf.a" "${ldlibs[@]}" -o "$out/veristat-ours" || fail "link veristat against oxbpf"
o=$(obj_for ref "$REF_INCLUDE") || fail "compile veristat.c with upstream's headers"
cc "$o" "$REF_LIB/libbpf.a" "${ldlibs[@]}" -o "$out/veristat-ref" || fail "link veristat against upstream"

ls "$objs" | grep '\.bpf\.o$' | sort >"$out/objects.txt"
[ -n "$quick" ] && awk 'NR % 3 == 1' "$out/objects.txt" >"$out/q" && mv "$out/q" "$out/objects.txt"
echo "veristat: $(wc -l <"$out/objects.txt") objects${quick:+ (quick: every third)}, in $objs"

# Both libraries at once (2 cores), each one veristat process over all the
# objects; relative names so that messages name objects alike.
start=$(date +%s)
for lib in ours ref; do
	(cd "$objs" && timeout -k 5 "${VERISTAT_TIMEOUT:-1200}" xargs -a "$out/objects.txt" \
		"$out/veristat-$lib" -o csv -e file,prog,verdict,insns,states \
		>"$out/$lib.csv" 2>"$out/$lib.err"; echo "exit: $?" >>"$out/$lib.err") &
done
wait
elapsed=$(($(date +%s) - start))
echo "veristat: ran in ${elapsed} s; outputs in $out/{ours,ref}.{csv,err}"

args=("$out" --objects "$out/objects.txt")
[ -n "$markdown" ] && args+=(--markdown "$markdown" --seconds "$elapsed")
[ -n "$quick" ] && args+=(--quick)
python3 "$here/veristat_compare.py" "${args[@]}"
