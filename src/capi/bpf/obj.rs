//! bpf.h object-level commands: pinning (`BPF_OBJ_PIN`/`GET`), ids and
//! fds by id, `*_get_info_by_fd`, `bpf_btf_load`, tokens and stats.

use super::*;

/// `BPF_*_GET_NEXT_ID`: `*next_id` is written only on success.
///
/// # Safety
/// `next_id` is NULL or writable.
unsafe fn next_id_of(cmd: u32, start_id: u32, next_id: *mut __u32) -> Result<c_int, Error> {
    // SAFETY: forwarded contract.
    let out = unsafe { out_ptr(next_id, "next_id")? };
    let mut attr = GetIdAttr {
        id: start_id,
        ..Default::default()
    };
    sys::call(cmd, &mut attr)?;
    *out = attr.next_id;
    Ok(0)
}

/// `BPF_*_GET_FD_BY_ID`; only BTF takes a token fd (as upstream).
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
unsafe fn fd_by_id(
    cmd: u32,
    id: u32,
    opts: *const bpf_get_fd_by_id_opts,
    with_token: bool,
) -> Result<c_int, Error> {
    // SAFETY: forwarded contract.
    let (o, _) = unsafe { opts_or_default(opts)? };
    let mut attr = GetIdAttr {
        id,
        open_flags: o.open_flags,
        fd_by_id_token_fd: if with_token { o.token_fd as i32 } else { 0 },
        ..Default::default()
    };
    fd_ret(sys::call_fd(cmd, &mut attr))
}

/// `BPF_OBJ_GET_INFO_BY_FD`: the kernel fills up to `*info_len` bytes and
/// `*info_len` becomes what it filled (written only on success).
///
/// # Safety
/// `info_len` is NULL or valid; `info` is the caller's buffer of `*info_len` bytes.
unsafe fn info_by_fd(fd: c_int, info: *mut c_void, info_len: *mut __u32) -> Result<c_int, Error> {
    // SAFETY: forwarded contract.
    let len = unsafe { out_ptr(info_len, "info_len")? };
    let mut attr = InfoByFdAttr {
        bpf_fd: fd as u32,
        info_len: *len,
        info: info as u64,
    };
    sys::call(cmd::OBJ_GET_INFO_BY_FD, &mut attr)?;
    *len = attr.info_len;
    Ok(0)
}

/// Options of `bpf_btf_load`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_btf_load_opts {
    pub sz: usize,
    pub log_buf: *mut c_char,
    pub log_level: __u32,
    pub log_size: __u32,
    /// Out: the log size the kernel wanted, terminating NUL included.
    pub log_true_size: __u32,
    pub btf_flags: __u32,
    pub token_fd: __u32,
}
crate::impl_opts!(bpf_btf_load_opts, token_fd);

/// Loads raw BTF into the kernel (BPF_BTF_LOAD); returns its fd.
///
/// # Safety
/// `btf_data` holds `btf_size` bytes; `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_btf_load(
    btf_data: *const c_void,
    btf_size: usize,
    opts: *mut bpf_btf_load_opts,
) -> c_int {
    quiet("bpf_btf_load", || {
        // SAFETY: `opts` per this function's contract.
        let (o, sz) = unsafe { opts_or_default(opts)? };
        crate::sys::rlimit::bump_memlock();
        if o.log_size != 0 && o.log_buf.is_null() {
            return Err(Error::inval("bpf_btf_load: log_size without log_buf"));
        }
        let btf_size = u32::try_from(btf_size)
            .map_err(|_| Error::other(Errno::E2BIG, "bpf_btf_load: BTF larger than 4 GiB"))?;
        let mut attr = BtfLoadAttr {
            btf: btf_data as u64,
            btf_size,
            btf_flags: o.btf_flags,
            btf_token_fd: o.token_fd as i32,
            ..Default::default()
        };
        if o.log_level != 0 {
            attr.btf_log_buf = o.log_buf as u64;
            attr.btf_log_size = o.log_size;
            attr.btf_log_level = o.log_level;
        }
        let mut r = sys::call_fd(cmd::BTF_LOAD, &mut attr);
        if r.is_err() && !o.log_buf.is_null() && o.log_level == 0 {
            attr.btf_log_buf = o.log_buf as u64;
            attr.btf_log_size = o.log_size;
            attr.btf_log_level = 1;
            r = sys::call_fd(cmd::BTF_LOAD, &mut attr);
        }
        // SAFETY: `opts` is NULL or the caller's struct of `sz` bytes.
        unsafe {
            set_out!(
                opts,
                sz,
                bpf_btf_load_opts,
                log_true_size,
                attr.btf_log_true_size
            )
        };
        fd_ret(r)
    })
}

