//! libbpf.h: `struct bpf_linker` — static linking of BPF object files into one.
//!
//! Every pointer argument is NULL or what libbpf documents for it. The
//! linking itself is `crate::linker` (pure); here only arguments, files and
//! descriptors. The core logs its own failures with upstream's level, so
//! its errors are returned without another line.
#![allow(non_snake_case)]

use super::boundary::{bytes, ret_int_quiet, ret_ptr};
use super::handles::{bpf_linker, from_raw, get_mut, into_raw, Handle};
use super::opts::validate;
use crate::error::{Errno, Error};
use crate::linker::{errstr, Linker};
use std::ffi::CStr;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd, RawFd};
use std::os::raw::{c_char, c_int, c_void};

/// Options of `bpf_linker__new`/`_new_fd` (none yet besides `sz`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_linker_opts {
    pub sz: usize,
}
crate::impl_opts!(bpf_linker_opts, sz);

/// Options of `bpf_linker__add_*` (none yet besides `sz`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_linker_file_opts {
    pub sz: usize,
}
crate::impl_opts!(bpf_linker_file_opts, sz);

/// Where the output goes: a file we created, or the caller's fd (kept open).
enum Output {
    Owned(OwnedFd),
    Caller(RawFd),
}

/// What a `struct bpf_linker *` points to.
pub(crate) struct CLinker {
    linker: Linker,
    /// `None` once the output was written (upstream closes it then).
    out: Option<Output>,
}

// SAFETY: `bpf_linker__new*` hand out only boxed CLinkers.
unsafe impl Handle for bpf_linker {
    type Target = CLinker;
    const WHAT: &'static str = "linker";
    const KIND: crate::capi::registry::Kind = crate::capi::registry::Kind::Linker;
}

/// A core failure, already logged: returned as its errno only.
fn quiet(e: Errno) -> Error {
    Error::other(e, "")
}

fn new_handle(out: Output) -> *mut bpf_linker {
    into_raw(CLinker {
        linker: Linker::new(),
        out: Some(out),
    })
}

/// Starts linking into the file `filename`.
///
/// # Safety
/// `filename` is NULL or a C string; `opts` NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__new(
    filename: *const c_char,
    opts: *mut bpf_linker_opts,
) -> *mut bpf_linker {
    ret_ptr("bpf_linker__new", || {
        unsafe { validate(opts.cast_const()) }?;
        if filename.is_null() {
            return Err(Error::inval("filename is NULL"));
        }
        let path = unsafe { CStr::from_ptr(filename) };
        let fd = crate::sys::file::create_trunc(path).map_err(|e| {
            Error::other(
                e,
                format!("failed to create '{}': {}", path.to_string_lossy(), -e.0),
            )
        })?;
        Ok(new_handle(Output::Owned(fd)))
    })
}

/// Starts linking into the open file `fd` (not closed by the linker).
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__new_fd(
    fd: c_int,
    opts: *mut bpf_linker_opts,
) -> *mut bpf_linker {
    if fd < 0 {
        super::boundary::set_errno(Errno::EINVAL);
        return std::ptr::null_mut();
    }
    ret_ptr("bpf_linker__new_fd", || {
        unsafe { validate(opts.cast_const()) }?;
        Ok(new_handle(Output::Caller(fd)))
    })
}

/// Adds one object image to `h` under `name`, as the core does.
fn add(h: &mut CLinker, data: &[u8], name: &str) -> crate::Result<c_int> {
    h.linker.add_obj(data, name).map_err(quiet)?;
    Ok(0)
}

/// Checks shared by the `add_*` calls: opts, then "not finalized yet".
///
/// # Safety
/// As the callers'.
unsafe fn add_prologue<'a>(
    linker: *mut bpf_linker,
    opts: *const bpf_linker_file_opts,
) -> crate::Result<&'a mut CLinker> {
    unsafe { validate(opts) }?;
    let h = unsafe { get_mut(linker) }?;
    if h.linker.is_finalized() {
        return Err(quiet(Errno::EINVAL));
    }
    Ok(h)
}

