//! libbpf.h: XDP and TC (clsact) attachment through netlink, without links.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case)]

use super::boundary::{ret_int, ret_int_quiet};
use crate::attach::tc;

use super::types::{__u32, __u64, __u8};
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
    ret_int("bpf_xdp_attach", || {
        // SAFETY: opts is NULL or a sized struct.
        let old = unsafe { super::opts::read(opts)? }.map_or(0, |o| o.old_prog_fd);
        xdp_set(ifindex, prog_fd, flags, old)
    })
}

/// Detaches the XDP program of `ifindex` in the mode given by `flags`.
#[no_mangle]
pub unsafe extern "C" fn bpf_xdp_detach(
    ifindex: c_int,
    flags: __u32,
    opts: *const bpf_xdp_attach_opts,
) -> c_int {
    ret_int("bpf_xdp_detach", || {
        // SAFETY: opts is NULL or a sized struct.
        let old = unsafe { super::opts::read(opts)? }.map_or(0, |o| o.old_prog_fd);
        xdp_set(ifindex, -1, flags, old)
    })
}

/// Reports the XDP programs, mode and features of `ifindex`.
#[no_mangle]
pub unsafe extern "C" fn bpf_xdp_query(
    ifindex: c_int,
    flags: c_int,
    opts: *mut bpf_xdp_query_opts,
) -> c_int {
    ret_int("bpf_xdp_query", || {
        if ifindex <= 0 || flags & !XDP_FLAGS_MASK != 0 {
            return Err(crate::Error::inval(
                "bpf_xdp_query: invalid ifindex or flags",
            ));
        }
        // SAFETY: opts is NULL or a sized struct the caller lets us write.
        let sz = unsafe { super::opts::validate(opts.cast_const())? };
        let info = crate::sys::netlink::xdp_query(ifindex)
            .map_err(|e| crate::Error::sys("bpf_xdp_query: netlink dump failed", e))?;
        if sz == 0 {
            return Ok(0);
        }
        // SAFETY: as above; each output field is written only if the caller's sz covers it.
        let o = unsafe { &mut *opts };
        macro_rules! put {
            ($f:ident, $v:expr) => {
                if super::opts::covers(
                    sz,
                    std::mem::offset_of!(bpf_xdp_query_opts, $f) + std::mem::size_of_val(&o.$f),
                ) {
                    o.$f = $v;
                }
            };
        }
        put!(prog_id, info.prog_id);
        put!(drv_prog_id, info.drv_prog_id);
        put!(hw_prog_id, info.hw_prog_id);
        put!(skb_prog_id, info.skb_prog_id);
        put!(attach_mode, info.attach_mode);
        put!(feature_flags, 0);
        put!(xdp_zc_max_segs, 0);
        Ok(0)
    })
}

/// Reports the id of the XDP program attached to `ifindex` in the mode given by `flags`.
#[no_mangle]
pub unsafe extern "C" fn bpf_xdp_query_id(
    ifindex: c_int,
    flags: c_int,
    prog_id: *mut __u32,
) -> c_int {
    ret_int("bpf_xdp_query_id", || {
        if prog_id.is_null() {
            return Err(crate::Error::inval("bpf_xdp_query_id: prog_id is NULL"));
        }
        let info = crate::sys::netlink::xdp_query(ifindex)
            .map_err(|e| crate::Error::sys("bpf_xdp_query_id: netlink dump failed", e))?;
        let id = match flags as u32 & XDP_MODES {
            XDP_FLAGS_DRV_MODE => info.drv_prog_id,
            XDP_FLAGS_HW_MODE => info.hw_prog_id,
            XDP_FLAGS_SKB_MODE => info.skb_prog_id,
            0 if info.attach_mode != XDP_ATTACHED_MULTI => info.prog_id,
            0 => {
                return Err(crate::Error::inval(
                    "bpf_xdp_query_id: several modes attached, pass one",
                ))
            }
            _ => return Err(crate::Error::inval("bpf_xdp_query_id: invalid flags")),
        };
        // SAFETY: checked non-NULL; the caller's out parameter.
        unsafe { *prog_id = id };
        Ok(0)
    })
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
    ret_int("bpf_tc_hook_create", || {
        // SAFETY: hook is NULL or a sized bpf_tc_hook.
        let h = unsafe { hook_of(hook.cast_const())? };
        tc::hook_create(&h).map(|_| 0)
    })
}

