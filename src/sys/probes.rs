//! What the running kernel supports, found by trying it: each probe loads a
//! tiny program, map or BTF blob once per process, lazily, and caches the
//! answer. The object loader asks these before deciding how to load (e.g.
//! whether to sanitize BTF or name programs).

use super::bpf::{call, call_fd, prog_load_attempts, sys_bpf};
use crate::error::Errno;
use crate::uapi::bpf::*;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::OnceLock;

/// A kernel feature the library cares about (libbpf's `FEAT_*` names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    /// `prog_name`/`map_name` in the attrs (4.15).
    ProgName,
    /// Direct map value access from programs: global data (5.2).
    GlobalData,
    /// BPF_BTF_LOAD at all.
    Btf,
    /// BTF_KIND_FUNC and FUNC_PROTO.
    BtfFunc,
    /// BTF_KIND_VAR and DATASEC.
    BtfDatasec,
    /// FUNC with global linkage.
    BtfGlobalFunc,
    /// BTF_KIND_FLOAT.
    BtfFloat,
    /// BTF_KIND_DECL_TAG.
    BtfDeclTag,
    /// BTF_KIND_TYPE_TAG.
    BtfTypeTag,
    /// BTF_KIND_ENUM64.
    BtfEnum64,
    /// `BPF_F_MMAPABLE` arrays.
    ArrayMmap,
    /// `expected_attach_type` at load time.
    ExpAttachType,
    /// `bpf_probe_read_kernel` helper.
    ProbeReadKern,
    /// BPF_PROG_BIND_MAP.
    ProgBindMap,
    /// Memory accounted to the memcg, so RLIMIT_MEMLOCK no longer matters (5.11).
    MemcgAccount,
    /// `bpf_get_attach_cookie` helper.
    BpfCookie,
    /// BPF_LINK_CREATE for perf events.
    PerfLink,
    /// `ld_imm64` of a map value at any offset (arena globals at the end of
    /// the arena), libbpf's FEAT_LDIMM64_FULL_RANGE_OFF.
    Ldimm64FullRangeOff,
    /// BPF_TRACE_UPROBE_MULTI links with process (not thread) PID filtering:
    /// USDT programs are loaded for them (libbpf's FEAT_UPROBE_MULTI_LINK).
    UprobeMultiLink,
}

const COUNT: usize = Feature::UprobeMultiLink as usize + 1;

static CACHE: [OnceLock<bool>; COUNT] = [const { OnceLock::new() }; COUNT];

/// Whether the running kernel has `f` (probed once per process).
pub fn supported(f: Feature) -> bool {
    *CACHE[f as usize].get_or_init(|| probe(f))
}

