#![no_main]
//! Any bytes as .note.stapsdt notes and USDT argument specs.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bpf::fuzz::usdt(data);
});
