//! bpf.h: the thin layer over the bpf(2) commands (maps, programs, links,
//! object ids, pinning, test runs, tokens) and its `*_opts` structs.
//!
//! Each export reads its opts by libbpf's `sz` rule, fills the command's attr
//! and makes the call through `sys::bpf`. Caller pointers that only the
//! kernel dereferences are passed through (a bad one is the kernel's
//! `-EFAULT`); pointers this library itself must read or write (`count`,
//! `info_len`, out parameters) are checked, so NULL is `-EINVAL`, not a
//! crash. Kernel errors are returned quietly (no log line), as upstream.

use crate::error::{Errno, Error};
use crate::sys::bpf as sys;
use crate::sys::probes::{self, Feature};
use crate::uapi::bpf::*;
use std::os::fd::{IntoRawFd, OwnedFd};
use std::os::raw::{c_char, c_int, c_uint, c_ulong, c_void};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

// ---- helpers shared by the exports ----

/// How often `bpf_prog_load` tries when the verifier says `EAGAIN` (libbpf's default).
const PROG_LOAD_ATTEMPTS: u32 = 5;

/// The boundary every bpf.h export goes through: kernel errors are returned
/// without a log line; caller mistakes are logged.
fn quiet(func: &str, f: impl FnOnce() -> Result<c_int, Error>) -> c_int {
    super::boundary::ret_int_quiet(func, f)
}

/// Reads the caller's opts (defaults for NULL) and its `sz` (0 for NULL).
///
/// # Safety
/// `p` is NULL or points to at least `(*p).sz` readable bytes.
unsafe fn opts_or_default<T: super::opts::Opts>(p: *const T) -> Result<(T, usize), Error> {
    // SAFETY: forwarded contract.
    let sz = unsafe { super::opts::validate(p)? };
    // SAFETY: forwarded contract.
    let o = unsafe { super::opts::read(p)? };
    // SAFETY: opts structs are valid all-zero (trait contract).
    Ok((o.unwrap_or_else(|| unsafe { std::mem::zeroed() }), sz))
}

/// Writes an OUT field of a caller's opts struct only when the caller's
/// `sz` covers it (an older caller's struct simply has no such field).
macro_rules! set_out {
    ($p:expr, $sz:expr, $t:ty, $field:ident, $v:expr) => {
        if !$p.is_null()
            && $crate::capi::opts::covers(
                $sz,
                ::std::mem::offset_of!($t, $field)
                    + $crate::capi::opts::field_size(|s: &$t| &s.$field),
            )
        {
            ::std::ptr::addr_of_mut!((*$p).$field).write($v);
        }
    };
}

/// Whether the caller's opts bytes from `from` up to its `sz` are all zero
/// (libbpf's `OPTS_ZEROED`): members it did not ask for must not be set.
///
/// # Safety
/// `p` is NULL or readable for `sz` bytes.
unsafe fn zeroed_from<T>(p: *const T, sz: usize, from: usize) -> bool {
    if p.is_null() || sz <= from {
        return true;
    }
    // SAFETY: the caller vouches for `sz` readable bytes.
    let tail = unsafe { std::slice::from_raw_parts(p.cast::<u8>().add(from), sz - from) };
    tail.iter().all(|&b| b == 0)
}

/// A kernel object name from a caller's C string: at most 15 bytes + NUL.
///
/// # Safety
/// `p` is a NUL-terminated string.
unsafe fn kernel_name(p: *const c_char) -> [u8; 16] {
    // SAFETY: per the contract above.
    let b = unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes();
    let mut out = [0u8; 16];
    let n = b.len().min(15);
    out[..n].copy_from_slice(&b[..n]);
    out
}

/// A pointer this library itself writes through: NULL is `-EINVAL`.
///
/// # Safety
/// `p` is NULL or valid for reads and writes, and not aliased.
unsafe fn out_ptr<'a, T>(p: *mut T, what: &str) -> Result<&'a mut T, Error> {
    // SAFETY: per the contract above.
    unsafe { p.as_mut() }.ok_or_else(|| Error::inval(format!("{what} is NULL")))
}

