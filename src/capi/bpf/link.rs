//! bpf.h links: `bpf_link_create` (with the per-type union checks),
//! `bpf_link_update`, `bpf_link_detach`, `bpf_iter_create`.

use super::*;

/// `perf_event` member of `bpf_link_create_opts`' union.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_link_create_perf_event {
    pub bpf_cookie: __u64,
}

/// `kprobe_multi` member of `bpf_link_create_opts`' union.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_link_create_kprobe_multi {
    pub flags: __u32,
    pub cnt: __u32,
    pub syms: *const *const c_char,
    pub addrs: *const c_ulong,
    pub cookies: *const __u64,
}

/// `uprobe_multi` member of `bpf_link_create_opts`' union.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_link_create_uprobe_multi {
    pub flags: __u32,
    pub cnt: __u32,
    pub path: *const c_char,
    pub offsets: *const c_ulong,
    pub ref_ctr_offsets: *const c_ulong,
    pub cookies: *const __u64,
    pub pid: __u32,
}

/// `tracing` member of `bpf_link_create_opts`' union.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_link_create_tracing {
    pub cookie: __u64,
}

/// `netfilter` member of `bpf_link_create_opts`' union.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_link_create_netfilter {
    pub pf: __u32,
    pub hooknum: __u32,
    pub priority: __s32,
    pub flags: __u32,
}

/// `tcx`, `netkit` and `cgroup` members of `bpf_link_create_opts`' union
/// (same shape: relative anchor and expected revision).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_link_create_relative {
    pub relative_fd: __u32,
    pub relative_id: __u32,
    pub expected_revision: __u64,
}

/// The per-attach-type part of `bpf_link_create_opts` (anonymous in C).
#[repr(C)]
#[derive(Clone, Copy)]
pub union bpf_link_create_target {
    pub perf_event: bpf_link_create_perf_event,
    pub kprobe_multi: bpf_link_create_kprobe_multi,
    pub uprobe_multi: bpf_link_create_uprobe_multi,
    pub tracing: bpf_link_create_tracing,
    pub netfilter: bpf_link_create_netfilter,
    pub tcx: bpf_link_create_relative,
    pub netkit: bpf_link_create_relative,
    pub cgroup: bpf_link_create_relative,
}

/// Options of `bpf_link_create`. The C struct is hand-written in the header
/// (cbindgen cannot print an anonymous union); `u` is that union.
///
/// cbindgen:ignore
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_link_create_opts {
    pub sz: usize,
    pub flags: __u32,
    pub iter_info: *mut bpf_iter_link_info,
    pub iter_info_len: __u32,
    pub target_btf_id: __u32,
    pub u: bpf_link_create_target,
}
// SAFETY: integers, raw pointers and a union of such: valid all-zero.
unsafe impl crate::capi::opts::Opts for bpf_link_create_opts {
    const NAME: &'static str = "bpf_link_create_opts";
    // Upstream's last field is `uprobe_multi.pid`, the union's furthest end.
    const LAST_FIELD_END: usize = std::mem::offset_of!(bpf_link_create_opts, u)
        + std::mem::offset_of!(bpf_link_create_uprobe_multi, pid)
        + std::mem::size_of::<__u32>();
}

use crate::uapi::bpf::link_attach_type as at;

/// Byte offset of the union in `bpf_link_create_opts`, and the end of a
/// union member there (for `OPTS_ZEROED`-style checks).
const LC_U: usize = std::mem::offset_of!(bpf_link_create_opts, u);
const fn lc_end<M>() -> usize {
    LC_U + std::mem::size_of::<M>()
}