fn probe(f: Feature) -> bool {
    match f {
        Feature::ProgName => load_simple(prog_type::SOCKET_FILTER, &RET0, |a| {
            a.prog_name = super::bpf::obj_name("libbpf_nametest")
        }),
        Feature::GlobalData => probe_global_data(),
        Feature::Btf => btf_probe(&[int_type(1)], &["int"]),
        Feature::BtfFunc => btf_probe(&func_types(0), &["int", "x", "a"]),
        Feature::BtfGlobalFunc => btf_probe(&func_types(1), &["int", "x", "a"]),
        Feature::BtfDatasec => btf_probe(
            &[
                int_type(1),
                // [2] VAR x: int, global allocated
                vec![5, kind(14, 0), 1, 1],
                // [3] DATASEC .data, one var of 4 bytes at 0
                vec![7, kind(15, 1), 4, 2, 0, 4],
            ],
            &["int", "x", ".data"],
        ),
        Feature::BtfFloat => btf_probe(&[vec![1, kind(16, 0), 4]], &["float"]),
        Feature::BtfDeclTag => btf_probe(
            &[
                int_type(1),
                vec![5, kind(14, 0), 1, 0],
                // [3] DECL_TAG "tag" on var 2, whole (component_idx -1)
                vec![7, kind(17, 0), 2, u32::MAX],
            ],
            &["int", "x", "tag"],
        ),
        Feature::BtfTypeTag => btf_probe(
            &[int_type(1), vec![5, kind(18, 0), 1], vec![0, kind(2, 0), 2]],
            &["int", "tag"],
        ),
        Feature::BtfEnum64 => btf_probe(&[vec![1, kind(19, 1), 8, 6, 0, 1]], &["enum", "v"]),
        Feature::ArrayMmap => create_map(map_type::ARRAY, 4, 4, 1, BPF_F_MMAPABLE).is_ok(),
        Feature::ExpAttachType => load_simple(CGROUP_SOCK, &RET0, |a| {
            a.expected_attach_type = CGROUP_INET_SOCK_CREATE
        }),
        Feature::ProbeReadKern => {
            let insns = [
                insn(0xbf, 1, 10, 0, 0),  // r1 = r10
                insn(0x07, 1, 0, 0, -8),  // r1 += -8
                insn(0xb7, 2, 0, 0, 8),   // r2 = 8
                insn(0xb7, 3, 0, 0, 0),   // r3 = 0
                insn(0x85, 0, 0, 0, 113), // call bpf_probe_read_kernel
                insn(0x95, 0, 0, 0, 0),
            ];
            load_simple(prog_type::TRACEPOINT, &insns, |_| {})
        }
        Feature::ProgBindMap => probe_prog_bind_map(),
        Feature::MemcgAccount => {
            let insns = [insn(0x85, 0, 0, 0, 160), insn(0x95, 0, 0, 0, 0)];
            load_simple(prog_type::SOCKET_FILTER, &insns, |_| {})
        }
        Feature::BpfCookie => {
            let insns = [insn(0x85, 0, 0, 0, 174), insn(0x95, 0, 0, 0, 0)];
            load_simple(prog_type::TRACEPOINT, &insns, |_| {})
        }
        Feature::PerfLink => probe_perf_link(),
        Feature::Ldimm64FullRangeOff => probe_ldimm64_full_range_off(),
        Feature::UprobeMultiLink => probe_uprobe_multi_link(),
    }
}

const CGROUP_SOCK: u32 = 9;
const CGROUP_INET_SOCK_CREATE: u32 = 2;

/// Encodes one instruction.
pub fn insn(code: u8, dst: u8, src: u8, off: i16, imm: i32) -> bpf_insn {
    bpf_insn {
        code,
        regs: (dst & 0xf) | (src << 4),
        off,
        imm,
    }
}

/// `r0 = 0; exit`.
pub const RET0: [bpf_insn; 2] = [
    bpf_insn {
        code: 0xb7,
        regs: 0,
        off: 0,
        imm: 0,
    },
    bpf_insn {
        code: 0x95,
        regs: 0,
        off: 0,
        imm: 0,
    },
];

/// Loads `insns` as `prog_type` (GPL) with `tweak` applied to the attr.
pub fn load(
    prog_type: u32,
    insns: &[bpf_insn],
    tweak: impl FnOnce(&mut ProgLoadAttr),
) -> Result<OwnedFd, Errno> {
    let mut attr = ProgLoadAttr {
        prog_type,
        insn_cnt: insns.len() as u32,
        insns: insns.as_ptr() as u64,
        license: c"GPL".as_ptr() as u64,
        ..Default::default()
    };
    tweak(&mut attr);
    prog_load_attempts(&mut attr, 5)
}

fn load_simple(prog_type: u32, insns: &[bpf_insn], tweak: impl FnOnce(&mut ProgLoadAttr)) -> bool {
    load(prog_type, insns, tweak).is_ok()
}

fn create_map(ty: u32, key: u32, value: u32, max: u32, flags: u32) -> Result<OwnedFd, Errno> {
    let mut attr = MapCreateAttr {
        map_type: ty,
        key_size: key,
        value_size: value,
        max_entries: max,
        map_flags: flags,
        ..Default::default()
    };
    call_fd(cmd::MAP_CREATE, &mut attr)
}

fn probe_global_data() -> bool {
    let Ok(map) = create_map(map_type::ARRAY, 4, 32, 1, 0) else {
        return false;
    };
    let insns = [
        // r1 = &map value + 0 (BPF_PSEUDO_MAP_VALUE)
        insn(0x18, 1, 2, 0, map.as_raw_fd()),
        insn(0, 0, 0, 0, 0),
        insn(0x7a, 1, 0, 0, 42), // *(u64 *)(r1 + 0) = 42
        RET0[0],
        RET0[1],
    ];
    load_simple(prog_type::SOCKET_FILTER, &insns, |_| {})
}