fn fd_ret(r: Result<OwnedFd, Errno>) -> Result<c_int, Error> {
    Ok(r?.into_raw_fd())
}

fn zero_ret(r: Result<i64, Errno>) -> Result<c_int, Error> {
    r?;
    Ok(0)
}

/// Applies RLIMIT_MEMLOCK before the first creation, on kernels that still
/// charge BPF memory to it (before memcg accounting); once per process.
pub(crate) fn bump_rlimit_memlock() {
    if MEMLOCK_DONE.load(Ordering::Acquire) || probes::supported(Feature::MemcgAccount) {
        return;
    }
    memlock_rlim_applied();
    if let Some(lim) = memlock_rlim() {
        if let Err(e) = crate::sys::rlimit::set_memlock(lim) {
            crate::debug!("failed to set RLIMIT_MEMLOCK: {e}");
        }
    }
}

/// The `BPF_MAP_*_ELEM` commands.
fn elem(cmd: u32, fd: c_int, key: u64, value: u64, flags: u64) -> Result<c_int, Error> {
    let mut attr = MapElemAttr {
        map_fd: fd as u32,
        key,
        value,
        flags,
        ..Default::default()
    };
    zero_ret(sys::call(cmd, &mut attr))
}

/// The `BPF_MAP_*_BATCH` commands: `*count` in, entries processed out
/// (written back even on failure, as the kernel reports partial progress).
///
/// # Safety
/// `count` is NULL or valid; `opts` is NULL or a valid opts struct.
#[allow(clippy::too_many_arguments)]
unsafe fn batch(
    cmd: u32,
    fd: c_int,
    in_batch: u64,
    out_batch: u64,
    keys: u64,
    values: u64,
    count: *mut __u32,
    opts: *const bpf_map_batch_opts,
) -> Result<c_int, Error> {
    // SAFETY: forwarded contract.
    let (o, _) = unsafe { opts_or_default(opts)? };
    // SAFETY: forwarded contract.
    let count = unsafe { out_ptr(count, "count")? };
    let mut attr = MapBatchAttr {
        in_batch,
        out_batch,
        keys,
        values,
        count: *count,
        map_fd: fd as u32,
        elem_flags: o.elem_flags,
        flags: o.flags,
    };
    let r = sys::call(cmd, &mut attr);
    *count = attr.count;
    zero_ret(r)
}

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

// ---- kernel UAPI scalar types, spelled as <linux/types.h> does ----
//
// The header must say `__u64` (not `uint64_t`): on x86_64 they are different
// C types (`unsigned long long` vs `unsigned long`), and a prototype using the
// wrong one conflicts with callers' own declarations. The configs exclude
// these aliases so cbindgen prints their names verbatim.

/// `__u8`.
pub type __u8 = u8;
/// `__u16`.
pub type __u16 = u16;
/// `__u32`.
pub type __u32 = u32;
/// `__s32`.
pub type __s32 = i32;
/// `__u64`.
pub type __u64 = u64;
/// `__s64`.
pub type __s64 = i64;

/// A C `bool` as read from caller memory: kept as a byte so that a stray
/// value cannot be undefined behaviour in Rust. The configs print it as `bool`.
pub type c_bool = u8;

// ---- kernel UAPI enums, used by value (never as Rust enums: see conventions) ----

/// `enum bpf_prog_type` from <linux/bpf.h>.
pub type bpf_prog_type = c_uint;
/// `enum bpf_map_type` from <linux/bpf.h>.
pub type bpf_map_type = c_uint;
/// `enum bpf_attach_type` from <linux/bpf.h>.
pub type bpf_attach_type = c_uint;

// ---- kernel UAPI records, used only behind pointers ----

