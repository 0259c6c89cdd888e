#!/usr/bin/env bash
# Builds upstream libbpf v1.7.0 (through reference/, i.e. libbpf-sys) once and
# prints shell assignments REF_INCLUDE=… REF_LIB=… REF_UAPI=… for scripts to
# eval. REF_UAPI is the kernel UAPI include directory libbpf v1.7.0 carries
# (linux/bpf.h as of its last kernel sync): the input of
# tools/gen_helper_defs.py, so our bpf_helper_defs.h is at least as new.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo run -q --release --manifest-path "$root/Cargo.toml" -p oxbpf-reference |
	sed -e 's/^include=/REF_INCLUDE=/' -e 's/^lib=/REF_LIB=/'
cargo metadata -q --format-version 1 --manifest-path "$root/Cargo.toml" |
	python3 -c 'import json, os, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] == "libbpf-sys":
        print("REF_UAPI=" + os.path.join(os.path.dirname(p["manifest_path"]), "libbpf/include/uapi"))'
