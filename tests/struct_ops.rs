//! struct_ops maps end to end: a BPF TCP congestion control (c-tests/progs/
//! struct_ops.bpf.c) opened (maps, shadow struct with program handles),
//! prepared against vmlinux BTF (kernel value, program attach ids), loaded,
//! registered (with and without a link), used by a loopback TCP connection,
//! and unregistered. Where the kernel refuses (BPF trampolines are needed
//! for struct_ops programs), the test says so and stops there.

mod common;

use bpf::elf::struct_ops::BPF_F_LINK;
use bpf::object::{Object, OpenOpts};
use std::io::{Read, Write};

fn open() -> Object {
    let image = common::bpf_object("struct_ops");
    Object::open(&image, "struct_ops", OpenOpts::default()).expect("open")
}

#[test]
fn open_builds_struct_ops_maps_and_shadows() {
    let obj = open();
    let link = obj.map_by_name("oxbpf_ca").expect("link map");
    let plain = obj.map_by_name("oxbpf_ca_nolink").expect("plain map");
    assert_eq!(link.def.map_type, 26, "BPF_MAP_TYPE_STRUCT_OPS");
    assert_eq!(link.def.map_flags, BPF_F_LINK);
    assert_eq!(plain.def.map_flags, 0);
    assert_eq!((link.def.key_size, link.def.max_entries), (4, 1));
    // The shadow: function pointers hold the programs' handles, name as compiled.
    let shadow = link.initial_value().expect("shadow");
    assert_eq!(shadow.len(), 40);
    let ptr = |i: usize| u64::from_ne_bytes(shadow[i * 8..i * 8 + 8].try_into().unwrap());
    let addr = |n: &str| obj.prog_by_name(n).unwrap() as *const _ as usize as u64;
    assert_eq!(ptr(0), addr("ca_ssthresh"));
    assert_eq!(ptr(1), addr("ca_cong_avoid"));
    assert_eq!(ptr(2), addr("ca_undo_cwnd"));
    assert_eq!(&shadow[24..32], b"oxbpf_ca");
    for p in &obj.progs {
        assert_eq!(p.prog_type, 27, "BPF_PROG_TYPE_STRUCT_OPS");
    }
}

fn set_cc(s: &std::net::TcpStream, name: &str) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: a valid socket and a buffer of the given length.
    let r = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_CONGESTION,
            name.as_ptr().cast(),
            name.len() as u32,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Moves 4 MiB over loopback with congestion control `cc`.
fn transfer(cc: &str) -> std::io::Result<()> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = l.local_addr()?;
    let t = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut buf = vec![0u8; 1 << 16];
        while s.read(&mut buf).unwrap_or(0) > 0 {}
    });
    let mut c = std::net::TcpStream::connect(addr)?;
    set_cc(&c, cc)?;
    let chunk = vec![7u8; 1 << 16];
    for _ in 0..64 {
        c.write_all(&chunk)?;
    }
    drop(c);
    t.join().unwrap();
    Ok(())
}

#[test]
fn register_and_use_a_bpf_congestion_control() {
    require_root!();
    // Congestion-control names are machine-wide: a run that died between
    // register and delete leaves its name taken until someone deletes it.
    let taken = std::fs::read_to_string("/proc/sys/net/ipv4/tcp_available_congestion_control")
        .unwrap_or_default();
    if let Some(n) = taken
        .split_whitespace()
        .find(|n| ["oxbpf_ca", "oxbpf_ca_nl"].contains(n))
    {
        println!("SKIP: congestion control '{n}' is already registered on this machine");
        return;
    }
    let mut obj = open();
    obj.prepare()
        .expect("prepare: vmlinux types found, maps created");
    let kbtf = bpf::sys::kernel_btf::vmlinux().unwrap();
    let tcp_ops = kbtf
        .find_by_name_kind("tcp_congestion_ops", bpf::btf::kind::STRUCT)
        .unwrap();
    for p in &obj.progs {
        assert_eq!(p.attach_btf_id, tcp_ops, "prog '{}'", p.name);
    }
    let vt = kbtf
        .find_by_name_kind("bpf_struct_ops_tcp_congestion_ops", bpf::btf::kind::STRUCT)
        .unwrap();
    let link_map = obj.map_by_name("oxbpf_ca").unwrap();
    assert_eq!(link_map.vmlinux_value_type_id(), vt);
    assert!(link_map.fd().is_some(), "struct_ops map created");
    assert_eq!(
        link_map.def.value_size,
        kbtf.type_by_id(vt).unwrap().size_or_type
    );
    if let Err(e) = obj.load() {
        // Program load is as far as a kernel without BPF trampolines goes.
        println!("SKIP: struct_ops programs refused by the kernel: {e}");
        return;
    }
    let m = obj.map_by_name("oxbpf_ca").unwrap();
    let link = bpf::attach::struct_ops::attach(m).expect("register through a link");
    transfer("oxbpf_ca").expect("the BPF congestion control is usable");
    let bss = obj.map_by_name(".bss").unwrap().mmaped.as_ref().unwrap();
    let calls = u64::from_ne_bytes(bss.bytes()[8..16].try_into().unwrap());
    assert!(calls > 0, "cong_avoid ran");
    link.destroy();
    assert!(transfer("oxbpf_ca").is_err(), "unregistered with the link");

    let m = obj.map_by_name("oxbpf_ca_nolink").unwrap();
    let reg = bpf::attach::struct_ops::attach(m).expect("register by map update");
    transfer("oxbpf_ca_nl").expect("registered without a link");
    reg.destroy();
    assert!(transfer("oxbpf_ca_nl").is_err(), "unregistered by delete");
}
