//! Build script: compiles the C pieces (`src/capi/print.c`, the internal
//! hash map `src/capi/internal/hashmap.c`), and with
//! `--features gen-headers` regenerates the cbindgen part of `include/bpf/*.h`.

fn main() {
    println!("cargo:rerun-if-changed=src/capi/print.c");
    cc::Build::new()
        .file("src/capi/print.c")
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile("oxbpf_print");
    // The registry's intentional races, declared to helgrind.
    println!("cargo:rerun-if-changed=src/capi/helgrind.c");
    cc::Build::new()
        .file("src/capi/helgrind.c")
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile("oxbpf_helgrind");
    // libbpf's internal hash map, for tools built against libbpf's tree: a C
    // data structure those tools walk with macros (include/internal/hashmap.h).
    println!("cargo:rerun-if-changed=src/capi/internal/hashmap.c");
    println!("cargo:rerun-if-changed=include/internal/hashmap.h");
    cc::Build::new()
        .file("src/capi/internal/hashmap.c")
        .include("include/internal")
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile("oxbpf_hashmap");

    #[cfg(feature = "gen-headers")]
    gen_headers::run();
}

/// Header generation: each public header is cbindgen's output for the capi
/// files listed here, wrapped by hand-written fragments in `include/gen/`:
/// `<stem>.toml` (cbindgen config), `<stem>.head.h` (includes, macros before
/// the declarations) and `<stem>.tail.h` (inline helpers after them).
/// Output goes to `$OXBPF_HEADER_DIR` (default `include/bpf`), so a test can
/// generate into a scratch directory and diff against the committed headers.
#[cfg(feature = "gen-headers")]
mod gen_headers {
    use std::path::PathBuf;

    /// (header, capi sources it is generated from)
    pub const HEADERS: &[(&str, &[&str])] = &[
        // Each issue adds its header here as its capi file gets declarations.
        // A directory module: cbindgen follows its `mod` declarations.
        ("bpf.h", &["src/capi/bpf/mod.rs"]),
        (
            "btf.h",
            &[
                "src/capi/handles.rs",
                "src/capi/btf/mod.rs",
                "src/capi/btf_dump.rs",
            ],
        ),
        ("libbpf_legacy.h", &["src/capi/legacy.rs"]),
        (
            "libbpf.h",
            &[
                "src/capi/utils.rs",
                "src/capi/types.rs",
                "src/capi/handles.rs",
                "src/capi/names.rs",
                "src/capi/object.rs",
                "src/capi/program.rs",
                "src/capi/link.rs",
                "src/capi/attach.rs",
                "src/capi/map.rs",
                "src/capi/netlink.rs",
                "src/capi/ringbuf.rs",
                "src/capi/perfbuf.rs",
                "src/capi/linfo.rs",
                "src/capi/probes.rs",
                "src/capi/skel.rs",
                "src/capi/linker.rs",
                "src/capi/handler.rs",
            ],
        ),
    ];

    pub fn run() {
        let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
        println!("cargo:rerun-if-env-changed=OXBPF_HEADER_DIR");
        let out_dir = std::env::var("OXBPF_HEADER_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| root.join("include/bpf"));
        std::fs::create_dir_all(&out_dir).expect("create header dir");
        for (header, sources) in HEADERS {
            let stem = header.trim_end_matches(".h");
            let gen = root.join("include/gen");
            let cfg_path = gen.join(format!("{stem}.toml"));
            println!("cargo:rerun-if-changed={}", cfg_path.display());
            let mut config = cbindgen::Config::from_file(&cfg_path)
                .unwrap_or_else(|e| panic!("{}: {e}", cfg_path.display()));
            for (part, slot) in [("head", &mut config.header), ("tail", &mut config.trailer)] {
                let p = gen.join(format!("{stem}.{part}.h"));
                println!("cargo:rerun-if-changed={}", p.display());
                if let Ok(text) = std::fs::read_to_string(&p) {
                    *slot = Some(text.trim_end().to_string());
                }
            }
            let mut builder = cbindgen::Builder::new().with_config(config);
            for src in *sources {
                println!("cargo:rerun-if-changed={src}");
                builder = builder.with_src(root.join(src));
            }
            let bindings = builder
                .generate()
                .unwrap_or_else(|e| panic!("cbindgen for {header}: {e}"));
            bindings.write_to_file(out_dir.join(header));
        }
    }
}
