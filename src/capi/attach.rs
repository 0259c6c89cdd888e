//! libbpf.h: attaching programs — by section name, perf events, k/uprobes,
//! USDT, tracepoints, tracing/LSM, cgroup/netns/sockmap/xdp/tcx/netkit,
//! netfilter, iterators, struct_ops — and their opts structs.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case)]

use super::boundary::{cstr, opt_cstr, ret_ptr};
use super::handles;
use super::handles::bpf_link;
use super::handles::bpf_map;
use super::handles::bpf_program;
use super::types::{__s32, __u32, __u64, bpf_iter_link_info};
use crate::attach::uprobe::Mode;
use libc::pid_t;
use std::os::raw::{c_char, c_int, c_ulong};

/// Attaches by the program's section name (what skeleton attach does per program).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach(prog: *const bpf_program) -> *mut bpf_link {
    ret_ptr("bpf_program__attach", || {
        // SAFETY: prog is NULL or a live program handle.
        let p = unsafe { handles::prog(prog)? };
        // As libbpf: a section without an attach form fails quietly.
        let silent = crate::Error::Reported(crate::Errno::ENOTSUP);
        if !crate::attach::can_auto_attach(p) {
            return Err(silent);
        }
        if p.fd().is_none() {
            crate::warn!(
                "prog '{}': can't attach BPF program without FD (was it loaded?)",
                p.name
            );
            return Err(crate::Error::Reported(crate::Errno::EINVAL));
        }
        // SAFETY: a live program's object is live; shared references only.
        let obj = unsafe { handles::prog_obj(p)? };
        match crate::attach::auto_attach(p, obj)? {
            Some(l) => Ok(handles::link_into_raw(l)),
            None => Err(silent),
        }
    })
}

/// Options of `bpf_program__attach_perf_event_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_perf_event_opts {
    pub sz: usize,
    pub bpf_cookie: __u64,
    pub force_ioctl_attach: bool,
    pub dont_enable: bool,
}
crate::impl_opts!(bpf_perf_event_opts, dont_enable);

/// Attaches to an already opened perf event fd.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_perf_event(
    prog: *const bpf_program,
    pfd: c_int,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_perf_event", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        crate::attach::perf_event::attach(p, pfd, &Default::default()).map(handles::link_into_raw)
    })
}

/// Attaches to an already opened perf event fd, with a cookie or forced ioctl attach.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_perf_event_opts(
    prog: *const bpf_program,
    pfd: c_int,
    opts: *const bpf_perf_event_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_perf_event_opts", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let o = unsafe { super::opts::read(opts)? }.map_or_else(Default::default, |o| {
            crate::attach::perf_event::PerfEventOpts {
                cookie: o.bpf_cookie,
                force_ioctl: o.force_ioctl_attach,
                dont_enable: o.dont_enable,
            }
        });
        crate::attach::perf_event::attach(p, pfd, &o).map(handles::link_into_raw)
    })
}

/// How a k/uprobe is created: newest the kernel supports, legacy tracefs, perf event, or BPF link.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum probe_attach_mode {
    PROBE_ATTACH_MODE_DEFAULT = 0,
    PROBE_ATTACH_MODE_LEGACY,
    PROBE_ATTACH_MODE_PERF,
    PROBE_ATTACH_MODE_LINK,
}

/// A C `enum probe_attach_mode` value as read from a caller's struct (any int).
pub type probe_attach_mode_t = c_int;

/// Options of `bpf_program__attach_kprobe_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_kprobe_opts {
    pub sz: usize,
    pub bpf_cookie: __u64,
    pub offset: usize,
    pub retprobe: bool,
    pub attach_mode: probe_attach_mode_t,
}
crate::impl_opts!(bpf_kprobe_opts, attach_mode);

/// Attaches a kprobe (or kretprobe) to kernel function `func_name`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_kprobe(
    prog: *const bpf_program,
    retprobe: bool,
    func_name: *const c_char,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_kprobe", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let f = unsafe { cstr(func_name, "func_name")? };
        let o = crate::attach::kprobe::KprobeOpts {
            retprobe,
            ..Default::default()
        };
        crate::attach::kprobe::attach(p, f, &o).map(handles::link_into_raw)
    })
}