/// Removes the hook's qdisc, or flushes the filters of one direction.
#[no_mangle]
pub unsafe extern "C" fn bpf_tc_hook_destroy(hook: *mut bpf_tc_hook) -> c_int {
    ret_int("bpf_tc_hook_destroy", || {
        // SAFETY: hook is NULL or a sized bpf_tc_hook.
        let h = unsafe { hook_of(hook.cast_const())? };
        tc::hook_destroy(&h).map(|_| 0)
    })
}

/// Adds a BPF filter on the hook; writes back the chosen handle, priority and prog id.
#[no_mangle]
pub unsafe extern "C" fn bpf_tc_attach(hook: *const bpf_tc_hook, opts: *mut bpf_tc_opts) -> c_int {
    ret_int("bpf_tc_attach", || {
        // SAFETY: hook/opts NULL or sized structs; opts is the caller's to write back.
        let h = unsafe { hook_of(hook)? };
        let f = unsafe { filter_of(opts.cast_const())? };
        let got = tc::attach(&h, &f)?;
        let o = unsafe { &mut *opts };
        o.handle = got.handle;
        o.priority = got.priority;
        o.prog_id = got.prog_id;
        Ok(0)
    })
}

/// Removes the BPF filter with the given handle and priority.
#[no_mangle]
pub unsafe extern "C" fn bpf_tc_detach(
    hook: *const bpf_tc_hook,
    opts: *const bpf_tc_opts,
) -> c_int {
    ret_int("bpf_tc_detach", || {
        // SAFETY: hook/opts NULL or sized structs.
        let h = unsafe { hook_of(hook)? };
        let f = unsafe { filter_of(opts)? };
        tc::detach(&h, &f).map(|_| 0)
    })
}

/// Looks up the BPF filter with the given handle and priority; writes its prog id.
#[no_mangle]
pub unsafe extern "C" fn bpf_tc_query(hook: *const bpf_tc_hook, opts: *mut bpf_tc_opts) -> c_int {
    ret_int_quiet("bpf_tc_query", || {
        // SAFETY: hook/opts NULL or sized structs; opts is the caller's to write back.
        let h = unsafe { hook_of(hook)? };
        let f = unsafe { filter_of(opts.cast_const())? };
        let got = tc::query(&h, &f)?;
        let o = unsafe { &mut *opts };
        o.prog_id = got.prog_id;
        Ok(0)
    })
}

const XDP_FLAGS_SKB_MODE: u32 = 1 << 1;
const XDP_FLAGS_DRV_MODE: u32 = 1 << 2;
const XDP_FLAGS_HW_MODE: u32 = 1 << 3;
const XDP_MODES: u32 = XDP_FLAGS_SKB_MODE | XDP_FLAGS_DRV_MODE | XDP_FLAGS_HW_MODE;
const XDP_FLAGS_MASK: c_int = 0x1f;
const XDP_ATTACHED_MULTI: u8 = 4;

fn xdp_set(ifindex: c_int, fd: c_int, flags: __u32, old_fd: c_int) -> crate::Result<c_int> {
    if ifindex <= 0 {
        return Err(crate::Error::inval(format!(
            "xdp: invalid ifindex {ifindex}"
        )));
    }
    let expected = (flags & crate::sys::netlink::XDP_FLAGS_REPLACE != 0).then_some(old_fd);
    crate::sys::netlink::xdp_set(ifindex, fd, flags, expected)
        .map(|_| 0)
        .map_err(|e| {
            crate::Error::sys(
                format!("xdp: failed to set program on ifindex {ifindex}"),
                e,
            )
        })
}

/// # Safety
/// `h` is NULL or a `bpf_tc_hook` of its stated size.
unsafe fn hook_of(h: *const bpf_tc_hook) -> crate::Result<tc::Hook> {
    // SAFETY: forwarded.
    let h =
        unsafe { super::opts::read(h)? }.ok_or_else(|| crate::Error::inval("tc: hook is NULL"))?;
    Ok(tc::Hook {
        ifindex: h.ifindex,
        attach_point: h.attach_point,
        parent: h.parent,
    })
}

/// # Safety
/// `o` is NULL or a `bpf_tc_opts` of its stated size.
unsafe fn filter_of(o: *const bpf_tc_opts) -> crate::Result<tc::Filter> {
    // SAFETY: forwarded.
    let o =
        unsafe { super::opts::read(o)? }.ok_or_else(|| crate::Error::inval("tc: opts is NULL"))?;
    Ok(tc::Filter {
        prog_fd: o.prog_fd,
        flags: o.flags,
        prog_id: o.prog_id,
        handle: o.handle,
        priority: o.priority,
    })
}
