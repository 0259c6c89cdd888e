#![no_main]
//! Any bytes as BTF: parse (eager and lazy), lookups, C dump, dedup.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bpf::fuzz::btf_new(data);
});
