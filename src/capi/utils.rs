//! libbpf.h's print, error and version utilities.

use super::boundary::{ret_int, set_errno};
use crate::error::Errno;
use crate::log::{self, Level};
use std::os::raw::{c_char, c_int, c_long, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};

/// `libbpf_print_fn_t`: `int (*)(enum libbpf_print_level level, const char *, va_list ap)`.
/// The `va_list` is opaque to Rust; only `print.c` builds one.
pub type libbpf_print_fn_t = Option<PrintFn>;

/// The callback itself (non-NULL).
pub type PrintFn =
    unsafe extern "C" fn(level: libbpf_print_level, fmt: *const c_char, ap: *mut c_void) -> c_int;

/// Log levels of the print callback.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum libbpf_print_level {
    LIBBPF_WARN,
    LIBBPF_INFO,
    LIBBPF_DEBUG,
}

extern "C" {
    fn oxbpf_call_print(fn_: *const c_void, level: c_int, msg: *const c_char) -> c_int;
    /// The default printer as a C function (`print.c`): what
    /// `libbpf_set_print` returns while no callback is set, callable by a
    /// caller that chains to it; re-installing it restores the default.
    fn oxbpf_base_pr(level: libbpf_print_level, fmt: *const c_char, ap: *mut c_void) -> c_int;
}

/// The default printer's level for `oxbpf_base_pr`: `LIBBPF_LOG_LEVEL`'s.
#[no_mangle]
pub extern "C" fn oxbpf_default_print_level() -> c_int {
    log::default_level() as c_int
}

/// The C-level print setting: the user's callback as a raw address, 0 for
/// NULL, `usize::MAX` for the default printer. What `libbpf_set_print`
/// returns and what [`user_sink`] calls.
static CURRENT: AtomicUsize = AtomicUsize::new(usize::MAX);

fn user_sink(level: Level, line: &log::Line) {
    let f = CURRENT.load(Ordering::Acquire);
    // NULL or the default printer: only while a swap away from a callback
    // is under way (the log target follows right after).
    if f == 0 || f == usize::MAX {
        return;
    }
    // Keep the caller's errno: a print callback must not clobber the error we report.
    let saved = Errno::last();
    // SAFETY: `f` was a non-NULL `libbpf_print_fn_t` given to libbpf_set_print;
    // the line is NUL-terminated.
    unsafe { oxbpf_call_print(f as *const c_void, level as c_int, line.as_ptr()) };
    set_errno(saved);
}

/// The user's callback for `print.c`'s `oxbpf_printf` (which hands it a C
/// format and its arguments); NULL while lines go elsewhere (no callback, or
/// the default printer).
#[no_mangle]
pub extern "C" fn oxbpf_print_callback() -> libbpf_print_fn_t {
    match CURRENT.load(Ordering::Acquire) {
        0 | usize::MAX => None,
        // SAFETY: any other value was stored from a non-NULL
        // `libbpf_print_fn_t` by `libbpf_set_print`.
        #[allow(unsafe_code)]
        f => Some(unsafe { std::mem::transmute::<usize, PrintFn>(f) }),
    }
}

/// Serializes `libbpf_set_print`: the setting is two words (`CURRENT` and
/// the log target), and two setters interleaving their swaps could leave
/// the log target of one with the callback of the other (upstream's
/// setting is one pointer, swapped atomically). Printing reads the words
/// without the lock.
static SETTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Sets the print callback; NULL turns printing off. Returns the previous one.
///
/// # Safety
/// `fn_` is NULL or a valid callback that stays callable while set.
#[no_mangle]
pub unsafe extern "C" fn libbpf_set_print(fn_: libbpf_print_fn_t) -> libbpf_print_fn_t {
    let base = oxbpf_base_pr as PrintFn as usize;
    let new = fn_.map_or(0, |f| f as usize);
    // Nothing panics while it is held; a poisoned lock is as good as any.
    let _setting = SETTING.lock().unwrap_or_else(|p| p.into_inner());
    let old = CURRENT.swap(if new == base { usize::MAX } else { new }, Ordering::AcqRel);
    log::set_target(match new {
        0 => log::Target::Silent,
        n if n == base => log::Target::Default,
        _ => log::Target::Sink(user_sink),
    });
    match old {
        usize::MAX => Some(oxbpf_base_pr),
        0 => None,
        // SAFETY: `old` was stored from a valid callback above.
        p => Some(unsafe { std::mem::transmute::<usize, PrintFn>(p) }),
    }
}

