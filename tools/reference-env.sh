#!/usr/bin/env bash
# Builds upstream libbpf v1.7.0 (through reference/, i.e. libbpf-sys) once and
# prints shell assignments for scripts to eval:
#   REF_INCLUDE  its installed headers (bpf/*.h)
#   REF_LIB      the directory with its libbpf.a
#   REF_SRC      its source tree as libbpf-sys ships it (src/ with libbpf.map
#                and the headers, include/uapi)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
paths=$(cargo run -q --release --manifest-path "$root/Cargo.toml" -p oxbpf-reference)
src=$(cargo metadata -q --format-version 1 --manifest-path "$root/Cargo.toml" |
	python3 -c 'import json, os, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == "libbpf-sys":
        print(os.path.join(os.path.dirname(p["manifest_path"]), "libbpf"))')
[ -f "$src/src/libbpf.map" ] || { echo "reference-env: no libbpf-sys sources at '$src'" >&2; exit 1; }
sed -n 's/^include=\(.*\)/\1/p' <<<"$paths" | { read -r d; printf 'REF_INCLUDE=%q\n' "$d"; }
sed -n 's/^lib=\(.*\)/\1/p' <<<"$paths" | { read -r d; printf 'REF_LIB=%q\n' "$d"; }
printf 'REF_SRC=%q\n' "$src"
