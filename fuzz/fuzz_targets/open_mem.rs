#![no_main]
//! Any bytes given to the object parser: an error or an object, never a crash.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    bpf::fuzz::open_mem(data);
});
