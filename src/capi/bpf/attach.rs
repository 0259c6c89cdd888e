//! bpf.h attachment without links: `BPF_PROG_ATTACH`/`DETACH`, queries,
//! raw tracepoint opens and `bpf_task_fd_query`.

use super::*;

/// The attr of `BPF_PROG_ATTACH`/`DETACH`; `relative_id` sets `BPF_F_ID`.
#[allow(clippy::too_many_arguments)]
fn attach_attr(
    func: &str,
    prog_fd: c_int,
    target: c_int,
    attach_type: u32,
    flags: u32,
    relative_fd: c_int,
    relative_id: u32,
    expected_revision: u64,
) -> Result<ProgAttachAttr, Error> {
    if relative_fd != 0 && relative_id != 0 {
        return Err(Error::inval(format!(
            "{func}: relative_fd and relative_id are exclusive"
        )));
    }
    let (flags, relative) = if relative_id != 0 {
        (flags | BPF_F_ID, relative_id)
    } else {
        (flags, relative_fd as u32)
    };
    Ok(ProgAttachAttr {
        target_fd: target as u32,
        attach_bpf_fd: prog_fd as u32,
        attach_type,
        attach_flags: flags,
        relative_fd: relative,
        expected_revision,
        ..Default::default()
    })
}

/// Attaches a program to a cgroup, sockmap, ... (BPF_PROG_ATTACH).
#[no_mangle]
pub extern "C" fn bpf_prog_attach(
    prog_fd: c_int,
    attachable_fd: c_int,
    r#type: bpf_attach_type,
    flags: c_uint,
) -> c_int {
    let opts = bpf_prog_attach_opts {
        sz: std::mem::size_of::<bpf_prog_attach_opts>(),
        flags,
        replace_fd: 0,
        relative_fd: 0,
        relative_id: 0,
        expected_revision: 0,
    };
    // SAFETY: our own opts struct.
    unsafe { bpf_prog_attach_opts(prog_fd, attachable_fd, r#type, &opts) }
}

/// Detaches whatever program of `type` is attached to `attachable_fd`.
#[no_mangle]
pub extern "C" fn bpf_prog_detach(attachable_fd: c_int, r#type: bpf_attach_type) -> c_int {
    // SAFETY: NULL opts.
    unsafe { bpf_prog_detach_opts(0, attachable_fd, r#type, std::ptr::null()) }
}

/// Detaches a given program from `attachable_fd`.
#[no_mangle]
pub extern "C" fn bpf_prog_detach2(
    prog_fd: c_int,
    attachable_fd: c_int,
    r#type: bpf_attach_type,
) -> c_int {
    // SAFETY: NULL opts.
    unsafe { bpf_prog_detach_opts(prog_fd, attachable_fd, r#type, std::ptr::null()) }
}

/// Options of `bpf_prog_attach_opts`. The C struct (hand-written in the
/// header because of its anonymous union) spells `replace_fd` also as
/// `replace_prog_fd`.
///
/// cbindgen:ignore
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_attach_opts {
    pub sz: usize,
    pub flags: __u32,
    pub replace_fd: c_int,
    pub relative_fd: c_int,
    pub relative_id: __u32,
    pub expected_revision: __u64,
}
crate::impl_opts!(bpf_prog_attach_opts, expected_revision);

/// Options of `bpf_prog_detach_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_detach_opts {
    pub sz: usize,
    pub flags: __u32,
    pub relative_fd: c_int,
    pub relative_id: __u32,
    pub expected_revision: __u64,
}
crate::impl_opts!(bpf_prog_detach_opts, expected_revision);

/// Attaches a program to an fd or ifindex, with ordering and replacement options.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_attach_opts(
    prog_fd: c_int,
    target: c_int,
    r#type: bpf_attach_type,
    opts: *const bpf_prog_attach_opts,
) -> c_int {
    quiet("bpf_prog_attach_opts", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        let mut attr = attach_attr(
            "bpf_prog_attach_opts",
            prog_fd,
            target,
            r#type,
            o.flags,
            o.relative_fd,
            o.relative_id,
            o.expected_revision,
        )?;
        attr.replace_bpf_fd = o.replace_fd as u32;
        zero_ret(sys::call(cmd::PROG_ATTACH, &mut attr))
    })
}

/// Detaches a program from an fd or ifindex.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_detach_opts(
    prog_fd: c_int,
    target: c_int,
    r#type: bpf_attach_type,
    opts: *const bpf_prog_detach_opts,
) -> c_int {
    quiet("bpf_prog_detach_opts", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        let mut attr = attach_attr(
            "bpf_prog_detach_opts",
            prog_fd,
            target,
            r#type,
            o.flags,
            o.relative_fd,
            o.relative_id,
            o.expected_revision,
        )?;
        zero_ret(sys::call(cmd::PROG_DETACH, &mut attr))
    })
}

/// Options (in and out) of `bpf_prog_query_opts`. The C struct is
/// hand-written in the header: `count` is also spelled `prog_cnt` there.
///
/// cbindgen:ignore
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_query_opts {
    pub sz: usize,
    pub query_flags: __u32,
    /// Out.
    pub attach_flags: __u32,
    pub prog_ids: *mut __u32,
    /// In: capacity of the id arrays; out: number of entries.
    pub count: __u32,
    pub prog_attach_flags: *mut __u32,
    pub link_ids: *mut __u32,
    pub link_attach_flags: *mut __u32,
    /// Out.
    pub revision: __u64,
}
crate::impl_opts!(bpf_prog_query_opts, revision);

/// Lists the programs and links attached to an fd or ifindex.
///
/// # Safety
/// `opts` is NULL or a valid opts struct whose arrays hold `count` entries.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_query_opts(
    target: c_int,
    r#type: bpf_attach_type,
    opts: *mut bpf_prog_query_opts,
) -> c_int {
    quiet("bpf_prog_query_opts", || {
        // SAFETY: `opts` per this function's contract.
        let (o, sz) = unsafe { opts_or_default(opts)? };
        let mut attr = ProgQueryAttr {
            target_fd: target as u32,
            attach_type: r#type,
            query_flags: o.query_flags,
            count: o.count,
            prog_ids: o.prog_ids as u64,
            link_ids: o.link_ids as u64,
            prog_attach_flags: o.prog_attach_flags as u64,
            link_attach_flags: o.link_attach_flags as u64,
            ..Default::default()
        };
        let r = sys::call(cmd::PROG_QUERY, &mut attr);
        // SAFETY: `opts` is NULL or the caller's struct of `sz` bytes.
        unsafe {
            set_out!(
                opts,
                sz,
                bpf_prog_query_opts,
                attach_flags,
                attr.attach_flags
            );
            set_out!(opts, sz, bpf_prog_query_opts, revision, attr.revision);
            set_out!(opts, sz, bpf_prog_query_opts, count, attr.count);
        }
        zero_ret(r)
    })
}