/// Attaches a kprobe with options (offset, cookie, mode).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_kprobe_opts(
    prog: *const bpf_program,
    func_name: *const c_char,
    opts: *const bpf_kprobe_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_kprobe_opts", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let f = unsafe { cstr(func_name, "func_name")? };
        let o = match unsafe { super::opts::read(opts)? } {
            None => Default::default(),
            Some(o) => crate::attach::kprobe::KprobeOpts {
                cookie: o.bpf_cookie,
                offset: o.offset as u64,
                retprobe: o.retprobe,
                mode: Mode::from_c(o.attach_mode)?,
            },
        };
        crate::attach::kprobe::attach(p, f, &o).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_kprobe_multi_opts`: a glob pattern or explicit symbols/addresses.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_kprobe_multi_opts {
    pub sz: usize,
    pub syms: *mut *const c_char,
    pub addrs: *const c_ulong,
    pub cookies: *const __u64,
    pub cnt: usize,
    pub retprobe: bool,
    pub session: bool,
    pub unique_match: bool,
}
crate::impl_opts!(bpf_kprobe_multi_opts, unique_match);

/// Attaches one kprobe.multi link to many kernel functions.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_kprobe_multi_opts(
    prog: *const bpf_program,
    pattern: *const c_char,
    opts: *const bpf_kprobe_multi_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_kprobe_multi_opts", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let pat = unsafe { opt_cstr(pattern, "pattern")? };
        let mut o = crate::attach::multi::KprobeMultiOpts::default();
        if let Some(c) = unsafe { super::opts::read(opts)? } {
            o.retprobe = c.retprobe;
            o.session = c.session;
            o.syms = unsafe { str_array(c.syms, c.cnt)? };
            o.addrs = ulongs(unsafe { slice_or_empty(c.addrs, c.cnt) });
            o.cookies = unsafe { slice_or_empty(c.cookies, c.cnt) }.to_vec();
        }
        crate::attach::multi::attach_kprobe_multi(p, pat, &o).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_uprobe_multi`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_uprobe_multi_opts {
    pub sz: usize,
    pub syms: *mut *const c_char,
    pub offsets: *const c_ulong,
    pub ref_ctr_offsets: *const c_ulong,
    pub cookies: *const __u64,
    pub cnt: usize,
    pub retprobe: bool,
    pub session: bool,
}
crate::impl_opts!(bpf_uprobe_multi_opts, session);

/// Attaches one uprobe.multi link to many functions of a binary.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_uprobe_multi(
    prog: *const bpf_program,
    pid: pid_t,
    binary_path: *const c_char,
    func_pattern: *const c_char,
    opts: *const bpf_uprobe_multi_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_uprobe_multi", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let path = unsafe { cstr(binary_path, "binary_path")? };
        let pat = unsafe { opt_cstr(func_pattern, "func_pattern")? };
        let mut o = crate::attach::multi::UprobeMultiOpts::default();
        if let Some(c) = unsafe { super::opts::read(opts)? } {
            o.retprobe = c.retprobe;
            o.session = c.session;
            o.syms = unsafe { str_array(c.syms, c.cnt)? };
            o.offsets = ulongs(unsafe { slice_or_empty(c.offsets, c.cnt) });
            o.ref_ctr_offsets = ulongs(unsafe { slice_or_empty(c.ref_ctr_offsets, c.cnt) });
            o.cookies = unsafe { slice_or_empty(c.cookies, c.cnt) }.to_vec();
        }
        crate::attach::multi::attach_uprobe_multi(p, pid, path, pat, &o).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_ksyscall`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_ksyscall_opts {
    pub sz: usize,
    pub bpf_cookie: __u64,
    pub retprobe: bool,
}
crate::impl_opts!(bpf_ksyscall_opts, retprobe);

/// Attaches a kprobe to the arch-specific entry of syscall `syscall_name`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_ksyscall(
    prog: *const bpf_program,
    syscall_name: *const c_char,
    opts: *const bpf_ksyscall_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_ksyscall", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let name = unsafe { cstr(syscall_name, "syscall_name")? };
        let (cookie, ret) =
            unsafe { super::opts::read(opts)? }.map_or((0, false), |o| (o.bpf_cookie, o.retprobe));
        crate::attach::kprobe::attach_ksyscall(p, name, ret, cookie).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_uprobe_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_uprobe_opts {
    pub sz: usize,
    pub ref_ctr_offset: usize,
    pub bpf_cookie: __u64,
    pub retprobe: bool,
    pub func_name: *const c_char,
    pub attach_mode: probe_attach_mode_t,
}
crate::impl_opts!(bpf_uprobe_opts, attach_mode);

/// Attaches a uprobe (or uretprobe) at `func_offset` in `binary_path`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_uprobe(
    prog: *const bpf_program,
    retprobe: bool,
    pid: pid_t,
    binary_path: *const c_char,
    func_offset: usize,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_uprobe", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let path = unsafe { cstr(binary_path, "binary_path")? };
        let o = crate::attach::uprobe::UprobeOpts {
            retprobe,
            ..Default::default()
        };
        crate::attach::uprobe::attach(p, pid, path, func_offset as u64, &o)
            .map(handles::link_into_raw)
    })
}

/// Attaches a uprobe with options (function name, cookie, semaphore, mode).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_uprobe_opts(
    prog: *const bpf_program,
    pid: pid_t,
    binary_path: *const c_char,
    func_offset: usize,
    opts: *const bpf_uprobe_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_uprobe_opts", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let path = unsafe { cstr(binary_path, "binary_path")? };
        let o = match unsafe { super::opts::read(opts)? } {
            None => Default::default(),
            Some(o) => crate::attach::uprobe::UprobeOpts {
                ref_ctr_offset: o.ref_ctr_offset as u64,
                cookie: o.bpf_cookie,
                retprobe: o.retprobe,
                func_name: unsafe { opt_cstr(o.func_name, "func_name")? }.map(str::to_string),
                mode: Mode::from_c(o.attach_mode)?,
            },
        };
        crate::attach::uprobe::attach(p, pid, path, func_offset as u64, &o)
            .map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_usdt`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_usdt_opts {
    pub sz: usize,
    pub usdt_cookie: __u64,
}
crate::impl_opts!(bpf_usdt_opts, usdt_cookie);

