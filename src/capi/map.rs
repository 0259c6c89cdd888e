//! libbpf.h: `struct bpf_map` — per-map getters and setters (before load) and
//! element operations on a created map through its handle.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::libbpf_types::{__u32, __u64, bpf_map_type};
use super::program::bpf_program;
use std::os::raw::{c_char, c_int, c_void};

/// A map of an object (borrowed from the object; never freed by the caller).
pub struct bpf_map {
    _opaque: [u8; 0],
}

/// Chooses whether load creates the map (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_autocreate(map: *mut bpf_map, autocreate: bool) -> c_int {
    crate::unsupported!(int "bpf_map__set_autocreate")
}

/// Whether load creates the map.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__autocreate(map: *const bpf_map) -> bool {
    super::stub::unsupported("bpf_map__autocreate")
}

/// Chooses whether skeleton attach registers this struct_ops map.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_autoattach(map: *mut bpf_map, autoattach: bool) -> c_int {
    crate::unsupported!(int "bpf_map__set_autoattach")
}

/// Whether skeleton attach registers this struct_ops map.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__autoattach(map: *const bpf_map) -> bool {
    super::stub::unsupported("bpf_map__autoattach")
}

/// The created map's fd.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__fd(map: *const bpf_map) -> c_int {
    crate::unsupported!(int "bpf_map__fd")
}

/// Makes the map use an existing kernel map `fd` instead of creating one.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__reuse_fd(map: *mut bpf_map, fd: c_int) -> c_int {
    crate::unsupported!(int "bpf_map__reuse_fd")
}

/// The map's name.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__name(map: *const bpf_map) -> *const c_char {
    super::stub::unsupported("bpf_map__name")
}

/// The map's `enum bpf_map_type`.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__type(map: *const bpf_map) -> bpf_map_type {
    super::stub::unsupported("bpf_map__type")
}

/// Sets the map type (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_type(map: *mut bpf_map, type_: bpf_map_type) -> c_int {
    crate::unsupported!(int "bpf_map__set_type")
}

/// The map's max_entries.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__max_entries(map: *const bpf_map) -> __u32 {
    super::stub::unsupported("bpf_map__max_entries")
}

/// Sets max_entries (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_max_entries(map: *mut bpf_map, max_entries: __u32) -> c_int {
    crate::unsupported!(int "bpf_map__set_max_entries")
}

/// The map's `BPF_F_*` creation flags.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__map_flags(map: *const bpf_map) -> __u32 {
    super::stub::unsupported("bpf_map__map_flags")
}

/// Sets the creation flags (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_map_flags(map: *mut bpf_map, flags: __u32) -> c_int {
    crate::unsupported!(int "bpf_map__set_map_flags")
}

/// The map's NUMA node.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__numa_node(map: *const bpf_map) -> __u32 {
    super::stub::unsupported("bpf_map__numa_node")
}

/// Sets the NUMA node (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_numa_node(map: *mut bpf_map, numa_node: __u32) -> c_int {
    crate::unsupported!(int "bpf_map__set_numa_node")
}

/// The map's key size in bytes.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__key_size(map: *const bpf_map) -> __u32 {
    super::stub::unsupported("bpf_map__key_size")
}

/// Sets the key size (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_key_size(map: *mut bpf_map, size: __u32) -> c_int {
    crate::unsupported!(int "bpf_map__set_key_size")
}

/// The map's value size in bytes.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__value_size(map: *const bpf_map) -> __u32 {
    super::stub::unsupported("bpf_map__value_size")
}

/// Sets the value size (before load; resizes a global data section).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_value_size(map: *mut bpf_map, size: __u32) -> c_int {
    crate::unsupported!(int "bpf_map__set_value_size")
}

/// BTF type id of the key, 0 when none.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__btf_key_type_id(map: *const bpf_map) -> __u32 {
    super::stub::unsupported("bpf_map__btf_key_type_id")
}

