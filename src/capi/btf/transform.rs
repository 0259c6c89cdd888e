//! btf.h whole-object transforms: dedup, distill, relocate, permute,
//! and their opts structs.

use super::*;

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

/// Deduplicates types and strings in place.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__dedup(btf: *mut btf, opts: *const btf_dedup_opts) -> c_int {
    ret_int("btf__dedup", || {
        // SAFETY: opts per the sz rule; live handles (btf_ext NULL or live).
        let o: Option<btf_dedup_opts> = unsafe { crate::capi::opts::read(opts)? };
        let h = unsafe { h_mut(btf)? };
        let mut ext = match o {
            Some(o) if !o.btf_ext.is_null() => Some(unsafe { handles::get_mut(o.btf_ext)? }),
            _ => None,
        };
        let opts = crate::btf::dedup::DedupOpts {
            force_collisions: o.is_some_and(|o| o.force_collisions != 0),
        };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).dedup(ext.as_mut().map(|e| &mut e.ext), &opts);
        if let Some(e) = ext {
            e.sync();
        }
        r?;
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
        let o: Option<btf_permute_opts> = unsafe { crate::capi::opts::read(opts)? };
        let h = unsafe { h_mut(btf)? };
        if id_map.is_null() {
            return Err(crate::Error::inval("btf__permute: id_map is NULL"));
        }
        let map = unsafe { std::slice::from_raw_parts(id_map, id_map_cnt as usize) };
        let mut ext = match o {
            Some(o) if !o.btf_ext.is_null() => Some(unsafe { handles::get_mut(o.btf_ext)? }),
            _ => None,
        };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).permute(map, ext.as_mut().map(|e| &mut e.ext));
        if let Some(e) = ext {
            e.sync();
        }
        r?;
        Ok(0)
    })
}