/// Options of `bpf_obj_pin_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_obj_pin_opts {
    pub sz: usize,
    pub file_flags: __u32,
    pub path_fd: c_int,
}
crate::impl_opts!(bpf_obj_pin_opts, path_fd);

/// Pins an object at a bpffs path.
///
/// # Safety
/// `pathname` is NULL or a C string.
#[no_mangle]
pub unsafe extern "C" fn bpf_obj_pin(fd: c_int, pathname: *const c_char) -> c_int {
    // SAFETY: forwarded contract; NULL opts.
    unsafe { bpf_obj_pin_opts(fd, pathname, std::ptr::null()) }
}

/// Pins an object, optionally relative to `path_fd`.
///
/// # Safety
/// `pathname` is NULL or a C string; `opts` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_obj_pin_opts(
    fd: c_int,
    pathname: *const c_char,
    opts: *const bpf_obj_pin_opts,
) -> c_int {
    quiet("bpf_obj_pin_opts", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        let mut attr = ObjPinAttr {
            pathname: pathname as u64,
            bpf_fd: fd as u32,
            file_flags: o.file_flags,
            path_fd: o.path_fd,
            ..Default::default()
        };
        zero_ret(sys::call(cmd::OBJ_PIN, &mut attr))
    })
}

/// Options of `bpf_obj_get_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_obj_get_opts {
    pub sz: usize,
    pub file_flags: __u32,
    pub path_fd: c_int,
}
crate::impl_opts!(bpf_obj_get_opts, path_fd);

/// Opens a pinned object; returns an fd.
///
/// # Safety
/// `pathname` is NULL or a C string.
#[no_mangle]
pub unsafe extern "C" fn bpf_obj_get(pathname: *const c_char) -> c_int {
    // SAFETY: forwarded contract; NULL opts.
    unsafe { bpf_obj_get_opts(pathname, std::ptr::null()) }
}

/// Opens a pinned object with flags, optionally relative to `path_fd`.
///
/// # Safety
/// `pathname` is NULL or a C string; `opts` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_obj_get_opts(
    pathname: *const c_char,
    opts: *const bpf_obj_get_opts,
) -> c_int {
    quiet("bpf_obj_get_opts", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        let mut attr = ObjPinAttr {
            pathname: pathname as u64,
            file_flags: o.file_flags,
            path_fd: o.path_fd,
            ..Default::default()
        };
        fd_ret(sys::call_fd(cmd::OBJ_GET, &mut attr))
    })
}

/// Next program id after `start_id`.
///
/// # Safety
/// `next_id` is valid for writing.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_get_next_id(start_id: __u32, next_id: *mut __u32) -> c_int {
    // SAFETY: `next_id` per this function's contract.
    quiet("bpf_prog_get_next_id", || unsafe {
        next_id_of(cmd::PROG_GET_NEXT_ID, start_id, next_id)
    })
}

/// Next map id after `start_id`.
///
/// # Safety
/// `next_id` is valid for writing.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_get_next_id(start_id: __u32, next_id: *mut __u32) -> c_int {
    // SAFETY: `next_id` per this function's contract.
    quiet("bpf_map_get_next_id", || unsafe {
        next_id_of(cmd::MAP_GET_NEXT_ID, start_id, next_id)
    })
}

