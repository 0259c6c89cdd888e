//! btf.h's btf_dump part: printing BTF types as C declarations and typed
//! data as C initialisers, through a printf-like callback.
//!
//! Declarations only for now: every export is a one-line placeholder that
//! logs and fails, to be backed by `crate::btf` (dump) and `print.c`.
// Placeholder bodies do not read their arguments yet.
#![allow(unused_variables)]

use super::bpf::{__u32, c_bool, unsupported_as};
use super::btf::btf;
use std::os::raw::{c_char, c_int, c_void};

/// `struct btf_dump`: a dumper bound to one BTF object (opaque to C).
pub struct btf_dump {
    _opaque: [u8; 0],
}

/// `btf_dump_printf_fn_t`: `void (*)(void *ctx, const char *fmt, va_list args)`.
/// The `va_list` is opaque to Rust (a pointer on x86_64 when passed); the
/// header's typedef is hand-written with the real `va_list`.
pub type btf_dump_printf_fn_t =
    Option<unsafe extern "C" fn(ctx: *mut c_void, fmt: *const c_char, args: *mut c_void)>;

/// Options of `btf_dump__new` (only `sz` so far).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct btf_dump_opts {
    pub sz: usize,
}
crate::impl_opts!(btf_dump_opts, sz);

/// Options of `btf_dump__emit_type_decl`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct btf_dump_emit_type_decl_opts {
    pub sz: usize,
    /// Name to declare (field or variable), or NULL for an abstract declarator.
    pub field_name: *const c_char,
    /// Extra tabs for the second and later lines of multi-line declarations.
    pub indent_level: c_int,
    /// Drop const/volatile/restrict.
    pub strip_mods: c_bool,
}
crate::impl_opts!(btf_dump_emit_type_decl_opts, strip_mods);

/// Options of `btf_dump__dump_type_data`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct btf_dump_type_data_opts {
    pub sz: usize,
    /// Indentation unit (default a tab).
    pub indent_str: *const c_char,
    pub indent_level: c_int,
    /// One line, no indentation.
    pub compact: c_bool,
    /// Omit member and type names.
    pub skip_names: c_bool,
    /// Also print zero-valued members.
    pub emit_zeroes: c_bool,
    /// Print char arrays as strings.
    pub emit_strings: c_bool,
}
crate::impl_opts!(btf_dump_type_data_opts, emit_strings);

/// Creates a dumper for `btf` writing through `printf_fn(ctx, ...)`.
///
/// # Safety
/// `btf` is NULL or a live BTF object; `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn btf_dump__new(
    btf: *const btf,
    printf_fn: btf_dump_printf_fn_t,
    ctx: *mut c_void,
    opts: *const btf_dump_opts,
) -> *mut btf_dump {
    crate::unsupported!(ptr "btf_dump__new")
}

/// Frees a dumper; NULL is a no-op.
///
/// # Safety
/// `d` is NULL or a dumper from `btf_dump__new`.
#[no_mangle]
pub unsafe extern "C" fn btf_dump__free(d: *mut btf_dump) {
    if !d.is_null() {
        unsupported_as("btf_dump__free", ())
    }
}

/// Prints type `id` and everything it depends on as C declarations.
///
/// # Safety
/// `d` is NULL or a live dumper.
#[no_mangle]
pub unsafe extern "C" fn btf_dump__dump_type(d: *mut btf_dump, id: __u32) -> c_int {
    crate::unsupported!(int "btf_dump__dump_type")
}

/// Prints one declaration of type `id` (no dependencies, no `;`).
///
/// # Safety
/// `d` is NULL or a live dumper; `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn btf_dump__emit_type_decl(
    d: *mut btf_dump,
    id: __u32,
    opts: *const btf_dump_emit_type_decl_opts,
) -> c_int {
    crate::unsupported!(int "btf_dump__emit_type_decl")
}

/// Prints `data` (of type `id`, `data_sz` bytes) as a C initialiser.
///
/// # Safety
/// `d` is NULL or a live dumper; `data` holds `data_sz` bytes; `opts` is NULL
/// or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn btf_dump__dump_type_data(
    d: *mut btf_dump,
    id: __u32,
    data: *const c_void,
    data_sz: usize,
    opts: *const btf_dump_type_data_opts,
) -> c_int {
    crate::unsupported!(int "btf_dump__dump_type_data")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layouts_match_upstream() {
        assert_eq!(size_of::<btf_dump_opts>(), 8);
        assert_eq!(size_of::<btf_dump_emit_type_decl_opts>(), 24);
        assert_eq!(offset_of!(btf_dump_emit_type_decl_opts, strip_mods), 20);
        assert_eq!(size_of::<btf_dump_type_data_opts>(), 24);
        assert_eq!(offset_of!(btf_dump_type_data_opts, emit_strings), 23);
    }
}
