//! libbpf.h: kernel feature probes (1 = supported, 0 = not, <0 = error).
//!
//! `opts` is reserved and must be NULL.
#![allow(non_snake_case, unused_variables)]

use super::libbpf_types::{bpf_func_id, bpf_map_type, bpf_prog_type};
use std::os::raw::{c_int, c_void};

/// Whether the kernel can load a program of `prog_type`.
#[no_mangle]
pub unsafe extern "C" fn libbpf_probe_bpf_prog_type(
    prog_type: bpf_prog_type,
    opts: *const c_void,
) -> c_int {
    crate::unsupported!(int "libbpf_probe_bpf_prog_type")
}

/// Whether the kernel can create a map of `map_type`.
#[no_mangle]
pub unsafe extern "C" fn libbpf_probe_bpf_map_type(
    map_type: bpf_map_type,
    opts: *const c_void,
) -> c_int {
    crate::unsupported!(int "libbpf_probe_bpf_map_type")
}

/// Whether programs of `prog_type` may call helper `helper_id`.
#[no_mangle]
pub unsafe extern "C" fn libbpf_probe_bpf_helper(
    prog_type: bpf_prog_type,
    helper_id: bpf_func_id,
    opts: *const c_void,
) -> c_int {
    crate::unsupported!(int "libbpf_probe_bpf_helper")
}
