#![no_main]
//! Split BTF on a base from the same input: parse, dump, dedup, distill, relocate.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bpf::fuzz::btf_split(data);
});