/// Next BTF id after `start_id`.
///
/// # Safety
/// `next_id` is valid for writing.
#[no_mangle]
pub unsafe extern "C" fn bpf_btf_get_next_id(start_id: __u32, next_id: *mut __u32) -> c_int {
    // SAFETY: `next_id` per this function's contract.
    quiet("bpf_btf_get_next_id", || unsafe {
        next_id_of(cmd::BTF_GET_NEXT_ID, start_id, next_id)
    })
}

/// Next link id after `start_id`.
///
/// # Safety
/// `next_id` is valid for writing.
#[no_mangle]
pub unsafe extern "C" fn bpf_link_get_next_id(start_id: __u32, next_id: *mut __u32) -> c_int {
    // SAFETY: `next_id` per this function's contract.
    quiet("bpf_link_get_next_id", || unsafe {
        next_id_of(cmd::LINK_GET_NEXT_ID, start_id, next_id)
    })
}

/// Options of the `bpf_*_get_fd_by_id_opts` calls.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_get_fd_by_id_opts {
    pub sz: usize,
    pub open_flags: __u32,
    pub token_fd: __u32,
}
crate::impl_opts!(bpf_get_fd_by_id_opts, token_fd);

/// Opens a program by id.
#[no_mangle]
pub extern "C" fn bpf_prog_get_fd_by_id(id: __u32) -> c_int {
    // SAFETY: NULL opts.
    unsafe { bpf_prog_get_fd_by_id_opts(id, std::ptr::null()) }
}

/// Opens a program by id, with options.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_get_fd_by_id_opts(
    id: __u32,
    opts: *const bpf_get_fd_by_id_opts,
) -> c_int {
    // SAFETY: `opts` per this function's contract.
    quiet("bpf_prog_get_fd_by_id_opts", || unsafe {
        fd_by_id(cmd::PROG_GET_FD_BY_ID, id, opts, false)
    })
}

/// Opens a map by id.
#[no_mangle]
pub extern "C" fn bpf_map_get_fd_by_id(id: __u32) -> c_int {
    // SAFETY: NULL opts.
    unsafe { bpf_map_get_fd_by_id_opts(id, std::ptr::null()) }
}

/// Opens a map by id, with options.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_get_fd_by_id_opts(
    id: __u32,
    opts: *const bpf_get_fd_by_id_opts,
) -> c_int {
    // SAFETY: `opts` per this function's contract.
    quiet("bpf_map_get_fd_by_id_opts", || unsafe {
        fd_by_id(cmd::MAP_GET_FD_BY_ID, id, opts, false)
    })
}

/// Opens a BTF object by id.
#[no_mangle]
pub extern "C" fn bpf_btf_get_fd_by_id(id: __u32) -> c_int {
    // SAFETY: NULL opts.
    unsafe { bpf_btf_get_fd_by_id_opts(id, std::ptr::null()) }
}

/// Opens a BTF object by id, with options.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_btf_get_fd_by_id_opts(
    id: __u32,
    opts: *const bpf_get_fd_by_id_opts,
) -> c_int {
    // SAFETY: `opts` per this function's contract.
    quiet("bpf_btf_get_fd_by_id_opts", || unsafe {
        fd_by_id(cmd::BTF_GET_FD_BY_ID, id, opts, true)
    })
}

/// Opens a link by id.
#[no_mangle]
pub extern "C" fn bpf_link_get_fd_by_id(id: __u32) -> c_int {
    // SAFETY: NULL opts.
    unsafe { bpf_link_get_fd_by_id_opts(id, std::ptr::null()) }
}

