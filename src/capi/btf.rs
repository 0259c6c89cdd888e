//! btf.h (except btf_dump, in `btf_dump.rs`): BTF objects — parsing, lookup,
//! construction (`btf__add_*`), dedup, .BTF.ext — and their opts structs.
//!
//! Each export converts and checks its arguments; the behaviour lives in
//! `crate::btf`.
#![allow(clippy::undocumented_unsafe_blocks)]

use super::boundary::{bytes, cstr, opt_cstr, ret_int, ret_int_quiet, ret_ptr, ret_val};
pub use super::bpf::{__s32, __s64, __u32, __u64, __u8, c_bool};
use crate::btf::{ext::BtfExt, kind, Btf, Endian};
use crate::sys::kernel_btf;
use std::os::raw::{c_char, c_int, c_void};
use std::sync::Arc;

/// What a `struct btf *` points to.
pub struct BtfHandle {
    pub btf: Arc<Btf>,
    /// The base handle as the caller gave it (`btf__base_btf`).
    base_ptr: *const btf,
    /// Kernel fd after `btf__load_into_kernel`/`btf__set_fd`, else -1.
    fd: c_int,
    /// `btf__raw_data` output, rebuilt after any change.
    raw: std::sync::OnceLock<Vec<u8>>,
}

/// A handle owned by someone else (an object's `bpf_object__btf`): the
/// caller gets `&*handle` and must not free it.
pub fn borrowed_handle(b: Arc<Btf>, fd: c_int) -> Box<BtfHandle> {
    Box::new(BtfHandle {
        btf: b,
        base_ptr: std::ptr::null(),
        fd,
        raw: Default::default(),
    })
}

fn h_new(b: Btf, base_ptr: *const btf) -> *mut btf {
    h_new_arc(Arc::new(b), base_ptr)
}

fn h_new_arc(b: Arc<Btf>, base_ptr: *const btf) -> *mut btf {
    Box::into_raw(Box::new(BtfHandle {
        btf: b,
        base_ptr,
        fd: -1,
        raw: Default::default(),
    }))
    .cast()
}

/// # Safety
/// NULL or a live handle.
pub unsafe fn h_ref<'a>(p: *const btf) -> crate::Result<&'a BtfHandle> {
    unsafe { super::boundary::handle(p.cast::<BtfHandle>(), "btf") }
}

/// # Safety
/// NULL or a live handle, not aliased.
unsafe fn h_mut<'a>(p: *mut btf) -> crate::Result<&'a mut BtfHandle> {
    unsafe { super::boundary::handle_mut(p.cast::<BtfHandle>(), "btf") }
}

/// # Safety
/// NULL or a live handle.
unsafe fn h_opt<'a>(p: *const btf) -> Option<&'a BtfHandle> {
    unsafe { p.cast::<BtfHandle>().as_ref() }
}

/// # Safety
/// NULL or a handle given back once.
unsafe fn h_from_raw(p: *mut btf) -> Option<Box<BtfHandle>> {
    (!p.is_null()).then(|| unsafe { Box::from_raw(p.cast::<BtfHandle>()) })
}

/// Id of the record `p` points into (for btf__add_type).
fn find_type_id(b: &Btf, p: *const u8) -> Option<u32> {
    (0..b.type_cnt()).find(|&id| {
        b.type_by_id(id)
            .is_some_and(|t| std::ptr::eq(t.rec.as_ptr(), p))
    })
}

fn read_file(path: &str) -> crate::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        crate::Error::other(
            crate::Errno(crate::error::io_errno(&e, libc::EIO)),
            format!("failed to read '{path}': {e}"),
        )
    })
}

/// .BTF (and, when asked, .BTF.ext) of an ELF file.
///
/// # Safety
/// `base` NULL or live; `ext_out` NULL or writable.
unsafe fn parse_elf(
    data: &[u8],
    path: &str,
    base: *const btf,
    ext_out: *mut *mut btf_ext,
) -> crate::Result<*mut btf> {
    let (b, e) = crate::btf::elf::sections(data)?;
    let b = b.ok_or_else(|| {
        crate::Error::NotFound(format!("failed to find '.BTF' ELF section in {path}"))
    })?;
    let base_h = unsafe { h_opt(base) };
    let parsed = Btf::parse_split(b, base_h.map(|h| h.btf.clone()))?;
    if !ext_out.is_null() {
        let ext = match e {
            Some(e) => Box::into_raw(Box::new(BtfExt::parse(e)?)).cast(),
            None => std::ptr::null_mut(),
        };
        unsafe { *ext_out = ext };
    }
    Ok(h_new(parsed, base))
}

/// `struct btf`: a BTF object (opaque to C).
pub struct btf {
    _opaque: [u8; 0],
}

/// `struct btf_ext`: parsed .BTF.ext data (opaque to C).
pub struct btf_ext {
    _opaque: [u8; 0],
}

/// `struct btf_type` from <linux/btf.h>, used only behind pointers.
pub struct btf_type {
    _opaque: [u8; 0],
}

