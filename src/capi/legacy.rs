//! libbpf_legacy.h: what remains of libbpf 0.x's compatibility switches and
//! the old names kept as aliases. `libbpf_get_error` lives in `utils.rs`; the
//! header declares it by hand (see include/gen/libbpf_legacy.head.h).
#![allow(unused_variables)] // `libbpf_set_strict_mode` ignores its argument, as upstream 1.x

use super::handles::{bpf_map, bpf_program, btf, btf_ext};
use super::types::{__u32, bpf_attach_type, bpf_prog_type};
use std::os::raw::{c_char, c_int, c_void};

/// `enum libbpf_strict_mode`: libbpf 1.x is always strict; the value is ignored.
/// (The C enum is hand-written in the header: `LIBBPF_STRICT_ALL` is 0xffffffff.)
pub type libbpf_strict_mode = c_int;

/// Accepted and ignored, as upstream 1.x does.
#[no_mangle]
pub extern "C" fn libbpf_set_strict_mode(mode: libbpf_strict_mode) -> c_int {
    0
}

/// Old name of `btf__load_vmlinux_btf`.
#[no_mangle]
pub extern "C" fn libbpf_find_kernel_btf() -> *mut btf {
    super::btf::btf__load_vmlinux_btf()
}

/// Old name of `bpf_program__type`.
///
/// # Safety
/// `prog` is NULL or a live program handle.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__get_type(prog: *const bpf_program) -> bpf_prog_type {
    // SAFETY: same contract; the opaque markers name the same handles.
    unsafe { super::program::bpf_program__type(prog.cast()) }
}

/// Old name of `bpf_program__expected_attach_type`.
///
/// # Safety
/// `prog` is NULL or a live program handle.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__get_expected_attach_type(
    prog: *const bpf_program,
) -> bpf_attach_type {
    // SAFETY: same contract; the opaque markers name the same handles.
    unsafe { super::program::bpf_program__expected_attach_type(prog.cast()) }
}

/// Old name of `bpf_map__pin_path`.
///
/// # Safety
/// `map` is NULL or a live map handle.
#[no_mangle]
pub unsafe extern "C" fn bpf_map__get_pin_path(map: *const bpf_map) -> *const c_char {
    // SAFETY: same contract; the opaque markers name the same handles.
    unsafe { super::map::bpf_map__pin_path(map.cast()) }
}

/// Old name of `btf__raw_data`.
///
/// # Safety
/// As `btf__raw_data`.
#[no_mangle]
pub unsafe extern "C" fn btf__get_raw_data(btf: *const btf, size: *mut __u32) -> *const c_void {
    // SAFETY: same contract.
    unsafe { super::btf::btf__raw_data(btf, size) }
}

/// Old name of `btf_ext__raw_data`.
///
/// # Safety
/// As `btf_ext__raw_data`.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__get_raw_data(
    btf_ext: *const btf_ext,
    size: *mut __u32,
) -> *const c_void {
    // SAFETY: same contract.
    unsafe { super::btf::btf_ext__raw_data(btf_ext, size) }
}
