//! Type compatibility rules of CO-RE: how loosely a local type may differ
//! from a kernel type and still be "the same thing".

use super::super::names::essential;
use super::super::{kind, Btf, Type, BTF_INT_SIGNED};

/// Recursion bound for the structural walks (loops in bad BTF).
const DEPTH: i32 = 32;

/// Same kind, or both enums (ENUM and ENUM64 stand for one another).
pub fn kinds_compat(a: &Type<'_>, b: &Type<'_>) -> bool {
    a.kind() == b.kind() || (a.is_any_enum() && b.is_any_enum())
}

fn skip<'a>(btf: &'a Btf, id: u32) -> Option<Type<'a>> {
    btf.skip_mods_and_typedefs(id)
}

fn names_match(lb: &Btf, loff: u32, tb: &Btf, toff: u32) -> bool {
    let l = lb.str_at(loff).unwrap_or("");
    let t = tb.str_at(toff).unwrap_or("");
    if t.is_empty() {
        return l.is_empty();
    }
    essential(l) == essential(t)
}

/// Can a local field of type `lid` be read as a target field of type `tid`?
pub fn fields_compat(lb: &Btf, mut lid: u32, tb: &Btf, mut tid: u32) -> Option<bool> {
    for _ in 0..DEPTH {
        let (l, t) = (skip(lb, lid)?, skip(tb, tid)?);
        if l.is_composite() && t.is_composite() {
            return Some(true);
        }
        if !kinds_compat(&l, &t) {
            return Some(false);
        }
        return Some(match l.kind() {
            kind::PTR | kind::FLOAT => true,
            kind::FWD | kind::ENUM | kind::ENUM64 => {
                let ln = essential(lb.name_of(&l));
                let tn = essential(tb.name_of(&t));
                ln.is_empty() || tn.is_empty() || ln == tn
            }
            kind::INT => l.int_info().1 == 0 && t.int_info().1 == 0,
            kind::ARRAY => {
                lid = l.array().0;
                tid = t.array().0;
                continue;
            }
            _ => false,
        });
    }
    None
}

/// Shallow structural compatibility (TYPE_EXISTS/SIZE/ID_TARGET).
pub fn types_compat(lb: &Btf, lid: u32, tb: &Btf, tid: u32) -> Option<bool> {
    types_compat_lvl(lb, lid, tb, tid, DEPTH)
}

fn types_compat_lvl(lb: &Btf, mut lid: u32, tb: &Btf, mut tid: u32, level: i32) -> Option<bool> {
    if !kinds_compat(&lb.type_by_id(lid)?, &tb.type_by_id(tid)?) {
        return Some(false);
    }
    for _ in 0..DEPTH {
        let (l, t) = (skip(lb, lid)?, skip(tb, tid)?);
        if !kinds_compat(&l, &t) {
            return Some(false);
        }
        match l.kind() {
            kind::UNKN | kind::STRUCT | kind::UNION | kind::ENUM | kind::FWD | kind::ENUM64 => {
                return Some(true)
            }
            kind::INT => return Some(l.int_info().1 == 0 && t.int_info().1 == 0),
            kind::PTR => (lid, tid) = (l.size_or_type, t.size_or_type),
            kind::ARRAY => (lid, tid) = (l.array().0, t.array().0),
            kind::FUNC_PROTO => {
                if l.vlen() != t.vlen() {
                    return Some(false);
                }
                for i in 0..l.vlen() as usize {
                    if level <= 0 {
                        return None;
                    }
                    let lp = skip(lb, l.param(i).1)?.id;
                    let tp = skip(tb, t.param(i).1)?.id;
                    if !types_compat_lvl(lb, lp, tb, tp, level - 1)? {
                        return Some(false);
                    }
                }
                (lid, tid) = (skip(lb, l.size_or_type)?.id, skip(tb, t.size_or_type)?.id);
            }
            _ => return Some(false),
        }
    }
    None
}

