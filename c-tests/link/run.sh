#!/usr/bin/env bash
# Link tests for libbpf.a and libbpf.so, with the link lines real programs use:
# - `cc main.o libbpf.a -lelf -lz`, exactly libbpf-bootstrap's line (no -lm);
# - libbpf.a next to another Rust static library: no duplicate symbols;
# - the .so through -lbpf.
. "$(dirname "$0")/../lib.sh"

cc -g -Wall -Werror -I"$root/include" -c "$here/main.c" -o "$tmp/main.o" || ko "compile main.c"
if cc -g -Wall "$tmp/main.o" "$build/libbpf.a" -lelf -lz -o "$tmp/static" && "$tmp/static"; then
	ok "cc main.o libbpf.a -lelf -lz links and runs"
else
	ko "static link with libbpf-bootstrap's line"
fi

# Another Rust static library in the same program.
cargo build --quiet --release --manifest-path "$here/other-rust-lib/Cargo.toml" \
	--target-dir "$root/target/other-rust-lib" || ko "build other-rust-lib"
other="$root/target/other-rust-lib/release/libother_rust_lib.a"
cc -g -Wall -Werror -DWITH_OTHER_RUST -I"$root/include" -c "$here/main.c" -o "$tmp/main2.o"
if cc "$tmp/main2.o" "$build/libbpf.a" "$other" -lelf -lz -o "$tmp/two" 2>"$tmp/two.err" && "$tmp/two"; then
	ok "libbpf.a links next to another Rust static library"
else
	cat "$tmp/two.err"; ko "libbpf.a next to another Rust static library"
fi

# Nothing but libbpf API symbols (and parse_cpu_mask_file) is global in libbpf.a.
extra=$(nm -g --defined-only "$build/libbpf.a" | awk 'NF==3 {print $3}' | sort -u |
	comm -23 - "$build/libbpf.syms")
if [ -z "$extra" ]; then ok "libbpf.a exports only libbpf symbols"; else ko "libbpf.a exports extra: $(echo $extra | head -c 300)"; fi

# No libm (or anything beyond libc/libgcc) needed.
if nm -u "$build/libbpf.a" | grep -qwE 'log|exp|pow|powf|logf|expf|ceil|floor|fmod'; then
	ko "libbpf.a needs libm"
else
	ok "libbpf.a needs no libm"
fi

if [ -e "$build/libbpf.so.1" ]; then
	if cc "$tmp/main.o" -L"$build" -lbpf -Wl,-rpath,"$build" -o "$tmp/dyn" && "$tmp/dyn" &&
		ldd "$tmp/dyn" | grep -q "$build/libbpf.so.1"; then
		ok "dynamic link with -lbpf uses our libbpf.so.1"
	else
		ko "dynamic link with -lbpf"
	fi
fi
finish
