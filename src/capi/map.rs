//! libbpf.h: `struct bpf_map` — per-map getters and setters (before load) and
//! element operations on a created map through its handle.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::handles::bpf_program;
use super::types::{__u32, __u64, bpf_map_type};
use std::os::raw::{c_char, c_int, c_void};

use super::boundary::{ret_int, ret_int_quiet, ret_ptr, ret_val};
use super::handles::{self, bpf_map};

/// Chooses whether load creates the map (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_autocreate(map: *mut bpf_map, autocreate: bool) -> c_int {
    // SAFETY: map is NULL or a live map handle.
    ret_int("bpf_map__set_autocreate", || {
        unsafe { handles::map_mut(map)? }
            .set_autocreate(autocreate)
            .map(|_| 0)
    })
}

/// Whether load creates the map.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__autocreate(map: *const bpf_map) -> bool {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__autocreate", map, false, |m| Ok(m.autocreate)) }
}

/// Chooses whether skeleton attach registers this struct_ops map.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_autoattach(map: *mut bpf_map, autoattach: bool) -> c_int {
    // SAFETY: map is NULL or a live map handle.
    ret_int("bpf_map__set_autoattach", || {
        unsafe { handles::map_mut(map)? }.autoattach = autoattach;
        Ok(0)
    })
}

/// Whether skeleton attach registers this struct_ops map.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__autoattach(map: *const bpf_map) -> bool {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__autoattach", map, false, |x| Ok(x.autoattach)) }
}

/// The map's fd; -1 (errno untouched) before load.
///
/// As libbpf, and silent: callers ask it for every map, often before load.
/// A map the loaded object did not create shows a placeholder fd (see
/// `Map::c_fd`).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__fd(map: *const bpf_map) -> c_int {
    if map.is_null() {
        return super::boundary::quiet_einval();
    }
    // SAFETY: map is a live map handle or refused (NULL handled above).
    unsafe { handles::read("bpf_map__fd", map, -libc::EINVAL, |m| Ok(m.c_fd())) }
}

/// Makes the map use an existing kernel map `fd` instead of creating one.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__reuse_fd(map: *mut bpf_map, fd: c_int) -> c_int {
    ret_int("bpf_map__reuse_fd", || {
        // SAFETY: map is NULL or a live map handle.
        let m = unsafe { handles::map_mut(map)? };
        if fd < 0 {
            return Err(crate::Error::other(
                crate::Errno::EBADF,
                format!("map '{}': bad fd {fd}", m.name),
            ));
        }
        // SAFETY: the caller's fd, only borrowed for the duration of the call.
        m.reuse_fd(unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) })
            .map(|_| 0)
    })
}

/// The map's name.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__name(map: *const bpf_map) -> *const c_char {
    // SAFETY: map is NULL or a live map handle.
    unsafe {
        handles::read("bpf_map__name", map, std::ptr::null(), |m| {
            Ok(m.user_name().as_ptr())
        })
    }
}

/// The map's `enum bpf_map_type`.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__type(map: *const bpf_map) -> bpf_map_type {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__type", map, 0, |m| Ok(m.def.map_type)) }
}

/// Sets the map type (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_type(map: *mut bpf_map, type_: bpf_map_type) -> c_int {
    // SAFETY: map is NULL or a live map handle.
    ret_int("bpf_map__set_type", || {
        unsafe { handles::map_mut(map)? }
            .set_def(|d| d.map_type = type_)
            .map(|_| 0)
    })
}

/// The map's max_entries.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__max_entries(map: *const bpf_map) -> __u32 {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__max_entries", map, 0, |m| Ok(m.def.max_entries)) }
}

/// Sets max_entries (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_max_entries(map: *mut bpf_map, max_entries: __u32) -> c_int {
    // SAFETY: map is NULL or a live map handle.
    ret_int("bpf_map__set_max_entries", || {
        unsafe { handles::map_mut(map)? }
            .set_max_entries(max_entries)
            .map(|_| 0)
    })
}

/// The map's `BPF_F_*` creation flags.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__map_flags(map: *const bpf_map) -> __u32 {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__map_flags", map, 0, |m| Ok(m.def.map_flags)) }
}

