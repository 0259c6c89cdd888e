//! btf.h lookups on a BTF object: types by id and name, sizes and
//! alignment, strings, pointer size, byte order, fd and raw bytes.

use super::*;

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
        unsafe { h_mut(btf)? }.fd = fd;
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
