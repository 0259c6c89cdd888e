#!/bin/bash
# d. Symbols and versions: usage check-symbols.sh [BUILD_DIR] (default build).
# Checks include/bpf/libbpf.map against upstream v1.7.0's own libbpf.map (the
# reference's sources), and, when built, BUILD_DIR/libbpf.so.1.7.0 (every map
# symbol exported as name@@node, nothing else, 25 chained version nodes,
# SONAME libbpf.so.1) and BUILD_DIR/libbpf.a (globals: the map's symbols +
# parse_cpu_mask_file).
. "$(dirname "$0")/common.sh"
reference_src
upstream_map=""
[ -n "$UPSTREAM" ] && upstream_map="$UPSTREAM/libbpf.map"
python3 "$here/symcheck.py" "$INC/bpf/libbpf.map" "$build" "$upstream_map"
