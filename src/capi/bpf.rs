//! bpf.h: the thin layer over the bpf(2) commands (maps, programs, links,
//! object ids, pinning, test runs, tokens) and its `*_opts` structs.
//!
//! Declarations only for now: every export except `libbpf_set_memlock_rlim`
//! is a one-line placeholder that logs and fails with `-EOPNOTSUPP`, to be
//! replaced by calls into `sys/`.
// Placeholder bodies do not read their arguments yet.
#![allow(unused_variables)]

use std::os::raw::{c_char, c_int, c_uint, c_ulong, c_void};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

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
    crate::unsupported!(int "bpf_map_create")
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
    crate::unsupported!(int "bpf_prog_load")
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
    crate::unsupported!(int "bpf_btf_load")
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
    crate::unsupported!(int "bpf_map_update_elem")
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
    crate::unsupported!(int "bpf_map_lookup_elem")
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
    crate::unsupported!(int "bpf_map_lookup_elem_flags")
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
    crate::unsupported!(int "bpf_map_lookup_and_delete_elem")
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
    crate::unsupported!(int "bpf_map_lookup_and_delete_elem_flags")
}

/// Removes one element.
///
/// # Safety
/// `key` points to the map's key size.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_delete_elem(fd: c_int, key: *const c_void) -> c_int {
    crate::unsupported!(int "bpf_map_delete_elem")
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
    crate::unsupported!(int "bpf_map_delete_elem_flags")
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
    crate::unsupported!(int "bpf_map_get_next_key")
}

/// Makes a map read-only for user space.
#[no_mangle]
pub extern "C" fn bpf_map_freeze(fd: c_int) -> c_int {
    crate::unsupported!(int "bpf_map_freeze")
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
    crate::unsupported!(int "bpf_map_delete_batch")
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
    crate::unsupported!(int "bpf_map_lookup_batch")
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
    crate::unsupported!(int "bpf_map_lookup_and_delete_batch")
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
    crate::unsupported!(int "bpf_map_update_batch")
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
    crate::unsupported!(int "bpf_obj_pin")
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
    crate::unsupported!(int "bpf_obj_pin_opts")
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
    crate::unsupported!(int "bpf_obj_get")
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
    crate::unsupported!(int "bpf_obj_get_opts")
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
    crate::unsupported!(int "bpf_prog_attach")
}

/// Detaches whatever program of `type` is attached to `attachable_fd`.
#[no_mangle]
pub extern "C" fn bpf_prog_detach(attachable_fd: c_int, r#type: bpf_attach_type) -> c_int {
    crate::unsupported!(int "bpf_prog_detach")
}

/// Detaches a given program from `attachable_fd`.
#[no_mangle]
pub extern "C" fn bpf_prog_detach2(
    prog_fd: c_int,
    attachable_fd: c_int,
    r#type: bpf_attach_type,
) -> c_int {
    crate::unsupported!(int "bpf_prog_detach2")
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
    crate::unsupported!(int "bpf_prog_attach_opts")
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
    crate::unsupported!(int "bpf_prog_detach_opts")
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
    crate::unsupported!(int "bpf_link_create")
}

/// Detaches a link from its target without closing it.
#[no_mangle]
pub extern "C" fn bpf_link_detach(link_fd: c_int) -> c_int {
    crate::unsupported!(int "bpf_link_detach")
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
    crate::unsupported!(int "bpf_link_update")
}

