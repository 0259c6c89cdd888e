#![no_main]
//! Any bytes as a program's line info (xlated and jited): bpf_prog_linfo lookups.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bpf::fuzz::prog_linfo(data);
});
