#!/bin/bash
# b. Every public struct of upstream v1.7.0 (data/layout-v1.7.0.tsv, x86_64)
# has the same sizeof, field offsets and field sizes in our headers. A struct
# our headers do not define is a failure, unless its header does not exist
# yet (then a skip). With the reference around (UPSTREAM), each struct's rows
# are also checked against upstream's own headers: the table is upstream's.
. "$(dirname "$0")/common.sh"
reference_src

if [ "$(uname -m)" != x86_64 ]; then
	skip "layouts: the reference layout is x86_64's"
	finish
fi
python3 "$here/gen_layouts.py" "$here/data/layout-v1.7.0.tsv" \
	"$here/data/struct-fields-public.tsv" "$tmp/layouts" || { ko "gen_layouts.py"; finish; }

: >"$tmp/layouts/includes.h"
for h in $PUBLIC_HEADERS; do
	[ -f "$INC/bpf/$h" ] && echo "#include <bpf/$h>" >>"$tmp/layouts/includes.h"
done

# Upstream's headers as <bpf/*.h>, with the UAPI headers it ships.
up=()
if [ -n "${UPSTREAM:-}" ] && [ -f "$UPSTREAM/libbpf.h" ]; then
	mkdir -p "$tmp/up/bpf" "$tmp/up/layouts"
	cp "$UPSTREAM"/*.h "$tmp/up/bpf/"
	for h in $PUBLIC_HEADERS; do echo "#include <bpf/$h>"; done >"$tmp/up/layouts/includes.h"
	up=(-I "$tmp/up/layouts" -I "$tmp/up" -I "$UPSTREAM/../include/uapi")
else
	skip "layouts: the table is not re-checked against upstream's headers (reference not found)"
fi

while IFS=$'\t' read -r name header; do
	if [ ! -f "$INC/bpf/$header" ]; then
		skip "struct $name: $header not in include/bpf yet"
		continue
	fi
	src="$tmp/layouts/$name.c"
	if ! printf '#include "includes.h"\nint probe = sizeof(struct %s);\n' "$name" |
		gcc -std=gnu11 -I "$INC" -I "$tmp/layouts" -x c -c -o /dev/null - 2>/dev/null; then
		ko "struct $name: not defined by our headers (upstream: $header)"
		continue
	fi
	good=1
	for cc in gcc clang-19; do
		if ! $cc -std=gnu11 -Wall -Wextra -Werror -I "$INC" -I "$tmp/layouts" \
			-c -o /dev/null "$src" 2>"$tmp/err"; then
			good=0
			grep -o 'error: .*' "$tmp/err" | sort -u | head -n 20 |
				sed "s/^/    [$cc] /"
		fi
	done
	if [ ${#up[@]} -gt 0 ] && ! gcc -std=gnu11 -Wall -Wextra -Werror "${up[@]}" \
		-c -o /dev/null "$src" 2>"$tmp/err"; then
		good=0
		grep -o 'error: .*' "$tmp/err" | sort -u | head -n 20 | sed "s/^/    [upstream] /"
		echo "    data/layout-v1.7.0.tsv disagrees with upstream's headers"
	fi
	if [ $good = 1 ]; then
		ok "struct $name"
	else
		ko "struct $name: layout differs from upstream v1.7.0"
	fi
done <"$tmp/layouts/index.tsv"

finish