/// Sets the creation flags (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_map_flags(map: *mut bpf_map, flags: __u32) -> c_int {
    // SAFETY: map is NULL or a live map handle.
    ret_int("bpf_map__set_map_flags", || {
        unsafe { handles::map_mut(map)? }
            .set_def(|d| d.map_flags = flags)
            .map(|_| 0)
    })
}

/// The map's NUMA node.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__numa_node(map: *const bpf_map) -> __u32 {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__numa_node", map, 0, |m| Ok(m.def.numa_node)) }
}

/// Sets the NUMA node (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_numa_node(map: *mut bpf_map, numa_node: __u32) -> c_int {
    // SAFETY: map is NULL or a live map handle.
    ret_int("bpf_map__set_numa_node", || {
        unsafe { handles::map_mut(map)? }
            .set_def(|d| d.numa_node = numa_node)
            .map(|_| 0)
    })
}

/// The map's key size in bytes.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__key_size(map: *const bpf_map) -> __u32 {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__key_size", map, 0, |m| Ok(m.def.key_size)) }
}

/// Sets the key size (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_key_size(map: *mut bpf_map, size: __u32) -> c_int {
    // SAFETY: map is NULL or a live map handle.
    ret_int("bpf_map__set_key_size", || {
        unsafe { handles::map_mut(map)? }
            .set_def(|d| d.key_size = size)
            .map(|_| 0)
    })
}

/// The map's value size in bytes.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__value_size(map: *const bpf_map) -> __u32 {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__value_size", map, 0, |m| Ok(m.def.value_size)) }
}

/// Sets the value size (before load; resizes a global data section).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_value_size(map: *mut bpf_map, size: __u32) -> c_int {
    // SAFETY: map is NULL or a live map handle.
    ret_int("bpf_map__set_value_size", || {
        unsafe { handles::map_mut(map)? }
            .set_value_size(size)
            .map(|_| 0)
    })
}

/// BTF type id of the key, 0 when none.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__btf_key_type_id(map: *const bpf_map) -> __u32 {
    // SAFETY: map is NULL or a live map handle.
    unsafe {
        handles::read("bpf_map__btf_key_type_id", map, 0, |m| {
            Ok(m.def.btf_key_type_id)
        })
    }
}

/// BTF type id of the value, 0 when none.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__btf_value_type_id(map: *const bpf_map) -> __u32 {
    // SAFETY: map is NULL or a live map handle.
    unsafe {
        handles::read("bpf_map__btf_value_type_id", map, 0, |m| {
            Ok(m.def.btf_value_type_id)
        })
    }
}

/// The offload netdev ifindex.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__ifindex(map: *const bpf_map) -> __u32 {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__ifindex", map, 0, |x| Ok(x.ifindex)) }
}

/// Sets the offload netdev ifindex (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_ifindex(map: *mut bpf_map, ifindex: __u32) -> c_int {
    ret_int("bpf_map__set_ifindex", || {
        // SAFETY: map is NULL or a live map handle.
        let m = unsafe { handles::map_mut(map)? };
        if m.fd.is_some() {
            return Err(crate::Error::other(
                crate::Errno::EBUSY,
                format!("map '{}': already created", m.name),
            ));
        }
        m.ifindex = ifindex;
        Ok(0)
    })
}

/// The map's map_extra (bloom filter hashes, arena address …).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__map_extra(map: *const bpf_map) -> __u64 {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__map_extra", map, 0, |m| Ok(m.def.map_extra)) }
}

/// Sets map_extra (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_map_extra(map: *mut bpf_map, map_extra: __u64) -> c_int {
    // SAFETY: map is NULL or a live map handle.
    ret_int("bpf_map__set_map_extra", || {
        unsafe { handles::map_mut(map)? }
            .set_def(|d| d.map_extra = map_extra)
            .map(|_| 0)
    })
}

/// Replaces a global data map's initial contents (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_initial_value(
    map: *mut bpf_map,
    data: *const c_void,
    size: usize,
) -> c_int {
    ret_int("bpf_map__set_initial_value", || {
        // SAFETY: map is NULL or a live handle; data NULL or `size` readable bytes.
        let m = unsafe { handles::map_mut(map)? };
        let bytes = unsafe { super::boundary::bytes(data, size, "data")? };
        m.set_initial_value(bytes).map(|_| 0)
    })
}

