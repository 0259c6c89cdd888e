#!/bin/bash
# The committed generated headers equal what `--features gen-headers` makes
# now: regenerates every header of build.rs' HEADERS table into a scratch
# directory (OXBPF_HEADER_DIR) and diffs each against include/bpf/.
set -u
. "$(dirname "$0")/common.sh"

# The table's header names, e.g. ("bpf.h", &[...]) -> bpf.h
headers=$(sed -n '/HEADERS: &/,/^    \];/p' "$ROOT/build.rs" | grep -o '"[a-z_]*\.h"' | tr -d '"')
if [ -z "$headers" ]; then
	fail "no headers found in build.rs' HEADERS table"
	finish
fi

out="$TMP/gen"
mkdir -p "$out"
if ! (cd "$ROOT" && OXBPF_HEADER_DIR="$out" CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target/gen}" \
	cargo build --quiet --features gen-headers) >"$TMP/log" 2>&1; then
	fail "cargo build --features gen-headers"
	tail -n 30 "$TMP/log" | sed 's/^/    /'
	finish
fi

for h in $headers; do
	if [ ! -f "$out/$h" ]; then
		fail "$h: not generated"
	elif [ ! -f "$INC/bpf/$h" ]; then
		fail "$h: generated but not committed in include/bpf"
	elif diff -u "$INC/bpf/$h" "$out/$h" >"$TMP/diff"; then
		pass "$h matches its generated form"
	else
		fail "$h differs from its generated form (regenerate: cargo build --features gen-headers)"
		head -n 40 "$TMP/diff" | sed 's/^/    /'
	fi
done

finish
