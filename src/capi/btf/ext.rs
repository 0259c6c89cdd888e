//! btf.h `.BTF.ext` objects: `btf_ext__*`.

use super::*;

/// Parses raw .BTF.ext bytes.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__new(data: *const __u8, size: __u32) -> *mut btf_ext {
    ret_ptr("btf_ext__new", || {
        let raw = unsafe { bytes(data.cast(), size as usize, "data")? };
        Ok(handles::into_raw(BtfExt::parse(raw)?))
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
            drop(unsafe { handles::from_raw(btf_ext) })
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
        let e = unsafe { handles::get(btf_ext)? };
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
            let e = unsafe { handles::get(btf_ext)? };
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
        let e = unsafe { handles::get_mut(btf_ext)? };
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