/// Strict match (TYPE_MATCHES, `bpf_core_type_matches`).
pub fn types_match(lb: &Btf, lid: u32, tb: &Btf, tid: u32) -> Option<bool> {
    types_match_lvl(lb, lid, tb, tid, false, DEPTH)
}

fn types_match_lvl(
    lb: &Btf,
    mut lid: u32,
    tb: &Btf,
    mut tid: u32,
    mut behind_ptr: bool,
    level: i32,
) -> Option<bool> {
    if level <= 0 {
        return None;
    }
    for _ in 0..DEPTH {
        let (l, t) = (skip(lb, lid)?, skip(tb, tid)?);
        if !names_match(lb, l.name_off, tb, t.name_off) {
            return Some(false);
        }
        let (lk, tk) = (l.kind(), t.kind());
        return Some(match lk {
            kind::UNKN => lk == tk,
            kind::FWD => {
                let lf = l.kflag();
                if lk == tk {
                    lf == t.kflag()
                } else {
                    behind_ptr && ((tk == kind::STRUCT && !lf) || (tk == kind::UNION && lf))
                }
            }
            kind::ENUM | kind::ENUM64 => t.is_any_enum() && enums_match(lb, &l, tb, &t),
            kind::STRUCT | kind::UNION => {
                if behind_ptr {
                    lk == tk || (tk == kind::FWD && (lk == kind::UNION) == t.kflag())
                } else {
                    lk == tk && composites_match(lb, &l, tb, &t, level)?
                }
            }
            kind::INT => {
                let sg = |x: &Type<'_>| x.int_info().0 & BTF_INT_SIGNED;
                lk == tk && l.size_or_type == t.size_or_type && sg(&l) == sg(&t)
            }
            kind::PTR => {
                if lk != tk {
                    return Some(false);
                }
                behind_ptr = true;
                (lid, tid) = (l.size_or_type, t.size_or_type);
                continue;
            }
            kind::ARRAY => {
                if lk != tk || l.array().2 != t.array().2 {
                    return Some(false);
                }
                (lid, tid) = (l.array().0, t.array().0);
                continue;
            }
            kind::FUNC_PROTO => {
                if lk != tk || l.vlen() != t.vlen() {
                    return Some(false);
                }
                for i in 0..l.vlen() as usize {
                    if !types_match_lvl(lb, l.param(i).1, tb, t.param(i).1, behind_ptr, level - 1)?
                    {
                        return Some(false);
                    }
                }
                (lid, tid) = (l.size_or_type, t.size_or_type);
                continue;
            }
            _ => {
                crate::warn!("unexpected kind {lk} relocated, local [{lid}], target [{tid}]");
                false
            }
        });
    }
    None
}

fn enums_match(lb: &Btf, l: &Type<'_>, tb: &Btf, t: &Type<'_>) -> bool {
    if l.size_or_type != t.size_or_type || l.vlen() > t.vlen() {
        return false;
    }
    (0..l.vlen() as usize).all(|i| {
        let ln = l.enum_value(i).0;
        (0..t.vlen() as usize).any(|j| names_match(lb, ln, tb, t.enum_value(j).0))
    })
}

fn composites_match(lb: &Btf, l: &Type<'_>, tb: &Btf, t: &Type<'_>, level: i32) -> Option<bool> {
    if l.vlen() > t.vlen() {
        return Some(false);
    }
    for i in 0..l.vlen() as usize {
        let (ln, lt, _) = l.member(i);
        let mut matched = false;
        for j in 0..t.vlen() as usize {
            let (tn, tt, _) = t.member(j);
            if !names_match(lb, ln, tb, tn) {
                continue;
            }
            if types_match_lvl(lb, lt, tb, tt, false, level - 1)? {
                matched = true;
                break;
            }
        }
        if !matched {
            return Some(false);
        }
    }
    Some(true)
}
