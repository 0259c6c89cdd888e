//! `union bpf_attr` as one `#[repr(C)]` struct per command (the kernel takes
//! any attr size up to its own and zero-extends), plus `struct bpf_insn`.
//! Field names follow `<linux/bpf.h>`.

/// `enum bpf_cmd` values used by oxbpf.
pub mod cmd {
    pub const MAP_CREATE: u32 = 0;
    pub const MAP_LOOKUP_ELEM: u32 = 1;
    pub const MAP_UPDATE_ELEM: u32 = 2;
    pub const MAP_DELETE_ELEM: u32 = 3;
    pub const MAP_GET_NEXT_KEY: u32 = 4;
    pub const PROG_LOAD: u32 = 5;
    pub const OBJ_PIN: u32 = 6;
    pub const OBJ_GET: u32 = 7;
    pub const PROG_ATTACH: u32 = 8;
    pub const PROG_DETACH: u32 = 9;
    pub const PROG_TEST_RUN: u32 = 10;
    pub const PROG_GET_NEXT_ID: u32 = 11;
    pub const MAP_GET_NEXT_ID: u32 = 12;
    pub const PROG_GET_FD_BY_ID: u32 = 13;
    pub const MAP_GET_FD_BY_ID: u32 = 14;
    pub const OBJ_GET_INFO_BY_FD: u32 = 15;
    pub const PROG_QUERY: u32 = 16;
    pub const RAW_TRACEPOINT_OPEN: u32 = 17;
    pub const BTF_LOAD: u32 = 18;
    pub const BTF_GET_FD_BY_ID: u32 = 19;
    pub const TASK_FD_QUERY: u32 = 20;
    pub const MAP_LOOKUP_AND_DELETE_ELEM: u32 = 21;
    pub const MAP_FREEZE: u32 = 22;
    pub const BTF_GET_NEXT_ID: u32 = 23;
    pub const MAP_LOOKUP_BATCH: u32 = 24;
    pub const MAP_LOOKUP_AND_DELETE_BATCH: u32 = 25;
    pub const MAP_UPDATE_BATCH: u32 = 26;
    pub const MAP_DELETE_BATCH: u32 = 27;
    pub const LINK_CREATE: u32 = 28;
    pub const LINK_UPDATE: u32 = 29;
    pub const LINK_GET_FD_BY_ID: u32 = 30;
    pub const LINK_GET_NEXT_ID: u32 = 31;
    pub const ENABLE_STATS: u32 = 32;
    pub const ITER_CREATE: u32 = 33;
    pub const LINK_DETACH: u32 = 34;
    pub const PROG_BIND_MAP: u32 = 35;
    pub const TOKEN_CREATE: u32 = 36;
    pub const PROG_STREAM_READ_BY_FD: u32 = 37;
    pub const PROG_ASSOC_STRUCT_OPS: u32 = 38;
}

/// One BPF instruction (`struct bpf_insn`): `regs` packs dst (low 4 bits) and src (high 4).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct bpf_insn {
    pub code: u8,
    pub regs: u8,
    pub off: i16,
    pub imm: i32,
}

impl bpf_insn {
    pub const SIZE: usize = 8;