/// `enum btf_func_linkage` from <linux/btf.h>, taken by value.
pub type btf_func_linkage = std::os::raw::c_uint;

/// Byte order of BTF data.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum btf_endianness {
    BTF_LITTLE_ENDIAN = 0,
    BTF_BIG_ENDIAN = 1,
}

/// An `enum btf_endianness` coming from C (any int value may arrive).
pub type btf_endianness_t = std::os::raw::c_uint;

/// What a BTF forward declaration stands for.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum btf_fwd_kind {
    BTF_FWD_STRUCT = 0,
    BTF_FWD_UNION = 1,
    BTF_FWD_ENUM = 2,
}

/// An `enum btf_fwd_kind` coming from C (any int value may arrive).
pub type btf_fwd_kind_t = std::os::raw::c_uint;

/// Options of `btf__dedup`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct btf_dedup_opts {
    pub sz: usize,
    /// .BTF.ext to rewrite along with the types, or NULL.
    pub btf_ext: *mut btf_ext,
    /// Testing aid: treat every hash as colliding.
    pub force_collisions: c_bool,
}
crate::impl_opts!(btf_dedup_opts, force_collisions);

/// Options of `btf__permute`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct btf_permute_opts {
    pub sz: usize,
    /// .BTF.ext whose type ids follow the permutation, or NULL.
    pub btf_ext: *mut btf_ext,
}
crate::impl_opts!(btf_permute_opts, btf_ext);

/// Frees a BTF object; NULL is a no-op.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__free(btf: *mut btf) {
    crate::capi::boundary::ret_val("btf__free", (), || {
        // SAFETY: a handle given back once.
        if let Some(h) = unsafe { h_from_raw(btf) } {
            if h.fd >= 0 {
                // SAFETY: the fd was given to this object (btf__set_fd / load).
                unsafe { libc::close(h.fd) };
            }
        };
        Ok(())
    })
}

/// Parses raw BTF bytes into a new BTF object.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__new(data: *const c_void, size: __u32) -> *mut btf {
    ret_ptr("btf__new", || {
        // SAFETY: caller-provided buffer of `size` bytes.
        let raw = unsafe { bytes(data, size as usize, "data")? };
        Ok(h_new(Btf::parse(raw)?, std::ptr::null()))
    })
}

/// Parses raw split BTF on top of `base_btf` (plain BTF when NULL).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__new_split(
    data: *const c_void,
    size: __u32,
    base_btf: *mut btf,
) -> *mut btf {
    ret_ptr("btf__new_split", || {
        // SAFETY: caller-provided buffer / handle.
        let raw = unsafe { bytes(data, size as usize, "data")? };
        let base = unsafe { h_opt(base_btf) };
        Ok(h_new(
            Btf::parse_split(raw, base.map(|h| h.btf.clone()))?,
            base_btf,
        ))
    })
}

/// Creates an empty BTF object to be filled with `btf__add_*`.
#[no_mangle]
pub extern "C" fn btf__new_empty() -> *mut btf {
    ret_ptr("btf__new_empty", || {
        Ok(h_new(Btf::new_empty(None), std::ptr::null()))
    })
}

/// Creates an empty split BTF object on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__new_empty_split(base_btf: *mut btf) -> *mut btf {
    ret_ptr("btf__new_empty_split", || {
        // SAFETY: NULL or a live handle.
        let base = unsafe { h_opt(base_btf) };
        Ok(h_new(Btf::new_empty(base.map(|h| h.btf.clone())), base_btf))
    })
}

/// Splits off a minimal base for split BTF so it can be relocated later.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__distill_base(
    src_btf: *const btf,
    new_base_btf: *mut *mut btf,
    new_split_btf: *mut *mut btf,
) -> c_int {
    ret_int("btf__distill_base", || {
        // SAFETY: live handle.
        let h = unsafe { h_ref(src_btf)? };
        if new_base_btf.is_null() || new_split_btf.is_null() {
            return Err(crate::Error::inval(
                "btf__distill_base: NULL output pointer",
            ));
        }
        let (base, split) = crate::btf::distill::distill_base(&h.btf)?;
        let base_h = h_new_arc(base, std::ptr::null());
        let split_h = h_new(split, base_h);
        // SAFETY: writable out pointers per contract.
        unsafe {
            *new_base_btf = base_h;
            *new_split_btf = split_h;
        }
        Ok(0)
    })
}

/// Reads BTF (and .BTF.ext) from an ELF or raw BTF file.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse(path: *const c_char, btf_ext: *mut *mut btf_ext) -> *mut btf {
    ret_ptr("btf__parse", || {
        // SAFETY: C string / out pointer per contract.
        let path = unsafe { cstr(path, "path")? };
        let data = kernel_btf::FileBytes::open(path)?;
        if data.as_ref().starts_with(b"\x7fELF") {
            return unsafe { parse_elf(data.as_ref(), path, std::ptr::null(), btf_ext) };
        }
        let backing: crate::btf::Backing = Arc::new(data);
        Ok(h_new(Btf::parse_shared(backing, None)?, std::ptr::null()))
    })
}

