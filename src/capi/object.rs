//! libbpf.h: `struct bpf_object` — opening, loading, pinning and walking an
//! object file, plus the light-skeleton loader generator hook.
//!
//! Every pointer argument is NULL or what libbpf documents for it (a handle
//! this library returned, a NUL-terminated string, a caller's opts struct).
#![allow(non_snake_case, unused_variables)]

use super::libbpf_types::{__u32, btf};
use super::map::bpf_map;
use super::program::bpf_program;
use std::os::raw::{c_char, c_int, c_uint, c_void};

/// An opened BPF object file (opaque to C).
pub struct bpf_object {
    _opaque: [u8; 0],
}

/// Options of `bpf_object__open_file`/`_mem`; keeps 0.x offsets (hole at 32 for a removed field).
/// cbindgen:field-names=[sz, object_name, relaxed_maps, pin_root_path, , kconfig, btf_custom_path, kernel_log_buf, kernel_log_size, kernel_log_level, bpf_token_path]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_object_open_opts {
    pub sz: usize,
    pub object_name: *const c_char,
    pub relaxed_maps: bool,
    pub pin_root_path: *const c_char,
    /// cbindgen:bitfield=32
    pub __unused_attach_prog_fd: __u32,
    pub kconfig: *const c_char,
    pub btf_custom_path: *const c_char,
    pub kernel_log_buf: *mut c_char,
    pub kernel_log_size: usize,
    pub kernel_log_level: __u32,
    pub bpf_token_path: *const c_char,
}
crate::impl_opts!(bpf_object_open_opts, bpf_token_path);

/// Opens an object file with default options.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__open(path: *const c_char) -> *mut bpf_object {
    crate::unsupported!(ptr "bpf_object__open")
}

/// Opens an object file.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__open_file(
    path: *const c_char,
    opts: *const bpf_object_open_opts,
) -> *mut bpf_object {
    crate::unsupported!(ptr "bpf_object__open_file")
}

/// Opens an object from an ELF image in memory (copied; the buffer may be freed after).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__open_mem(
    obj_buf: *const c_void,
    obj_buf_sz: usize,
    opts: *const bpf_object_open_opts,
) -> *mut bpf_object {
    crate::unsupported!(ptr "bpf_object__open_mem")
}

/// Does the load steps up to (not including) loading programs: maps created, BTF loaded.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__prepare(obj: *mut bpf_object) -> c_int {
    crate::unsupported!(int "bpf_object__prepare")
}

/// Creates the maps and loads the programs into the kernel.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__load(obj: *mut bpf_object) -> c_int {
    crate::unsupported!(int "bpf_object__load")
}

/// Frees the object, its programs and maps (closing their fds); NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__close(obj: *mut bpf_object) {
    super::stub::unsupported("bpf_object__close")
}

/// Pins every map under the directory `path` (or at each map's own pin path when NULL).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__pin_maps(obj: *mut bpf_object, path: *const c_char) -> c_int {
    crate::unsupported!(int "bpf_object__pin_maps")
}

/// Unpins the maps pinned by `bpf_object__pin_maps`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__unpin_maps(
    obj: *mut bpf_object,
    path: *const c_char,
) -> c_int {
    crate::unsupported!(int "bpf_object__unpin_maps")
}

/// Pins every loaded program under the directory `path`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__pin_programs(
    obj: *mut bpf_object,
    path: *const c_char,
) -> c_int {
    crate::unsupported!(int "bpf_object__pin_programs")
}

/// Unpins the programs pinned by `bpf_object__pin_programs`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__unpin_programs(
    obj: *mut bpf_object,
    path: *const c_char,
) -> c_int {
    crate::unsupported!(int "bpf_object__unpin_programs")
}

/// Pins maps and programs under `path`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__pin(object: *mut bpf_object, path: *const c_char) -> c_int {
    crate::unsupported!(int "bpf_object__pin")
}