/// Creates an iterator fd from an iterator link.
#[no_mangle]
pub extern "C" fn bpf_iter_create(link_fd: c_int) -> c_int {
    super::boundary::ret_int("bpf_iter_create", || {
        if link_fd < 0 {
            return Err(crate::Error::inval(format!(
                "bpf_iter_create: bad link fd {link_fd}"
            )));
        }
        // SAFETY: the caller's fd, borrowed for the call only.
        let link = unsafe { std::os::fd::BorrowedFd::borrow_raw(link_fd) };
        let fd = crate::sys::link::iter_create(link)
            .map_err(|e| crate::Error::sys("bpf_iter_create", e))?;
        Ok(std::os::fd::IntoRawFd::into_raw_fd(fd))
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
    crate::unsupported!(int "bpf_prog_get_next_id")
}

/// Next map id after `start_id`.
///
/// # Safety
/// `next_id` is valid for writing.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_get_next_id(start_id: __u32, next_id: *mut __u32) -> c_int {
    crate::unsupported!(int "bpf_map_get_next_id")
}

/// Next BTF id after `start_id`.
///
/// # Safety
/// `next_id` is valid for writing.
#[no_mangle]
pub unsafe extern "C" fn bpf_btf_get_next_id(start_id: __u32, next_id: *mut __u32) -> c_int {
    crate::unsupported!(int "bpf_btf_get_next_id")
}

/// Next link id after `start_id`.
///
/// # Safety
/// `next_id` is valid for writing.
#[no_mangle]
pub unsafe extern "C" fn bpf_link_get_next_id(start_id: __u32, next_id: *mut __u32) -> c_int {
    crate::unsupported!(int "bpf_link_get_next_id")
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
    crate::unsupported!(int "bpf_prog_get_fd_by_id")
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
    crate::unsupported!(int "bpf_prog_get_fd_by_id_opts")
}

/// Opens a map by id.
#[no_mangle]
pub extern "C" fn bpf_map_get_fd_by_id(id: __u32) -> c_int {
    crate::unsupported!(int "bpf_map_get_fd_by_id")
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
    crate::unsupported!(int "bpf_map_get_fd_by_id_opts")
}

/// Opens a BTF object by id.
#[no_mangle]
pub extern "C" fn bpf_btf_get_fd_by_id(id: __u32) -> c_int {
    crate::unsupported!(int "bpf_btf_get_fd_by_id")
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
    crate::unsupported!(int "bpf_btf_get_fd_by_id_opts")
}

/// Opens a link by id.
#[no_mangle]
pub extern "C" fn bpf_link_get_fd_by_id(id: __u32) -> c_int {
    crate::unsupported!(int "bpf_link_get_fd_by_id")
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
    crate::unsupported!(int "bpf_link_get_fd_by_id_opts")
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
    crate::unsupported!(int "bpf_obj_get_info_by_fd")
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
    crate::unsupported!(int "bpf_prog_get_info_by_fd")
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
    crate::unsupported!(int "bpf_map_get_info_by_fd")
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
    crate::unsupported!(int "bpf_btf_get_info_by_fd")
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
    crate::unsupported!(int "bpf_link_get_info_by_fd")
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
    crate::unsupported!(int "bpf_prog_query_opts")
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
    crate::unsupported!(int "bpf_prog_query")
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
    crate::unsupported!(int "bpf_raw_tracepoint_open_opts")
}

/// Attaches a raw tracepoint program by tracepoint name.
///
/// # Safety
/// `name` is NULL or a C string.
#[no_mangle]
pub unsafe extern "C" fn bpf_raw_tracepoint_open(name: *const c_char, prog_fd: c_int) -> c_int {
    crate::unsupported!(int "bpf_raw_tracepoint_open")
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
    crate::unsupported!(int "bpf_task_fd_query")
}

/// Turns on run-time statistics; returns an fd keeping them on.
/// (Declared by hand in the header: C takes `enum bpf_stats_type`, C++ `int`.)
#[no_mangle]
pub extern "C" fn bpf_enable_stats(r#type: c_int) -> c_int {
    crate::unsupported!(int "bpf_enable_stats")
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
    crate::unsupported!(int "bpf_prog_bind_map")
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
    crate::unsupported!(int "bpf_prog_test_run_opts")
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
    crate::unsupported!(int "bpf_token_create")
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
    crate::unsupported!(int "bpf_prog_stream_read")
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
    crate::unsupported!(int "bpf_prog_assoc_struct_ops")
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