/// Reads split BTF from an ELF or raw file on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_split(path: *const c_char, base_btf: *mut btf) -> *mut btf {
    ret_ptr("btf__parse_split", || {
        // SAFETY: C string / handle per contract.
        let path = unsafe { cstr(path, "path")? };
        let data = read_file(path)?;
        if data.starts_with(b"\x7fELF") {
            return unsafe { parse_elf(&data, path, base_btf, std::ptr::null_mut()) };
        }
        let base = unsafe { h_opt(base_btf) };
        Ok(h_new(
            Btf::parse_split(&data, base.map(|h| h.btf.clone()))?,
            base_btf,
        ))
    })
}

/// Reads .BTF (and .BTF.ext) from an ELF file.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_elf(
    path: *const c_char,
    btf_ext: *mut *mut btf_ext,
) -> *mut btf {
    ret_ptr("btf__parse_elf", || {
        // SAFETY: C string / out pointer per contract.
        let path = unsafe { cstr(path, "path")? };
        let data = read_file(path)?;
        unsafe { parse_elf(&data, path, std::ptr::null(), btf_ext) }
    })
}

/// Reads split .BTF from an ELF file on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_elf_split(path: *const c_char, base_btf: *mut btf) -> *mut btf {
    ret_ptr("btf__parse_elf_split", || {
        // SAFETY: C string / handle per contract.
        let path = unsafe { cstr(path, "path")? };
        let data = read_file(path)?;
        unsafe { parse_elf(&data, path, base_btf, std::ptr::null_mut()) }
    })
}

/// Reads a raw BTF file (e.g. /sys/kernel/btf/vmlinux).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_raw(path: *const c_char) -> *mut btf {
    ret_ptr("btf__parse_raw", || {
        // SAFETY: C string per contract.
        let path = unsafe { cstr(path, "path")? };
        Ok(h_new(
            kernel_btf::parse_raw_file(path, None)?,
            std::ptr::null(),
        ))
    })
}

/// Reads a raw split BTF file on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_raw_split(path: *const c_char, base_btf: *mut btf) -> *mut btf {
    ret_ptr("btf__parse_raw_split", || {
        // SAFETY: C string / handle per contract.
        let path = unsafe { cstr(path, "path")? };
        let base = unsafe { h_opt(base_btf) };
        Ok(h_new(
            kernel_btf::parse_raw_file(path, base.map(|h| h.btf.clone()))?,
            base_btf,
        ))
    })
}

/// Loads the running kernel's BTF.
#[no_mangle]
pub extern "C" fn btf__load_vmlinux_btf() -> *mut btf {
    ret_ptr("btf__load_vmlinux_btf", || {
        let v = kernel_btf::vmlinux_validated()?;
        Ok(h_new_arc(v, std::ptr::null()))
    })
}

/// Loads a kernel module's split BTF on top of `vmlinux_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__load_module_btf(
    module_name: *const c_char,
    vmlinux_btf: *mut btf,
) -> *mut btf {
    ret_ptr("btf__load_module_btf", || {
        // SAFETY: C string / handle per contract.
        let name = unsafe { cstr(module_name, "module_name")? };
        let base = match unsafe { h_opt(vmlinux_btf) } {
            Some(h) => h.btf.clone(),
            None => kernel_btf::vmlinux_validated()?,
        };
        Ok(h_new(kernel_btf::module(name, base)?, vmlinux_btf))
    })
}

/// Fetches a loaded BTF object from the kernel by id.
#[no_mangle]
pub extern "C" fn btf__load_from_kernel_by_id(id: __u32) -> *mut btf {
    // SAFETY: NULL base.
    unsafe { btf__load_from_kernel_by_id_split(id, std::ptr::null_mut()) }
}

/// Fetches a loaded split BTF object from the kernel by id.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__load_from_kernel_by_id_split(
    id: __u32,
    base_btf: *mut btf,
) -> *mut btf {
    ret_ptr("btf__load_from_kernel_by_id_split", || {
        let fd = kernel_btf::btf_get_fd_by_id(id)
            .map_err(|e| crate::Error::sys(format!("failed to get BTF object #{id} FD"), e))?;
        let raw = kernel_btf::btf_raw_by_fd(&fd)
            .map_err(|e| crate::Error::sys(format!("failed to get BTF object #{id} info"), e))?;
        // SAFETY: NULL or a live handle.
        let base = unsafe { h_opt(base_btf) };
        Ok(h_new(
            Btf::parse_split(&raw, base.map(|h| h.btf.clone()))?,
            base_btf,
        ))
    })
}

