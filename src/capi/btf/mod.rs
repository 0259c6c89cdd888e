//! btf.h (except btf_dump, in `btf_dump.rs`): BTF objects — parsing, lookup,
//! construction (`btf__add_*`), dedup, .BTF.ext — and their opts structs.
//!
//! Each export converts and checks its arguments; the behaviour lives in
//! `crate::btf`. One file per family: [`read`] (making and freeing BTF
//! objects), [`lookup`], [`write`] (`btf__add_*`), [`ext`] (`.BTF.ext`),
//! [`transform`] (dedup, distill, relocate, permute). This file holds the
//! handle and the types they share.
#![allow(clippy::undocumented_unsafe_blocks)]

use crate::btf::{ext::BtfExt, kind, Btf, Endian};
use crate::capi::boundary::{bytes, cstr, opt_cstr, ret_int, ret_int_quiet, ret_ptr, ret_val};
use crate::capi::handles::{self, Handle};
pub use crate::capi::handles::{btf, btf_ext};
pub use crate::capi::types::{
    __s32, __s64, __u32, __u64, __u8, btf_func_linkage, btf_type, c_bool,
};
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

// SAFETY: `struct btf *` pointers come only from `into_raw` of a BtfHandle
// (or point at one an object keeps, `bpf_object__btf`).
unsafe impl Handle for btf {
    type Target = BtfHandle;
    const WHAT: &'static str = "btf";
    const KIND: crate::capi::registry::Kind = crate::capi::registry::Kind::Btf;
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
    handles::into_raw(BtfHandle {
        btf: b,
        base_ptr,
        fd: -1,
        raw: Default::default(),
    })
}

/// # Safety
/// NULL or a live handle.
pub unsafe fn h_ref<'a>(p: *const btf) -> crate::Result<&'a BtfHandle> {
    unsafe { handles::get(p) }
}

/// # Safety
/// NULL or a live handle, not aliased.
unsafe fn h_mut<'a>(p: *mut btf) -> crate::Result<&'a mut BtfHandle> {
    unsafe { handles::get_mut(p) }
}

/// # Safety
/// NULL or a live handle.
unsafe fn h_opt<'a>(p: *const btf) -> crate::Result<Option<&'a BtfHandle>> {
    unsafe { handles::get_opt(p) }
}

/// # Safety
/// NULL or a handle given back once.
unsafe fn h_from_raw(p: *mut btf) -> crate::Result<Option<Box<BtfHandle>>> {
    unsafe { handles::from_raw(p) }
}

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

pub mod ext;
pub mod lookup;
pub mod read;
pub mod transform;
pub mod write;

pub use ext::*;
pub use lookup::*;
pub use read::*;
pub use transform::*;
pub use write::*;

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
