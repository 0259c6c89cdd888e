#![no_main]
//! Any bytes as .BTF.ext: parse, walk the records, rewrite strings and type ids.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bpf::fuzz::btf_ext_new(data);
});