/// Writes libbpf's text for `err` (negative or positive errno, or a libbpf error code) into `buf`.
///
/// # Safety
/// `buf` is NULL or writable for `size` bytes.
#[no_mangle]
pub unsafe extern "C" fn libbpf_strerror(err: c_int, buf: *mut c_char, size: usize) -> c_int {
    ret_int("libbpf_strerror", || {
        if buf.is_null() || size == 0 {
            return Err(crate::Error::inval("buf is NULL or size is 0"));
        }
        let code = err.unsigned_abs() as i32;
        if code < crate::error::LIBBPF_ERRNO_START {
            // SAFETY: buf is writable for size bytes; the XSI strerror_r NUL-terminates.
            let r = unsafe { libc::strerror_r(code, buf, size) };
            // SAFETY: size > 0.
            unsafe { *buf.add(size - 1) = 0 };
            return if r == 0 { Ok(0) } else { Err(Errno(r).into()) };
        }
        let (text, known) = crate::error::libbpf_strerror(code);
        let bytes = text.as_bytes();
        let n = bytes.len().min(size - 1);
        // SAFETY: buf is writable for size > n bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf.cast::<u8>(), n);
            *buf.add(n) = 0;
        }
        if n < bytes.len() {
            return Err(Errno::ERANGE.into());
        }
        if !known {
            return Err(Errno::ENOENT.into());
        }
        Ok(0)
    })
}

/// `-errno` if `ptr` is NULL (or an old-style encoded error), else 0.
#[no_mangle]
pub extern "C" fn libbpf_get_error(ptr: *const c_void) -> c_long {
    let v = ptr as usize as c_long;
    if ptr.is_null() {
        -(Errno::last().0 as c_long)
    } else if (-4095..0).contains(&v) {
        // Pointers encoding an error (libbpf 0.x's ERR_PTR); still honoured.
        v
    } else {
        0
    }
}

#[no_mangle]
pub extern "C" fn libbpf_major_version() -> u32 {
    1
}

#[no_mangle]
pub extern "C" fn libbpf_minor_version() -> u32 {
    7
}

#[no_mangle]
pub extern "C" fn libbpf_version_string() -> *const c_char {
    c"v1.7".as_ptr()
}

/// Number of possible CPUs (`/sys/devices/system/cpu/possible`), cached.
#[no_mangle]
pub extern "C" fn libbpf_num_possible_cpus() -> c_int {
    ret_int("libbpf_num_possible_cpus", || {
        crate::sys::cpus::possible_count().map(|n| n as c_int)
    })
}

/// Reads a CPU list file (`/sys/devices/system/cpu/online`) into a `malloc`ed
/// bool array the caller frees. Not in the headers or the `.so`: upstream's
/// static archive exports it and libbpf-bootstrap's `profile` declares it.
///
/// # Safety
/// `fcpu` is a NUL-terminated path; `mask` and `mask_sz` are writable.
#[no_mangle]
pub unsafe extern "C" fn parse_cpu_mask_file(
    fcpu: *const c_char,
    mask: *mut *mut bool,
    mask_sz: *mut c_int,
) -> c_int {
    ret_int("parse_cpu_mask_file", || {
        // SAFETY: per the contract above.
        let path = unsafe { super::boundary::cstr(fcpu, "fcpu")? };
        if mask.is_null() || mask_sz.is_null() {
            return Err(crate::Error::inval("mask or mask_sz is NULL"));
        }
        let text = std::fs::read_to_string(path).map_err(|e| {
            crate::Error::other(
                Errno(crate::error::io_errno(&e, libc::EIO)),
                format!(
                    "failed to open cpu mask file {path}: {}",
                    crate::Errno(crate::error::io_errno(&e, libc::EIO))
                ),
            )
        })?;
        let cpus = crate::sys::cpus::parse_cpu_list(&text)?;
        let n = cpus.iter().max().map_or(0, |m| *m as usize + 1);
        // SAFETY: calloc of n bools (callers free() it, as with upstream).
        let arr = unsafe { libc::calloc(n, std::mem::size_of::<bool>()) }.cast::<bool>();
        if arr.is_null() {
            return Err(Errno::ENOMEM.into());
        }
        for c in cpus {
            // SAFETY: c < n by construction.
            unsafe { *arr.add(c as usize) = true };
        }
        // SAFETY: checked non-NULL above.
        unsafe {
            *mask = arr;
            *mask_sz = n as c_int;
        }
        Ok(0)
    })
}
