//! btf.h's btf_dump part: printing BTF types as C declarations and typed
//! data as C initialisers, through a printf-like callback.
//! Behaviour lives in `crate::btf::dump`; this file converts arguments and
//! hands the text each call produced to the callback, through `print.c`
//! (a `va_list` cannot be built in stable Rust).

use super::boundary::{ret_int, ret_ptr};
use super::btf::h_ref;
use super::handles::btf;
use super::handles::btf_dump;
use super::types::{__u32, c_bool};
use crate::btf::dump::{DataOpts, DeclOpts, Dumper};
use crate::error::{Error, Result};
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};

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

extern "C" {
    fn oxbpf_call_dump_printf(f: *const c_void, ctx: *mut c_void, text: *const c_char);
}

/// What a `struct btf_dump *` points to. The BTF is borrowed, as in libbpf:
/// the caller keeps it alive (and may add types) while the dumper lives.
pub(crate) struct DumpHandle {
    btf: *const btf,
    printf_fn: PrintfFn,
    ctx: *mut c_void,
    dumper: Dumper,
    /// Text of the current call (kept to reuse its capacity).
    out: Vec<u8>,
}

// SAFETY: `struct btf_dump *` pointers come only from `btf_dump__new`.
unsafe impl super::handles::Handle for btf_dump {
    type Target = DumpHandle;
    const WHAT: &'static str = "btf_dump";
    const KIND: crate::capi::registry::Kind = crate::capi::registry::Kind::BtfDump;
}

/// # Safety
/// `d` is NULL or a live dumper.
unsafe fn dump_handle<'a>(d: *mut btf_dump) -> Result<&'a mut DumpHandle> {
    // SAFETY: forwarded.
    unsafe { super::handles::get_mut(d) }
}

impl DumpHandle {
    /// Runs `f` on the dumper and the current BTF, then prints what it wrote
    /// (also on failure: libbpf prints as it goes).
    fn run<T>(
        &mut self,
        f: impl FnOnce(&mut Dumper, &crate::btf::Btf, &mut Vec<u8>) -> Result<T>,
    ) -> Result<T> {
        // SAFETY: the BTF outlives its dumpers (libbpf's contract).
        let b = unsafe { h_ref(self.btf)? }.btf.clone();
        let mut out = std::mem::take(&mut self.out);
        out.clear();
        let r = f(&mut self.dumper, &b, &mut out);
        print_chunk(self.printf_fn, self.ctx, &mut out);
        self.out = out;
        r
    }
}

type PrintfFn = unsafe extern "C" fn(*mut c_void, *const c_char, *mut c_void);

/// Prints `text` through the caller's printf callback as one `%s` (NULs
/// dropped: they would cut it short), leaving `text` empty.
fn print_chunk(printf_fn: PrintfFn, ctx: *mut c_void, text: &mut Vec<u8>) {
    if text.is_empty() {
        return;
    }
    // libc's memchr is vectorised; the slice's `contains` goes a word at a
    // time (a vmlinux dump is ~3 MB).
    // SAFETY: `text` is `text.len()` readable bytes.
    if !unsafe { libc::memchr(text.as_ptr().cast(), 0, text.len()) }.is_null() {
        text.retain(|&c| c != 0);
    }
    text.push(0);
    // SAFETY: a non-NULL btf_dump_printf_fn_t; `text` is NUL-terminated.
    unsafe { oxbpf_call_dump_printf(printf_fn as *const c_void, ctx, text.as_ptr().cast()) };
    text.clear();
}

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
    ret_ptr("btf_dump__new", || {
        // SAFETY: NULL or a valid opts struct.
        unsafe { super::opts::read(opts)? };
        let printf_fn = printf_fn.ok_or_else(|| Error::inval("printf_fn is NULL"))?;
        // SAFETY: NULL or a live handle.
        let b = unsafe { h_ref(btf)? };
        let mut dumper = Dumper::new(&b.btf)?;
        // Large output goes out as it comes (libbpf prints as it goes).
        let mut chunk = Vec::new();
        let spill_ctx = ctx as usize;
        dumper.set_spill(Box::new(move |text: &[u8]| {
            chunk.clear();
            chunk.extend_from_slice(text);
            print_chunk(printf_fn, spill_ctx as *mut c_void, &mut chunk);
        }));
        Ok(super::handles::into_raw(DumpHandle {
            btf,
            printf_fn,
            ctx,
            dumper,
            out: Vec::new(),
        }))
    })
}