/// Opens a link by id, with options.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_link_get_fd_by_id_opts(
    id: __u32,
    opts: *const bpf_get_fd_by_id_opts,
) -> c_int {
    // SAFETY: `opts` per this function's contract.
    quiet("bpf_link_get_fd_by_id_opts", || unsafe {
        fd_by_id(cmd::LINK_GET_FD_BY_ID, id, opts, false)
    })
}

/// Reads the info record of any BPF object fd (BPF_OBJ_GET_INFO_BY_FD).
///
/// # Safety
/// `info` is writable for `*info_len` bytes; `info_len` is valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_obj_get_info_by_fd(
    bpf_fd: c_int,
    info: *mut c_void,
    info_len: *mut __u32,
) -> c_int {
    // SAFETY: pointers per this function's contract.
    quiet("bpf_obj_get_info_by_fd", || unsafe {
        info_by_fd(bpf_fd, info, info_len)
    })
}

/// Reads a program's `struct bpf_prog_info`.
///
/// # Safety
/// `info` is writable for `*info_len` bytes; `info_len` is valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_get_info_by_fd(
    prog_fd: c_int,
    info: *mut bpf_prog_info,
    info_len: *mut __u32,
) -> c_int {
    // SAFETY: pointers per this function's contract.
    quiet("bpf_prog_get_info_by_fd", || unsafe {
        info_by_fd(prog_fd, info.cast(), info_len)
    })
}

/// Reads a map's `struct bpf_map_info`.
///
/// # Safety
/// `info` is writable for `*info_len` bytes; `info_len` is valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_get_info_by_fd(
    map_fd: c_int,
    info: *mut bpf_map_info,
    info_len: *mut __u32,
) -> c_int {
    // SAFETY: pointers per this function's contract.
    quiet("bpf_map_get_info_by_fd", || unsafe {
        info_by_fd(map_fd, info.cast(), info_len)
    })
}

/// Reads a BTF object's `struct bpf_btf_info`.
///
/// # Safety
/// `info` is writable for `*info_len` bytes; `info_len` is valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_btf_get_info_by_fd(
    btf_fd: c_int,
    info: *mut bpf_btf_info,
    info_len: *mut __u32,
) -> c_int {
    // SAFETY: pointers per this function's contract.
    quiet("bpf_btf_get_info_by_fd", || unsafe {
        info_by_fd(btf_fd, info.cast(), info_len)
    })
}

/// Reads a link's `struct bpf_link_info`.
///
/// # Safety
/// `info` is writable for `*info_len` bytes; `info_len` is valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_link_get_info_by_fd(
    link_fd: c_int,
    info: *mut bpf_link_info,
    info_len: *mut __u32,
) -> c_int {
    // SAFETY: pointers per this function's contract.
    quiet("bpf_link_get_info_by_fd", || unsafe {
        info_by_fd(link_fd, info.cast(), info_len)
    })
}

/// Turns on run-time statistics; returns an fd keeping them on.
/// (Declared by hand in the header: C takes `enum bpf_stats_type`, C++ `int`.)
#[no_mangle]
pub extern "C" fn bpf_enable_stats(r#type: c_int) -> c_int {
    quiet("bpf_enable_stats", || {
        let mut attr = FdFlagsAttr {
            fd: r#type as u32,
            flags: 0,
        };
        fd_ret(sys::call_fd(cmd::ENABLE_STATS, &mut attr))
    })
}

/// Options of `bpf_token_create`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_token_create_opts {
    pub sz: usize,
    pub flags: __u32,
}
crate::impl_opts!(bpf_token_create_opts, flags);

/// Creates a BPF token from a bpffs mount; returns its fd.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_token_create(
    bpffs_fd: c_int,
    opts: *mut bpf_token_create_opts,
) -> c_int {
    quiet("bpf_token_create", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        let mut attr = TokenCreateAttr {
            flags: o.flags,
            bpffs_fd: bpffs_fd as u32,
        };
        fd_ret(sys::call_fd(cmd::TOKEN_CREATE, &mut attr))
    })
}