/// Loads the BTF into the kernel; its fd is kept in the object.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__load_into_kernel(btf: *mut btf) -> c_int {
    ret_int("btf__load_into_kernel", || {
        // SAFETY: live handle.
        let h = unsafe { h_mut(btf)? };
        if h.fd >= 0 {
            return Err(crate::Error::other(
                crate::Errno(libc::EEXIST),
                "BTF is already loaded",
            ));
        }
        let raw = h.btf.raw();
        let mut attr = crate::uapi::bpf::BtfLoadAttr {
            btf: raw.as_ptr() as u64,
            btf_size: raw.len() as u32,
            ..Default::default()
        };
        let fd = crate::sys::bpf::btf_load(&mut attr)
            .map_err(|e| crate::Error::sys("Error loading BTF into kernel", e))?;
        h.fd = std::os::fd::IntoRawFd::into_raw_fd(fd);
        Ok(0)
    })
}

/// Id of the first type named `type_name`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__find_by_name(btf: *const btf, type_name: *const c_char) -> __s32 {
    ret_int_quiet("btf__find_by_name", || {
        // SAFETY: live handle / C string.
        let h = unsafe { h_ref(btf)? };
        let name = unsafe { cstr(type_name, "type_name")? };
        h.btf
            .find_by_name(name)
            .map(|i| i as i32)
            .ok_or_else(|| crate::Error::NotFound(name.into()))
    })
}

/// Id of the type named `type_name` of kind `kind`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__find_by_name_kind(
    btf: *const btf,
    type_name: *const c_char,
    kind: __u32,
) -> __s32 {
    ret_int_quiet("btf__find_by_name_kind", || {
        // SAFETY: live handle / C string.
        let h = unsafe { h_ref(btf)? };
        let name = unsafe { cstr(type_name, "type_name")? };
        h.btf
            .find_by_name_kind(name, kind)
            .map(|i| i as i32)
            .ok_or_else(|| crate::Error::NotFound(name.into()))
    })
}

/// Number of type ids (including void and base types).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__type_cnt(btf: *const btf) -> __u32 {
    ret_val("btf__type_cnt", 0, || {
        Ok(unsafe { h_ref(btf)? }.btf.type_cnt())
    })
}

/// The base BTF of split BTF, else NULL.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__base_btf(btf: *const btf) -> *const btf {
    ret_val("btf__base_btf", std::ptr::null(), || {
        Ok(unsafe { h_ref(btf)? }.base_ptr)
    })
}

/// The type record of `id`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__type_by_id(btf: *const btf, id: __u32) -> *const btf_type {
    ret_val("btf__type_by_id", std::ptr::null(), || {
        // SAFETY: live handle.
        let h = unsafe { h_ref(btf)? };
        let t = h
            .btf
            .type_by_id(id)
            .ok_or_else(|| crate::Error::inval(format!("type [{id}] not found")))?;
        Ok(t.rec.as_ptr().cast())
    })
}

/// Pointer size of the BTF's target (0 if unknown).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__pointer_size(btf: *const btf) -> usize {
    ret_val("btf__pointer_size", 0, || {
        Ok(unsafe { h_ref(btf)? }.btf.known_pointer_size().unwrap_or(0) as usize)
    })
}

/// Sets the target pointer size (4 or 8).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__set_pointer_size(btf: *mut btf, ptr_sz: usize) -> c_int {
    ret_int("btf__set_pointer_size", || {
        // SAFETY: live handle.
        let h = unsafe { h_mut(btf)? };
        Arc::make_mut(&mut h.btf).set_pointer_size(ptr_sz as u32)?;
        Ok(0)
    })
}

/// Byte order of the BTF data.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__endianness(btf: *const btf) -> btf_endianness {
    ret_val("btf__endianness", btf_endianness::BTF_LITTLE_ENDIAN, || {
        Ok(match unsafe { h_ref(btf)? }.btf.endianness() {
            Endian::Little => btf_endianness::BTF_LITTLE_ENDIAN,
            Endian::Big => btf_endianness::BTF_BIG_ENDIAN,
        })
    })
}

/// Sets the byte order used when writing out the BTF.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__set_endianness(btf: *mut btf, endian: btf_endianness_t) -> c_int {
    ret_int("btf__set_endianness", || {
        // SAFETY: live handle.
        let h = unsafe { h_mut(btf)? };
        let e = match endian {
            0 => Endian::Little,
            1 => Endian::Big,
            _ => return Err(crate::Error::inval(format!("invalid endianness {endian}"))),
        };
        Arc::make_mut(&mut h.btf).set_endianness(e);
        h.raw = std::sync::OnceLock::new();
        Ok(0)
    })
}

/// Size in bytes of type `type_id`, through typedefs and modifiers.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__resolve_size(btf: *const btf, type_id: __u32) -> __s64 {
    let mut size = 0;
    // Quiet, as libbpf: callers probe sizes of arbitrary ids.
    let r = ret_int_quiet("btf__resolve_size", || {
        let h = unsafe { h_ref(btf)? };
        size = h.btf.resolve_size(type_id)? as __s64;
        Ok(0)
    });
    if r < 0 {
        r.into()
    } else {
        size
    }
}