/// Unpins maps and programs from `path`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__unpin(object: *mut bpf_object, path: *const c_char) -> c_int {
    crate::unsupported!(int "bpf_object__unpin")
}

/// The object's name (file name without directory, or the `object_name` option).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__name(obj: *const bpf_object) -> *const c_char {
    super::stub::unsupported("bpf_object__name")
}

/// Kernel version from the object's `version` section (0 when absent).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__kversion(obj: *const bpf_object) -> c_uint {
    super::stub::unsupported("bpf_object__kversion")
}

/// Overrides the kernel version passed when loading programs (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__set_kversion(
    obj: *mut bpf_object,
    kern_version: __u32,
) -> c_int {
    crate::unsupported!(int "bpf_object__set_kversion")
}

/// The BPF token fd the object loads with, or -1 when none.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__token_fd(obj: *const bpf_object) -> c_int {
    crate::unsupported!(int "bpf_object__token_fd")
}

/// The object's BTF (owned by the object), or NULL when it has none.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__btf(obj: *const bpf_object) -> *mut btf {
    crate::unsupported!(ptr "bpf_object__btf")
}

/// The fd of the object's BTF loaded into the kernel.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__btf_fd(obj: *const bpf_object) -> c_int {
    crate::unsupported!(int "bpf_object__btf_fd")
}

/// The program called `name` (its function name), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__find_program_by_name(
    obj: *const bpf_object,
    name: *const c_char,
) -> *mut bpf_program {
    crate::unsupported!(ptr "bpf_object__find_program_by_name")
}

/// The program after `prog` in section order (the first when `prog` is NULL), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__next_program(
    obj: *const bpf_object,
    prog: *mut bpf_program,
) -> *mut bpf_program {
    crate::unsupported!(ptr "bpf_object__next_program")
}

/// The program before `prog` (the last when `prog` is NULL), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__prev_program(
    obj: *const bpf_object,
    prog: *mut bpf_program,
) -> *mut bpf_program {
    crate::unsupported!(ptr "bpf_object__prev_program")
}

/// The map called `name` (internal maps match by their short `.data`-style name too), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__find_map_by_name(
    obj: *const bpf_object,
    name: *const c_char,
) -> *mut bpf_map {
    crate::unsupported!(ptr "bpf_object__find_map_by_name")
}

/// The fd of the map called `name`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__find_map_fd_by_name(
    obj: *const bpf_object,
    name: *const c_char,
) -> c_int {
    crate::unsupported!(int "bpf_object__find_map_fd_by_name")
}

/// The map after `map` (the first when `map` is NULL), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__next_map(
    obj: *const bpf_object,
    map: *const bpf_map,
) -> *mut bpf_map {
    crate::unsupported!(ptr "bpf_object__next_map")
}

/// The map before `map` (the last when `map` is NULL), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__prev_map(
    obj: *const bpf_object,
    map: *const bpf_map,
) -> *mut bpf_map {
    crate::unsupported!(ptr "bpf_object__prev_map")
}

/// Options of `bpf_object__gen_loader`; `data`/`insns` and sizes are filled in by load.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct gen_loader_opts {
    pub sz: usize,
    pub data: *const c_char,
    pub insns: *const c_char,
    pub data_sz: __u32,
    pub insns_sz: __u32,
    pub gen_hash: bool,
}
crate::impl_opts!(gen_loader_opts, gen_hash);

/// Switches the object to recording a loader program (light skeleton) instead of loading.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__gen_loader(
    obj: *mut bpf_object,
    opts: *mut gen_loader_opts,
) -> c_int {
    crate::unsupported!(int "bpf_object__gen_loader")
}

// libbpf ≥ 1.0.1 keeps the 0.x offsets of the fields after the removed one.
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(offset_of!(bpf_object_open_opts, kconfig) == 40);
    assert!(offset_of!(bpf_object_open_opts, bpf_token_path) == 80);
    assert!(size_of::<bpf_object_open_opts>() == 88);
};
