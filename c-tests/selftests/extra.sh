#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Two checks of the Linux 6.12 selftests beyond open/load (issue 13, item 3),
# on the objects build-objs.sh compiled with our headers:
#
# 1. btf_dump: every btf_dump_test_case_*.bpf.o's BTF dumped as C (btfdump.c)
#    and compared as prog_tests/btf_dump.c does with the expected text the
#    source carries (between START-/END-EXPECTED-OUTPUT, same awk); the
#    output must also equal upstream v1.7.0's.
# 2. core_reloc: every test_core_reloc_<kind>.bpf.o opened with each
#    btf__core_reloc_<kind>*.bpf.o as btf_custom_path (the target BTF
#    prog_tests/core_reloc.c gives it) and loaded by driver.c built against
#    oxbpf and against upstream: the descriptions (programs, maps, relocated
#    instructions, load results; not the object's name) must be identical.
#
#   extra.sh [BUILD_DIR] [--markdown FILE]   ends with "N passed, N failed";
#   --markdown appends a section with the results to FILE (CONFORMANCE.md).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build markdown=
while [ $# -gt 0 ]; do
	case $1 in
	--markdown) markdown=$2; shift ;;
	*) build=$(cd "$1" && pwd) ;;
	esac
	shift
done
pass=0 fail=0
ok() { echo "PASS: $*" | tee -a "$results"; pass=$((pass + 1)); }
ko() { echo "FAIL: $*" | tee -a "$results"; fail=$((fail + 1)); }
results=/dev/null
bail() { ko "$*"; echo "$pass passed, $fail failed"; exit 1; }

[ "$(id -u)" = 0 ] || { echo "SKIP: core_reloc loads programs: needs root"; echo "0 passed, 0 failed, 1 skipped"; exit 0; }
objs=$("$here/build-objs.sh" ours) || bail "compiling the selftests with our headers"
eval "$("$root/tools/reference-env.sh")" || bail "reference build (tools/reference-env.sh)"
seldir=${OXBPF_CACHE:-/var/tmp/oxbpf-cache}/linux-6.12/tools/testing/selftests/bpf
out=$build/selftests-extra
rm -rf "$out"
mkdir -p "$out"
results=$out/results.txt
for lib in ours ref; do
	if [ $lib = ours ]; then inc=$root/include lib_a=$build/libbpf.a libs=; else
		inc=$REF_INCLUDE lib_a=$REF_LIB/libbpf.a libs="-lelf -lz"; fi
	# shellcheck disable=SC2086
	cc -O1 -g -Wall -Werror -I"$inc" "$here/btfdump.c" "$lib_a" $libs -o "$out/btfdump-$lib" ||
		bail "build btfdump against $lib"
	# shellcheck disable=SC2086
	cc -O1 -g -Wall -Werror -I"$inc" "$here/driver.c" "$lib_a" $libs -o "$out/driver-$lib" ||
		bail "build driver against $lib"
done

