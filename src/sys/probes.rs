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
}

const COUNT: usize = Feature::PerfLink as usize + 1;

static CACHE: [OnceLock<bool>; COUNT] = [const { OnceLock::new() }; COUNT];

/// Whether the running kernel has `f` (probed once per process).
pub fn supported(f: Feature) -> bool {
    *CACHE[f as usize].get_or_init(|| {
        let r = probe(f);
        crate::debug!("feature {f:?}: {}", if r { "supported" } else { "missing" });
        r
    })
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