/// A map value address 1 GiB into a one-element array: every kernel
/// refuses the load, and the log says whether for the offset itself (old
/// kernels: "direct value offset of ...") or for the access (new ones).
fn probe_ldimm64_full_range_off() -> bool {
    let Ok(map) = create_map(map_type::ARRAY, 4, 1, 1, 0) else {
        return false;
    };
    let insns = [
        insn(0x18, 1, 2, 0, map.as_raw_fd()),
        insn(0, 0, 0, 0, 1 << 30),
        insn(0x95, 0, 0, 0, 0),
    ];
    let mut log = [0u8; 1024];
    let res = load(prog_type::SOCKET_FILTER, &insns, |a| {
        a.log_buf = log.as_mut_ptr() as u64;
        a.log_size = log.len() as u32;
        a.log_level = 1;
    });
    if res.is_ok() {
        return false;
    }
    let text = String::from_utf8_lossy(&log);
    !text.contains("direct value offset of") && text.contains("invalid access to map value pointer")
}

/// A uprobe.multi link on "/" fails with EBADF where the link type exists;
/// with pid -1 it fails with EINVAL only where PID filtering was fixed.
fn probe_uprobe_multi_link() -> bool {
    const KPROBE: u32 = 2;
    const TRACE_UPROBE_MULTI: u32 = 48;
    let Ok(prog) = load(KPROBE, &RET0, |a| {
        a.expected_attach_type = TRACE_UPROBE_MULTI
    }) else {
        return false;
    };
    let offset: u64 = 0;
    let try_link = |pid: u32| {
        let mut attr = LinkCreateAttr {
            prog_fd: prog.as_raw_fd() as u32,
            target_fd: u32::MAX,
            attach_type: TRACE_UPROBE_MULTI,
            ..Default::default()
        };
        attr.set_u64(0, c"/".as_ptr() as u64);
        attr.set_u64(8, &offset as *const u64 as u64);
        attr.set_u32(32, 1);
        attr.set_u32(40, pid);
        sys_bpf(cmd::LINK_CREATE, &mut attr).map(|fd| {
            // An fd we own on the unexpected success: closed here.
            drop(super::fd::own(fd as i32));
        })
    };
    matches!(try_link(0), Err(e) if e == Errno::EBADF)
        && matches!(try_link(u32::MAX), Err(e) if e == Errno::EINVAL)
}

fn probe_prog_bind_map() -> bool {
    let Ok(map) = create_map(map_type::ARRAY, 4, 4, 1, 0) else {
        return false;
    };
    let Ok(prog) = load(prog_type::SOCKET_FILTER, &RET0, |_| {}) else {
        return false;
    };
    let mut attr = ProgBindMapAttr {
        prog_fd: prog.as_raw_fd() as u32,
        map_fd: map.as_raw_fd() as u32,
        flags: 0,
    };
    call(cmd::PROG_BIND_MAP, &mut attr).is_ok()
}

fn probe_perf_link() -> bool {
    let Ok(prog) = load(prog_type::TRACEPOINT, &RET0, |_| {}) else {
        return false;
    };
    // A bad perf event fd: the kernel says EBADF only if it knows the command.
    let mut attr = LinkCreateAttr {
        prog_fd: prog.as_raw_fd() as u32,
        target_fd: u32::MAX,
        attach_type: attach_type::BPF_PERF_EVENT,
        ..Default::default()
    };
    matches!(sys_bpf(cmd::LINK_CREATE, &mut attr), Err(e) if e == Errno::EBADF)
}

/// BTF type `info` word: kind, vlen, no kflag.
const fn kind(k: u32, vlen: u32) -> u32 {
    (k << 24) | vlen
}

/// `[1]`-style signed 32-bit int named by string offset `name`.
fn int_type(name: u32) -> Vec<u32> {
    vec![name, kind(1, 0), 4, (1 << 24) | 32]
}