# 1. btf_dump. The cases and their pointer-size handling are
#    prog_tests/btf_dump.c's table (known_ptr_sz true: the BTF has a long).
for case in syntax:known ordering:ptr8 padding:known packing:known bitfields:known \
	multidim:ptr8 namespacing:ptr8; do
	name=btf_dump_test_case_${case%%:*} ptr=${case#*:}
	if [ ! -f "$objs/$name.bpf.o" ]; then
		ko "btf_dump $name: did not compile ($(head -c 300 "$objs/$name.err" 2>/dev/null))"
		continue
	fi
	awk '/START-EXPECTED-OUTPUT/{out=1;next} /END-EXPECTED-OUTPUT/{out=0}
	     /\/\*|\*\//{next} out {sub(/^[ \t]*\*/, ""); print}' \
		"$seldir/progs/$name.c" >"$out/$name.expected"
	"$out/btfdump-ours" "$objs/$name.bpf.o" $ptr >"$out/$name.ours" 2>"$out/$name.ours.err"
	"$out/btfdump-ref" "$objs/$name.bpf.o" $ptr >"$out/$name.ref" 2>"$out/$name.ref.err"
	ref_state="upstream matches it too"
	cmp -s "$out/$name.ref" "$out/$name.expected" || ref_state="upstream does not match it either"
	if diff -u "$out/$name.expected" "$out/$name.ours" >"$out/$name.diff"; then
		ok "btf_dump $name: output equals the expected text ($ref_state)"
	else
		head -30 "$out/$name.diff"
		if cmp -s "$out/$name.ref" "$out/$name.ours"; then
			ko "btf_dump $name: differs from the expected text, like upstream's"
		else
			ko "btf_dump $name: differs from the expected text ($ref_state)"
		fi
	fi
	if [ -s "$out/$name.ours.err" ] || [ -s "$out/$name.ref.err" ]; then
		cat "$out/$name.ours.err" "$out/$name.ref.err"
	fi
done

# 2. core_reloc: each test object with each target BTF of its kind. Pairs
#    known to differ (to be fixed) are in extra-expected.txt: KNOWN, not FAIL,
#    and FAIL once they are identical so that the list only shrinks.
known() { # "OBJ on BTF" -> prints the reason, fails if not listed
	awk -v p="$1" '!/^#/ && NF { n = $1 " on " $3; if (n == p) { $1 = $2 = $3 = ""; sub(/^ +/, ""); print; f = 1 } }
		END { exit !f }' "$here/extra-expected.txt"
}
pin=/sys/fs/bpf/oxbpf-selftests-extra-$$
for obj in "$objs"/test_core_reloc_*.bpf.o; do
	kind=$(basename "$obj" .bpf.o)
	kind=${kind#test_core_reloc_}
	kind=${kind%_direct}
	kind=${kind%_probed}
	case $kind in kernel | module) continue ;; esac # kernel/module BTF: the CO-RE suite's job
	for btf in "$objs"/btf__core_reloc_"$kind".bpf.o "$objs"/btf__core_reloc_"$kind"_*.bpf.o; do
		[ -f "$btf" ] || continue
		pair="$(basename "$obj" .bpf.o) on $(basename "$btf" .bpf.o)"
		for lib in ours ref; do
			mkdir -p "$pin"
			timeout 60 "$out/driver-$lib" "$obj" "$pin" whole "$btf" \
				>"$out/$pair.$lib" 2>"$out/$pair.$lib.log" || echo "exit: $?" >>"$out/$pair.$lib"
			rm -rf "$pin"
		done
		# The object line (its name) is the main suite's business.
		if diff -u --label "$pair (upstream)" --label "$pair (oxbpf)" \
			<(grep -v '^object ' "$out/$pair.ref") <(grep -v '^object ' "$out/$pair.ours") \
			>"$out/$pair.diff"; then
			if known "$pair" >/dev/null; then
				ko "core_reloc $pair: identical now; remove it from extra-expected.txt"
			else
				ok "core_reloc $pair: identical to upstream ($(grep -m1 '^load:' "$out/$pair.ours"))"
			fi
		elif known "$pair" >/dev/null; then
			echo "KNOWN: core_reloc $pair: differs from upstream ($(known "$pair"))" | tee -a "$results"
		else
			head -20 "$out/$pair.diff"
			ko "core_reloc $pair: differs from upstream"
		fi
	done
done
echo "$pass passed, $fail failed"
if [ -n "$markdown" ]; then
	{
		echo
		echo "## btf_dump and core_reloc cases (c-tests/selftests/extra.sh)"
		echo
		echo "btf_dump_test_case_*: $(grep -c '^PASS: btf_dump' "$out/results.txt") of 7 dump the"
		echo "expected C text. core_reloc (each test_core_reloc_* object with each"
		echo "btf__core_reloc_* target BTF of its kind): $(grep -c '^PASS: core_reloc' "$out/results.txt") of"
		echo "$(grep -c ': core_reloc ' "$out/results.txt") pairs identical to upstream (load result,"
		echo "programs, maps, relocated instructions), the cases the selftests expect"
		echo "to fail included (they fail with upstream's error)."
		echo
		if grep -qE '^(KNOWN|FAIL): ' "$out/results.txt"; then
			echo "Differences:"
			echo
			grep -E '^(KNOWN|FAIL): ' "$out/results.txt" | sed 's/^/- /'
		else
			echo "Differences: none."
		fi
	} >>"$markdown"
fi
[ "$fail" = 0 ]