    pub fn dst_reg(&self) -> u8 {
        self.regs & 0xf
    }
    pub fn src_reg(&self) -> u8 {
        self.regs >> 4
    }
    pub fn set_src_reg(&mut self, r: u8) {
        self.regs = (self.regs & 0xf) | (r << 4);
    }
    /// Decodes one instruction from 8 little-endian bytes.
    pub fn from_bytes(b: &[u8; 8]) -> bpf_insn {
        bpf_insn {
            code: b[0],
            regs: b[1],
            off: i16::from_le_bytes([b[2], b[3]]),
            imm: i32::from_le_bytes([b[4], b[5], b[6], b[7]]),
        }
    }
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct MapCreateAttr {
    pub map_type: u32,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub map_flags: u32,
    pub inner_map_fd: u32,
    pub numa_node: u32,
    pub map_name: [u8; 16],
    pub map_ifindex: u32,
    pub btf_fd: u32,
    pub btf_key_type_id: u32,
    pub btf_value_type_id: u32,
    pub btf_vmlinux_value_type_id: u32,
    pub map_extra: u64,
    pub value_type_btf_obj_fd: i32,
    pub map_token_fd: i32,
    pub excl_prog_hash: u64,
    pub excl_prog_hash_size: u32,
    pub _pad: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct MapElemAttr {
    pub map_fd: u32,
    pub _pad: u32,
    pub key: u64,
    /// `value` or `next_key`.
    pub value: u64,
    pub flags: u64,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct ProgLoadAttr {
    pub prog_type: u32,
    pub insn_cnt: u32,
    pub insns: u64,
    pub license: u64,
    pub log_level: u32,
    pub log_size: u32,
    pub log_buf: u64,
    pub kern_version: u32,
    pub prog_flags: u32,
    pub prog_name: [u8; 16],
    pub prog_ifindex: u32,
    pub expected_attach_type: u32,
    pub prog_btf_fd: u32,
    pub func_info_rec_size: u32,
    pub func_info: u64,
    pub func_info_cnt: u32,
    pub line_info_rec_size: u32,
    pub line_info: u64,
    pub line_info_cnt: u32,
    pub attach_btf_id: u32,
    /// `attach_prog_fd` or `attach_btf_obj_fd`.
    pub attach_prog_fd: u32,
    pub core_relo_cnt: u32,
    pub fd_array: u64,
    pub core_relos: u64,
    pub core_relo_rec_size: u32,
    pub log_true_size: u32,
    pub prog_token_fd: i32,
    pub fd_array_cnt: u32,
    pub signature: u64,
    pub signature_size: u32,
    pub keyring_id: i32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct ObjPinAttr {
    pub pathname: u64,
    pub bpf_fd: u32,
    pub file_flags: u32,
    pub path_fd: i32,
    pub _pad: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct InfoByFdAttr {
    pub bpf_fd: u32,
    pub info_len: u32,
    pub info: u64,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct BtfLoadAttr {
    pub btf: u64,
    pub btf_log_buf: u64,
    pub btf_size: u32,
    pub btf_log_size: u32,
    pub btf_log_level: u32,
    pub btf_log_true_size: u32,
    pub btf_flags: u32,
    pub btf_token_fd: i32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct MapFreezeAttr {
    pub map_fd: u32,
}

/// `link_create` with the per-attach-type union as raw words: the union is
/// 48 bytes (its largest member, `uprobe_multi`, is 44 plus padding) of
/// which callers fill what they need.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct LinkCreateAttr {
    /// `prog_fd` or `map_fd`.
    pub prog_fd: u32,
    /// `target_fd` or `target_ifindex`.
    pub target_fd: u32,
    pub attach_type: u32,
    pub flags: u32,
    pub tail: [u64; 6],
}

impl LinkCreateAttr {
    /// Writes a `__u32` at byte `off` of the per-attach-type union.
    pub fn set_u32(&mut self, off: usize, v: u32) {
        let w = &mut self.tail[off / 8];
        let mut b = w.to_ne_bytes();
        b[off % 8..off % 8 + 4].copy_from_slice(&v.to_ne_bytes());
        *w = u64::from_ne_bytes(b);
    }
    /// Writes a `__u64` at (8-aligned) byte `off` of the union.
    pub fn set_u64(&mut self, off: usize, v: u64) {
        self.tail[off / 8] = v;
    }
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct ProgBindMapAttr {
    pub prog_fd: u32,
    pub map_fd: u32,
    pub flags: u32,
}

/// `batch` member: `BPF_MAP_*_BATCH`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct MapBatchAttr {
    pub in_batch: u64,
    pub out_batch: u64,
    pub keys: u64,
    pub values: u64,
    /// In: entries in the buffers; out: entries processed.
    pub count: u32,
    pub map_fd: u32,
    pub elem_flags: u64,
    pub flags: u64,
}

/// `BPF_PROG_ATTACH` / `BPF_PROG_DETACH`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct ProgAttachAttr {
    /// `target_fd` or `target_ifindex`.
    pub target_fd: u32,
    pub attach_bpf_fd: u32,
    pub attach_type: u32,
    pub attach_flags: u32,
    pub replace_bpf_fd: u32,
    /// `relative_fd` or `relative_id`.
    pub relative_fd: u32,
    pub expected_revision: u64,
}

/// `test` member: `BPF_PROG_TEST_RUN`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct TestRunAttr {
    pub prog_fd: u32,
    pub retval: u32,
    pub data_size_in: u32,
    pub data_size_out: u32,
    pub data_in: u64,
    pub data_out: u64,
    pub repeat: u32,
    pub duration: u32,
    pub ctx_size_in: u32,
    pub ctx_size_out: u32,
    pub ctx_in: u64,
    pub ctx_out: u64,
    pub flags: u32,
    pub cpu: u32,
    pub batch_size: u32,
    pub _pad: u32,
}

/// `BPF_*_GET_NEXT_ID` and `BPF_*_GET_FD_BY_ID`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct GetIdAttr {
    /// `start_id`, `prog_id`, `map_id`, `btf_id` or `link_id`.
    pub id: u32,
    pub next_id: u32,
    pub open_flags: u32,
    pub fd_by_id_token_fd: i32,
}

/// `query` member: `BPF_PROG_QUERY`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct ProgQueryAttr {
    pub target_fd: u32,
    pub attach_type: u32,
    pub query_flags: u32,
    pub attach_flags: u32,
    pub prog_ids: u64,
    /// `prog_cnt` / `count`: in capacity, out number attached.
    pub count: u32,
    pub _pad: u32,
    pub prog_attach_flags: u64,
    pub link_ids: u64,
    pub link_attach_flags: u64,
    pub revision: u64,
}

/// `raw_tracepoint` member: `BPF_RAW_TRACEPOINT_OPEN`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct RawTpOpenAttr {
    pub name: u64,
    pub prog_fd: u32,
    pub _pad: u32,
    pub cookie: u64,
}

/// `task_fd_query` member: `BPF_TASK_FD_QUERY`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct TaskFdQueryAttr {
    pub pid: u32,
    pub fd: u32,
    pub flags: u32,
    pub buf_len: u32,
    pub buf: u64,
    pub prog_id: u32,
    pub fd_type: u32,
    pub probe_offset: u64,
    pub probe_addr: u64,
}

