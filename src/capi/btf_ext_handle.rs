//! What a `struct btf_ext *` points to. Tools built against libbpf's source
//! tree (bpftool's `gen min_core_btf`) read libbpf's private `struct btf_ext`
//! directly (`core_relo_info` and its records), so the handle starts with
//! that layout (`include/internal/libbpf_internal.h`), kept in step with the
//! parsed [`BtfExt`] behind it.

use super::btf::btf_ext;
use crate::btf::ext::BtfExt;
use crate::error::Result;
use std::os::raw::{c_int, c_void};

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

/// The handle: the C view first, then the Rust value it describes.
#[repr(C)]
pub struct ExtHandle {
    view: BtfExtView,
    pub ext: BtfExt,
}

impl ExtHandle {
    fn new(ext: BtfExt) -> Box<ExtHandle> {
        let none = BtfExtInfo {
            info: std::ptr::null_mut(),
            rec_size: 0,
            len: 0,
            sec_idxs: std::ptr::null_mut(),
            sec_cnt: 0,
        };
        let mut h = Box::new(ExtHandle {
            view: BtfExtView {
                data: std::ptr::null_mut(),
                data_swapped: std::ptr::null_mut(),
                swapped_endian: false,
                func_info: none,
                line_info: none,
                core_relo_info: none,
                data_size: 0,
            },
            ext,
        });
        h.sync();
        h
    }

    /// Points the view at the current data: call after changing `ext`.
    pub fn sync(&mut self) {
        let e = &self.ext;
        let base = e.host_data().as_ptr().cast_mut();
        let info = |i: usize| match e.block(i) {
            Some((off, len, rec_size)) => BtfExtInfo {
                // SAFETY: `off` is within the host data (BtfExt::block).
                info: unsafe { base.add(off) }.cast(),
                rec_size,
                len: len as u32,
                sec_idxs: std::ptr::null_mut(),
                sec_cnt: 0,
            },
            None => BtfExtInfo {
                info: std::ptr::null_mut(),
                rec_size: 0,
                len: 0,
                sec_idxs: std::ptr::null_mut(),
                sec_cnt: 0,
            },
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

pub fn ext_into_raw(e: BtfExt) -> *mut btf_ext {
    Box::into_raw(ExtHandle::new(e)).cast()
}

/// # Safety
/// `p` is NULL or a handle from [`ext_into_raw`], given back once.
pub unsafe fn ext_from_raw(p: *mut btf_ext) -> Option<Box<ExtHandle>> {
    // SAFETY: forwarded.
    (!p.is_null()).then(|| unsafe { Box::from_raw(p.cast::<ExtHandle>()) })
}

/// # Safety
/// `p` is NULL or a live handle.
pub unsafe fn ext_ref<'a>(p: *const btf_ext) -> Result<&'a BtfExt> {
    // SAFETY: forwarded.
    unsafe { super::boundary::handle(p.cast::<ExtHandle>(), "btf_ext") }.map(|h| &h.ext)
}

/// # Safety
/// `p` is NULL or a live handle, not aliased.
pub unsafe fn ext_mut<'a>(p: *mut btf_ext) -> Result<&'a mut ExtHandle> {
    // SAFETY: forwarded.
    unsafe { super::boundary::handle_mut(p.cast::<ExtHandle>(), "btf_ext") }
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
