#![no_main]
//! Any bytes as kconfig text applied to externs of every kcfg type.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bpf::fuzz::kconfig(data);
});
