#!/usr/bin/env bash
# Builds upstream libbpf v1.7.0 (through reference/, i.e. libbpf-sys) once and
# prints shell assignments REF_INCLUDE=… REF_LIB=… for scripts to eval.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo run -q --release --manifest-path "$root/Cargo.toml" -p oxbpf-reference |
	sed -e 's/^include=/REF_INCLUDE=/' -e 's/^lib=/REF_LIB=/'
