//! Open → load → attach → trigger → observe, through the Rust layer, on the real kernel.

mod common;

use bpf::attach;
use bpf::object::{Object, OpenOpts};
use std::io::Write;

fn open(name: &str) -> Object {
    let image = common::bpf_object(name);
    Object::open(&image, name, OpenOpts::default()).expect("open")
}

#[test]
fn open_parses_programs_and_maps() {
    let obj = open("globals");
    let names: Vec<&str> = obj.maps.iter().map(|m| m.name.as_str()).collect();
    assert!(names.contains(&"globals.bss"), "{names:?}");
    assert!(names.contains(&"globals.data"), "{names:?}");
    assert!(names.contains(&"globals.rodata"), "{names:?}");
    assert!(names.contains(&"counts"), "{names:?}");
    assert_eq!(
        obj.progs.len(),
        1,
        "the .text subprogram is not an entry program"
    );
    let p = &obj.progs[0];
    assert_eq!(p.name, "count_writes");
    assert_eq!(p.prog_type, 5, "tracepoint");
    assert_eq!(obj.license(), "GPL");
    let counts = obj.map_by_name("counts").unwrap();
    assert_eq!(
        (
            counts.def.key_size,
            counts.def.value_size,
            counts.def.max_entries
        ),
        (4, 8, 16)
    );
    let data = obj.map_by_name(".data").unwrap();
    assert_eq!(
        &data.initial_value().unwrap()[0..8],
        &100u64.to_ne_bytes(),
        "initial .data"
    );
}

#[test]
fn load_attach_and_observe_globals() {
    require_root!();
    let mut obj = open("globals");
    let pid = std::process::id() as i32;
    // Write .bss and .rodata through the pre-load regions, as a skeleton does.
    {
        let bss = obj.maps.iter_mut().find(|m| m.real_name == ".bss").unwrap();
        bss.mmaped.as_mut().unwrap().bytes_mut()[..4].copy_from_slice(&pid.to_ne_bytes());
        let ro = obj
            .maps
            .iter_mut()
            .find(|m| m.real_name == ".rodata")
            .unwrap();
        ro.mmaped.as_mut().unwrap().bytes_mut()[..8].copy_from_slice(&3u64.to_ne_bytes());
    }
    let bss_ptr = obj
        .map_by_name(".bss")
        .unwrap()
        .mmaped
        .as_ref()
        .unwrap()
        .as_ptr();
    obj.load().expect("load");
    assert!(obj.progs[0].fd.is_some());
    // The region stayed at the same address and now aliases the kernel map.
    assert_eq!(
        obj.map_by_name(".bss")
            .unwrap()
            .mmaped
            .as_ref()
            .unwrap()
            .as_ptr(),
        bss_ptr
    );

    let link = attach::auto_attach(&obj.progs[0], &obj)
        .expect("attach")
        .expect("tp auto-attaches");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/null")
        .unwrap();
    for _ in 0..5 {
        f.write_all(b"x").unwrap();
    }
    let bss = obj.map_by_name(".bss").unwrap().initial_value().unwrap();
    let hits = u64::from_ne_bytes(bss[8..16].try_into().unwrap());
    assert!(hits >= 5, "hits = {hits}");
    let data = obj.map_by_name(".data").unwrap().initial_value().unwrap();
    let total = u64::from_ne_bytes(data[0..8].try_into().unwrap());
    assert_eq!(
        total,
        100 + 3 * hits,
        ".data accumulates factor (from .rodata) per hit"
    );
    let counts = obj.map_by_name("counts").unwrap();
    let mut v = [0u8; 8];
    counts.lookup_elem(&7u32.to_ne_bytes(), &mut v, 0).unwrap();
    assert_eq!(u64::from_ne_bytes(v), hits);
    // Size checks on the map API.
    assert!(counts.lookup_elem(&[0u8; 2], &mut v, 0).is_err());
    link.destroy();
    let before = hits;
    f.write_all(b"x").unwrap();
    let bss = obj.map_by_name(".bss").unwrap().initial_value().unwrap();
    assert_eq!(
        u64::from_ne_bytes(bss[8..16].try_into().unwrap()),
        before,
        "detached"
    );
}