/// `struct bpf_insn` from <linux/bpf.h>.
pub struct bpf_insn {
    _opaque: [u8; 0],
}
/// `struct bpf_prog_info` from <linux/bpf.h>.
pub struct bpf_prog_info {
    _opaque: [u8; 0],
}
/// `struct bpf_map_info` from <linux/bpf.h>.
pub struct bpf_map_info {
    _opaque: [u8; 0],
}
/// `struct bpf_btf_info` from <linux/bpf.h>.
pub struct bpf_btf_info {
    _opaque: [u8; 0],
}
/// `struct bpf_link_info` from <linux/bpf.h>.
pub struct bpf_link_info {
    _opaque: [u8; 0],
}
/// `union bpf_iter_link_info` from <linux/bpf.h>.
pub struct bpf_iter_link_info {
    _opaque: [u8; 0],
}

/// Logs "not supported yet", sets `errno = EOPNOTSUPP` and returns `v`: the
/// placeholder body for exports whose return type is not `int` or a pointer.
#[allow(dead_code)] // placeholder helper for exports still to come
pub(crate) fn unsupported_as<T>(func: &str, v: T) -> T {
    crate::warn!("{func}: not supported yet");
    super::boundary::set_errno(crate::Errno::ENOTSUP);
    v
}

// ---- RLIMIT_MEMLOCK ----

/// The RLIMIT_MEMLOCK value to set before the first map or program creation
/// on kernels without memcg accounting; `u64::MAX` is RLIM_INFINITY, 0 disables.
static MEMLOCK_RLIM: AtomicU64 = AtomicU64::new(u64::MAX);
/// Set once the limit was applied (or found unnecessary): it is final after that.
static MEMLOCK_DONE: AtomicBool = AtomicBool::new(false);

/// The limit recorded by [`libbpf_set_memlock_rlim`]; `None` when disabled (0).
pub fn memlock_rlim() -> Option<u64> {
    match MEMLOCK_RLIM.load(Ordering::Acquire) {
        0 => None,
        v => Some(v),
    }
}

/// Called by the loading code once it has applied (or skipped) the limit;
/// later `libbpf_set_memlock_rlim` calls then fail with `-EBUSY`, as upstream.
pub fn memlock_rlim_applied() {
    MEMLOCK_DONE.store(true, Ordering::Release);
}

/// Sets the RLIMIT_MEMLOCK value used on kernels without memcg accounting.
///
/// Only recorded: kernels from 5.11 charge BPF memory to the cgroup and need
/// no limit. Fails with `-EBUSY` once the first map or program was created.
#[no_mangle]
pub extern "C" fn libbpf_set_memlock_rlim(memlock_bytes: usize) -> c_int {
    if MEMLOCK_DONE.load(Ordering::Acquire) {
        super::boundary::set_errno(crate::Errno::EBUSY);
        return -libc::EBUSY;
    }
    MEMLOCK_RLIM.store(memlock_bytes as u64, Ordering::Release);
    0
}

// ---- map and program creation ----

/// Options of `bpf_map_create`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_map_create_opts {
    pub sz: usize,
    pub btf_fd: __u32,
    pub btf_key_type_id: __u32,
    pub btf_value_type_id: __u32,
    pub btf_vmlinux_value_type_id: __u32,
    pub inner_map_fd: __u32,
    pub map_flags: __u32,
    pub map_extra: __u64,
    pub numa_node: __u32,
    pub map_ifindex: __u32,
    pub value_type_btf_obj_fd: __s32,
    pub token_fd: __u32,
    pub excl_prog_hash: *const c_void,
    pub excl_prog_hash_size: __u32,
}
crate::impl_opts!(bpf_map_create_opts, excl_prog_hash_size);