/// BTF type id of the value, 0 when none.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__btf_value_type_id(map: *const bpf_map) -> __u32 {
    super::stub::unsupported("bpf_map__btf_value_type_id")
}

/// The offload netdev ifindex.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__ifindex(map: *const bpf_map) -> __u32 {
    super::stub::unsupported("bpf_map__ifindex")
}

/// Sets the offload netdev ifindex (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_ifindex(map: *mut bpf_map, ifindex: __u32) -> c_int {
    crate::unsupported!(int "bpf_map__set_ifindex")
}

/// The map's map_extra (bloom filter hashes, arena address …).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__map_extra(map: *const bpf_map) -> __u64 {
    super::stub::unsupported("bpf_map__map_extra")
}

/// Sets map_extra (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_map_extra(map: *mut bpf_map, map_extra: __u64) -> c_int {
    crate::unsupported!(int "bpf_map__set_map_extra")
}

/// Replaces a global data map's initial contents (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_initial_value(
    map: *mut bpf_map,
    data: *const c_void,
    size: usize,
) -> c_int {
    crate::unsupported!(int "bpf_map__set_initial_value")
}

/// The global data image (the kernel mmap after load) and its size.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__initial_value(
    map: *const bpf_map,
    psize: *mut usize,
) -> *mut c_void {
    crate::unsupported!(ptr "bpf_map__initial_value")
}

/// Whether libbpf made the map for a data section (`.data`, `.bss`, `.rodata`, `.kconfig`).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__is_internal(map: *const bpf_map) -> bool {
    super::stub::unsupported("bpf_map__is_internal")
}

/// Sets where load pins (or reuses) the map.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_pin_path(map: *mut bpf_map, path: *const c_char) -> c_int {
    crate::unsupported!(int "bpf_map__set_pin_path")
}

/// The map's pin path, or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__pin_path(map: *const bpf_map) -> *const c_char {
    super::stub::unsupported("bpf_map__pin_path")
}

/// Whether the map is pinned.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__is_pinned(map: *const bpf_map) -> bool {
    super::stub::unsupported("bpf_map__is_pinned")
}

/// Pins the map at `path` (or its pin path when NULL).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__pin(map: *mut bpf_map, path: *const c_char) -> c_int {
    crate::unsupported!(int "bpf_map__pin")
}

/// Removes the map's pin.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__unpin(map: *mut bpf_map, path: *const c_char) -> c_int {
    crate::unsupported!(int "bpf_map__unpin")
}

/// Gives a map-in-map the inner map template `fd` (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_inner_map_fd(map: *mut bpf_map, fd: c_int) -> c_int {
    crate::unsupported!(int "bpf_map__set_inner_map_fd")
}

/// The inner map template of a map-in-map, or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__inner_map(map: *mut bpf_map) -> *mut bpf_map {
    crate::unsupported!(ptr "bpf_map__inner_map")
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
    crate::unsupported!(int "bpf_map__lookup_elem")
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
    crate::unsupported!(int "bpf_map__update_elem")
}

/// Deletes `key`, checking its size.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__delete_elem(
    map: *const bpf_map,
    key: *const c_void,
    key_sz: usize,
    flags: __u64,
) -> c_int {
    crate::unsupported!(int "bpf_map__delete_elem")
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
    crate::unsupported!(int "bpf_map__lookup_and_delete_elem")
}

/// The key after `cur_key` (the first when NULL), checking the size.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__get_next_key(
    map: *const bpf_map,
    cur_key: *const c_void,
    next_key: *mut c_void,
    key_sz: usize,
) -> c_int {
    crate::unsupported!(int "bpf_map__get_next_key")
}

/// Restricts the map to one program, by hash (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_map__set_exclusive_program(
    map: *mut bpf_map,
    prog: *mut bpf_program,
) -> c_int {
    crate::unsupported!(int "bpf_map__set_exclusive_program")
}

/// The program the map is exclusive to, or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__exclusive_program(map: *mut bpf_map) -> *mut bpf_program {
    crate::unsupported!(ptr "bpf_map__exclusive_program")
}
