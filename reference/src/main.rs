//! Prints where upstream libbpf v1.7.0 was built, for scripts:
//! `include=<dir with bpf/*.h>` and `lib=<dir with libbpf.a>`.
//! The libbpf-sys dependency is what builds it; nothing here calls it.
use std::path::Path;

fn main() {
    let include = Path::new(env!("OXBPF_REFERENCE_INCLUDE"));
    let lib = include.parent().expect("OUT_DIR/include");
    println!("include={}", include.display());
    println!("lib={}", lib.display());
    // Keep the dependency linked so cargo builds it.
    let _ = libbpf_sys::libbpf_major_version;
}
