//! Placeholder bodies for libbpf.h exports whose behaviour is not written yet.
//!
//! `crate::unsupported!` covers `int` and mutable-pointer returns; this covers
//! every other return type (void, bool, sizes, getters, const pointers) with
//! libbpf's failure value for that type, so a stub never looks like success.

use super::boundary::set_errno;
use crate::error::Errno;
use std::os::raw::c_int;

/// The value an unimplemented export returns for its C return type.
pub trait Failure {
    /// `-EOPNOTSUPP` for ints, NULL for pointers, 0/false otherwise.
    const FAILURE: Self;
}

impl Failure for () {
    const FAILURE: Self = ();
}
impl Failure for c_int {
    const FAILURE: Self = -libc::EOPNOTSUPP;
}
impl Failure for u32 {
    const FAILURE: Self = 0;
}
impl Failure for u64 {
    const FAILURE: Self = 0;
}
impl Failure for usize {
    const FAILURE: Self = 0;
}
impl Failure for bool {
    const FAILURE: Self = false;
}
impl<T> Failure for *mut T {
    const FAILURE: Self = std::ptr::null_mut();
}
impl<T> Failure for *const T {
    const FAILURE: Self = std::ptr::null();
}

/// Logs `<func>: not supported yet`, sets `errno = EOPNOTSUPP`, returns the failure value.
pub fn unsupported<T: Failure>(func: &str) -> T {
    crate::warn!("{func}: not supported yet");
    set_errno(Errno::ENOTSUP);
    T::FAILURE
}
