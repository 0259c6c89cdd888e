//! `include/internal/libbpf_internal.h`'s BTF helpers: kind names, peeling
//! modifiers, and the field iterator (state in the caller's C struct).

use super::super::boundary::{guard_ptr, set_errno};
use super::super::btf::{btf, btf_type, h_ref};
use crate::btf::fields::{self, FieldDesc};
use crate::btf::kind;
use std::os::raw::{c_char, c_int, c_void};

fn kind_of(t: *const btf_type) -> u32 {
    // SAFETY: the caller's record; `info` is its second word.
    let info = unsafe { t.cast::<u32>().add(1).read_unaligned() };
    (info >> 24) & 0x1f
}

/// "int", "struct", … of a type record; "unknown" for an unknown kind.
///
/// # Safety
/// `t` is NULL or a BTF type record.
#[no_mangle]
pub unsafe extern "C" fn btf_kind_str(t: *const btf_type) -> *const c_char {
    if t.is_null() {
        return c"unknown".as_ptr();
    }
    kind::NAMES_NUL
        .get(kind_of(t) as usize)
        .map_or(c"unknown".as_ptr(), |n| n.as_ptr().cast())
}

/// Type `id` with modifiers and typedefs peeled off; *res_id gets the id
/// reached. NULL (errno EINVAL) when an id on the way does not exist.
///
/// # Safety
/// `btf` is a live handle; `res_id` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn skip_mods_and_typedefs(
    btf: *const btf,
    id: u32,
    res_id: *mut u32,
) -> *const btf_type {
    guard_ptr("skip_mods_and_typedefs", || {
        // SAFETY: NULL or a live handle.
        let found = unsafe { h_ref(btf) }
            .ok()
            .and_then(|h| h.btf.skip_mods_and_typedefs(id));
        let Some(t) = found else {
            set_errno(crate::Errno(libc::EINVAL));
            return std::ptr::null_mut();
        };
        if !res_id.is_null() {
            // SAFETY: writable per contract.
            unsafe { *res_id = t.id };
        }
        t.rec.as_ptr().cast_mut().cast()
    })
}

/// `struct btf_field_desc`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct btf_field_desc {
    t_off_cnt: c_int,
    t_offs: [c_int; 2],
    m_sz: c_int,
    m_off_cnt: c_int,
    m_offs: [c_int; 1],
}

/// `struct btf_field_iter`: the caller's iterator state.
#[repr(C)]
pub struct btf_field_iter {
    desc: btf_field_desc,
    p: *mut c_void,
    m_idx: c_int,
    off_idx: c_int,
    vlen: c_int,
}

fn to_c(d: FieldDesc) -> btf_field_desc {
    let mut c = btf_field_desc {
        t_off_cnt: d.t_offs.len() as c_int,
        m_sz: d.m_sz as c_int,
        m_off_cnt: d.m_offs.len() as c_int,
        ..Default::default()
    };
    for (dst, &o) in c.t_offs.iter_mut().zip(d.t_offs) {
        *dst = o as c_int;
    }
    for (dst, &o) in c.m_offs.iter_mut().zip(d.m_offs) {
        *dst = o as c_int;
    }
    c
}

/// Starts walking the type-id (kind 0) or string-offset (kind 1) fields of
/// record `t`. 0, or -EINVAL for an unknown kind.
///
/// # Safety
/// `it` writable; `t` a BTF type record with its members.
#[no_mangle]
pub unsafe extern "C" fn btf_field_iter_init(
    it: *mut btf_field_iter,
    t: *mut btf_type,
    iter_kind: c_int,
) -> c_int {
    if it.is_null() || t.is_null() {
        return -libc::EINVAL;
    }
    // SAFETY: writable per contract.
    let it = unsafe { &mut *it };
    it.p = std::ptr::null_mut();
    it.m_idx = -1;
    it.off_idx = 0;
    it.vlen = 0;
    let k = kind_of(t);
    let d = match iter_kind {
        0 => fields::id_fields(k),
        1 => fields::str_fields(k),
        _ => None,
    };
    let Some(d) = d else {
        return -libc::EINVAL;
    };
    it.desc = to_c(d);
    if d.m_sz != 0 {
        // SAFETY: the record's info word; vlen is its low 16 bits.
        it.vlen = (unsafe { t.cast::<u32>().add(1).read_unaligned() } & 0xffff) as c_int;
    }
    it.p = t.cast();
    0
}

/// The next field (a pointer into the record), NULL when done.
///
/// # Safety
/// `it` was set up by `btf_field_iter_init` on a record still live.
#[no_mangle]
pub unsafe extern "C" fn btf_field_iter_next(it: *mut btf_field_iter) -> *mut u32 {
    // SAFETY: per contract.
    let Some(it) = (unsafe { it.as_mut() }) else {
        return std::ptr::null_mut();
    };
    if it.p.is_null() {
        return std::ptr::null_mut();
    }
    let at = |p: *mut c_void, off: c_int| -> *mut u32 {
        // SAFETY: offsets within the record (or its members) per the description.
        unsafe { p.cast::<u8>().add(off as usize) }.cast()
    };
    if it.m_idx < 0 {
        if it.off_idx < it.desc.t_off_cnt {
            let off = it.desc.t_offs[it.off_idx as usize];
            it.off_idx += 1;
            return at(it.p, off);
        }
        // On to the members, which follow the 12-byte header.
        it.m_idx = 0;
        it.p = at(it.p, 12).cast();
        it.off_idx = 0;
    }
    if it.desc.m_sz == 0 {
        it.p = std::ptr::null_mut();
        return std::ptr::null_mut();
    }
    if it.off_idx >= it.desc.m_off_cnt {
        it.m_idx += 1;
        it.p = at(it.p, it.desc.m_sz).cast();
        it.off_idx = 0;
    }
    if it.m_idx < it.vlen {
        let off = it.desc.m_offs[it.off_idx as usize];
        it.off_idx += 1;
        return at(it.p, off);
    }
    it.p = std::ptr::null_mut();
    std::ptr::null_mut()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layout_matches_libbpf_internal_h() {
        assert_eq!(size_of::<btf_field_desc>(), 24);
        assert_eq!(offset_of!(btf_field_iter, p), 24);
        assert_eq!(size_of::<btf_field_iter>(), 48);
    }

    #[test]
    fn walks_a_func_proto() {
        // FUNC_PROTO returning [1] with params ([2], [3]).
        let mut rec: [u32; 7] = [0, 13 << 24 | 2, 1, 10, 2, 11, 3];
        let mut it: btf_field_iter = unsafe { std::mem::zeroed() };
        let t = rec.as_mut_ptr().cast::<btf_type>();
        assert_eq!(unsafe { btf_field_iter_init(&mut it, t, 0) }, 0);
        let mut ids = Vec::new();
        loop {
            let p = unsafe { btf_field_iter_next(&mut it) };
            if p.is_null() {
                break;
            }
            ids.push(unsafe { *p });
        }
        assert_eq!(ids, [1, 2, 3]);
        assert_eq!(unsafe { btf_field_iter_init(&mut it, t, 1) }, 0);
        let mut strs = 0;
        while !unsafe { btf_field_iter_next(&mut it) }.is_null() {
            strs += 1;
        }
        assert_eq!(strs, 3);
        assert_eq!(
            unsafe { btf_kind_str(t) },
            kind::NAMES_NUL[13].as_ptr().cast()
        );
    }
}
