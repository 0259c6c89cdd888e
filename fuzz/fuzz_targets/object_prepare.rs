#![no_main]
//! Any bytes as a BPF object: open, then prepare without a kernel (kconfig, sanitize, CO-RE, linking).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bpf::fuzz::object_prepare(data);
});
