//! The running kernel's BTF parses (mmap'ed) and answers lookups; bad BTF
//! (random bytes, mutated vmlinux prefixes) gives errors, never a crash or hang.

use bpf::btf::{kind, Btf};
use bpf::sys::kernel_btf;
use std::time::Instant;

#[test]
fn vmlinux_parses_and_answers() {
    if std::fs::metadata(kernel_btf::VMLINUX_PATH).is_err() {
        eprintln!("SKIP: no {}", kernel_btf::VMLINUX_PATH);
        return;
    }
    let t0 = Instant::now();
    let v = kernel_btf::parse_raw_file(kernel_btf::VMLINUX_PATH, None).expect("vmlinux BTF");
    let parse = t0.elapsed();
    let t1 = Instant::now();
    let ts = v
        .find_by_name_kind("task_struct", kind::STRUCT)
        .expect("task_struct");
    let first_lookup = t1.elapsed();
    eprintln!(
        "vmlinux: {} types, parse {parse:?}, first name lookup (builds index) {first_lookup:?}",
        v.type_cnt()
    );
    assert!(v.type_cnt() > 10_000);
    assert!(v.resolve_size(ts).unwrap() > 1000);
    assert_eq!(v.find_by_name("void"), Some(0));
    let tp = bpf::btf::attach::find_attach_btf_id(
        &v,
        bpf::btf::attach::AttachKind::TraceRawTp,
        "sched_switch",
    )
    .expect("btf_trace_sched_switch");
    assert_eq!(v.type_by_id(tp).unwrap().kind(), kind::TYPEDEF);
    // Round trip: raw → parse gives the same records.
    let again = Btf::parse(&v.raw()).unwrap();
    assert_eq!(again.type_cnt(), v.type_cnt());
    assert_eq!(again.types_section(), v.types_section());
    // Module BTF (split on vmlinux), when the kernel has modules.
    let base = kernel_btf::vmlinux().unwrap();
    for (_, m) in kernel_btf::all_modules(&base) {
        assert!(m.start_id() == base.type_cnt());
    }
}

/// Small deterministic PRNG (no dependency): xorshift64*.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn exercise(b: &Btf) {
    for id in 0..b.type_cnt().min(2000) {
        let _ = b.resolve_size(id);
        let _ = b.resolve_type(id);
        let _ = b.align_of(id);
        let _ = b.skip_mods_and_typedefs(id);
    }
    let _ = b.find_by_name("task_struct");
    let _ = b.raw();
}

/// The bodies of the cargo-fuzz targets (fuzz/), run on bounded random input.
#[test]
fn random_and_mutated_btf_never_crash() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let seed = {
        let mut b = Btf::new_empty(None);
        let i = b.add_int("int", 4, 1).unwrap() as i32;
        let p = b.add_ref_kind(kind::PTR, None, i, false).unwrap() as i32;
        b.add_composite(false, Some("s"), 16).unwrap();
        b.add_field(Some("a"), i, 0, 0).unwrap();
        b.add_field(Some("p"), p, 64, 0).unwrap();
        b.add_ref_kind(kind::TYPEDEF, Some("t"), 3, false).unwrap();
        b.add_array(i, 4, 4).unwrap();
        b.raw()
    };
    let deadline = Instant::now() + std::time::Duration::from_secs(5);
    let mut n = 0;
    while Instant::now() < deadline && n < 200_000 {
        n += 1;
        let mut data = seed.clone();
        for _ in 0..(rng.next() % 8 + 1) {
            let i = (rng.next() as usize) % data.len();
            data[i] = rng.next() as u8;
        }
        if rng.next() % 16 == 0 {
            data.truncate((rng.next() as usize) % data.len());
        }
        if let Ok(b) = Btf::parse(&data) {
            exercise(&b);
        }
        let _ = bpf::btf::ext::BtfExt::parse(&data);
    }
    assert!(n > 1000, "ran {n} cases");
}