/// Attaches to every site of USDT probe `usdt_provider:usdt_name` in `binary_path`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_usdt(
    prog: *const bpf_program,
    pid: pid_t,
    binary_path: *const c_char,
    usdt_provider: *const c_char,
    usdt_name: *const c_char,
    opts: *const bpf_usdt_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_usdt", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let path = unsafe { cstr(binary_path, "binary_path")? };
        let prov = unsafe { cstr(usdt_provider, "usdt_provider")? };
        let name = unsafe { cstr(usdt_name, "usdt_name")? };
        let cookie = unsafe { super::opts::read(opts)? }.map_or(0, |o| o.usdt_cookie);
        // SAFETY: a live program's object is live; shared references only.
        let obj = unsafe { handles::prog_obj(p)? };
        crate::attach::usdt::attach(p, obj, pid, path, prov, name, cookie)
            .map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_tracepoint_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_tracepoint_opts {
    pub sz: usize,
    pub bpf_cookie: __u64,
}
crate::impl_opts!(bpf_tracepoint_opts, bpf_cookie);

/// Attaches to tracepoint `tp_category:tp_name`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_tracepoint(
    prog: *const bpf_program,
    tp_category: *const c_char,
    tp_name: *const c_char,
) -> *mut bpf_link {
    // SAFETY: forwarded.
    unsafe { bpf_program__attach_tracepoint_opts(prog, tp_category, tp_name, std::ptr::null()) }
}

/// Attaches to tracepoint `tp_category:tp_name` with a cookie.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_tracepoint_opts(
    prog: *const bpf_program,
    tp_category: *const c_char,
    tp_name: *const c_char,
    opts: *const bpf_tracepoint_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_tracepoint_opts", || {
        // SAFETY: prog NULL or live; names NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let (cat, name) = unsafe { (cstr(tp_category, "tp_category")?, cstr(tp_name, "tp_name")?) };
        let cookie = unsafe { super::opts::read(opts)? }.map_or(0, |o| o.bpf_cookie);
        crate::attach::tracepoint::attach(p, cat, name, cookie).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_raw_tracepoint_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_raw_tracepoint_opts {
    pub sz: usize,
    pub cookie: __u64,
}
crate::impl_opts!(bpf_raw_tracepoint_opts, cookie);

/// Attaches to raw tracepoint `tp_name`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_raw_tracepoint(
    prog: *const bpf_program,
    tp_name: *const c_char,
) -> *mut bpf_link {
    // SAFETY: forwarded.
    unsafe { bpf_program__attach_raw_tracepoint_opts(prog, tp_name, std::ptr::null_mut()) }
}