/// Creates a map (BPF_MAP_CREATE); returns its fd.
///
/// # Safety
/// `map_name` is NULL or a C string; `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_create(
    map_type: bpf_map_type,
    map_name: *const c_char,
    key_size: __u32,
    value_size: __u32,
    max_entries: __u32,
    opts: *const bpf_map_create_opts,
) -> c_int {
    quiet("bpf_map_create", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        bump_rlimit_memlock();
        let mut attr = MapCreateAttr {
            map_type,
            key_size,
            value_size,
            max_entries,
            btf_fd: o.btf_fd,
            btf_key_type_id: o.btf_key_type_id,
            btf_value_type_id: o.btf_value_type_id,
            btf_vmlinux_value_type_id: o.btf_vmlinux_value_type_id,
            value_type_btf_obj_fd: o.value_type_btf_obj_fd,
            inner_map_fd: o.inner_map_fd,
            map_flags: o.map_flags,
            map_extra: o.map_extra,
            numa_node: o.numa_node,
            map_ifindex: o.map_ifindex,
            map_token_fd: o.token_fd as i32,
            excl_prog_hash: o.excl_prog_hash as u64,
            excl_prog_hash_size: o.excl_prog_hash_size,
            ..Default::default()
        };
        if !map_name.is_null() && probes::supported(Feature::ProgName) {
            // SAFETY: a non-NULL name is a C string per the contract.
            attr.map_name = unsafe { kernel_name(map_name) };
        }
        fd_ret(sys::call_fd(cmd::MAP_CREATE, &mut attr))
    })
}

/// Options of `bpf_prog_load`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_load_opts {
    pub sz: usize,
    pub attempts: c_int,
    pub expected_attach_type: bpf_attach_type,
    pub prog_btf_fd: __u32,
    pub prog_flags: __u32,
    pub prog_ifindex: __u32,
    pub kern_version: __u32,
    pub attach_btf_id: __u32,
    pub attach_prog_fd: __u32,
    pub attach_btf_obj_fd: __u32,
    pub fd_array: *const c_int,
    pub func_info: *const c_void,
    pub func_info_cnt: __u32,
    pub func_info_rec_size: __u32,
    pub line_info: *const c_void,
    pub line_info_cnt: __u32,
    pub line_info_rec_size: __u32,
    pub log_level: __u32,
    pub log_size: __u32,
    pub log_buf: *mut c_char,
    /// Out: the log size the kernel wanted, terminating NUL included.
    pub log_true_size: __u32,
    pub token_fd: __u32,
    pub fd_array_cnt: __u32,
}
crate::impl_opts!(bpf_prog_load_opts, fd_array_cnt);