/// int, `int (int x)` proto, and FUNC `a` of that proto with `linkage`.
fn func_types(linkage: u32) -> [Vec<u32>; 3] {
    [
        int_type(1),
        vec![0, kind(13, 1), 1, 5, 1],
        vec![7, kind(12, linkage), 2],
    ]
}

/// Builds raw BTF (header, types, strings) from type words and strings
/// (offsets as laid out: "\0" then each string NUL-terminated).
pub fn raw_btf(types: &[Vec<u32>], strs: &[&str]) -> Vec<u8> {
    let tbytes: Vec<u8> = types
        .iter()
        .flatten()
        .flat_map(|w| w.to_ne_bytes())
        .collect();
    let mut sbytes = vec![0u8];
    for s in strs {
        sbytes.extend_from_slice(s.as_bytes());
        sbytes.push(0);
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0xeb9fu16.to_ne_bytes());
    out.extend_from_slice(&[1, 0]);
    for w in [
        24u32,
        0,
        tbytes.len() as u32,
        tbytes.len() as u32,
        sbytes.len() as u32,
    ] {
        out.extend_from_slice(&w.to_ne_bytes());
    }
    out.extend_from_slice(&tbytes);
    out.extend_from_slice(&sbytes);
    out
}

/// Loads raw BTF built by [`raw_btf`].
pub fn load_btf(raw: &[u8]) -> Result<OwnedFd, Errno> {
    let mut attr = BtfLoadAttr {
        btf: raw.as_ptr() as u64,
        btf_size: raw.len() as u32,
        ..Default::default()
    };
    call_fd(cmd::BTF_LOAD, &mut attr)
}

fn btf_probe(types: &[Vec<u32>], strs: &[&str]) -> bool {
    load_btf(&raw_btf(types, strs)).is_ok()
}

// ---- libbpf_probe_bpf_{prog_type,map_type,helper}: uncached, as upstream ----

/// What a probe load must fail with to count as "supported" (types that
/// cannot load without a real target), and the verifier message that proves it.
struct Expect {
    errno: Errno,
    msg: Option<&'static str>,
}

/// `-ENOTSUPP` (kernel-internal 524): the type exists but needs more setup.
const ENOTSUPP: Errno = Errno(524);

/// Tries loading `insns` as `prog_type` with the attrs that type needs.
/// `log` receives the verifier log (level 1) when given. `Err(EOPNOTSUPP)`
/// for types this library does not know.
fn probe_prog_load(
    prog_type: u32,
    insns: &[bpf_insn],
    mut log: Option<&mut [u8]>,
) -> Result<bool, Errno> {
    let mut own_log = [0u8; 4096];
    let mut attr = ProgLoadAttr {
        prog_type,
        insn_cnt: insns.len() as u32,
        insns: insns.as_ptr() as u64,
        license: c"GPL".as_ptr() as u64,
        ..Default::default()
    };
    let mut expect = None;
    match prog_type {
        18 => attr.expected_attach_type = 10, // cgroup_sock_addr: inet4_connect
        25 => attr.expected_attach_type = 21, // cgroup_sockopt: getsockopt
        30 => attr.expected_attach_type = 36, // sk_lookup
        20 => attr.expected_attach_type = 16, // lirc_mode2
        32 => attr.expected_attach_type = 45, // netfilter
        prog_type::KPROBE => attr.kern_version = kernel_version(),
        prog_type::TRACING | 29 | 28 => {
            // tracing/lsm/ext cannot load without a real target: ask for
            // BTF id 1 and recognise the verifier's refusal of it.
            log = None;
            attr.attach_btf_id = 1;
            let msg = match prog_type {
                prog_type::TRACING => {
                    attr.expected_attach_type = 24; // fentry
                    "attach_btf_id 1 is not a function"
                }
                29 => {
                    attr.expected_attach_type = 26; // modify_return
                    "attach_btf_id 1 is not a function"
                }
                _ => "Cannot replace kernel functions",
            };
            expect = Some(Expect {
                errno: Errno::EINVAL,
                msg: Some(msg),
            });
        }
        31 => attr.prog_flags = BPF_F_SLEEPABLE, // syscall
        27 => {
            expect = Some(Expect {
                errno: ENOTSUPP,
                msg: None,
            })
        }
        0..=17 | 19 | 21..=24 => {}
        _ => return Err(Errno::ENOTSUP),
    }
    let buf: &mut [u8] = match log {
        Some(b) => b,
        None if expect.as_ref().is_some_and(|e| e.msg.is_some()) => &mut own_log,
        None => &mut [],
    };
    if !buf.is_empty() {
        buf[0] = 0;
        attr.log_buf = buf.as_mut_ptr() as u64;
        attr.log_size = buf.len() as u32;
        attr.log_level = 1;
    }
    let r = prog_load_attempts(&mut attr, 5);
    Ok(match (expect, r) {
        (None, r) => r.is_ok(),
        (Some(_), Ok(_)) => false,
        (Some(e), Err(got)) => got == e.errno && e.msg.is_none_or(|m| log_contains(buf, m)),
    })
}

