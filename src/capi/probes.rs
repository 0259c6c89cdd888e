//! libbpf.h: kernel feature probes (1 = supported, 0 = not, <0 = error).
//!
//! `opts` is reserved and must be NULL. The probes themselves (which
//! program, map or BTF to try) live in `sys::probes`.
#![allow(non_snake_case)]

use super::boundary::ret_int_quiet as ret_int;
use super::types::{bpf_func_id, bpf_map_type, bpf_prog_type};
use crate::error::{Errno, Error};
use crate::sys::probes;
use std::os::raw::{c_int, c_void};

fn check_opts(opts: *const c_void) -> Result<(), Error> {
    if opts.is_null() {
        Ok(())
    } else {
        Err(Error::inval("opts is reserved and must be NULL"))
    }
}

/// 1/0 from a probe, or its error (`-EOPNOTSUPP` for types it does not know).
fn answer(r: Result<bool, Errno>) -> Result<c_int, Error> {
    Ok(r? as c_int)
}

/// Whether the kernel can load a program of `prog_type`.
///
/// # Safety
/// No pointer is read (`opts` must be NULL).
#[no_mangle]
pub unsafe extern "C" fn libbpf_probe_bpf_prog_type(
    prog_type: bpf_prog_type,
    opts: *const c_void,
) -> c_int {
    ret_int("libbpf_probe_bpf_prog_type", || {
        check_opts(opts)?;
        answer(probes::prog_type(prog_type))
    })
}

/// Whether the kernel can create a map of `map_type`.
///
/// # Safety
/// No pointer is read (`opts` must be NULL).
#[no_mangle]
pub unsafe extern "C" fn libbpf_probe_bpf_map_type(
    map_type: bpf_map_type,
    opts: *const c_void,
) -> c_int {
    ret_int("libbpf_probe_bpf_map_type", || {
        check_opts(opts)?;
        answer(probes::map_type(map_type))
    })
}

/// Whether programs of `prog_type` may call helper `helper_id`.
///
/// # Safety
/// No pointer is read (`opts` must be NULL).
#[no_mangle]
pub unsafe extern "C" fn libbpf_probe_bpf_helper(
    prog_type: bpf_prog_type,
    helper_id: bpf_func_id,
    opts: *const c_void,
) -> c_int {
    ret_int("libbpf_probe_bpf_helper", || {
        check_opts(opts)?;
        answer(probes::helper(prog_type, helper_id))
    })
}