/// Loads a program (BPF_PROG_LOAD); returns its fd.
///
/// # Safety
/// Strings are NULL or C strings; `insns` holds `insn_cnt` instructions;
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_load(
    prog_type: bpf_prog_type,
    prog_name: *const c_char,
    license: *const c_char,
    insns: *const bpf_insn,
    insn_cnt: usize,
    opts: *mut bpf_prog_load_opts,
) -> c_int {
    quiet("bpf_prog_load", || {
        // SAFETY: `opts` per this function's contract.
        let (o, sz) = unsafe { opts_or_default(opts)? };
        bump_rlimit_memlock();
        let attempts = match o.attempts {
            a if a < 0 => return Err(Error::inval("bpf_prog_load: attempts < 0")),
            0 => PROG_LOAD_ATTEMPTS,
            a => a as u32,
        };
        let insn_cnt = u32::try_from(insn_cnt)
            .map_err(|_| Error::other(Errno::E2BIG, "bpf_prog_load: too many instructions"))?;
        if o.attach_prog_fd != 0 && o.attach_btf_obj_fd != 0 {
            return Err(Error::inval(
                "bpf_prog_load: attach_prog_fd and attach_btf_obj_fd are exclusive",
            ));
        }
        if o.log_buf.is_null() != (o.log_size == 0) {
            return Err(Error::inval(
                "bpf_prog_load: log_buf and log_size go together",
            ));
        }
        let mut attr = ProgLoadAttr {
            prog_type,
            expected_attach_type: o.expected_attach_type,
            prog_btf_fd: o.prog_btf_fd,
            prog_flags: o.prog_flags,
            prog_ifindex: o.prog_ifindex,
            kern_version: o.kern_version,
            prog_token_fd: o.token_fd as i32,
            license: license as u64,
            insns: insns as u64,
            insn_cnt,
            attach_btf_id: o.attach_btf_id,
            attach_prog_fd: if o.attach_prog_fd != 0 {
                o.attach_prog_fd
            } else {
                o.attach_btf_obj_fd
            },
            func_info_rec_size: o.func_info_rec_size,
            func_info: o.func_info as u64,
            func_info_cnt: o.func_info_cnt,
            line_info_rec_size: o.line_info_rec_size,
            line_info: o.line_info as u64,
            line_info_cnt: o.line_info_cnt,
            fd_array: o.fd_array as u64,
            fd_array_cnt: o.fd_array_cnt,
            ..Default::default()
        };
        if !prog_name.is_null() && probes::supported(Feature::ProgName) {
            // SAFETY: a non-NULL name is a C string per the contract.
            attr.prog_name = unsafe { kernel_name(prog_name) };
        }
        if o.log_level != 0 {
            attr.log_buf = o.log_buf as u64;
            attr.log_size = o.log_size;
            attr.log_level = o.log_level;
        }
        let retry_log = (!o.log_buf.is_null()).then_some(sys::RetryLog {
            buf: o.log_buf as u64,
            size: o.log_size,
        });
        // SAFETY: every pointer in `attr` comes from the caller, who vouches for it.
        let r = unsafe { sys::prog_load_retrying(&mut attr, attempts, retry_log) };
        // SAFETY: `opts` is NULL or the caller's struct of `sz` bytes.
        unsafe {
            set_out!(
                opts,
                sz,
                bpf_prog_load_opts,
                log_true_size,
                attr.log_true_size
            )
        };
        fd_ret(r)
    })
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
        bump_rlimit_memlock();
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

// ---- map elements ----

/// Creates or updates one element.
///
/// # Safety
/// `key`/`value` point to the map's key and value sizes.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_update_elem(
    fd: c_int,
    key: *const c_void,
    value: *const c_void,
    flags: __u64,
) -> c_int {
    quiet("bpf_map_update_elem", || {
        elem(cmd::MAP_UPDATE_ELEM, fd, key as u64, value as u64, flags)
    })
}

/// Reads one element.
///
/// # Safety
/// `key` and `value` point to the map's key and value sizes.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_lookup_elem(
    fd: c_int,
    key: *const c_void,
    value: *mut c_void,
) -> c_int {
    quiet("bpf_map_lookup_elem", || {
        elem(cmd::MAP_LOOKUP_ELEM, fd, key as u64, value as u64, 0)
    })
}

/// Reads one element with lookup flags (`BPF_F_LOCK`, ...).
///
/// # Safety
/// As `bpf_map_lookup_elem`.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_lookup_elem_flags(
    fd: c_int,
    key: *const c_void,
    value: *mut c_void,
    flags: __u64,
) -> c_int {
    quiet("bpf_map_lookup_elem_flags", || {
        elem(cmd::MAP_LOOKUP_ELEM, fd, key as u64, value as u64, flags)
    })
}

/// Reads and removes one element (also pops queues and stacks).
///
/// # Safety
/// As `bpf_map_lookup_elem`.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_lookup_and_delete_elem(
    fd: c_int,
    key: *const c_void,
    value: *mut c_void,
) -> c_int {
    quiet("bpf_map_lookup_and_delete_elem", || {
        elem(
            cmd::MAP_LOOKUP_AND_DELETE_ELEM,
            fd,
            key as u64,
            value as u64,
            0,
        )
    })
}

/// Reads and removes one element, with flags.
///
/// # Safety
/// As `bpf_map_lookup_elem`.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_lookup_and_delete_elem_flags(
    fd: c_int,
    key: *const c_void,
    value: *mut c_void,
    flags: __u64,
) -> c_int {
    quiet("bpf_map_lookup_and_delete_elem_flags", || {
        elem(
            cmd::MAP_LOOKUP_AND_DELETE_ELEM,
            fd,
            key as u64,
            value as u64,
            flags,
        )
    })
}

