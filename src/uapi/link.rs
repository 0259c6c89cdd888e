//! `bpf_attr` prefixes of the link commands (`BPF_LINK_CREATE` with its full
//! per-attach-type union, `BPF_RAW_TRACEPOINT_OPEN`, `BPF_LINK_UPDATE`,
//! `BPF_LINK_DETACH`, `BPF_ITER_CREATE`) and the attach types oxbpf names.

pub mod cmd {
    pub const PROG_GET_FD_BY_ID: u32 = 13;
    pub const MAP_GET_FD_BY_ID: u32 = 14;
    pub const RAW_TRACEPOINT_OPEN: u32 = 17;
    pub const LINK_CREATE: u32 = 28;
    pub const LINK_UPDATE: u32 = 29;
    pub const ITER_CREATE: u32 = 33;
    pub const LINK_DETACH: u32 = 34;
}

/// `enum bpf_attach_type` values used by the attach kinds.
pub mod attach_type {
    pub const CGROUP_INET_INGRESS: u32 = 0;
    pub const SK_SKB_STREAM_PARSER: u32 = 4;
    pub const SK_SKB_STREAM_VERDICT: u32 = 5;
    pub const SK_MSG_VERDICT: u32 = 7;
    pub const TRACE_RAW_TP: u32 = 23;
    pub const TRACE_FENTRY: u32 = 24;
    pub const TRACE_FEXIT: u32 = 25;
    pub const MODIFY_RETURN: u32 = 26;
    pub const LSM_MAC: u32 = 27;
    pub const TRACE_ITER: u32 = 28;
    pub const XDP: u32 = 37;
    pub const SK_SKB_VERDICT: u32 = 38;
    pub const PERF_EVENT: u32 = 41;
    pub const TRACE_KPROBE_MULTI: u32 = 42;
    pub const LSM_CGROUP: u32 = 43;
    pub const STRUCT_OPS: u32 = 44;
    pub const NETFILTER: u32 = 45;
    pub const TCX_INGRESS: u32 = 46;
    pub const TCX_EGRESS: u32 = 47;
    pub const TRACE_UPROBE_MULTI: u32 = 48;
    pub const NETKIT_PRIMARY: u32 = 50;
    pub const NETKIT_PEER: u32 = 51;
}

/// `BPF_LINK_CREATE`: the fixed head and the 48-byte union, written through
/// the typed setters below (offsets are relative to the union's start, byte 16).
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct LinkCreateAttr {
    /// `prog_fd` or `map_fd`.
    pub prog_fd: u32,
    /// `target_fd` or `target_ifindex`.
    pub target_fd: u32,
    pub attach_type: u32,
    pub flags: u32,
    pub tail: [u32; 12],
}

impl LinkCreateAttr {
    pub fn set_u32(&mut self, off: usize, v: u32) {
        self.tail[off / 4] = v;
    }
    pub fn set_u64(&mut self, off: usize, v: u64) {
        self.tail[off / 4] = v as u32;
        self.tail[off / 4 + 1] = (v >> 32) as u32;
    }
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct RawTpOpenAttr {
    pub name: u64,
    pub prog_fd: u32,
    pub _pad: u32,
    pub cookie: u64,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct LinkUpdateAttr {
    pub link_fd: u32,
    /// `new_prog_fd` or `new_map_fd`.
    pub new_fd: u32,
    pub flags: u32,
    /// `old_prog_fd` or `old_map_fd`.
    pub old_fd: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct LinkFdAttr {
    pub link_fd: u32,
    pub flags: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct GetFdByIdAttr {
    pub id: u32,
    pub next_id: u32,
    pub open_flags: u32,
}
