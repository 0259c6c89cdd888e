//! `include/internal/relo_core.h` and the candidate helpers of
//! `libbpf_internal.h`: CO-RE decisions for tools (bpftool's
//! `gen min_core_btf`), on oxbpf's CO-RE engine (`crate::btf::core`).

use super::super::boundary::{cstr, ret_val};
use super::super::btf::{btf, h_ref};
use crate::btf::core::{self, compat, spec::Spec, CoreRelo};
use crate::btf::Btf;
use std::os::raw::{c_char, c_int};

/// `struct bpf_core_cand`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_core_cand {
    btf: *const btf,
    id: u32,
}

/// `struct bpf_core_cand_list`: `cands` is malloc'ed (the caller frees the
/// list with `bpf_core_free_cands`).
#[repr(C)]
pub struct bpf_core_cand_list {
    cands: *mut bpf_core_cand,
    len: c_int,
}

const SPEC_MAX_LEN: usize = 64;

/// `struct bpf_core_accessor`.
#[repr(C)]
#[derive(Clone, Copy)]
struct bpf_core_accessor {
    type_id: u32,
    idx: u32,
    name: *const c_char,
}

/// `struct bpf_core_spec`.
#[repr(C)]
pub struct bpf_core_spec {
    btf: *const btf,
    spec: [bpf_core_accessor; SPEC_MAX_LEN],
    root_type_id: u32,
    relo_kind: u32,
    len: c_int,
    raw_spec: [c_int; SPEC_MAX_LEN],
    raw_len: c_int,
    bit_offset: u32,
}

/// `struct bpf_core_relo_res`.
#[repr(C)]
pub struct bpf_core_relo_res {
    orig_val: u64,
    new_val: u64,
    poison: bool,
    validate: bool,
    fail_memsz_adjust: bool,
    orig_sz: u32,
    orig_type_id: u32,
    new_sz: u32,
    new_type_id: u32,
}

/// `struct bpf_core_relo` (`<linux/bpf.h>`).
#[repr(C)]
pub struct bpf_core_relo {
    insn_off: u32,
    type_id: u32,
    access_str_off: u32,
    kind: u32,
}

/// Length of `name` without its `___flavor` suffix.
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn bpf_core_essential_name_len(name: *const c_char) -> usize {
    if name.is_null() {
        return 0;
    }
    // SAFETY: NUL-terminated per contract.
    let n = unsafe { std::ffi::CStr::from_ptr(name) }.to_bytes();
    crate::btf::essential_len(n)
}

/// Appends to `cands` the types of `targ_btf` (ids from `targ_start_id`)
/// whose kind suits the local type's and whose essential name is the local
/// one's first `local_essent_len` characters. 0 or -ENOMEM.
///
/// # Safety
/// `local_cand` and `cands` valid; their BTF handles live.
#[no_mangle]
pub unsafe extern "C" fn bpf_core_add_cands(
    local_cand: *mut bpf_core_cand,
    local_essent_len: usize,
    targ_btf: *const btf,
    targ_btf_name: *const c_char,
    targ_start_id: c_int,
    cands: *mut bpf_core_cand_list,
) -> c_int {
    ret_val("bpf_core_add_cands", -libc::EINVAL, || {
        // SAFETY: valid per contract.
        let lc = unsafe { local_cand.as_ref() }
            .ok_or_else(|| crate::Error::inval("bpf_core_add_cands: local_cand is NULL"))?;
        let list = unsafe { cands.as_mut() }
            .ok_or_else(|| crate::Error::inval("bpf_core_add_cands: cands is NULL"))?;
        let local = &unsafe { h_ref(lc.btf)? }.btf;
        let targ = &unsafe { h_ref(targ_btf)? }.btf;
        let targ_name = unsafe { cstr(targ_btf_name, "targ_btf_name") }.unwrap_or("");
        let found = core::add_cands(
            local,
            lc.id,
            local_essent_len,
            targ,
            targ_start_id,
            targ_name,
        )?;
        if found.is_empty() {
            return Ok(0);
        }
        let old = usize::try_from(list.len).unwrap_or(0);
        let total = old + found.len();
        // SAFETY: the caller's malloc'ed array (or NULL), grown like libbpf.
        let p = unsafe {
            libc::realloc(
                list.cands.cast(),
                total * std::mem::size_of::<bpf_core_cand>(),
            )
        }
        .cast::<bpf_core_cand>();
        if p.is_null() {
            return Ok(-libc::ENOMEM);
        }
        for (i, id) in found.into_iter().enumerate() {
            // SAFETY: within the `total` slots just allocated.
            unsafe { p.add(old + i).write(bpf_core_cand { btf: targ_btf, id }) };
        }
        list.cands = p;
        list.len = total as c_int;
        Ok(0)
    })
}