/// Removes one element.
///
/// # Safety
/// `key` points to the map's key size.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_delete_elem(fd: c_int, key: *const c_void) -> c_int {
    quiet("bpf_map_delete_elem", || {
        elem(cmd::MAP_DELETE_ELEM, fd, key as u64, 0, 0)
    })
}

/// Removes one element, with flags.
///
/// # Safety
/// `key` points to the map's key size.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_delete_elem_flags(
    fd: c_int,
    key: *const c_void,
    flags: __u64,
) -> c_int {
    quiet("bpf_map_delete_elem_flags", || {
        elem(cmd::MAP_DELETE_ELEM, fd, key as u64, 0, flags)
    })
}

/// Gets the key after `key` (the first one when `key` is NULL).
///
/// # Safety
/// `key` is NULL or points to a key; `next_key` to room for one.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_get_next_key(
    fd: c_int,
    key: *const c_void,
    next_key: *mut c_void,
) -> c_int {
    quiet("bpf_map_get_next_key", || {
        elem(cmd::MAP_GET_NEXT_KEY, fd, key as u64, next_key as u64, 0)
    })
}

/// Makes a map read-only for user space.
#[no_mangle]
pub extern "C" fn bpf_map_freeze(fd: c_int) -> c_int {
    quiet("bpf_map_freeze", || {
        let mut attr = MapFreezeAttr { map_fd: fd as u32 };
        zero_ret(sys::call(cmd::MAP_FREEZE, &mut attr))
    })
}

/// Options of the `bpf_map_*_batch` calls.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_map_batch_opts {
    pub sz: usize,
    pub elem_flags: __u64,
    pub flags: __u64,
}
crate::impl_opts!(bpf_map_batch_opts, flags);

/// Removes `*count` elements; `*count` becomes how many were removed.
///
/// # Safety
/// `keys` holds `*count` keys; `count` is valid; `opts` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_delete_batch(
    fd: c_int,
    keys: *const c_void,
    count: *mut __u32,
    opts: *const bpf_map_batch_opts,
) -> c_int {
    // SAFETY: pointers per this function's contract.
    quiet("bpf_map_delete_batch", || unsafe {
        batch(cmd::MAP_DELETE_BATCH, fd, 0, 0, keys as u64, 0, count, opts)
    })
}

/// Reads up to `*count` elements starting at the `in_batch` cursor.
///
/// # Safety
/// Buffers are sized for `*count` keys and values; cursors for one key.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_lookup_batch(
    fd: c_int,
    in_batch: *mut c_void,
    out_batch: *mut c_void,
    keys: *mut c_void,
    values: *mut c_void,
    count: *mut __u32,
    opts: *const bpf_map_batch_opts,
) -> c_int {
    // SAFETY: pointers per this function's contract.
    quiet("bpf_map_lookup_batch", || unsafe {
        batch(
            cmd::MAP_LOOKUP_BATCH,
            fd,
            in_batch as u64,
            out_batch as u64,
            keys as u64,
            values as u64,
            count,
            opts,
        )
    })
}

/// Reads and removes up to `*count` elements starting at the `in_batch` cursor.
///
/// # Safety
/// As `bpf_map_lookup_batch`.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_lookup_and_delete_batch(
    fd: c_int,
    in_batch: *mut c_void,
    out_batch: *mut c_void,
    keys: *mut c_void,
    values: *mut c_void,
    count: *mut __u32,
    opts: *const bpf_map_batch_opts,
) -> c_int {
    // SAFETY: pointers per this function's contract.
    quiet("bpf_map_lookup_and_delete_batch", || unsafe {
        batch(
            cmd::MAP_LOOKUP_AND_DELETE_BATCH,
            fd,
            in_batch as u64,
            out_batch as u64,
            keys as u64,
            values as u64,
            count,
            opts,
        )
    })
}

