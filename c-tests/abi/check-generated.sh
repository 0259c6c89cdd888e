#!/bin/bash
# The committed generated headers equal what `--features gen-headers` makes
# now: regenerates every header of build.rs' HEADERS table into a scratch
# directory (OXBPF_HEADER_DIR) and diffs each against include/bpf/.
. "$(dirname "$0")/common.sh"

# The table's header names, e.g. ("bpf.h", &[...]) -> bpf.h
headers=$(sed -n '/HEADERS: &/,/^    \];/p' "$root/build.rs" | grep -o '"[a-z_]*\.h"' | tr -d '"')
if [ -z "$headers" ]; then
	ko "no headers found in build.rs' HEADERS table"
	finish
fi

out="$tmp/gen"
mkdir -p "$out"
if ! (cd "$root" && OXBPF_HEADER_DIR="$out" CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/gen}" \
	cargo build --quiet --features gen-headers) >"$tmp/log" 2>&1; then
	ko "cargo build --features gen-headers"
	tail -n 30 "$tmp/log" | sed 's/^/    /'
	finish
fi

for h in $headers; do
	if [ ! -f "$out/$h" ]; then
		ko "$h: not generated"
	elif [ ! -f "$INC/bpf/$h" ]; then
		ko "$h: generated but not committed in include/bpf"
	elif diff -u "$INC/bpf/$h" "$out/$h" >"$tmp/diff"; then
		ok "$h matches its generated form"
	else
		ko "$h differs from its generated form (regenerate: cargo build --features gen-headers)"
		head -n 40 "$tmp/diff" | sed 's/^/    /'
	fi
done

finish