/// `bpf_link_create` proper. Only the union member matching `attach_type`
/// may be set; everything after it up to the caller's `sz` must be zero.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
unsafe fn link_create(
    prog_fd: c_int,
    target_fd: c_int,
    attach_type: u32,
    opts: *const bpf_link_create_opts,
) -> Result<c_int, Error> {
    // SAFETY: forwarded contract.
    let (o, sz) = unsafe { opts_or_default(opts)? };
    // SAFETY: `opts` is NULL or readable for `sz` bytes (validated above).
    let zeroed = |from: usize| unsafe { zeroed_from(opts, sz, from) };
    let bad = |what: &str| {
        Error::inval(format!(
            "bpf_link_create: unexpected non-zero fields for attach type {attach_type} ({what})"
        ))
    };
    if o.iter_info_len != 0 || o.target_btf_id != 0 {
        if o.iter_info_len != 0 && o.target_btf_id != 0 {
            return Err(bad("both iter_info_len and target_btf_id"));
        }
        if !zeroed(std::mem::offset_of!(bpf_link_create_opts, target_btf_id) + 4) {
            return Err(bad("union with iter_info_len/target_btf_id"));
        }
    }
    let mut attr = LinkCreateAttr {
        prog_fd: prog_fd as u32,
        target_fd: target_fd as u32,
        attach_type,
        flags: o.flags,
        ..Default::default()
    };
    if o.target_btf_id != 0 {
        attr.set_u32(0, o.target_btf_id);
    } else {
        let u = &o.u;
        let t = attach_type;
        let relative = |attr: &mut LinkCreateAttr, r: &bpf_link_create_relative| {
            if r.relative_fd != 0 && r.relative_id != 0 {
                return Err(bad("relative_fd and relative_id"));
            }
            if r.relative_id != 0 {
                attr.set_u32(0, r.relative_id);
                attr.flags |= BPF_F_ID;
            } else {
                attr.set_u32(0, r.relative_fd);
            }
            attr.set_u64(8, r.expected_revision);
            if !zeroed(lc_end::<bpf_link_create_relative>()) {
                return Err(bad("after the relative/revision member"));
            }
            Ok(())
        };
        match t {
            at::TRACE_ITER => {
                attr.set_u64(0, o.iter_info as u64);
                attr.set_u32(8, o.iter_info_len);
            }
            at::PERF_EVENT => {
                // SAFETY: reading a union member of plain integers.
                attr.set_u64(0, unsafe { u.perf_event.bpf_cookie });
                if !zeroed(lc_end::<bpf_link_create_perf_event>()) {
                    return Err(bad("after perf_event"));
                }
            }
            at::TRACE_KPROBE_MULTI | at::TRACE_KPROBE_SESSION => {
                // SAFETY: as above.
                let k = unsafe { u.kprobe_multi };
                attr.set_u32(0, k.flags);
                attr.set_u32(4, k.cnt);
                attr.set_u64(8, k.syms as u64);
                attr.set_u64(16, k.addrs as u64);
                attr.set_u64(24, k.cookies as u64);
                if !zeroed(lc_end::<bpf_link_create_kprobe_multi>()) {
                    return Err(bad("after kprobe_multi"));
                }
            }
            at::TRACE_UPROBE_MULTI | at::TRACE_UPROBE_SESSION => {
                // SAFETY: as above.
                let m = unsafe { u.uprobe_multi };
                attr.set_u64(0, m.path as u64);
                attr.set_u64(8, m.offsets as u64);
                attr.set_u64(16, m.ref_ctr_offsets as u64);
                attr.set_u64(24, m.cookies as u64);
                attr.set_u32(32, m.cnt);
                attr.set_u32(36, m.flags);
                attr.set_u32(40, m.pid);
                let end = LC_U
                    + std::mem::offset_of!(bpf_link_create_uprobe_multi, pid)
                    + std::mem::size_of::<__u32>();
                if !zeroed(end) {
                    return Err(bad("after uprobe_multi"));
                }
            }
            at::TRACE_RAW_TP
            | at::TRACE_FENTRY
            | at::TRACE_FEXIT
            | at::MODIFY_RETURN
            | at::TRACE_FSESSION
            | at::LSM_MAC => {
                // SAFETY: as above.
                attr.set_u64(8, unsafe { u.tracing.cookie });
                if !zeroed(lc_end::<bpf_link_create_tracing>()) {
                    return Err(bad("after tracing"));
                }
            }
            at::NETFILTER => {
                // SAFETY: as above.
                let n = unsafe { u.netfilter };
                attr.set_u32(0, n.pf);
                attr.set_u32(4, n.hooknum);
                attr.set_u32(8, n.priority as u32);
                attr.set_u32(12, n.flags);
                if !zeroed(lc_end::<bpf_link_create_netfilter>()) {
                    return Err(bad("after netfilter"));
                }
            }
            at::TCX_INGRESS | at::TCX_EGRESS => {
                // SAFETY: as above.
                relative(&mut attr, unsafe { &u.tcx })?;
            }
            at::NETKIT_PRIMARY | at::NETKIT_PEER => {
                // SAFETY: as above.
                relative(&mut attr, unsafe { &u.netkit })?;
            }
            t if at::CGROUP.contains(&t) => {
                // SAFETY: as above.
                relative(&mut attr, unsafe { &u.cgroup })?;
            }
            _ => {
                if !zeroed(std::mem::offset_of!(bpf_link_create_opts, flags) + 4) {
                    return Err(bad("no option besides flags applies"));
                }
            }
        }
    }
    let err = match sys::call_fd(cmd::LINK_CREATE, &mut attr) {
        Ok(fd) => return Ok(fd.into_raw_fd()),
        Err(e) => e,
    };
    // Kernels without BPF_LINK_CREATE for tracing programs say EINVAL; a
    // plain request (no target, no options) can fall back to
    // BPF_RAW_TRACEPOINT_OPEN, as libbpf does.
    if err != Errno::EINVAL || attr.target_fd != 0 || o.target_btf_id != 0 || !zeroed(8) {
        return Err(err.into());
    }
    match attach_type {
        at::TRACE_RAW_TP | at::LSM_MAC | at::TRACE_FENTRY | at::TRACE_FEXIT | at::MODIFY_RETURN => {
            let mut raw = RawTpOpenAttr {
                prog_fd: prog_fd as u32,
                ..Default::default()
            };
            fd_ret(sys::call_fd(cmd::RAW_TRACEPOINT_OPEN, &mut raw))
        }
        _ => Err(err.into()),
    }
}