/// `link_update` member: `BPF_LINK_UPDATE`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct LinkUpdateAttr {
    pub link_fd: u32,
    /// `new_prog_fd` or `new_map_fd`.
    pub new_prog_fd: u32,
    pub flags: u32,
    /// `old_prog_fd` or `old_map_fd`.
    pub old_prog_fd: u32,
}

/// Single-fd commands: `link_detach`, `enable_stats` (`type`), `iter_create`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct FdFlagsAttr {
    pub fd: u32,
    pub flags: u32,
}

/// `token_create` member: `BPF_TOKEN_CREATE`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct TokenCreateAttr {
    pub flags: u32,
    pub bpffs_fd: u32,
}

/// `prog_stream_read` member: `BPF_PROG_STREAM_READ_BY_FD`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct ProgStreamReadAttr {
    pub stream_buf: u64,
    pub stream_buf_len: u32,
    pub stream_id: u32,
    pub prog_fd: u32,
    pub _pad: u32,
}

/// `prog_assoc_struct_ops` member: `BPF_PROG_ASSOC_STRUCT_OPS`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct ProgAssocStructOpsAttr {
    pub map_fd: u32,
    pub prog_fd: u32,
    pub flags: u32,
}

/// `BPF_F_ID`: `relative_*` / `replace` fields hold an id, not an fd.
pub const BPF_F_ID: u32 = 1 << 5;
/// `BPF_F_TOKEN_FD` (map_flags / prog_flags / btf_flags): the token fd field is set.
pub const BPF_F_TOKEN_FD: u32 = 1 << 16;
/// `prog_flags`: sleepable program.
pub const BPF_F_SLEEPABLE: u32 = 1 << 4;
/// `map_flags`: do not preallocate elements.
pub const BPF_F_NO_PREALLOC: u32 = 1 << 0;

/// `enum bpf_map_type` values oxbpf names itself.
pub mod map_type {
    pub const HASH: u32 = 1;
    pub const ARRAY: u32 = 2;
    pub const PROG_ARRAY: u32 = 3;
    pub const PERF_EVENT_ARRAY: u32 = 4;
    pub const ARRAY_OF_MAPS: u32 = 12;
    pub const HASH_OF_MAPS: u32 = 13;
    pub const RINGBUF: u32 = 27;
    pub const USER_RINGBUF: u32 = 31;
    pub const STRUCT_OPS: u32 = 26;
    pub const ARENA: u32 = 33;
}

/// `map_flags` bits.
pub const BPF_F_RDONLY_PROG: u32 = 1 << 7;
pub const BPF_F_MMAPABLE: u32 = 1 << 10;
pub const BPF_F_INNER_MAP: u32 = 1 << 12;

/// `enum bpf_attach_type` values oxbpf names itself.
pub mod attach_type {
    pub const BPF_PERF_EVENT: u32 = 41;
}