/// Id of the type behind typedefs and modifiers.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__resolve_type(btf: *const btf, type_id: __u32) -> c_int {
    ret_int_quiet("btf__resolve_type", || {
        Ok(unsafe { h_ref(btf)? }.btf.resolve_type(type_id)? as c_int)
    })
}

/// Alignment in bytes of type `id`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__align_of(btf: *const btf, id: __u32) -> c_int {
    // libbpf returns 0 (errno EINVAL), not a negative error, for a type
    // without alignment.
    ret_val("btf__align_of", 0, || {
        Ok(unsafe { h_ref(btf)? }.btf.align_of(id)? as c_int)
    })
}

/// Kernel fd of loaded BTF, or a negative error.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__fd(btf: *const btf) -> c_int {
    ret_val("btf__fd", -libc::EINVAL, || Ok(unsafe { h_ref(btf)? }.fd))
}

/// Sets the kernel fd the object refers to.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__set_fd(btf: *mut btf, fd: c_int) {
    crate::capi::boundary::ret_val("btf__set_fd", (), || {
        if let Ok(h) = unsafe { h_mut(btf) } {
            h.fd = fd;
        };
        Ok(())
    })
}

/// Raw BTF bytes (in the chosen byte order); `*size` gets their length.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__raw_data(btf: *const btf, size: *mut __u32) -> *const c_void {
    ret_val("btf__raw_data", std::ptr::null(), || {
        let h = unsafe { h_ref(btf)? };
        let raw = h.raw.get_or_init(|| h.btf.raw());
        if !size.is_null() {
            // SAFETY: caller's out pointer.
            unsafe { *size = raw.len() as u32 };
        }
        Ok(raw.as_ptr().cast())
    })
}

/// String at `offset` of the string section.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__name_by_offset(btf: *const btf, offset: __u32) -> *const c_char {
    // SAFETY: forwarded.
    unsafe { btf__str_by_offset(btf, offset) }
}

/// String at `offset` of the string section.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__str_by_offset(btf: *const btf, offset: __u32) -> *const c_char {
    ret_val("btf__str_by_offset", std::ptr::null(), || {
        let h = unsafe { h_ref(btf)? };
        h.btf
            .cstr_with_nul(offset)
            .map(|s| s.as_ptr().cast())
            .ok_or_else(|| crate::Error::inval(format!("string offset {offset} out of range")))
    })
}

/// Parses raw .BTF.ext bytes.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__new(data: *const __u8, size: __u32) -> *mut btf_ext {
    ret_ptr("btf_ext__new", || {
        let raw = unsafe { bytes(data.cast(), size as usize, "data")? };
        Ok(Box::into_raw(Box::new(BtfExt::parse(raw)?)).cast())
    })
}

/// Frees a .BTF.ext object; NULL is a no-op.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__free(btf_ext: *mut btf_ext) {
    crate::capi::boundary::ret_val("btf_ext__free", (), || {
        if !btf_ext.is_null() {
            // SAFETY: a handle from btf_ext__new / btf__parse, given back once.
            drop(unsafe { Box::from_raw(btf_ext.cast::<BtfExt>()) })
        };
        Ok(())
    })
}

/// Raw .BTF.ext bytes; `*size` gets their length.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__raw_data(
    btf_ext: *const btf_ext,
    size: *mut __u32,
) -> *const c_void {
    ret_val("btf_ext__raw_data", std::ptr::null(), || {
        let e = unsafe { crate::capi::boundary::handle(btf_ext.cast::<BtfExt>(), "btf_ext")? };
        if !size.is_null() {
            // SAFETY: caller's out pointer.
            unsafe { *size = e.raw.len() as u32 };
        }
        Ok(e.raw.as_ptr().cast())
    })
}

/// Byte order of the .BTF.ext data.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__endianness(btf_ext: *const btf_ext) -> btf_endianness {
    ret_val(
        "btf_ext__endianness",
        btf_endianness::BTF_LITTLE_ENDIAN,
        || {
            let e = unsafe { crate::capi::boundary::handle(btf_ext.cast::<BtfExt>(), "btf_ext")? };
            Ok(if e.big_endian {
                btf_endianness::BTF_BIG_ENDIAN
            } else {
                btf_endianness::BTF_LITTLE_ENDIAN
            })
        },
    )
}

/// Sets the byte order used when writing out .BTF.ext.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__set_endianness(
    btf_ext: *mut btf_ext,
    endian: btf_endianness_t,
) -> c_int {
    ret_int("btf_ext__set_endianness", || {
        let e = unsafe { crate::capi::boundary::handle_mut(btf_ext.cast::<BtfExt>(), "btf_ext")? };
        let big = match endian {
            0 => false,
            1 => true,
            _ => return Err(crate::Error::inval(format!("invalid endianness {endian}"))),
        };
        if big != e.big_endian {
            // Every field after magic/version/flags is a 32-bit word.
            let raw = std::sync::Arc::make_mut(&mut e.raw);
            raw.swap(0, 1);
            for w in raw[4..].chunks_exact_mut(4) {
                w.reverse();
            }
            e.big_endian = big;
        }
        Ok(0)
    })
}

