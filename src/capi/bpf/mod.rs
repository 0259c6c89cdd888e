//! bpf.h: the thin layer over the bpf(2) commands (maps, programs, links,
//! object ids, pinning, test runs, tokens) and its `*_opts` structs.
//!
//! Each export reads its opts by libbpf's `sz` rule, fills the command's attr
//! and makes the call through `sys::bpf`. Caller pointers that only the
//! kernel dereferences are passed through (a bad one is the kernel's
//! `-EFAULT`); pointers this library itself must read or write (`count`,
//! `info_len`, out parameters) are checked, so NULL is `-EINVAL`, not a
//! crash. Kernel errors are returned quietly (no log line), as upstream.
//!
//! One file per command family: [`map`] (creation, elements, batches),
//! [`prog`] (load, test runs, streams), [`attach`] (`BPF_PROG_ATTACH`,
//! queries, raw tracepoints), [`link`] (`BPF_LINK_*`), [`obj`] (pinning,
//! ids, info, BTF load, tokens, stats). This file holds what they share.

use crate::error::{Errno, Error};
use crate::sys::bpf as sys;
use crate::uapi::bpf::*;
use std::os::fd::{IntoRawFd, OwnedFd};
use std::os::raw::{c_char, c_int, c_uint, c_ulong, c_void};

/// How often `bpf_prog_load` tries when the verifier says `EAGAIN` (libbpf's default).
const PROG_LOAD_ATTEMPTS: u32 = 5;

/// The boundary every bpf.h export goes through: kernel errors are returned
/// without a log line; caller mistakes are logged.
fn quiet(func: &str, f: impl FnOnce() -> Result<c_int, Error>) -> c_int {
    crate::capi::boundary::ret_int_quiet(func, f)
}

/// Reads the caller's opts (defaults for NULL) and its `sz` (0 for NULL).
///
/// # Safety
/// `p` is NULL or points to at least `(*p).sz` readable bytes.
unsafe fn opts_or_default<T: crate::capi::opts::Opts>(p: *const T) -> Result<(T, usize), Error> {
    // SAFETY: forwarded contract.
    let sz = unsafe { crate::capi::opts::validate(p)? };
    // SAFETY: forwarded contract.
    let o = unsafe { crate::capi::opts::read(p)? };
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

pub use crate::capi::types::{
    __s32, __s64, __u16, __u32, __u64, __u8, bpf_attach_type, bpf_btf_info, bpf_insn,
    bpf_iter_link_info, bpf_link_info, bpf_map_info, bpf_map_type, bpf_prog_info, bpf_prog_type,
    c_bool,
};

/// Logs "not supported yet", sets `errno = EOPNOTSUPP` and returns `v`: the
/// placeholder body for exports whose return type is not `int` or a pointer.
#[allow(dead_code)] // placeholder helper for exports still to come
pub(crate) fn unsupported_as<T>(func: &str, v: T) -> T {
    crate::warn!("{func}: not supported yet");
    crate::capi::boundary::set_errno(crate::Errno::ENOTSUP);
    v
}

/// Sets the RLIMIT_MEMLOCK value used on kernels without memcg accounting.
///
/// Only recorded (see `sys::rlimit`); fails with `-EBUSY` once the first map
/// or program was created.
#[no_mangle]
pub extern "C" fn libbpf_set_memlock_rlim(memlock_bytes: usize) -> c_int {
    quiet("libbpf_set_memlock_rlim", || {
        crate::sys::rlimit::record_memlock_rlim(memlock_bytes as u64)?;
        Ok(0)
    })
}

pub mod attach;
pub mod link;
pub mod map;
pub mod obj;
pub mod prog;

pub use attach::*;
pub use link::*;
pub use map::*;
pub use obj::*;
pub use prog::*;

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
            <bpf_link_create_opts as crate::capi::opts::Opts>::LAST_FIELD_END,
            76
        );
        assert_eq!(size_of::<bpf_prog_query_opts>(), 64);
        assert_eq!(offset_of!(bpf_prog_query_opts, count), 24);
        assert_eq!(offset_of!(bpf_prog_query_opts, revision), 56);
        assert_eq!(size_of::<bpf_test_run_opts>(), 80);
        assert_eq!(size_of::<bpf_prog_test_run_attr>(), 80);
    }
}