/// Frees a candidate list and its array; NULL is a no-op.
///
/// # Safety
/// `cands` NULL or malloc'ed, with a malloc'ed (or NULL) array.
#[no_mangle]
pub unsafe extern "C" fn bpf_core_free_cands(cands: *mut bpf_core_cand_list) {
    if cands.is_null() {
        return;
    }
    // SAFETY: malloc'ed per contract.
    unsafe {
        libc::free((*cands).cands.cast());
        libc::free(cands.cast());
    }
}

fn compat_result(r: Option<bool>) -> c_int {
    r.map_or(-libc::EINVAL, c_int::from)
}

/// 1 if local type `local_id` may be relocated to `targ_id`, else 0.
///
/// # Safety
/// Live BTF handles.
#[no_mangle]
pub unsafe extern "C" fn bpf_core_types_are_compat(
    local_btf: *const btf,
    local_id: u32,
    targ_btf: *const btf,
    targ_id: u32,
) -> c_int {
    ret_val("bpf_core_types_are_compat", -libc::EINVAL, || {
        let (l, t) = unsafe { (h_ref(local_btf)?, h_ref(targ_btf)?) };
        Ok(compat_result(compat::types_compat(
            &l.btf, local_id, &t.btf, targ_id,
        )))
    })
}

/// 1 if local type `local_id` matches `targ_id` (`bpf_core_type_matches`).
///
/// # Safety
/// Live BTF handles.
#[no_mangle]
pub unsafe extern "C" fn bpf_core_types_match(
    local_btf: *const btf,
    local_id: u32,
    targ_btf: *const btf,
    targ_id: u32,
) -> c_int {
    ret_val("bpf_core_types_match", -libc::EINVAL, || {
        let (l, t) = unsafe { (h_ref(local_btf)?, h_ref(targ_btf)?) };
        Ok(compat_result(compat::types_match(
            &l.btf, local_id, &t.btf, targ_id,
        )))
    })
}

/// Pointer to the name an accessor carries, in its BTF's strings.
fn acc_name(b: &Btf, type_id: u32, idx: u32) -> *const c_char {
    let Some(t) = b.type_by_id(type_id) else {
        return std::ptr::null();
    };
    let name_off = if t.is_any_enum() {
        t.enum_value(idx as usize).0
    } else {
        t.member(idx as usize).0
    };
    b.cstr_with_nul(name_off)
        .map_or(std::ptr::null(), |s| s.as_ptr().cast())
}

fn write_spec(dst: &mut bpf_core_spec, s: &Spec<'_>, handle: *const btf) {
    dst.btf = handle;
    dst.root_type_id = s.root_type_id;
    dst.relo_kind = s.kind as u32;
    dst.len = s.acc.len().min(SPEC_MAX_LEN) as c_int;
    for (d, a) in dst.spec.iter_mut().zip(&s.acc) {
        *d = bpf_core_accessor {
            type_id: a.type_id,
            idx: a.idx,
            name: if a.name.is_some() {
                acc_name(s.btf, a.type_id, a.idx)
            } else {
                std::ptr::null()
            },
        };
    }
    dst.raw_len = s.raw.len().min(SPEC_MAX_LEN) as c_int;
    for (d, &r) in dst.raw_spec.iter_mut().zip(&s.raw) {
        *d = r as c_int;
    }
    dst.bit_offset = s.bit_offset;
}