fn log_contains(buf: &[u8], needle: &str) -> bool {
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).contains(needle)
}

/// `LINUX_VERSION_CODE` of the running kernel (Ubuntu's signature file,
/// Debian's version string, then the release), 0 if unknown. Old kernels
/// checked it for kprobe programs.
pub fn kernel_version() -> u32 {
    fn code(text: &str) -> Option<u32> {
        let mut it = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<u32>().ok());
        let (a, b, c) = (it.next()??, it.next()??, it.next()??);
        Some((a << 16) + (b << 8) + c.min(255))
    }
    if let Ok(sig) = std::fs::read_to_string("/proc/version_signature") {
        if let Some(v) = sig.split_whitespace().nth(2).and_then(code) {
            return v;
        }
    }
    // SAFETY: uname fills the zeroed struct we own.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    if unsafe { libc::uname(&mut u) } != 0 {
        return 0;
    }
    let field = |f: &[libc::c_char]| {
        let b: Vec<u8> = f
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&b).into_owned()
    };
    let version = field(&u.version);
    if let Some(v) = version
        .find("Debian ")
        .and_then(|i| code(&version[i + 7..]))
    {
        return v;
    }
    code(&field(&u.release)).unwrap_or(0)
}

/// Whether the kernel loads a trivial program of `prog_type`.
pub fn prog_type(prog_type: u32) -> Result<bool, Errno> {
    probe_prog_load(prog_type, &RET0, None)
}

/// Whether programs of `prog_type` may call helper `helper_id`: a load
/// that fails for any other reason than the helper counts as "yes", as
/// upstream decides.
pub fn helper(prog_type: u32, helper_id: u32) -> Result<bool, Errno> {
    if matches!(prog_type, prog_type::TRACING | 27 | 28 | 29) {
        return Err(Errno::ENOTSUP);
    }
    let insns = [
        insn(0x85, 0, 0, 0, helper_id as i32),
        insn(0x95, 0, 0, 0, 0),
    ];
    let mut log = vec![0u8; 4096];
    let ok = probe_prog_load(prog_type, &insns, Some(&mut log))?;
    if !ok
        && [
            "invalid func ",
            "unknown func ",
            "program of this type cannot use helper ",
        ]
        .iter()
        .any(|m| log_contains(&log, m))
    {
        return Ok(false);
    }
    Ok(true)
}

/// BTF with `struct { int cnt; struct bpf_spin_lock l; }` as type 3, the
/// value type local-storage maps need.
fn local_storage_btf() -> Result<OwnedFd, Errno> {
    let types = [
        vec![0, kind(1, 0), 4, (1 << 24) | 32],
        vec![1, kind(4, 1), 4, 15, 1, 0],
        vec![15, kind(4, 2), 8, 19, 1, 0, 23, 2, 32],
    ];
    load_btf(&raw_btf(&types, &["bpf_spin_lock", "val", "cnt", "l"]))
}