/// Lists the programs attached to an fd (older form of `bpf_prog_query_opts`).
///
/// # Safety
/// Out pointers are NULL or writable; `prog_ids` holds `*prog_cnt` entries.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_query(
    target_fd: c_int,
    r#type: bpf_attach_type,
    query_flags: __u32,
    attach_flags: *mut __u32,
    prog_ids: *mut __u32,
    prog_cnt: *mut __u32,
) -> c_int {
    quiet("bpf_prog_query", || {
        // SAFETY: `prog_cnt` is NULL or valid per the contract.
        let cnt = unsafe { out_ptr(prog_cnt, "prog_cnt")? };
        let mut opts = bpf_prog_query_opts {
            sz: std::mem::size_of::<bpf_prog_query_opts>(),
            query_flags,
            attach_flags: 0,
            prog_ids,
            count: *cnt,
            prog_attach_flags: std::ptr::null_mut(),
            link_ids: std::ptr::null_mut(),
            link_attach_flags: std::ptr::null_mut(),
            revision: 0,
        };
        // SAFETY: our own opts struct; `prog_ids` per the contract.
        let r = unsafe { bpf_prog_query_opts(target_fd, r#type, &mut opts) };
        let e = Errno::last();
        if !attach_flags.is_null() {
            // SAFETY: non-NULL out pointer per the contract.
            unsafe { *attach_flags = opts.attach_flags };
        }
        *cnt = opts.count;
        if r < 0 {
            return Err(e.into());
        }
        Ok(r)
    })
}

/// Options of `bpf_raw_tracepoint_open_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_raw_tp_opts {
    pub sz: usize,
    pub tp_name: *const c_char,
    pub cookie: __u64,
}
crate::impl_opts!(bpf_raw_tp_opts, cookie);

/// Attaches a raw tracepoint program; returns the link fd.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_raw_tracepoint_open_opts(
    prog_fd: c_int,
    opts: *mut bpf_raw_tp_opts,
) -> c_int {
    quiet("bpf_raw_tracepoint_open_opts", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        let mut attr = RawTpOpenAttr {
            name: o.tp_name as u64,
            prog_fd: prog_fd as u32,
            cookie: o.cookie,
            ..Default::default()
        };
        fd_ret(sys::call_fd(cmd::RAW_TRACEPOINT_OPEN, &mut attr))
    })
}

/// Attaches a raw tracepoint program by tracepoint name.
///
/// # Safety
/// `name` is NULL or a C string.
#[no_mangle]
pub unsafe extern "C" fn bpf_raw_tracepoint_open(name: *const c_char, prog_fd: c_int) -> c_int {
    let mut opts = bpf_raw_tp_opts {
        sz: std::mem::size_of::<bpf_raw_tp_opts>(),
        tp_name: name,
        cookie: 0,
    };
    // SAFETY: our own opts struct; `name` per the contract.
    unsafe { bpf_raw_tracepoint_open_opts(prog_fd, &mut opts) }
}

/// Describes the BPF program behind a perf event / tracepoint fd of a task.
///
/// # Safety
/// `buf` is writable for `*buf_len` bytes; other out pointers are valid.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn bpf_task_fd_query(
    pid: c_int,
    fd: c_int,
    flags: __u32,
    buf: *mut c_char,
    buf_len: *mut __u32,
    prog_id: *mut __u32,
    fd_type: *mut __u32,
    probe_offset: *mut __u64,
    probe_addr: *mut __u64,
) -> c_int {
    quiet("bpf_task_fd_query", || {
        // SAFETY: out pointers per this function's contract (NULL rejected).
        let (len, id, ty, off, addr) = unsafe {
            (
                out_ptr(buf_len, "buf_len")?,
                out_ptr(prog_id, "prog_id")?,
                out_ptr(fd_type, "fd_type")?,
                out_ptr(probe_offset, "probe_offset")?,
                out_ptr(probe_addr, "probe_addr")?,
            )
        };
        let mut attr = TaskFdQueryAttr {
            pid: pid as u32,
            fd: fd as u32,
            flags,
            buf: buf as u64,
            buf_len: *len,
            ..Default::default()
        };
        let r = sys::call(cmd::TASK_FD_QUERY, &mut attr);
        *len = attr.buf_len;
        *id = attr.prog_id;
        *ty = attr.fd_type;
        *off = attr.probe_offset;
        *addr = attr.probe_addr;
        zero_ret(r)
    })
}
