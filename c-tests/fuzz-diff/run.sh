#!/usr/bin/env bash
# Differential replay of the committed fuzz corpora (fuzz/corpus/<target>)
# through the public API, oxbpf against upstream libbpf v1.7.0 (replay.c):
# where both accept an input, the results (type counts; programs and maps;
# line info lookups) must be identical. Inputs only one side accepts are
# counted and listed, not failed: fuzzed inputs are mostly malformed, and
# oxbpf rejects some that libbpf takes (and the reverse); each such
# difference is shown so it can be looked at. Each input runs in its own
# process: upstream is not hardened against these inputs.
# (kconfig and usdt have no public entry point that takes their bytes.)
. "$(dirname "$0")/../lib.sh"

reference_env || { ko "reference build"; finish; }
cc -g -O1 -Wall -Werror -I"$root/include" "$here/replay.c" "$build/libbpf.a" -lelf -lz -o "$tmp/ours" || ko "build ours"
cc -g -O1 -Wall -Werror -I"$REF_INCLUDE" "$here/replay.c" "$REF_LIB/libbpf.a" -lelf -lz -o "$tmp/ref" || ko "build reference"

for t in object_prepare btf_new btf_split btf_ext_new prog_linfo; do
	dir=$root/fuzz/corpus/$t
	[ -d "$dir" ] || { ko "$t: no corpus"; continue; }
	both=0 same=0 only_ours=0 only_ref=0 ref_crash=0 diffs=0
	for f in "$dir"/*; do
		o=$("$tmp/ours" "$t" "$f" 2>/dev/null) || { ko "$t/$(basename "$f"): oxbpf died"; continue; }
		r=$(timeout 20 "$tmp/ref" "$t" "$f" 2>/dev/null) || { ref_crash=$((ref_crash + 1)); continue; }
		case "$o|$r" in
		*": accept"*"|"*": accept"*)
			both=$((both + 1))
			if [ "$o" = "$r" ]; then
				same=$((same + 1))
			else
				diffs=$((diffs + 1))
				echo "  differs: ours   $o" | cut -c1-300
				echo "           theirs $r" | cut -c1-300
			fi ;;
		*": accept"*) only_ours=$((only_ours + 1)); echo "  only oxbpf accepts: $o | $r" | cut -c1-200 ;;
		*"|"*": accept"*) only_ref=$((only_ref + 1)); echo "  only upstream accepts: $o | $r" | cut -c1-200 ;;
		esac
	done
	msg="$t: $both accepted by both ($same identical), $only_ours only by oxbpf, $only_ref only by upstream, upstream crashed on $ref_crash"
	if [ "$diffs" = 0 ]; then ok "$msg"; else ko "$msg; $diffs differ"; fi
done

finish
