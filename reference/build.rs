//! Passes the location of libbpf-sys's build of upstream libbpf (its
//! `libbpf.a` and installed headers) on to `reference-paths`.
fn main() {
    let include = std::env::var("DEP_BPF_INCLUDE").expect("libbpf-sys exports its include dir");
    println!("cargo:rustc-env=OXBPF_REFERENCE_INCLUDE={include}");
}