/// Frees a dumper; NULL is a no-op.
///
/// # Safety
/// `d` is NULL or a dumper from `btf_dump__new`.
#[no_mangle]
pub unsafe extern "C" fn btf_dump__free(d: *mut btf_dump) {
    super::boundary::ret_val("btf_dump__free", (), || {
        // SAFETY: NULL, a dumper from btf_dump__new or refused.
        drop(unsafe { super::handles::from_raw(d)? });
        Ok(())
    })
}

/// Prints type `id` and everything it depends on as C declarations.
///
/// # Safety
/// `d` is NULL or a live dumper.
#[no_mangle]
pub unsafe extern "C" fn btf_dump__dump_type(d: *mut btf_dump, id: __u32) -> c_int {
    ret_int("btf_dump__dump_type", || {
        // SAFETY: NULL or a live dumper.
        let h = unsafe { dump_handle(d)? };
        // SAFETY: the BTF outlives its dumpers; nothing runs caller code
        // while this borrow lives (ordering prints nothing).
        let b = &unsafe { h_ref(h.btf)? }.btf;
        if h.dumper.order(b, id)? {
            h.run(|dd, b, out| {
                dd.emit_queued(b, out);
                Ok(())
            })?;
        }
        Ok(0)
    })
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
    ret_int("btf_dump__emit_type_decl", || {
        // SAFETY: NULL or a valid opts struct.
        let o = unsafe { super::opts::read(opts)? };
        // SAFETY: NULL or a live dumper.
        let h = unsafe { dump_handle(d)? };
        let mut decl = DeclOpts::default();
        if let Some(o) = o {
            if !o.field_name.is_null() {
                // SAFETY: a C string, per the opts contract.
                decl.field_name = unsafe { CStr::from_ptr(o.field_name) }.to_bytes().to_vec();
            }
            decl.indent_level = o.indent_level;
            decl.strip_mods = o.strip_mods != 0;
        }
        h.run(|dd, b, out| dd.emit_type_decl(b, id, &decl, out))?;
        Ok(0)
    })
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
    ret_int("btf_dump__dump_type_data", || {
        // SAFETY: NULL or a valid opts struct.
        let o = unsafe { super::opts::read(opts)? };
        // SAFETY: NULL or a live dumper.
        let h = unsafe { dump_handle(d)? };
        // NULL data is as short as can be (every value is then -E2BIG).
        let bytes: &[u8] = if data.is_null() {
            &[]
        } else {
            // SAFETY: the caller vouches for data_sz readable bytes at data.
            unsafe { std::slice::from_raw_parts(data.cast::<u8>(), data_sz) }
        };
        let mut dopts = DataOpts {
            indent_str: b"\t".to_vec(),
            indent_level: 0,
            compact: false,
            skip_names: false,
            emit_zeroes: false,
            emit_strings: false,
            addr: data as usize,
        };
        if let Some(o) = o {
            if !o.indent_str.is_null() {
                // SAFETY: a C string, per the opts contract.
                let s = unsafe { CStr::from_ptr(o.indent_str) }.to_bytes();
                // libbpf copies it into a 32-byte buffer.
                dopts.indent_str = s[..s.len().min(31)].to_vec();
            }
            // libbpf keeps the level in a byte.
            dopts.indent_level = o.indent_level as u8;
            dopts.compact = o.compact != 0;
            dopts.skip_names = o.skip_names != 0;
            dopts.emit_zeroes = o.emit_zeroes != 0;
            dopts.emit_strings = o.emit_strings != 0;
        }
        h.run(|dd, b, out| dd.dump_type_data(b, id, bytes, &dopts, out))
    })
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
