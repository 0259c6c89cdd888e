//! The panic and error boundary every exported function goes through.
//!
//! libbpf ≥ 1.0 conventions: int-returning functions return `>= 0` or `-errno`
//! and set `errno`; pointer-returning functions return NULL and set `errno`.
//! A Rust panic never unwinds into C: it becomes `-EFAULT`-style failure plus
//! a log line naming the function.

use crate::error::{Errno, Error};
use std::os::raw::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Sets the calling thread's `errno`.
pub fn set_errno(e: Errno) {
    // SAFETY: __errno_location always returns the valid thread-local errno.
    unsafe { *libc::__errno_location() = e.0 };
}

/// `-EINVAL` with `errno` set and no log line (getters' NULL, as libbpf),
/// out of the callers' fast paths.
/// `extern "C"`: it cannot unwind, so callers reach it by a tail call.
#[cold]
#[inline(never)]
pub extern "C" fn quiet_einval() -> c_int {
    set_errno(Errno::EINVAL);
    -libc::EINVAL
}

fn fail(func: &str, err: &Error) -> Errno {
    let errno = err.errno();
    match err {
        // Told where it happened, as libbpf tells it.
        Error::Reported(_) => {}
        // Callers probe these quietly; libbpf does not shout about them either.
        Error::NotFound(_) => crate::debug!("{func}: {err}"),
        _ => crate::warn!("{func}: {err}"),
    }
    errno
}

fn panicked(func: &str) -> Errno {
    crate::warn!("{func}: internal error (panic caught at the C boundary)");
    Errno(libc::EFAULT)
}

/// Runs `f` for an int-returning export.
pub fn ret_int(func: &str, f: impl FnOnce() -> Result<c_int, Error>) -> c_int {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            let errno = fail(func, &e);
            set_errno(errno);
            -errno.0
        }
        Err(_) => {
            let errno = panicked(func);
            set_errno(errno);
            -errno.0
        }
    }
}

/// Like [`ret_int`] for exports whose kernel answers are part of normal use
/// (a lookup that misses, say): those are returned and set in `errno` without
/// a log line; caller mistakes (`Error::Inval`) are still logged.
pub fn ret_int_quiet(func: &str, f: impl FnOnce() -> Result<c_int, Error>) -> c_int {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            let errno = if matches!(e, Error::Inval(_)) {
                fail(func, &e)
            } else {
                e.errno()
            };
            set_errno(errno);
            -errno.0
        }
        Err(_) => {
            let errno = panicked(func);
            set_errno(errno);
            -errno.0
        }
    }
}

/// Runs `f`, which reports its own errors (NULL + `errno`), catching only
/// panics: for hot paths whose normal failures must not be logged.
pub fn guard_ptr<T>(func: &str, f: impl FnOnce() -> *mut T) -> *mut T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(p) => p,
        Err(_) => {
            set_errno(panicked(func));
            std::ptr::null_mut()
        }
    }
}

/// Runs `f` for a pointer-returning export.
pub fn ret_ptr<T>(func: &str, f: impl FnOnce() -> Result<*mut T, Error>) -> *mut T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => {
            set_errno(fail(func, &e));
            std::ptr::null_mut()
        }
        Err(_) => {
            set_errno(panicked(func));
            std::ptr::null_mut()
        }
    }
}

/// Runs `f` for an export that returns a plain value (getters). On error or
/// panic, `errno` is set and `on_err` is returned.
pub fn ret_val<T>(func: &str, on_err: T, f: impl FnOnce() -> Result<T, Error>) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            set_errno(fail(func, &e));
            on_err
        }
        Err(_) => {
            set_errno(panicked(func));
            on_err
        }
    }
}

/// Borrows a C string argument, rejecting NULL and non-UTF-8 text.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string valid for `'a`.
pub unsafe fn cstr<'a>(p: *const std::os::raw::c_char, what: &str) -> Result<&'a str, Error> {
    if p.is_null() {
        return Err(Error::inval(format!("{what} is NULL")));
    }
    // SAFETY: per the contract above.
    let s = unsafe { std::ffi::CStr::from_ptr(p) };
    s.to_str()
        .map_err(|_| Error::inval(format!("{what} is not valid UTF-8")))
}

/// Borrows a C string argument that may be NULL.
///
/// # Safety
/// As [`cstr`].
pub unsafe fn opt_cstr<'a>(
    p: *const std::os::raw::c_char,
    what: &str,
) -> Result<Option<&'a str>, Error> {
    if p.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { cstr(p, what) }.map(Some)
    }
}

/// Borrows a caller's struct argument, rejecting NULL (handles go through
/// `handles::get`, which also checks that they are live).
///
/// # Safety
/// `p` is NULL or points to a valid `T` for `'a`.
pub unsafe fn handle<'a, T>(p: *const T, what: &str) -> Result<&'a T, Error> {
    // SAFETY: per the contract above.
    unsafe { p.as_ref() }.ok_or_else(|| Error::inval(format!("{what} is NULL")))
}

/// Borrows `len` bytes at `p` (NULL only when `len` is 0).
///
/// # Safety
/// `p` is NULL or readable for `len` bytes for `'a`.
pub unsafe fn bytes<'a>(
    p: *const std::os::raw::c_void,
    len: usize,
    what: &str,
) -> Result<&'a [u8], Error> {
    if p.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Error::inval(format!("{what} is NULL")))
        };
    }
    // SAFETY: per the contract above.
    Ok(unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) })
}

/// Borrows `len` writable bytes at `p`.
///
/// # Safety
/// `p` is NULL or writable for `len` bytes for `'a`, not aliased.
pub unsafe fn bytes_mut<'a>(
    p: *mut std::os::raw::c_void,
    len: usize,
    what: &str,
) -> Result<&'a mut [u8], Error> {
    if p.is_null() {
        return if len == 0 {
            Ok(&mut [])
        } else {
            Err(Error::inval(format!("{what} is NULL")))
        };
    }
    // SAFETY: per the contract above.
    Ok(unsafe { std::slice::from_raw_parts_mut(p.cast::<u8>(), len) })
}