/// Writes `*count` elements.
///
/// # Safety
/// `keys`/`values` hold `*count` entries; `opts` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_update_batch(
    fd: c_int,
    keys: *const c_void,
    values: *const c_void,
    count: *mut __u32,
    opts: *const bpf_map_batch_opts,
) -> c_int {
    // SAFETY: pointers per this function's contract.
    quiet("bpf_map_update_batch", || unsafe {
        batch(
            cmd::MAP_UPDATE_BATCH,
            fd,
            0,
            0,
            keys as u64,
            values as u64,
            count,
            opts,
        )
    })
}

// ---- pinning ----

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

// ---- attach / detach (BPF_PROG_ATTACH) ----

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

// ---- links ----

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
unsafe impl super::opts::Opts for bpf_link_create_opts {
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

/// Test-run description of libbpf 0.x, kept for code that still declares it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_test_run_attr {
    pub prog_fd: c_int,
    pub repeat: c_int,
    pub data_in: *const c_void,
    pub data_size_in: __u32,
    pub data_out: *mut c_void,
    pub data_size_out: __u32,
    pub retval: __u32,
    pub duration: __u32,
    pub ctx_in: *const c_void,
    pub ctx_size_in: __u32,
    pub ctx_out: *mut c_void,
    pub ctx_size_out: __u32,
}

// ---- object ids ----

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

// ---- queries ----

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

/// Options of `bpf_prog_bind_map`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_bind_opts {
    pub sz: usize,
    pub flags: __u32,
}
crate::impl_opts!(bpf_prog_bind_opts, flags);

/// Keeps a map alive as long as a program (BPF_PROG_BIND_MAP).
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_bind_map(
    prog_fd: c_int,
    map_fd: c_int,
    opts: *const bpf_prog_bind_opts,
) -> c_int {
    quiet("bpf_prog_bind_map", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        let mut attr = ProgBindMapAttr {
            prog_fd: prog_fd as u32,
            map_fd: map_fd as u32,
            flags: o.flags,
        };
        zero_ret(sys::call(cmd::PROG_BIND_MAP, &mut attr))
    })
}

/// Options (in and out) of `bpf_prog_test_run_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_test_run_opts {
    pub sz: usize,
    pub data_in: *const c_void,
    pub data_out: *mut c_void,
    pub data_size_in: __u32,
    /// In: room in `data_out`; out: bytes written.
    pub data_size_out: __u32,
    pub ctx_in: *const c_void,
    pub ctx_out: *mut c_void,
    pub ctx_size_in: __u32,
    /// In: room in `ctx_out`; out: bytes written.
    pub ctx_size_out: __u32,
    /// Out: the program's return value.
    pub retval: __u32,
    pub repeat: c_int,
    /// Out: mean run time per repetition, ns.
    pub duration: __u32,
    pub flags: __u32,
    pub cpu: __u32,
    pub batch_size: __u32,
}
crate::impl_opts!(bpf_test_run_opts, batch_size);

