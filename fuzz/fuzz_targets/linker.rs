#![no_main]
use libfuzzer_sys::fuzz_target;

// Two objects in one input: the first four bytes say where the second starts.
fuzz_target!(|data: &[u8]| bpf::fuzz::linker(data));