/// Reads a whole object from `fd`; a read error is libelf's refusal to parse.
fn read_obj(fd: BorrowedFd<'_>, name: &str) -> crate::Result<Vec<u8>> {
    crate::sys::file::read_all_at(fd).map_err(|e| {
        crate::warn!("failed to parse ELF file '{name}': {}", errstr(e));
        quiet(Errno::EINVAL)
    })
}

/// Adds the object file `filename`.
///
/// # Safety
/// `linker` is NULL or live; `filename` NULL or a C string; `opts` NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__add_file(
    linker: *mut bpf_linker,
    filename: *const c_char,
    opts: *const bpf_linker_file_opts,
) -> c_int {
    ret_int_quiet("bpf_linker__add_file", || {
        let h = unsafe { add_prologue(linker, opts) }?;
        if filename.is_null() {
            return Err(Error::inval("filename is NULL"));
        }
        let path = unsafe { CStr::from_ptr(filename) };
        let name = path.to_string_lossy();
        let fd = crate::sys::file::open_read(path).map_err(|e| {
            crate::warn!("failed to open file '{name}': {}", errstr(e));
            quiet(e)
        })?;
        let data = read_obj(fd.as_fd(), &name)?;
        add(h, &data, &name)
    })
}

/// Adds the object file open at `fd`.
///
/// # Safety
/// `linker` is NULL or live; `opts` NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__add_fd(
    linker: *mut bpf_linker,
    fd: c_int,
    opts: *const bpf_linker_file_opts,
) -> c_int {
    ret_int_quiet("bpf_linker__add_fd", || {
        let h = unsafe { add_prologue(linker, opts) }?;
        let Some(b) = crate::sys::fd::borrow_caller(fd) else {
            return Err(quiet(Errno::EINVAL));
        };
        let name = format!("fd:{fd}");
        let data = read_obj(b, &name)?;
        add(h, &data, &name)
    })
}

/// Adds an object file image held in memory.
///
/// # Safety
/// `linker` is NULL or live; `buf` readable for `buf_sz` bytes; `opts` NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__add_buf(
    linker: *mut bpf_linker,
    buf: *mut c_void,
    buf_sz: usize,
    opts: *const bpf_linker_file_opts,
) -> c_int {
    ret_int_quiet("bpf_linker__add_buf", || {
        let h = unsafe { add_prologue(linker, opts) }?;
        let name = format!("mem:{buf:p}+{buf_sz}");
        let data = unsafe { bytes(buf.cast_const(), buf_sz, "buf") }.map_err(|_| {
            crate::warn!("failed to write '{name}': {}", errstr(Errno(libc::EFAULT)));
            quiet(Errno(libc::EFAULT))
        })?;
        add(h, data, &name)
    })
}

/// Resolves symbols, merges BTF and writes the output object.
///
/// # Safety
/// `linker` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__finalize(linker: *mut bpf_linker) -> c_int {
    ret_int_quiet("bpf_linker__finalize", || {
        let h = unsafe { get_mut(linker) }?;
        if h.linker.is_finalized() {
            return Err(quiet(Errno::EINVAL));
        }
        let image = h.linker.finalize().map_err(quiet)?;
        let out = h.out.take().ok_or_else(|| quiet(Errno::EINVAL))?;
        let fd = match &out {
            Output::Owned(fd) => fd.as_fd(),
            Output::Caller(raw) => {
                crate::sys::fd::borrow_caller(*raw).ok_or_else(|| quiet(Errno::EINVAL))?
            }
        };
        crate::sys::file::write_all_at(fd, &image).map_err(|e| {
            crate::warn!("failed to write ELF contents: {}", errstr(e));
            quiet(Errno::EINVAL)
        })?;
        Ok(0)
    })
}

/// Frees the linker (closing the output it opened); NULL is a no-op.
///
/// # Safety
/// `linker` is NULL or a live handle, given back once.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__free(linker: *mut bpf_linker) {
    super::boundary::ret_val("bpf_linker__free", (), || {
        // SAFETY: NULL, a live handle or refused.
        drop(unsafe { from_raw(linker)? });
        Ok(())
    })
}