/// Offset of string `s` if present.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__find_str(btf: *mut btf, s: *const c_char) -> c_int {
    ret_int_quiet("btf__find_str", || {
        let h = unsafe { h_ref(btf)? };
        let s = unsafe { cstr(s, "s")? };
        h.btf
            .find_str(s)
            .map(|o| o as c_int)
            .ok_or_else(|| crate::Error::NotFound(s.into()))
    })
}

/// Adds string `s` (deduplicated); returns its offset.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_str(btf: *mut btf, s: *const c_char) -> c_int {
    ret_int("btf__add_str", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let s = unsafe { cstr(s, "s")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_str(s)?;
        Ok(r as c_int)
    })
}

/// Copies one type from `src_btf`; returns its new id.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_type(
    btf: *mut btf,
    src_btf: *const btf,
    src_type: *const btf_type,
) -> c_int {
    ret_int("btf__add_type", || {
        let src = unsafe { h_ref(src_btf)? };
        if src_type.is_null() {
            return Err(crate::Error::inval("src_type is NULL"));
        }
        let id = find_type_id(&src.btf, src_type.cast())
            .ok_or_else(|| crate::Error::inval("src_type is not a type of src_btf"))?;
        let t = src.btf.type_by_id(id).expect("found");
        let h = unsafe { h_mut(btf)? };
        h.raw = std::sync::OnceLock::new();
        Ok(Arc::make_mut(&mut h.btf).add_type(&src.btf, &t)? as c_int)
    })
}

/// Appends all types of `src_btf`; returns the first new id.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_btf(btf: *mut btf, src_btf: *const btf) -> c_int {
    ret_int("btf__add_btf", || {
        let src = unsafe { h_ref(src_btf)? }.btf.clone();
        let h = unsafe { h_mut(btf)? };
        h.raw = std::sync::OnceLock::new();
        Ok(Arc::make_mut(&mut h.btf).add_btf(&src)? as c_int)
    })
}

/// Appends an INT type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_int(
    btf: *mut btf,
    name: *const c_char,
    byte_sz: usize,
    encoding: c_int,
) -> c_int {
    ret_int("btf__add_int", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_int(name, byte_sz, encoding as u32)?;
        Ok(r as c_int)
    })
}

/// Appends a FLOAT type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_float(
    btf: *mut btf,
    name: *const c_char,
    byte_sz: usize,
) -> c_int {
    ret_int("btf__add_float", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_float(name, byte_sz)?;
        Ok(r as c_int)
    })
}

/// Appends a PTR type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_ptr(btf: *mut btf, ref_type_id: c_int) -> c_int {
    ret_int("btf__add_ptr", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(kind::PTR, None, ref_type_id, false)?;
        Ok(r as c_int)
    })
}

/// Appends an ARRAY type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_array(
    btf: *mut btf,
    index_type_id: c_int,
    elem_type_id: c_int,
    nr_elems: __u32,
) -> c_int {
    ret_int("btf__add_array", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_array(index_type_id, elem_type_id, nr_elems)?;
        Ok(r as c_int)
    })
}

/// Appends a STRUCT type; follow with `btf__add_field`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_struct(btf: *mut btf, name: *const c_char, sz: __u32) -> c_int {
    ret_int("btf__add_struct", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_composite(false, name, sz)?;
        Ok(r as c_int)
    })
}

/// Appends a UNION type; follow with `btf__add_field`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_union(btf: *mut btf, name: *const c_char, sz: __u32) -> c_int {
    ret_int("btf__add_union", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_composite(true, name, sz)?;
        Ok(r as c_int)
    })
}

/// Adds a member to the last STRUCT/UNION.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_field(
    btf: *mut btf,
    name: *const c_char,
    field_type_id: c_int,
    bit_offset: __u32,
    bit_size: __u32,
) -> c_int {
    ret_int("btf__add_field", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf)
            .add_field(name, field_type_id, bit_offset, bit_size)
            .map(|_| 0)?;
        Ok(r as c_int)
    })
}

/// Appends an ENUM type; follow with `btf__add_enum_value`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_enum(
    btf: *mut btf,
    name: *const c_char,
    bytes_sz: __u32,
) -> c_int {
    ret_int("btf__add_enum", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_enum(name, bytes_sz)?;
        Ok(r as c_int)
    })
}

/// Adds a value to the last ENUM/ENUM64.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_enum_value(
    btf: *mut btf,
    name: *const c_char,
    value: __s64,
) -> c_int {
    ret_int("btf__add_enum_value", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf)
            .add_enum_value(name, value)
            .map(|_| 0)?;
        Ok(r as c_int)
    })
}

/// Appends an ENUM64 type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_enum64(
    btf: *mut btf,
    name: *const c_char,
    bytes_sz: __u32,
    is_signed: c_bool,
) -> c_int {
    ret_int("btf__add_enum64", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_enum64(name, bytes_sz, is_signed != 0)?;
        Ok(r as c_int)
    })
}