/// Creates a link (BPF_LINK_CREATE); returns its fd.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_link_create(
    prog_fd: c_int,
    target_fd: c_int,
    attach_type: bpf_attach_type,
    opts: *const bpf_link_create_opts,
) -> c_int {
    // SAFETY: `opts` per this function's contract.
    quiet("bpf_link_create", || unsafe {
        link_create(prog_fd, target_fd, attach_type, opts)
    })
}

/// Detaches a link from its target without closing it.
#[no_mangle]
pub extern "C" fn bpf_link_detach(link_fd: c_int) -> c_int {
    quiet("bpf_link_detach", || {
        let mut attr = FdFlagsAttr {
            fd: link_fd as u32,
            flags: 0,
        };
        zero_ret(sys::call(cmd::LINK_DETACH, &mut attr))
    })
}

/// Options of `bpf_link_update`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_link_update_opts {
    pub sz: usize,
    pub flags: __u32,
    pub old_prog_fd: __u32,
    pub old_map_fd: __u32,
}
crate::impl_opts!(bpf_link_update_opts, old_map_fd);

/// Replaces the program (or map) behind a link.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_link_update(
    link_fd: c_int,
    new_prog_fd: c_int,
    opts: *const bpf_link_update_opts,
) -> c_int {
    quiet("bpf_link_update", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        if o.old_prog_fd != 0 && o.old_map_fd != 0 {
            return Err(Error::inval(
                "bpf_link_update: old_prog_fd and old_map_fd are exclusive",
            ));
        }
        let mut attr = LinkUpdateAttr {
            link_fd: link_fd as u32,
            new_prog_fd: new_prog_fd as u32,
            flags: o.flags,
            old_prog_fd: if o.old_prog_fd != 0 {
                o.old_prog_fd
            } else {
                o.old_map_fd
            },
        };
        zero_ret(sys::call(cmd::LINK_UPDATE, &mut attr))
    })
}

/// Creates an iterator fd from an iterator link.
#[no_mangle]
pub extern "C" fn bpf_iter_create(link_fd: c_int) -> c_int {
    quiet("bpf_iter_create", || {
        let mut attr = FdFlagsAttr {
            fd: link_fd as u32,
            flags: 0,
        };
        fd_ret(sys::call_fd(cmd::ITER_CREATE, &mut attr))
    })
}
