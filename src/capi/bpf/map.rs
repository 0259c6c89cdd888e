//! bpf.h map commands: `bpf_map_create`, element access (`BPF_MAP_*_ELEM`)
//! and batches (`BPF_MAP_*_BATCH`).

use super::*;
use crate::sys::probes::{self, Feature};

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
        crate::sys::rlimit::bump_memlock();
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