/// Adds a 64-bit value to the last ENUM64.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_enum64_value(
    btf: *mut btf,
    name: *const c_char,
    value: __u64,
) -> c_int {
    ret_int("btf__add_enum64_value", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf)
            .add_enum64_value(name, value)
            .map(|_| 0)?;
        Ok(r as c_int)
    })
}

/// Appends a forward declaration.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_fwd(
    btf: *mut btf,
    name: *const c_char,
    fwd_kind: btf_fwd_kind_t,
) -> c_int {
    ret_int("btf__add_fwd", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_fwd(name, fwd_kind)?;
        Ok(r as c_int)
    })
}

/// Appends a TYPEDEF.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_typedef(
    btf: *mut btf,
    name: *const c_char,
    ref_type_id: c_int,
) -> c_int {
    ret_int("btf__add_typedef", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(
            kind::TYPEDEF,
            Some(name),
            ref_type_id,
            false,
        )?;
        Ok(r as c_int)
    })
}

/// Appends a VOLATILE modifier.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_volatile(btf: *mut btf, ref_type_id: c_int) -> c_int {
    ret_int("btf__add_volatile", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(kind::VOLATILE, None, ref_type_id, false)?;
        Ok(r as c_int)
    })
}

/// Appends a CONST modifier.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_const(btf: *mut btf, ref_type_id: c_int) -> c_int {
    ret_int("btf__add_const", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(kind::CONST, None, ref_type_id, false)?;
        Ok(r as c_int)
    })
}

/// Appends a RESTRICT modifier.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_restrict(btf: *mut btf, ref_type_id: c_int) -> c_int {
    ret_int("btf__add_restrict", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(kind::RESTRICT, None, ref_type_id, false)?;
        Ok(r as c_int)
    })
}

/// Appends a TYPE_TAG.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_type_tag(
    btf: *mut btf,
    value: *const c_char,
    ref_type_id: c_int,
) -> c_int {
    ret_int("btf__add_type_tag", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let value = unsafe { cstr(value, "value")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(
            kind::TYPE_TAG,
            Some(value),
            ref_type_id,
            false,
        )?;
        Ok(r as c_int)
    })
}

/// Appends a TYPE_TAG marked as an attribute (kflag set).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_type_attr(
    btf: *mut btf,
    value: *const c_char,
    ref_type_id: c_int,
) -> c_int {
    ret_int("btf__add_type_attr", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let value = unsafe { cstr(value, "value")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(
            kind::TYPE_TAG,
            Some(value),
            ref_type_id,
            true,
        )?;
        Ok(r as c_int)
    })
}

/// Appends a FUNC.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_func(
    btf: *mut btf,
    name: *const c_char,
    linkage: btf_func_linkage,
    proto_type_id: c_int,
) -> c_int {
    ret_int("btf__add_func", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_func(name, linkage, proto_type_id)?;
        Ok(r as c_int)
    })
}

/// Appends a FUNC_PROTO; follow with `btf__add_func_param`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_func_proto(btf: *mut btf, ret_type_id: c_int) -> c_int {
    ret_int("btf__add_func_proto", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_func_proto(ret_type_id)?;
        Ok(r as c_int)
    })
}

/// Adds a parameter to the last FUNC_PROTO.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_func_param(
    btf: *mut btf,
    name: *const c_char,
    type_id: c_int,
) -> c_int {
    ret_int("btf__add_func_param", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf)
            .add_func_param(name, type_id)
            .map(|_| 0)?;
        Ok(r as c_int)
    })
}

/// Appends a VAR.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_var(
    btf: *mut btf,
    name: *const c_char,
    linkage: c_int,
    type_id: c_int,
) -> c_int {
    ret_int("btf__add_var", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_var(name, linkage as u32, type_id)?;
        Ok(r as c_int)
    })
}

/// Appends a DATASEC; follow with `btf__add_datasec_var_info`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_datasec(
    btf: *mut btf,
    name: *const c_char,
    byte_sz: __u32,
) -> c_int {
    ret_int("btf__add_datasec", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_datasec(name, byte_sz)?;
        Ok(r as c_int)
    })
}

/// Adds a variable entry to the last DATASEC.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_datasec_var_info(
    btf: *mut btf,
    var_type_id: c_int,
    offset: __u32,
    byte_sz: __u32,
) -> c_int {
    ret_int("btf__add_datasec_var_info", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf)
            .add_datasec_var_info(var_type_id, offset, byte_sz)
            .map(|_| 0)?;
        Ok(r as c_int)
    })
}

/// Appends a DECL_TAG.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_decl_tag(
    btf: *mut btf,
    value: *const c_char,
    ref_type_id: c_int,
    component_idx: c_int,
) -> c_int {
    ret_int("btf__add_decl_tag", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let value = unsafe { cstr(value, "value")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_decl_tag(value, ref_type_id, component_idx, false)?;
        Ok(r as c_int)
    })
}

