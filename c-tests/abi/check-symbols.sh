#!/bin/bash
# d. Symbols and versions: usage check-symbols.sh [BUILD_DIR] (default build).
# Checks include/bpf/libbpf.map against upstream's and shared/abi/symbols.tsv,
# and, when built, BUILD_DIR/libbpf.so.1.7.0 (every map symbol exported as
# name@@node, nothing else, 25 chained version nodes, SONAME libbpf.so.1)
# and BUILD_DIR/libbpf.a (globals: the map's symbols + include/internal/exports.txt).
set -u
. "$(dirname "$0")/common.sh"
build=${1:-$ROOT/build}
upstream_map=""
[ -n "$UPSTREAM" ] && upstream_map="$UPSTREAM/libbpf.map"
exec python3 "$ABI_DIR/symcheck.py" "$INC/bpf/libbpf.map" "$build" "$upstream_map" \
	"$SHARED_ABI/symbols.tsv"
