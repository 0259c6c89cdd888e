//! btf.h `.BTF.ext` objects: `btf_ext__*`, and what a `struct btf_ext *`
//! points to. Tools built against libbpf's source tree (bpftool's
//! `gen min_core_btf`) read libbpf's private `struct btf_ext` directly
//! (`core_relo_info` and its records), so the handle starts with that layout
//! (`include/internal/libbpf_internal.h`), kept in step with the parsed
//! [`BtfExt`] behind it.

use super::*;

/// `struct btf_ext_info`: one block's sections, in host byte order.
#[repr(C)]
#[derive(Clone, Copy)]
struct BtfExtInfo {
    info: *mut c_void,
    rec_size: u32,
    len: u32,
    sec_idxs: *mut u32,
    sec_cnt: c_int,
}

const NO_INFO: BtfExtInfo = BtfExtInfo {
    info: std::ptr::null_mut(),
    rec_size: 0,
    len: 0,
    sec_idxs: std::ptr::null_mut(),
    sec_cnt: 0,
};

/// `struct btf_ext`'s fields, as tools see them.
#[repr(C)]
struct BtfExtView {
    data: *mut c_void,
    data_swapped: *mut c_void,
    swapped_endian: bool,
    func_info: BtfExtInfo,
    line_info: BtfExtInfo,
    core_relo_info: BtfExtInfo,
    data_size: u32,
}

/// What a `struct btf_ext *` points to: the C view first, then the value.
#[repr(C)]
pub struct ExtHandle {
    view: BtfExtView,
    pub ext: BtfExt,
}

// SAFETY: `struct btf_ext *` pointers come only from `into_raw` of an ExtHandle.
unsafe impl Handle for btf_ext {
    type Target = ExtHandle;
    const WHAT: &'static str = "btf_ext";
    const KIND: crate::capi::registry::Kind = crate::capi::registry::Kind::BtfExt;
}

impl ExtHandle {
    pub fn new(ext: BtfExt) -> ExtHandle {
        let mut h = ExtHandle {
            view: BtfExtView {
                data: std::ptr::null_mut(),
                data_swapped: std::ptr::null_mut(),
                swapped_endian: false,
                func_info: NO_INFO,
                line_info: NO_INFO,
                core_relo_info: NO_INFO,
                data_size: 0,
            },
            ext,
        };
        h.sync();
        h
    }

    /// Points the view at the current data: call after changing `ext`. (The
    /// data lives in a shared buffer, so the view survives moving the handle.)
    pub fn sync(&mut self) {
        let e = &self.ext;
        let base = e.host_data().as_ptr().cast_mut();
        let info = |i: usize| match e.block(i) {
            Some((off, len, rec_size)) => BtfExtInfo {
                // SAFETY: `off` is within the host data (BtfExt::block).
                info: unsafe { base.add(off) }.cast(),
                rec_size,
                len: len as u32,
                ..NO_INFO
            },
            None => NO_INFO,
        };
        self.view = BtfExtView {
            data: base.cast(),
            data_swapped: std::ptr::null_mut(),
            swapped_endian: e.big_endian != cfg!(target_endian = "big"),
            func_info: info(0),
            line_info: info(1),
            core_relo_info: info(2),
            data_size: e.raw.len() as u32,
        };
    }
}

/// Parses raw .BTF.ext bytes.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__new(data: *const __u8, size: __u32) -> *mut btf_ext {
    ret_ptr("btf_ext__new", || {
        let raw = unsafe { bytes(data.cast(), size as usize, "data")? };
        Ok(handles::into_raw(ExtHandle::new(BtfExt::parse(raw)?)))
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
            drop(unsafe { handles::from_raw(btf_ext)? })
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
        let e = &unsafe { handles::get(btf_ext)? }.ext;
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
            let e = &unsafe { handles::get(btf_ext)? }.ext;
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
        let h = unsafe { handles::get_mut(btf_ext)? };
        let e = &mut h.ext;
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
        h.sync();
        Ok(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layout_matches_libbpf_internal_h() {
        assert_eq!(size_of::<BtfExtInfo>(), 32);
        assert_eq!(offset_of!(BtfExtView, func_info), 24);
        assert_eq!(offset_of!(BtfExtView, line_info), 56);
        assert_eq!(offset_of!(BtfExtView, core_relo_info), 88);
        assert_eq!(offset_of!(BtfExtView, data_size), 120);
        assert_eq!(offset_of!(ExtHandle, view), 0);
    }
}