/// Appends a DECL_TAG marked as an attribute (kflag set).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_decl_attr(
    btf: *mut btf,
    value: *const c_char,
    ref_type_id: c_int,
    component_idx: c_int,
) -> c_int {
    ret_int("btf__add_decl_attr", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let value = unsafe { cstr(value, "value")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_decl_tag(value, ref_type_id, component_idx, true)?;
        Ok(r as c_int)
    })
}

/// Deduplicates types and strings in place.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__dedup(btf: *mut btf, opts: *const btf_dedup_opts) -> c_int {
    ret_int("btf__dedup", || {
        // SAFETY: opts per the sz rule; live handles (btf_ext NULL or live).
        let o: Option<btf_dedup_opts> = unsafe { super::opts::read(opts)? };
        let h = unsafe { h_mut(btf)? };
        let ext = o.and_then(|o| unsafe { o.btf_ext.cast::<BtfExt>().as_mut() });
        let opts = crate::btf::dedup::DedupOpts {
            force_collisions: o.is_some_and(|o| o.force_collisions != 0),
        };
        h.raw = std::sync::OnceLock::new();
        Arc::make_mut(&mut h.btf).dedup(ext, &opts)?;
        Ok(0)
    })
}

/// Re-parents split BTF onto `base_btf`, fixing ids and strings.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__relocate(btf: *mut btf, base_btf: *const btf) -> c_int {
    ret_int("btf__relocate", || {
        // SAFETY: live handles.
        let h = unsafe { h_mut(btf)? };
        let base = unsafe { h_ref(base_btf)? };
        if std::ptr::eq(h.base_ptr, base_btf) {
            return Err(crate::Error::inval(
                "btf__relocate: BTF is already based on that base",
            ));
        }
        crate::btf::distill::relocate(Arc::make_mut(&mut h.btf), base.btf.clone())?;
        h.base_ptr = base_btf;
        h.raw = std::sync::OnceLock::new();
        Ok(0)
    })
}

/// Reorders types in place according to `id_map`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__permute(
    btf: *mut btf,
    id_map: *mut __u32,
    id_map_cnt: __u32,
    opts: *const btf_permute_opts,
) -> c_int {
    ret_int("btf__permute", || {
        // SAFETY: opts per the sz rule; live handle; id_map has id_map_cnt ids.
        let o: Option<btf_permute_opts> = unsafe { super::opts::read(opts)? };
        let h = unsafe { h_mut(btf)? };
        if id_map.is_null() {
            return Err(crate::Error::inval("btf__permute: id_map is NULL"));
        }
        let map = unsafe { std::slice::from_raw_parts(id_map, id_map_cnt as usize) };
        let ext = o.and_then(|o| unsafe { o.btf_ext.cast::<BtfExt>().as_mut() });
        h.raw = std::sync::OnceLock::new();
        Arc::make_mut(&mut h.btf).permute(map, ext)?;
        Ok(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    #[test]
    fn layouts_match_upstream() {
        assert_eq!(size_of::<btf_dedup_opts>(), 24);
        assert_eq!(size_of::<btf_permute_opts>(), 16);
    }

    #[test]
    fn null_and_bad_input_fail_cleanly() {
        // SAFETY: NULL and garbage are accepted by these calls.
        unsafe {
            assert!(btf__new(std::ptr::null(), 0).is_null());
            assert!(btf__new([1u8, 2, 3].as_ptr().cast(), 3).is_null());
            assert_eq!(crate::Errno::last(), crate::Errno::EINVAL);
            assert_eq!(btf__fd(std::ptr::null()), -libc::EINVAL);
            btf__free(std::ptr::null_mut());
            assert_eq!(
                btf__dedup(std::ptr::null_mut(), std::ptr::null()),
                -libc::EINVAL
            );
        }
    }

    #[test]
    fn build_then_read_back() {
        // SAFETY: handles from this library; C strings are literals.
        unsafe {
            let b = btf__new_empty();
            let int = btf__add_int(b, c"int".as_ptr(), 4, 1);
            assert_eq!(int, 1);
            let s = btf__add_struct(b, c"pair".as_ptr(), 8);
            assert_eq!(btf__add_field(b, c"a".as_ptr(), int, 0, 0), 0);
            assert_eq!(btf__add_field(b, c"b".as_ptr(), int, 32, 0), 0);
            assert_eq!(btf__find_by_name_kind(b, c"pair".as_ptr(), 4), s);
            assert_eq!(btf__resolve_size(b, s as u32), 8);
            let mut sz = 0u32;
            let raw = btf__raw_data(b, &mut sz);
            let b2 = btf__new(raw, sz);
            assert!(!b2.is_null());
            assert_eq!(btf__type_cnt(b2), 3);
            assert_eq!(btf__find_by_name(b2, c"pair".as_ptr()), s);
            btf__free(b);
            btf__free(b2);
        }
    }
}