/// Whether the kernel creates a small map of `map_type`.
pub fn map_type(ty: u32) -> Result<bool, Errno> {
    let mut attr = MapCreateAttr {
        map_type: ty,
        key_size: 4,
        value_size: 4,
        max_entries: 1,
        ..Default::default()
    };
    let mut expect = None;
    let mut _btf = None;
    let mut _inner = None;
    match ty {
        7 => attr.value_size = 8,
        11 => {
            attr.key_size = 8;
            attr.value_size = 8;
            attr.map_flags = BPF_F_NO_PREALLOC;
        }
        19 | 21 => {
            attr.key_size = 16; // struct bpf_cgroup_storage_key
            attr.value_size = 8;
            attr.max_entries = 0;
        }
        22 | 23 => attr.key_size = 0,
        24 | 28 | 29 | 32 => {
            let btf = local_storage_btf()?;
            attr.btf_fd = btf.as_raw_fd() as u32;
            attr.btf_key_type_id = 1;
            attr.btf_value_type_id = 3;
            attr.value_size = 8;
            attr.max_entries = 0;
            attr.map_flags = BPF_F_NO_PREALLOC;
            _btf = Some(btf);
        }
        27 | 31 => {
            attr.key_size = 0;
            attr.value_size = 0;
            // SAFETY: sysconf has no preconditions.
            attr.max_entries = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u32;
        }
        26 => {
            attr.btf_vmlinux_value_type_id = 1;
            attr.value_type_btf_obj_fd = -1;
            expect = Some(ENOTSUPP);
        }
        30 => attr.key_size = 0,
        33 => {
            attr.key_size = 0;
            attr.value_size = 0;
            attr.map_flags = BPF_F_MMAPABLE;
        }
        34 => attr.value_size = 16, // struct bpf_insn_array_value
        12 | 13 => {
            let inner = create_map(map_type::HASH, 4, 4, 1, 0)?;
            attr.inner_map_fd = inner.as_raw_fd() as u32;
            _inner = Some(inner);
        }
        1..=6 | 8..=10 | 14..=18 | 20 | 25 => {}
        _ => return Err(Errno::ENOTSUP),
    }
    let r = call_fd(cmd::MAP_CREATE, &mut attr);
    Ok(match expect {
        None => r.is_ok(),
        Some(e) => matches!(r, Err(got) if got == e),
    })
}

/// Syscalls go through arch wrappers (`__x64_sys_bpf` on x86-64).
pub fn syscall_wrapper() -> bool {
    static V: OnceLock<bool> = OnceLock::new();
    let want = if cfg!(target_arch = "x86_64") {
        "__x64_sys_bpf"
    } else if cfg!(target_arch = "aarch64") {
        "__arm64_sys_bpf"
    } else {
        return false;
    };
    // As libbpf: the wrapper counts only if a kprobe can be put on it (a
    // kernel without kprobes says no, whatever kallsyms lists).
    *V.get_or_init(|| {
        use super::probe::{self, Kind};
        if probe::pmu_type(Kind::Kprobe).is_ok() {
            let name = std::ffi::CString::new(want).expect("no NUL");
            return probe::kprobe_open(false, &name, 0).is_ok();
        }
        let event = format!("libbpf_{}_{want}_0x0_0", std::process::id());
        if probe::legacy_add(Kind::Kprobe, false, &event, &format!("{want}+0")).is_err() {
            return false;
        }
        let _ = probe::legacy_remove(Kind::Kprobe, &event);
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_btf_layout() {
        let b = raw_btf(&[int_type(1)], &["int"]);
        assert_eq!(b.len(), 24 + 16 + 5);
        assert_eq!(&b[0..4], &[0x9f, 0xeb, 1, 0]);
        assert_eq!(&b[b.len() - 5..], b"\0int\0");
    }

    #[test]
    fn kernel_features() {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("SKIP: needs root to use bpf(2)");
            return;
        }
        // This project's kernel (6.18) has every one of them.
        for f in [
            Feature::ProgName,
            Feature::GlobalData,
            Feature::Btf,
            Feature::BtfFunc,
            Feature::BtfGlobalFunc,
            Feature::BtfDatasec,
            Feature::BtfFloat,
            Feature::BtfDeclTag,
            Feature::BtfTypeTag,
            Feature::BtfEnum64,
            Feature::ArrayMmap,
            Feature::ExpAttachType,
            Feature::ProbeReadKern,
            Feature::ProgBindMap,
            Feature::MemcgAccount,
            Feature::BpfCookie,
            Feature::PerfLink,
        ] {
            assert!(supported(f), "{f:?}");
        }
    }
}