/// The global data image (the kernel mmap after load) and its size.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__initial_value(
    map: *const bpf_map,
    psize: *mut usize,
) -> *mut c_void {
    ret_ptr("bpf_map__initial_value", || {
        // SAFETY: map is NULL or a live map handle; psize NULL or writable.
        let m = unsafe { handles::map(map)? };
        let region = m
            .mmaped
            .as_ref()
            .ok_or_else(|| crate::Error::NotFound(format!("map '{}': no initial value", m.name)))?;
        if !psize.is_null() {
            // struct_ops: the shadow, smaller than the kernel value after prepare.
            unsafe { *psize = m.initial_value_size().min(region.len()) };
        }
        Ok(region.as_ptr().cast())
    })
}

/// Whether libbpf made the map for a data section (`.data`, `.bss`, `.rodata`, `.kconfig`).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__is_internal(map: *const bpf_map) -> bool {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__is_internal", map, false, |m| Ok(m.is_internal())) }
}

/// Sets where load pins (or reuses) the map.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_pin_path(map: *mut bpf_map, path: *const c_char) -> c_int {
    ret_int("bpf_map__set_pin_path", || {
        // SAFETY: map NULL or live; path NULL or a C string.
        let m = unsafe { handles::map_mut(map)? };
        m.set_pin_path(unsafe { super::boundary::opt_cstr(path, "path")? });
        Ok(0)
    })
}

/// The map's pin path, or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__pin_path(map: *const bpf_map) -> *const c_char {
    // SAFETY: map is NULL or a live map handle.
    ret_val("bpf_map__pin_path", std::ptr::null(), || {
        Ok(unsafe { handles::map(map)? }
            .pin_path
            .as_ref()
            .map_or(std::ptr::null(), |p| p.as_ptr()))
    })
}

/// Whether the map is pinned.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__is_pinned(map: *const bpf_map) -> bool {
    // SAFETY: map is NULL or a live map handle.
    unsafe { handles::read("bpf_map__is_pinned", map, false, |x| Ok(x.pinned)) }
}

/// Pins the map at `path` (or its pin path when NULL).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__pin(map: *mut bpf_map, path: *const c_char) -> c_int {
    ret_int("bpf_map__pin", || {
        // SAFETY: map NULL or live; path NULL or a C string.
        let m = unsafe { handles::map_mut(map)? };
        m.pin(unsafe { super::boundary::opt_cstr(path, "path")? })
            .map(|_| 0)
    })
}

/// Removes the map's pin.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__unpin(map: *mut bpf_map, path: *const c_char) -> c_int {
    ret_int("bpf_map__unpin", || {
        // SAFETY: map NULL or live; path NULL or a C string.
        let m = unsafe { handles::map_mut(map)? };
        m.unpin(unsafe { super::boundary::opt_cstr(path, "path")? })
            .map(|_| 0)
    })
}

/// Gives a map-in-map the inner map template `fd` (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_inner_map_fd(map: *mut bpf_map, fd: c_int) -> c_int {
    ret_int("bpf_map__set_inner_map_fd", || {
        // SAFETY: map is NULL or a live map handle.
        let m = unsafe { handles::map_mut(map)? };
        if m.fd.is_some() {
            return Err(crate::Error::other(
                crate::Errno::EBUSY,
                format!("map '{}': already created", m.name),
            ));
        }
        if m.inner.is_some() {
            return Err(crate::Error::inval(format!(
                "map '{}': has an inner map definition already",
                m.name
            )));
        }
        m.inner_map_fd =
            Some(crate::sys::fd::dup(fd).map_err(|e| crate::Error::sys("dup inner map fd", e))?);
        Ok(0)
    })
}

/// The inner map template of a map-in-map, or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__inner_map(map: *mut bpf_map) -> *mut bpf_map {
    ret_ptr("bpf_map__inner_map", || {
        // SAFETY: map is NULL or a live map handle.
        let m = unsafe { handles::map_mut(map)? };
        m.inner
            .as_deref()
            .map(handles::map_ptr)
            .ok_or_else(|| crate::Error::NotFound(format!("map '{}': no inner map", m.name)))
    })
}

