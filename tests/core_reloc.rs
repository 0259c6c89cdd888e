//! CO-RE against the running kernel: the `core_task` corpus program declares
//! task_struct & co. with wrong local layouts; after load it must read the
//! right values, and every relocation kind must give the kernel's answer.

mod common;

use bpf::attach;
use bpf::btf::{kind, Btf};
use bpf::object::{Object, OpenOpts};

fn open(name: &str, opts: OpenOpts) -> Object {
    let image = common::bpf_object(name);
    Object::open(&image, name, opts).expect("open")
}

fn bss_u32(obj: &Object, off: usize) -> u32 {
    let b = obj.map_by_name(".bss").unwrap().initial_value().unwrap();
    u32::from_ne_bytes(b[off..off + 4].try_into().unwrap())
}

/// Offsets of .bss variables, from the object's own BTF (DATASEC).
fn var_offsets(obj_bytes: &[u8]) -> std::collections::HashMap<String, (usize, usize)> {
    let spec = bpf::elf::ObjectSpec::parse(obj_bytes).unwrap();
    let btf = spec.btf.unwrap();
    let ds = btf.find_by_name_kind(".bss", kind::DATASEC).unwrap();
    let t = btf.type_by_id(ds).unwrap();
    (0..t.vlen() as usize)
        .map(|i| {
            let (v, off, sz) = t.secinfo(i);
            let name = btf.name_of(&btf.type_by_id(v).unwrap()).to_string();
            (name, (off as usize, sz as usize))
        })
        .collect()
}

fn kernel() -> Btf {
    Btf::parse(&std::fs::read("/sys/kernel/btf/vmlinux").unwrap()).unwrap()
}

fn member_offset(btf: &Btf, sname: &str, field: &str) -> u32 {
    let id = btf.find_by_name_kind(sname, kind::STRUCT).unwrap();
    let t = btf.type_by_id(id).unwrap();
    (0..t.vlen() as usize)
        .find(|&i| btf.str_at(t.member(i).0) == Some(field))
        .map(|i| t.member_bit_offset(i) / 8)
        .unwrap()
}

#[test]
fn core_task_reads_the_kernel_layout() {
    require_root!();
    let image = common::bpf_object("core_task");
    let offs = var_offsets(&image);
    let mut obj = open("core_task", OpenOpts::default());
    // SAFETY: plain syscalls on the calling thread.
    let tid = unsafe { libc::syscall(libc::SYS_gettid) } as u32;
    {
        let bss = obj.maps.iter_mut().find(|m| m.real_name == ".bss").unwrap();
        let (o, _) = offs["target_tid"];
        bss.mmaped.as_mut().unwrap().bytes_mut()[o..o + 4].copy_from_slice(&tid.to_ne_bytes());
    }
    // Mark this thread so the sched_reset_on_fork bitfield reads 1.
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: valid param pointer; pid 0 is the calling thread.
    let rc = unsafe { libc::sched_setscheduler(0, libc::SCHED_OTHER | 0x4000_0000, &param) };
    assert_eq!(rc, 0, "sched_setscheduler(SCHED_RESET_ON_FORK)");
    obj.load().expect("load with CO-RE relocations");
    let link = attach::auto_attach(&obj.progs[0], &obj)
        .expect("attach")
        .expect("tp");
    // SAFETY: getppid has no preconditions.
    let ppid = unsafe { libc::getppid() };
    link.destroy();
    let g = |n: &str| bss_u32(&obj, offs[n].0);
    let k = kernel();
    assert!(g("seen") >= 1, "program ran");
    assert_eq!(g("pid"), tid, "BPF_CORE_READ(t, pid)");
    assert_eq!(g("pid_direct"), tid, "direct LDX tb->pid");
    assert_eq!(g("tgid"), std::process::id(), "tgid");
    assert_eq!(
        g("ppid") as i32,
        ppid,
        "subprogram read of real_parent->tgid"
    );
    let comm = &obj.map_by_name(".bss").unwrap().initial_value().unwrap()[offs["comm"].0..][..16];
    let mut want = std::fs::read(format!("/proc/self/task/{tid}/comm")).unwrap();
    want.pop();
    assert_eq!(&comm[..want.len()], &want[..], "comm");
    assert_ne!(g("flags"), 0, "task flags read with adjusted load size");
    assert_eq!(g("reset_on_fork"), 1, "bitfield via lshift/rshift");
    assert_eq!(
        g("reset_on_fork_probed"),
        1,
        "bitfield via byte offset/size"
    );
    assert_eq!(g("pid_exists"), 1);
    assert_eq!(g("old_pid_exists"), 1, "flavor ___old matches task_struct");
    assert_eq!(g("never_exists"), 0);
    assert_eq!(g("no_such_exists"), 0, "guarded poisoned read is dead code");
    assert_eq!(g("comm_size"), 16);
    assert_eq!(g("pid_offset"), member_offset(&k, "task_struct", "pid"));
    assert_eq!(g("pid_signed"), 1);
    assert_eq!(g("flags_signed"), 0);
    assert_eq!(g("ts_exists"), 1);
    assert_eq!(g("missing_exists"), 0);
    assert_eq!(g("lh_matches"), 1);
    let ts = k.find_by_name_kind("task_struct", kind::STRUCT).unwrap();
    assert_eq!(g("ts_size"), k.resolve_size(ts).unwrap());
    assert_eq!(g("missing_size"), 0);
    assert_eq!(g("ts_kernel_id"), ts);
    assert_eq!(g("sid_exists"), 1);
    assert_eq!(g("nope_exists"), 0);
    let b = obj.map_by_name(".bss").unwrap().initial_value().unwrap();
    let u64at = |n: &str| u64::from_ne_bytes(b[offs[n].0..offs[n].0 + 8].try_into().unwrap());
    assert_eq!(u64at("sid_value"), 3, "enum pid_type::PIDTYPE_SID");
    assert_eq!(u64at("max_value"), 4);
}

#[test]
fn btf_custom_path_is_the_target() {
    require_root!();
    // A custom target where task_struct.pid sits at offset 1234: the field
    // offset relocation must answer 1234, without touching kernel BTF.
    let mut b = Btf::new_empty(None);
    let int = b.add_int("int", 4, 1).unwrap() as i32;
    let ts = b.add_composite(false, Some("task_struct"), 2048).unwrap();
    b.add_field(Some("pid"), int, 1234 * 8, 0).unwrap();
    let _ = ts;
    let path = std::env::temp_dir().join(format!("oxbpf-custom-{}.btf", std::process::id()));
    std::fs::write(&path, b.raw()).unwrap();
    let mut obj = open(
        "core_task",
        OpenOpts {
            btf_custom_path: Some(path.to_str().unwrap().to_string()),
            ..Default::default()
        },
    );
    // Loading needs root; relocation alone is checked through the program's insns.
    let res = obj.load();
    std::fs::remove_file(&path).ok();
    // Against the custom BTF most relocations fail (poisoned reads are
    // reachable), so the verifier refuses: the relocated instruction is what we check.
    let _ = res;
    let insns = obj.core_relocated_insns("core_task").unwrap();
    assert!(
        insns
            .iter()
            .any(|i| (i.code == 0xb4 || i.code == 0xb7) && i.imm == 1234),
        "pid offset 1234 from the custom BTF"
    );
}