/// Runs a program on test input (BPF_PROG_TEST_RUN).
///
/// # Safety
/// `opts` is NULL or a valid opts struct with buffers as sized.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_test_run_opts(
    prog_fd: c_int,
    opts: *mut bpf_test_run_opts,
) -> c_int {
    quiet("bpf_prog_test_run_opts", || {
        // SAFETY: `opts` per this function's contract.
        let (o, sz) = unsafe { opts_or_default(opts)? };
        let mut attr = TestRunAttr {
            prog_fd: prog_fd as u32,
            batch_size: o.batch_size,
            cpu: o.cpu,
            flags: o.flags,
            repeat: o.repeat as u32,
            duration: o.duration,
            ctx_size_in: o.ctx_size_in,
            ctx_size_out: o.ctx_size_out,
            data_size_in: o.data_size_in,
            data_size_out: o.data_size_out,
            ctx_in: o.ctx_in as u64,
            ctx_out: o.ctx_out as u64,
            data_in: o.data_in as u64,
            data_out: o.data_out as u64,
            ..Default::default()
        };
        let r = sys::call(cmd::PROG_TEST_RUN, &mut attr);
        // SAFETY: `opts` is NULL or the caller's struct of `sz` bytes.
        unsafe {
            set_out!(
                opts,
                sz,
                bpf_test_run_opts,
                data_size_out,
                attr.data_size_out
            );
            set_out!(opts, sz, bpf_test_run_opts, ctx_size_out, attr.ctx_size_out);
            set_out!(opts, sz, bpf_test_run_opts, duration, attr.duration);
            set_out!(opts, sz, bpf_test_run_opts, retval, attr.retval);
        }
        zero_ret(r)
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

/// Options of `bpf_prog_stream_read` (only `sz` so far).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_stream_read_opts {
    pub sz: usize,
}
crate::impl_opts!(bpf_prog_stream_read_opts, sz);

/// Reads a program's BPF stream (stdout/stderr of BPF code); returns bytes read.
///
/// # Safety
/// `buf` is writable for `buf_len` bytes; `opts` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_stream_read(
    prog_fd: c_int,
    stream_id: __u32,
    buf: *mut c_void,
    buf_len: __u32,
    opts: *mut bpf_prog_stream_read_opts,
) -> c_int {
    quiet("bpf_prog_stream_read", || {
        // SAFETY: `opts` per this function's contract.
        unsafe { opts_or_default(opts)? };
        let mut attr = ProgStreamReadAttr {
            stream_buf: buf as u64,
            stream_buf_len: buf_len,
            stream_id,
            prog_fd: prog_fd as u32,
            ..Default::default()
        };
        Ok(sys::call(cmd::PROG_STREAM_READ_BY_FD, &mut attr)? as c_int)
    })
}

/// Options of `bpf_prog_assoc_struct_ops`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_assoc_struct_ops_opts {
    pub sz: usize,
    pub flags: __u32,
}
crate::impl_opts!(bpf_prog_assoc_struct_ops_opts, flags);

/// Associates a program with a struct_ops map.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_assoc_struct_ops(
    prog_fd: c_int,
    map_fd: c_int,
    opts: *mut bpf_prog_assoc_struct_ops_opts,
) -> c_int {
    quiet("bpf_prog_assoc_struct_ops", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        let mut attr = ProgAssocStructOpsAttr {
            map_fd: map_fd as u32,
            prog_fd: prog_fd as u32,
            flags: o.flags,
        };
        zero_ret(sys::call(cmd::PROG_ASSOC_STRUCT_OPS, &mut attr))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    /// The hand-written C structs must match these Rust ones; both are
    /// checked against upstream's sizes (layout-v1.7.0.tsv).
    #[test]
    fn layouts_match_upstream() {
        assert_eq!(size_of::<bpf_map_create_opts>(), 72);
        assert_eq!(size_of::<bpf_prog_load_opts>(), 120);
        assert_eq!(size_of::<bpf_btf_load_opts>(), 40);
        assert_eq!(size_of::<bpf_prog_attach_opts>(), 32);
        assert_eq!(offset_of!(bpf_prog_attach_opts, replace_fd), 12);
        assert_eq!(offset_of!(bpf_prog_attach_opts, expected_revision), 24);
        assert_eq!(size_of::<bpf_link_create_opts>(), 80);
        assert_eq!(offset_of!(bpf_link_create_opts, u), 32);
        assert_eq!(
            <bpf_link_create_opts as super::super::opts::Opts>::LAST_FIELD_END,
            76
        );
        assert_eq!(size_of::<bpf_prog_query_opts>(), 64);
        assert_eq!(offset_of!(bpf_prog_query_opts, count), 24);
        assert_eq!(offset_of!(bpf_prog_query_opts, revision), 56);
        assert_eq!(size_of::<bpf_test_run_opts>(), 80);
        assert_eq!(size_of::<bpf_prog_test_run_attr>(), 80);
    }

    #[test]
    fn memlock_rlim_is_recorded() {
        assert_eq!(libbpf_set_memlock_rlim(0), 0);
        assert_eq!(memlock_rlim(), None);
        assert_eq!(libbpf_set_memlock_rlim(1 << 20), 0);
        assert_eq!(memlock_rlim(), Some(1 << 20));
    }
}
