#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(b) = bpf::btf::Btf::parse(data) {
        for id in 0..b.type_cnt().min(4096) {
            let _ = b.resolve_size(id);
            let _ = b.align_of(id);
            let _ = b.resolve_type(id);
        }
        let _ = b.find_by_name("task_struct");
        let _ = b.raw();
    }
});