/// `enum bpf_prog_type` values oxbpf names itself.
pub mod prog_type {
    pub const UNSPEC: u32 = 0;
    pub const SOCKET_FILTER: u32 = 1;
    pub const KPROBE: u32 = 2;
    pub const SCHED_CLS: u32 = 3;
    pub const SCHED_ACT: u32 = 4;
    pub const TRACEPOINT: u32 = 5;
    pub const XDP: u32 = 6;
    pub const PERF_EVENT: u32 = 7;
    pub const RAW_TRACEPOINT: u32 = 17;
    pub const TRACING: u32 = 26;
    pub const STRUCT_OPS: u32 = 27;
    pub const EXT: u32 = 28;
    pub const LSM: u32 = 29;
}

/// `struct bpf_prog_info` (<linux/bpf.h>, as of v6.x: 232 bytes). Pointer
/// fields are user addresses the kernel fills when their counts are set.
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct bpf_prog_info {
    pub type_: u32,
    pub id: u32,
    pub tag: [u8; 8],
    pub jited_prog_len: u32,
    pub xlated_prog_len: u32,
    pub jited_prog_insns: u64,
    pub xlated_prog_insns: u64,
    pub load_time: u64,
    pub created_by_uid: u32,
    pub nr_map_ids: u32,
    pub map_ids: u64,
    pub name: [u8; 16],
    pub ifindex: u32,
    /// `gpl_compatible:1` and padding bits.
    pub gpl_compatible: u32,
    pub netns_dev: u64,
    pub netns_ino: u64,
    pub nr_jited_ksyms: u32,
    pub nr_jited_func_lens: u32,
    pub jited_ksyms: u64,
    pub jited_func_lens: u64,
    pub btf_id: u32,
    pub func_info_rec_size: u32,
    pub func_info: u64,
    pub nr_func_info: u32,
    pub nr_line_info: u32,
    pub line_info: u64,
    pub jited_line_info: u64,
    pub nr_jited_line_info: u32,
    pub line_info_rec_size: u32,
    pub jited_line_info_rec_size: u32,
    pub nr_prog_tags: u32,
    pub prog_tags: u64,
    pub run_time_ns: u64,
    pub run_cnt: u64,
    pub recursion_misses: u64,
    pub verified_insns: u32,
    pub attach_btf_obj_id: u32,
    pub attach_btf_id: u32,
}

const _: () = assert!(std::mem::size_of::<bpf_prog_info>() == 232);
const _: () = assert!(std::mem::offset_of!(bpf_prog_info, nr_jited_ksyms) == 104);
const _: () = assert!(std::mem::offset_of!(bpf_prog_info, line_info) == 152);
const _: () = assert!(std::mem::offset_of!(bpf_prog_info, jited_line_info_rec_size) == 176);
const _: () = assert!(std::mem::offset_of!(bpf_prog_info, attach_btf_id) == 224);

/// `struct bpf_map_info` (the prefix oxbpf reads).
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct bpf_map_info {
    pub type_: u32,
    pub id: u32,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub map_flags: u32,
    pub name: [u8; 16],
    pub ifindex: u32,
    pub btf_vmlinux_value_type_id: u32,
    pub netns_dev: u64,
    pub netns_ino: u64,
    pub btf_id: u32,
    pub btf_key_type_id: u32,
    pub btf_value_type_id: u32,
    pub btf_vmlinux_id: u32,
    pub map_extra: u64,
}

/// `enum bpf_attach_type` values `bpf_link_create` treats specially.
pub mod link_attach_type {
    pub const TRACE_RAW_TP: u32 = 23;
    pub const TRACE_FENTRY: u32 = 24;
    pub const TRACE_FEXIT: u32 = 25;
    pub const MODIFY_RETURN: u32 = 26;
    pub const LSM_MAC: u32 = 27;
    pub const TRACE_ITER: u32 = 28;
    pub const PERF_EVENT: u32 = 41;
    pub const TRACE_KPROBE_MULTI: u32 = 42;
    pub const LSM_CGROUP: u32 = 43;
    pub const NETFILTER: u32 = 45;
    pub const TCX_INGRESS: u32 = 46;
    pub const TCX_EGRESS: u32 = 47;
    pub const TRACE_UPROBE_MULTI: u32 = 48;
    pub const NETKIT_PRIMARY: u32 = 54;
    pub const NETKIT_PEER: u32 = 55;
    pub const TRACE_KPROBE_SESSION: u32 = 56;
    pub const TRACE_UPROBE_SESSION: u32 = 57;
    pub const TRACE_FSESSION: u32 = 58;
    /// The cgroup hooks whose links take a relative anchor and a revision.
    pub const CGROUP: &[u32] = &[
        0, 1, 2, 3, 6, 8, 9, 10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 29, 30, 31, 32, 34,
        LSM_CGROUP, 49, 50, 51, 52, 53,
    ];
}