/// Decides relocation `relo` of `local_btf` against `cands`, as libbpf:
/// specs_scratch[0] gets the local spec, [2] the chosen target's; the
/// candidates that did not match are dropped from `cands` (unless none
/// matched). 0 or a negative errno.
///
/// # Safety
/// `relo` valid; `local_btf` and the candidates' handles live;
/// `specs_scratch` has 3 specs; `targ_res` writable; `cands` NULL only for
/// a local type id relocation.
#[no_mangle]
pub unsafe extern "C" fn bpf_core_calc_relo_insn(
    prog_name: *const c_char,
    relo: *const bpf_core_relo,
    relo_idx: c_int,
    local_btf: *const btf,
    cands: *mut bpf_core_cand_list,
    specs_scratch: *mut bpf_core_spec,
    targ_res: *mut bpf_core_relo_res,
) -> c_int {
    ret_val("bpf_core_calc_relo_insn", -libc::EINVAL, || {
        // SAFETY: per contract.
        let r = unsafe { relo.as_ref() }
            .ok_or_else(|| crate::Error::inval("bpf_core_calc_relo_insn: relo is NULL"))?;
        if specs_scratch.is_null() || targ_res.is_null() {
            return Err(crate::Error::inval(
                "bpf_core_calc_relo_insn: NULL specs or result",
            ));
        }
        let prog = unsafe { cstr(prog_name, "prog_name") }.unwrap_or("");
        let local_h = unsafe { h_ref(local_btf)? };
        let relo = CoreRelo {
            insn_off: r.insn_off,
            type_id: r.type_id,
            access_str_off: r.access_str_off,
            kind: r.kind,
        };
        // SAFETY: NULL or a valid list whose handles are live.
        let list = unsafe { cands.as_mut() };
        let mut handles: Vec<*const btf> = Vec::new();
        let d = core::calc_relo(prog, &local_h.btf, &relo, relo_idx as usize, || {
            let list = list
                .as_deref()
                .ok_or_else(|| crate::Error::inval("bpf_core_calc_relo_insn: no candidate list"))?;
            let n = usize::try_from(list.len).unwrap_or(0);
            let arr: &[bpf_core_cand] = if n == 0 || list.cands.is_null() {
                &[]
            } else {
                unsafe { std::slice::from_raw_parts(list.cands, n) }
            };
            let mut out = Vec::with_capacity(n);
            for c in arr {
                handles.push(c.btf);
                out.push((&*unsafe { h_ref(c.btf)? }.btf, c.id));
            }
            Ok(out)
        });
        // Its failures were logged where they happened, as libbpf's are.
        let d = match d {
            Ok(d) => d,
            Err(e) => return Ok(-e.errno().0),
        };
        // SAFETY: 3 specs and a result, writable per contract.
        let specs = unsafe { std::slice::from_raw_parts_mut(specs_scratch, 3) };
        write_spec(&mut specs[0], &d.local, local_btf);
        if let (Some(t), Some(&first)) = (&d.target, d.matching.first()) {
            write_spec(&mut specs[2], t, handles[first]);
        }
        let f = &d.fixup;
        unsafe {
            targ_res.write(bpf_core_relo_res {
                orig_val: f.orig_val,
                new_val: f.new_val,
                poison: f.poison,
                validate: f.validate,
                fail_memsz_adjust: f.fail_memsz_adjust,
                orig_sz: f.orig_sz,
                orig_type_id: f.orig_type_id,
                new_sz: f.new_sz,
                new_type_id: f.new_type_id,
            })
        };
        if let Some(list) = list {
            if !d.matching.is_empty() && (d.matching.len() as c_int) < list.len {
                for (j, &i) in d.matching.iter().enumerate() {
                    unsafe { *list.cands.add(j) = *list.cands.add(i) };
                }
                list.len = d.matching.len() as c_int;
            }
        }
        Ok(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layouts_match_relo_core_h() {
        assert_eq!(size_of::<bpf_core_cand>(), 16);
        assert_eq!(size_of::<bpf_core_cand_list>(), 16);
        assert_eq!(offset_of!(bpf_core_spec, root_type_id), 1032);
        assert_eq!(offset_of!(bpf_core_spec, raw_spec), 1044);
        assert_eq!(offset_of!(bpf_core_spec, bit_offset), 1304);
        assert_eq!(size_of::<bpf_core_spec>(), 1312);
        assert_eq!(offset_of!(bpf_core_relo_res, orig_sz), 20);
        assert_eq!(size_of::<bpf_core_relo_res>(), 40);
    }
}