/// Attaches to raw tracepoint `tp_name` with a cookie.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_raw_tracepoint_opts(
    prog: *const bpf_program,
    tp_name: *const c_char,
    opts: *mut bpf_raw_tracepoint_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_raw_tracepoint_opts", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        // NULL is passed through, as libbpf: the kernel takes the target
        // from a BTF-typed program's attach BTF id.
        let name = unsafe { opt_cstr(tp_name, "tp_name")? };
        let cookie = unsafe { super::opts::read(opts.cast_const())? }.map_or(0, |o| o.cookie);
        crate::attach::raw_tp::attach(p, name, cookie).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_trace_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_trace_opts {
    pub sz: usize,
    pub cookie: __u64,
}
crate::impl_opts!(bpf_trace_opts, cookie);

/// Attaches a tracing program (fentry/fexit/fmod_ret/tp_btf) to its load-time target.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_trace(prog: *const bpf_program) -> *mut bpf_link {
    // SAFETY: forwarded.
    unsafe { bpf_program__attach_trace_opts(prog, std::ptr::null()) }
}

/// Attaches a tracing program with a cookie.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_trace_opts(
    prog: *const bpf_program,
    opts: *const bpf_trace_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_trace_opts", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let cookie = unsafe { super::opts::read(opts)? }.map_or(0, |o| o.cookie);
        crate::attach::trace::attach(p, cookie).map(handles::link_into_raw)
    })
}

/// Attaches an LSM program to its load-time hook.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_lsm(prog: *const bpf_program) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_lsm", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        crate::attach::trace::attach(p, 0).map(handles::link_into_raw)
    })
}

/// Attaches to the cgroup `cgroup_fd` with a BPF link.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_cgroup(
    prog: *const bpf_program,
    cgroup_fd: c_int,
) -> *mut bpf_link {
    // SAFETY: forwarded.
    unsafe { bpf_program__attach_cgroup_opts(prog, cgroup_fd, std::ptr::null()) }
}

/// Attaches to the network namespace `netns_fd`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_netns(
    prog: *const bpf_program,
    netns_fd: c_int,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_netns", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        crate::attach::target::netns(p, netns_fd).map(handles::link_into_raw)
    })
}

/// Attaches an sk_msg/sk_skb program to the sockmap `map_fd`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_sockmap(
    prog: *const bpf_program,
    map_fd: c_int,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_sockmap", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        crate::attach::target::sockmap(p, map_fd).map(handles::link_into_raw)
    })
}

/// Attaches an XDP program to interface `ifindex` with a BPF link.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_xdp(
    prog: *const bpf_program,
    ifindex: c_int,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_xdp", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        crate::attach::target::xdp(p, ifindex).map(handles::link_into_raw)
    })
}

/// Attaches a freplace program over `attach_func_name` of program `target_fd`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_freplace(
    prog: *const bpf_program,
    target_fd: c_int,
    attach_func_name: *const c_char,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_freplace", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let f = unsafe { opt_cstr(attach_func_name, "attach_func_name")? };
        crate::attach::target::freplace(p, target_fd, f).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_netfilter` (protocol family, hook, priority, flags).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_netfilter_opts {
    pub sz: usize,
    pub pf: __u32,
    pub hooknum: __u32,
    pub priority: __s32,
    pub flags: __u32,
}
crate::impl_opts!(bpf_netfilter_opts, flags);

/// Attaches a netfilter program to a hook.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_netfilter(
    prog: *const bpf_program,
    opts: *const bpf_netfilter_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_netfilter", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let o = unsafe { super::opts::read(opts)? }.ok_or_else(|| {
            crate::Error::inval("bpf_program__attach_netfilter: opts are required")
        })?;
        let o = crate::attach::target::NetfilterOpts {
            pf: o.pf,
            hooknum: o.hooknum,
            priority: o.priority,
            flags: o.flags,
        };
        crate::attach::target::netfilter(p, &o).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_tcx` (position relative to another program or link).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_tcx_opts {
    pub sz: usize,
    pub flags: __u32,
    pub relative_fd: __u32,
    pub relative_id: __u32,
    pub expected_revision: __u64,
}
crate::impl_opts!(bpf_tcx_opts, expected_revision);