#[test]
fn rodata_is_frozen_after_load() {
    require_root!();
    let mut obj = open("globals");
    obj.load().expect("load");
    let ro = obj.map_by_name(".rodata").unwrap();
    let e = ro
        .update_elem(&0u32.to_ne_bytes(), &[0u8; 8], 0)
        .unwrap_err();
    assert_eq!(e.errno().0, libc::EPERM, "frozen map rejects updates: {e}");
}

#[test]
fn second_load_is_rejected() {
    require_root!();
    let mut obj = open("minimal");
    obj.load().expect("load");
    assert!(obj.load().is_err());
}

#[test]
fn map_in_map_and_prog_array_static_init() {
    require_root!();
    let mut obj = open("map_in_map");
    let outer = obj.map_by_name("outer").unwrap();
    assert_eq!(outer.def.value_size, 4);
    assert_eq!(outer.init_slots.len(), 2);
    assert_eq!(outer.inner.as_ref().unwrap().def.max_entries, 1);
    obj.progs
        .iter_mut()
        .find(|p| p.name == "tail_target")
        .unwrap()
        .autoattach = false;
    let pid = std::process::id() as i32;
    obj.maps
        .iter_mut()
        .find(|m| m.real_name == ".bss")
        .unwrap()
        .mmaped
        .as_mut()
        .unwrap()
        .bytes_mut()[..4]
        .copy_from_slice(&pid.to_ne_bytes());
    obj.load().expect("load");
    // Slots hold the inner maps' ids; empty slots stay empty.
    let outer = obj.map_by_name("outer").unwrap();
    let mut id = [0u8; 4];
    outer.lookup_elem(&2u32.to_ne_bytes(), &mut id, 0).unwrap();
    let inner_b_id = bpf::sys::bpf::map_info(obj.map_by_name("inner_b").unwrap().fd().unwrap())
        .unwrap()
        .id;
    assert_eq!(u32::from_ne_bytes(id), inner_b_id);
    assert!(outer.lookup_elem(&1u32.to_ne_bytes(), &mut id, 0).is_err());

    let entry = obj.progs.iter().find(|p| p.name == "entry").unwrap();
    let link = attach::auto_attach(entry, &obj).unwrap().unwrap();
    for _ in 0..3 {
        // SAFETY: getppid has no preconditions.
        unsafe { libc::getppid() };
    }
    let mut v = [0u8; 8];
    obj.map_by_name("inner_b")
        .unwrap()
        .lookup_elem(&0u32.to_ne_bytes(), &mut v, 0)
        .unwrap();
    assert!(
        u64::from_ne_bytes(v) >= 3,
        "program reached inner_b through the outer map"
    );
    let bss = obj.map_by_name(".bss").unwrap().initial_value().unwrap();
    let tail_hits = u64::from_ne_bytes(bss[8..16].try_into().unwrap());
    assert!(
        tail_hits >= 3,
        "tail call through the statically initialised prog array: {tail_hits}"
    );
    link.destroy();
}