/// Looks up `key`, checking the key and value sizes against the map.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__lookup_elem(
    map: *const bpf_map,
    key: *const c_void,
    key_sz: usize,
    value: *mut c_void,
    value_sz: usize,
    flags: __u64,
) -> c_int {
    ret_int_quiet("bpf_map__lookup_elem", || {
        // SAFETY: map NULL or live; key/value NULL or key_sz/value_sz bytes.
        let m = unsafe { handles::map(map)? };
        let key = unsafe { super::boundary::bytes(key, key_sz, "key")? };
        let value = unsafe { super::boundary::bytes_mut(value, value_sz, "value")? };
        m.lookup_elem(key, value, flags).map(|_| 0)
    })
}

/// Creates or updates `key`, checking sizes.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__update_elem(
    map: *const bpf_map,
    key: *const c_void,
    key_sz: usize,
    value: *const c_void,
    value_sz: usize,
    flags: __u64,
) -> c_int {
    ret_int_quiet("bpf_map__update_elem", || {
        // SAFETY: map NULL or live; key/value NULL or key_sz/value_sz bytes.
        let m = unsafe { handles::map(map)? };
        let key = unsafe { super::boundary::bytes(key, key_sz, "key")? };
        let value = unsafe { super::boundary::bytes(value, value_sz, "value")? };
        m.update_elem(key, value, flags).map(|_| 0)
    })
}

/// Deletes `key`, checking its size.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__delete_elem(
    map: *const bpf_map,
    key: *const c_void,
    key_sz: usize,
    flags: __u64,
) -> c_int {
    ret_int_quiet("bpf_map__delete_elem", || {
        // SAFETY: map NULL or live; key NULL or key_sz bytes.
        let m = unsafe { handles::map(map)? };
        let key = unsafe { super::boundary::bytes(key, key_sz, "key")? };
        m.delete_elem(key, flags).map(|_| 0)
    })
}

/// Looks up and deletes `key` in one step, checking sizes.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__lookup_and_delete_elem(
    map: *const bpf_map,
    key: *const c_void,
    key_sz: usize,
    value: *mut c_void,
    value_sz: usize,
    flags: __u64,
) -> c_int {
    ret_int_quiet("bpf_map__lookup_and_delete_elem", || {
        // SAFETY: map NULL or live; key/value NULL or key_sz/value_sz bytes.
        let m = unsafe { handles::map(map)? };
        let key = unsafe { super::boundary::bytes(key, key_sz, "key")? };
        let value = unsafe { super::boundary::bytes_mut(value, value_sz, "value")? };
        m.lookup_and_delete_elem(key, value, flags).map(|_| 0)
    })
}

/// The key after `cur_key` (the first when NULL), checking the size.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__get_next_key(
    map: *const bpf_map,
    cur_key: *const c_void,
    next_key: *mut c_void,
    key_sz: usize,
) -> c_int {
    ret_int_quiet("bpf_map__get_next_key", || {
        // SAFETY: map NULL or live; cur_key NULL or key_sz bytes; next_key key_sz writable bytes.
        let m = unsafe { handles::map(map)? };
        let cur = if cur_key.is_null() {
            None
        } else {
            Some(unsafe { super::boundary::bytes(cur_key, key_sz, "cur_key")? })
        };
        let next = unsafe { super::boundary::bytes_mut(next_key, key_sz, "next_key")? };
        m.get_next_key(cur, next).map(|_| 0)
    })
}

/// Restricts the map to one program, by hash (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_exclusive_program(
    map: *mut bpf_map,
    prog: *mut bpf_program,
) -> c_int {
    ret_int("bpf_map__set_exclusive_program", || {
        // SAFETY: map and prog are NULL or live handles.
        let m = unsafe { handles::map_mut(map)? };
        let p = unsafe { handles::prog(prog)? };
        m.set_exclusive_prog(p).map(|_| 0)
    })
}

/// The program the map is exclusive to, or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__exclusive_program(map: *mut bpf_map) -> *mut bpf_program {
    // NULL without an error when the map has no exclusive program, as upstream.
    ret_val("bpf_map__exclusive_program", std::ptr::null_mut(), || {
        // SAFETY: map is NULL or a live map handle.
        let m = unsafe { handles::map(map)? };
        Ok(m.excl_prog
            .map_or(std::ptr::null_mut(), |p| p as *mut bpf_program))
    })
}
