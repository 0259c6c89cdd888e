#!/bin/bash
# b. Every public struct of upstream v1.7.0 (layout-v1.7.0.tsv, x86_64) has
# the same sizeof, field offsets and field sizes in our headers. A struct our
# headers do not define is a failure, unless its header does not exist yet
# (then a skip).
set -u
. "$(dirname "$0")/common.sh"

if [ "$(uname -m)" != x86_64 ]; then
	skip "layouts: the reference layout is x86_64's"
	finish
fi
python3 "$ABI_DIR/gen_layouts.py" "$ABI_DIR/layout-v1.7.0.tsv" \
	"$ABI_DIR/struct-fields-public.tsv" "$TMP/layouts" || { fail "gen_layouts.py"; finish; }

: >"$TMP/layouts/includes.h"
for h in $PUBLIC_HEADERS; do
	[ -f "$INC/bpf/$h" ] && echo "#include <bpf/$h>" >>"$TMP/layouts/includes.h"
done

while IFS=$'\t' read -r name header; do
	if [ ! -f "$INC/bpf/$header" ]; then
		skip "struct $name: $header not in include/bpf yet"
		continue
	fi
	src="$TMP/layouts/$name.c"
	if ! printf '#include "includes.h"\nint probe = sizeof(struct %s);\n' "$name" |
		gcc -std=gnu11 -I "$INC" -I "$TMP/layouts" -x c -c -o /dev/null - 2>/dev/null; then
		fail "struct $name: not defined by our headers (upstream: $header)"
		continue
	fi
	ok=1
	for cc in gcc clang-19; do
		if ! $cc -std=gnu11 -Wall -Wextra -Werror -I "$INC" -I "$TMP/layouts" \
			-c -o /dev/null "$src" 2>"$TMP/err"; then
			ok=0
			grep -o 'error: .*' "$TMP/err" | sort -u | head -n 20 |
				sed "s/^/    [$cc] /"
		fi
	done
	if [ $ok = 1 ]; then
		pass "struct $name"
	else
		fail "struct $name: layout differs from upstream v1.7.0"
	fi
done <"$TMP/layouts/index.tsv"

finish