#[test]
fn kconfig_externs_reach_the_program() {
    require_root!();
    let mut obj = open("kconfig");
    let kcfg = obj
        .maps
        .iter()
        .find(|m| m.name == "kconfig.kconfig")
        .expect("kconfig map named like libbpf's");
    assert!(kcfg.def.map_flags & 0x80 != 0, "read-only for programs");
    obj.load().expect("load");
    // The .kconfig DATASEC's VARs were re-sorted by their new offsets, so
    // the kernel took the object's BTF (it refuses unsorted ones).
    assert!(obj.btf_fd().is_some(), "object BTF loaded");
    let link = attach::auto_attach(&obj.progs[0], &obj).unwrap().unwrap();
    // SAFETY: getppid has no preconditions.
    unsafe { libc::getppid() };
    link.destroy();
    let bss = obj.map_by_name(".bss").unwrap().initial_value().unwrap();
    let seen: Vec<u64> = bss
        .chunks(8)
        .map(|c| u64::from_ne_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(seen[0], bpf::sys::uname::kernel_version() as u64);
    assert_eq!(seen[1], 1, "this kernel has bpf cookies");
    assert_eq!(seen[2], 1, "CONFIG_BPF=y");
    assert_eq!(seen[3], 1, "CONFIG_BPF_SYSCALL=y as TRI_YES");
    let cfg = bpf::object::read_kernel_config().unwrap();
    let hz: u64 = cfg
        .lines()
        .find_map(|l| l.strip_prefix("CONFIG_HZ="))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(seen[4], hz);
    // CONFIG_OXBPF_DOES_NOT_EXIST (weak, missing) reads as 0; the string's first byte is added.
    let local = cfg
        .lines()
        .find_map(|l| l.strip_prefix("CONFIG_LOCALVERSION=\""));
    let first = local
        .and_then(|v| v.bytes().next())
        .filter(|&b| b != b'"')
        .unwrap_or(0);
    assert_eq!(seen[5], first as u64);
}

#[test]
fn global_var_offsets_come_from_the_datasec() {
    let obj = open("globals");
    let bss = obj.map_by_name(".bss").unwrap();
    // .bss holds my_pid (int) then hits (u64): clang puts hits at 8.
    assert_eq!(obj.global_var_offset(bss, "my_pid").unwrap(), 0);
    assert_eq!(obj.global_var_offset(bss, "hits").unwrap(), 8);
    let data = obj.map_by_name(".data").unwrap();
    assert_eq!(obj.global_var_offset(data, "total").unwrap(), 0);
    let err = obj.global_var_offset(data, "nope").unwrap_err();
    assert_eq!(err.errno(), bpf::Errno::ESRCH);
    let counts = obj.map_by_name("counts").unwrap();
    assert!(obj.global_var_offset(counts, "my_pid").is_err());
}

#[test]
fn ksyms_externs_typed_untyped_kfuncs_and_weak() {
    require_root!();
    let mut obj = open("ksyms");
    let pid = std::process::id() as i32;
    obj.maps
        .iter_mut()
        .find(|m| m.real_name == ".bss")
        .unwrap()
        .mmaped
        .as_mut()
        .unwrap()
        .bytes_mut()[..4]
        .copy_from_slice(&pid.to_ne_bytes());
    obj.prepare().expect("prepare");
    // The typed ksym is an ld_imm64 of its vmlinux BTF id.
    let vmlinux = bpf::sys::kernel_btf::vmlinux().unwrap();
    let var_id = vmlinux
        .find_by_name_kind("bpf_prog_active", bpf::btf::kind::VAR)
        .unwrap();
    let typed = obj.progs.iter().find(|p| p.name == "ksyms_typed").unwrap();
    assert!(
        typed
            .insns
            .iter()
            .any(|i| i.code == 0x18 && i.src_reg() == 3 && i.imm == var_id as i32),
        "ld_imm64 BPF_PSEUDO_BTF_ID {var_id}"
    );
    let has_kallsyms_var = std::fs::read_to_string("/proc/kallsyms")
        .unwrap()
        .lines()
        .any(|l| l.ends_with(" bpf_prog_active"));
    if !has_kallsyms_var {
        eprintln!("SKIP: typed ksym load: this kernel's kallsyms lacks per-CPU variables (no CONFIG_KALLSYMS_ALL)");
        obj.progs
            .iter_mut()
            .find(|p| p.name == "ksyms_typed")
            .unwrap()
            .autoload = false;
    }
    if let Err(e) = obj.load() {
        panic!("load: {e}");
    }
    let prog = obj.progs.iter().find(|p| p.name == "ksyms_test").unwrap();
    let link = attach::auto_attach(prog, &obj)
        .expect("attach tp_btf")
        .expect("auto-attach");
    // SAFETY: getppid has no preconditions.
    unsafe { libc::getppid() };
    link.destroy();
    let bss = obj.map_by_name(".bss").unwrap().initial_value().unwrap();
    let r: Vec<u64> = bss[8..56]
        .chunks(8)
        .map(|c| u64::from_ne_bytes(c.try_into().unwrap()))
        .collect();
    let kallsyms = std::fs::read_to_string("/proc/kallsyms").unwrap();
    let addr = kallsyms
        .lines()
        .find(|l| l.ends_with(" schedule"))
        .map(|l| u64::from_str_radix(l.split_whitespace().next().unwrap(), 16).unwrap())
        .unwrap();
    assert_eq!(r[1], addr, "untyped ksym = kallsyms address");
    assert_eq!(r[2], 1, "kfuncs bpf_task_from_pid/bpf_task_release called");
    assert_eq!(r[3], 2, "missing weak var reads as absent");
    assert_eq!(r[4], 2, "missing weak kfunc is skipped");
    assert_eq!(r[5], 1, "a present kfunc exists (ld_imm64 of its BTF id)");
}
