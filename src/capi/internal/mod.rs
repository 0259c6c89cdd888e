//! libbpf's internals that tools built against libbpf's source tree link
//! (bpftool, the kernel selftests): the functions declared by the headers in
//! `include/internal/`. Exported from `libbpf.a` only (listed in
//! `include/internal/exports.txt`); `libbpf.so.1`'s version script keeps
//! them local, as upstream's does. The hash map is C (`hashmap.c`).

pub mod btf;
pub mod nlattr;
pub mod relo_core;

use crate::log::Level;
use std::os::raw::{c_char, c_int};

/// `libbpf_print`'s sink (the variadic part is C, in `print.c`): `text` is
/// sent as it is through the print callback.
///
/// # Safety
/// `text` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn oxbpf_log_raw(level: c_int, text: *const c_char) {
    if text.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: NUL-terminated per contract.
        let s = unsafe { std::ffi::CStr::from_ptr(text) }.to_string_lossy();
        let level = match level {
            0 => Level::Warn,
            1 => Level::Info,
            _ => Level::Debug,
        };
        crate::log::emit_raw(level, &s);
    });
}