/// Attaches a tcx program to interface `ifindex`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_tcx(
    prog: *const bpf_program,
    ifindex: c_int,
    opts: *const bpf_tcx_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_tcx", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let o = unsafe { super::opts::read(opts)? }.map_or_else(Default::default, |o| {
            crate::attach::target::RelativeOpts {
                flags: o.flags,
                relative_fd: o.relative_fd,
                relative_id: o.relative_id,
                expected_revision: o.expected_revision,
            }
        });
        crate::attach::target::tcx(p, ifindex, &o).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_netkit`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_netkit_opts {
    pub sz: usize,
    pub flags: __u32,
    pub relative_fd: __u32,
    pub relative_id: __u32,
    pub expected_revision: __u64,
}
crate::impl_opts!(bpf_netkit_opts, expected_revision);

/// Attaches a netkit program to device `ifindex`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_netkit(
    prog: *const bpf_program,
    ifindex: c_int,
    opts: *const bpf_netkit_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_netkit", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let o = unsafe { super::opts::read(opts)? }.map_or_else(Default::default, |o| {
            crate::attach::target::RelativeOpts {
                flags: o.flags,
                relative_fd: o.relative_fd,
                relative_id: o.relative_id,
                expected_revision: o.expected_revision,
            }
        });
        crate::attach::target::netkit(p, ifindex, &o).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_cgroup_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_cgroup_opts {
    pub sz: usize,
    pub flags: __u32,
    pub relative_fd: __u32,
    pub relative_id: __u32,
    pub expected_revision: __u64,
}
crate::impl_opts!(bpf_cgroup_opts, expected_revision);

/// Attaches to a cgroup with ordering options.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_cgroup_opts(
    prog: *const bpf_program,
    cgroup_fd: c_int,
    opts: *const bpf_cgroup_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_cgroup_opts", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let o = unsafe { super::opts::read(opts)? }.map_or_else(Default::default, |o| {
            crate::attach::target::RelativeOpts {
                flags: o.flags,
                relative_fd: o.relative_fd,
                relative_id: o.relative_id,
                expected_revision: o.expected_revision,
            }
        });
        crate::attach::target::cgroup(p, cgroup_fd, &o).map(handles::link_into_raw)
    })
}

/// Registers a struct_ops map's implementation with the kernel.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__attach_struct_ops(map: *const bpf_map) -> *mut bpf_link {
    ret_ptr("bpf_map__attach_struct_ops", || {
        // SAFETY: map is NULL or a live map handle.
        let m = unsafe { handles::map(map)? };
        crate::attach::struct_ops::attach(m).map(handles::link_into_raw)
    })
}

/// Options of `bpf_program__attach_iter` (which map/task/cgroup to iterate).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_iter_attach_opts {
    pub sz: usize,
    pub link_info: *mut bpf_iter_link_info,
    pub link_info_len: __u32,
}
crate::impl_opts!(bpf_iter_attach_opts, link_info_len);

/// Creates an iterator link; read it through `bpf_iter_create`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__attach_iter(
    prog: *const bpf_program,
    opts: *const bpf_iter_attach_opts,
) -> *mut bpf_link {
    ret_ptr("bpf_program__attach_iter", || {
        // SAFETY: handles NULL or live; strings NULL or C strings; opts NULL or sized.
        let p = unsafe { handles::prog(prog)? };
        let info = match unsafe { super::opts::read(opts)? } {
            Some(o) if !o.link_info.is_null() && o.link_info_len > 0 => {
                // SAFETY: the caller's link_info of link_info_len bytes.
                Some(unsafe {
                    std::slice::from_raw_parts(o.link_info.cast::<u8>(), o.link_info_len as usize)
                })
            }
            _ => None,
        };
        crate::attach::trace::attach_iter(p, info).map(handles::link_into_raw)
    })
}

/// `cnt` C strings from `arr` (empty when `arr` is NULL).
///
/// # Safety
/// `arr` is NULL or points to `cnt` C string pointers.
unsafe fn str_array(arr: *mut *const c_char, cnt: usize) -> crate::Result<Vec<String>> {
    if arr.is_null() {
        return Ok(Vec::new());
    }
    // SAFETY: per the contract above.
    let ptrs = unsafe { std::slice::from_raw_parts(arr.cast_const(), cnt) };
    ptrs.iter()
        // SAFETY: each entry is a C string.
        .map(|&p| unsafe { cstr(p, "symbol") }.map(str::to_string))
        .collect()
}

/// `cnt` items at `p`, or nothing when `p` is NULL.
///
/// # Safety
/// `p` is NULL or points to `cnt` items.
unsafe fn slice_or_empty<'a, T>(p: *const T, cnt: usize) -> &'a [T] {
    if p.is_null() || cnt == 0 {
        &[]
    } else {
        // SAFETY: per the contract above.
        unsafe { std::slice::from_raw_parts(p, cnt) }
    }
}

/// `unsigned long` values as u64 (the same type on 64-bit targets).
#[allow(clippy::useless_conversion)]
fn ulongs(v: &[c_ulong]) -> Vec<u64> {
    v.iter().map(|&a| u64::from(a)).collect()
}
