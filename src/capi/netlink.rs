//! libbpf.h: XDP and TC (clsact) attachment through netlink, without links.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::libbpf_types::{__u32, __u64, __u8};
use std::os::raw::{c_char, c_int};

/// Obsolete options struct kept for source compatibility; no function takes it any more.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_xdp_set_link_opts {
    pub sz: usize,
    pub old_fd: c_int,
}
crate::impl_opts!(bpf_xdp_set_link_opts, old_fd);

/// Options of `bpf_xdp_attach`/`bpf_xdp_detach`: replace only if `old_prog_fd` is attached.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_xdp_attach_opts {
    pub sz: usize,
    pub old_prog_fd: c_int,
}
crate::impl_opts!(bpf_xdp_attach_opts, old_prog_fd);

/// Results of `bpf_xdp_query` (all fields are outputs).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_xdp_query_opts {
    pub sz: usize,
    pub prog_id: __u32,
    pub drv_prog_id: __u32,
    pub hw_prog_id: __u32,
    pub skb_prog_id: __u32,
    pub attach_mode: __u8,
    pub feature_flags: __u64,
    pub xdp_zc_max_segs: __u32,
}
crate::impl_opts!(bpf_xdp_query_opts, xdp_zc_max_segs);

/// Attaches XDP program `prog_fd` to `ifindex` (`XDP_FLAGS_*` choose the mode).
#[no_mangle]
pub unsafe extern "C" fn bpf_xdp_attach(
    ifindex: c_int,
    prog_fd: c_int,
    flags: __u32,
    opts: *const bpf_xdp_attach_opts,
) -> c_int {
    crate::unsupported!(int "bpf_xdp_attach")
}

/// Detaches the XDP program of `ifindex` in the mode given by `flags`.
#[no_mangle]
pub unsafe extern "C" fn bpf_xdp_detach(
    ifindex: c_int,
    flags: __u32,
    opts: *const bpf_xdp_attach_opts,
) -> c_int {
    crate::unsupported!(int "bpf_xdp_detach")
}

/// Reports the XDP programs, mode and features of `ifindex`.
#[no_mangle]
pub unsafe extern "C" fn bpf_xdp_query(
    ifindex: c_int,
    flags: c_int,
    opts: *mut bpf_xdp_query_opts,
) -> c_int {
    crate::unsupported!(int "bpf_xdp_query")
}

/// Reports the id of the XDP program attached to `ifindex` in the mode given by `flags`.
#[no_mangle]
pub unsafe extern "C" fn bpf_xdp_query_id(
    ifindex: c_int,
    flags: c_int,
    prog_id: *mut __u32,
) -> c_int {
    crate::unsupported!(int "bpf_xdp_query_id")
}

/// Which clsact hook (or custom parent) a TC program goes on; values combine as bits.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum bpf_tc_attach_point {
    BPF_TC_INGRESS = 1 << 0,
    BPF_TC_EGRESS = 1 << 1,
    BPF_TC_CUSTOM = 1 << 2,
    BPF_TC_QDISC = 1 << 3,
}

/// A C `enum bpf_tc_attach_point` value as read from a caller's struct (any int).
pub type bpf_tc_attach_point_t = c_int;

/// Flags of `bpf_tc_opts.flags`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum bpf_tc_flags {
    BPF_TC_F_REPLACE = 1 << 0,
}

/// Where a TC filter lives: interface, hook (or parent handle), and qdisc kind.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_tc_hook {
    pub sz: usize,
    pub ifindex: c_int,
    pub attach_point: bpf_tc_attach_point_t,
    pub parent: __u32,
    pub handle: __u32,
    pub qdisc: *const c_char,
}
crate::impl_opts!(bpf_tc_hook, qdisc);

/// A TC filter: program, flags, and its handle/priority (filled in by attach/query).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_tc_opts {
    pub sz: usize,
    pub prog_fd: c_int,
    pub flags: __u32,
    pub prog_id: __u32,
    pub handle: __u32,
    pub priority: __u32,
}
crate::impl_opts!(bpf_tc_opts, priority);

/// Creates the clsact (or given) qdisc of the hook.
#[no_mangle]
pub unsafe extern "C" fn bpf_tc_hook_create(hook: *mut bpf_tc_hook) -> c_int {
    crate::unsupported!(int "bpf_tc_hook_create")
}

/// Removes the hook's qdisc, or flushes the filters of one direction.
#[no_mangle]
pub unsafe extern "C" fn bpf_tc_hook_destroy(hook: *mut bpf_tc_hook) -> c_int {
    crate::unsupported!(int "bpf_tc_hook_destroy")
}

/// Adds a BPF filter on the hook; writes back the chosen handle, priority and prog id.
#[no_mangle]
pub unsafe extern "C" fn bpf_tc_attach(hook: *const bpf_tc_hook, opts: *mut bpf_tc_opts) -> c_int {
    crate::unsupported!(int "bpf_tc_attach")
}

/// Removes the BPF filter with the given handle and priority.
#[no_mangle]
pub unsafe extern "C" fn bpf_tc_detach(
    hook: *const bpf_tc_hook,
    opts: *const bpf_tc_opts,
) -> c_int {
    crate::unsupported!(int "bpf_tc_detach")
}

/// Looks up the BPF filter with the given handle and priority; writes its prog id.
#[no_mangle]
pub unsafe extern "C" fn bpf_tc_query(hook: *const bpf_tc_hook, opts: *mut bpf_tc_opts) -> c_int {
    crate::unsupported!(int "bpf_tc_query")
}
