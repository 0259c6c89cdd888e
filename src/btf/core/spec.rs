//! Access specs: the local side parsed from the `.BTF.ext` access string
//! ("0:1:2": array index on the root, then member/array indices), the target
//! side found by walking a candidate type by member *names*.

use super::super::names::essential;
use super::super::{Btf, Type};
use super::{compat, ReloKind};
use crate::error::{Error, Result};

/// Longest access path libbpf accepts (`BPF_CORE_SPEC_MAX_LEN`).
const MAX_LEN: usize = 64;

/// One step of a path: member `idx` of composite `type_id` (with its name),
/// or index `idx` into an array whose element type is `type_id` (no name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accessor {
    pub type_id: u32,
    pub idx: u32,
    pub name: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Spec<'a> {
    pub btf: &'a Btf,
    pub root_type_id: u32,
    pub kind: ReloKind,
    /// High-level accessors (anonymous members collapsed).
    pub acc: Vec<Accessor>,
    /// Low-level indices, one per access-string element.
    pub raw: Vec<u32>,
    pub bit_offset: u32,
}

/// libbpf's text for a spec in its CO-RE messages:
/// `<byte_off> [34] struct task_struct.real_parent (0:95 @ offset 1280)`.
impl std::fmt::Display for Spec<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = self.btf.type_by_id(self.root_type_id);
        let name = t.map(|t| self.btf.name_of(&t)).unwrap_or("");
        write!(
            f,
            "<{}> [{}] {} {}",
            self.kind.name(),
            self.root_type_id,
            super::super::names::kind_str(t.map_or(0, |t| t.kind())),
            if name.is_empty() { "<anon>" } else { name }
        )?;
        if self.kind.is_type_based() {
            return Ok(());
        }
        if self.kind.is_enumval_based() {
            let e = self.btf.skip_mods_and_typedefs(self.root_type_id);
            if let (Some(e), i) = (
                e.filter(|e| e.is_any_enum()),
                self.raw.first().copied().unwrap_or(0),
            ) {
                let (name_off, v) = e.enum_value(i as usize);
                let name = self.btf.str_at(name_off).unwrap_or("");
                // As libbpf: 32-bit values print as C ints, signed or not.
                return match (e.kind() == super::super::kind::ENUM64, e.kflag()) {
                    (false, true) => write!(f, "::{name} = {}", v as i32),
                    (false, false) => write!(f, "::{name} = {}", v as u32),
                    (true, true) => write!(f, "::{name} = {}", v as i64),
                    (true, false) => write!(f, "::{name} = {v}"),
                };
            }
            return Ok(());
        }
        for (i, a) in self.acc.iter().enumerate() {
            match (&a.name, i) {
                (Some(n), _) => write!(f, ".{n}")?,
                (None, 0) if a.idx == 0 => {}
                (None, _) => write!(f, "[{}]", a.idx)?,
            }
        }
        f.write_str(" (")?;
        for (i, r) in self.raw.iter().enumerate() {
            write!(f, "{}{}", if i == 0 { "" } else { ":" }, *r as i32)?;
        }
        match self.bit_offset % 8 {
            0 => write!(f, " @ offset {})", self.bit_offset / 8),
            b => write!(f, " @ offset {}.{b})", self.bit_offset / 8),
        }
    }
}

fn bad(m: impl Into<String>) -> Error {
    Error::Btf(m.into())
}

/// libbpf's `-E2BIG` for a path longer than `BPF_CORE_SPEC_MAX_LEN`. Matching
/// a candidate carries the partial target spec as libbpf prints it in
/// "error matching candidate" ([`too_deep_spec`] reads it back).
fn too_deep(what: impl Into<String>) -> Error {
    Error::Other {
        errno: crate::Errno::E2BIG,
        msg: what.into(),
    }
}

/// The partial target spec of a match that went deeper than libbpf allows.
pub fn too_deep_spec(e: &Error) -> Option<&str> {
    match e {
        Error::Other { errno, msg } if *errno == crate::Errno::E2BIG => Some(msg),
        _ => None,
    }
}

fn size(btf: &Btf, id: u32) -> Result<u32> {
    btf.resolve_size(id)
}

/// `arr` is a flexible array member: the last member of the struct that the
/// previous accessor `prev` indexes into, with zero elements.
fn is_flex_arr(btf: &Btf, prev: Option<&Accessor>, nelems: u32) -> bool {
    let Some(prev) = prev.filter(|a| a.name.is_some()) else {
        return false;
    };
    nelems == 0
        && btf
            .type_by_id(prev.type_id)
            .is_some_and(|t| prev.idx + 1 == t.vlen())
}

/// Parses the local spec of a relocation.
pub fn parse<'a>(
    btf: &'a Btf,
    type_id: u32,
    access: &str,
    kind: ReloKind,
    prog: &str,
) -> Result<Spec<'a>> {
    let mut spec = Spec {
        btf,
        root_type_id: type_id,
        kind,
        acc: Vec::new(),
        raw: Vec::new(),
        bit_offset: 0,
    };
    if kind.is_type_based() {
        if access != "0" {
            return Err(bad(format!(
                "type-based relocation with access string '{access}'"
            )));
        }
        return Ok(spec);
    }
    for part in access.split(':') {
        let v: u32 = part
            .parse()
            .map_err(|_| bad(format!("invalid access string '{access}'")))?;
        if spec.raw.len() == MAX_LEN {
            return Err(too_deep("access string too long"));
        }
        spec.raw.push(v);
    }
    let t = btf
        .skip_mods_and_typedefs(type_id)
        .ok_or_else(|| bad(format!("type [{type_id}] not found")))?;
    let mut id = t.id;
    let first = spec.raw[0];
    if kind.is_enumval_based() {
        if !t.is_any_enum() || spec.raw.len() > 1 || first >= t.vlen() {
            return Err(bad(format!("invalid enum value access '{access}'")));
        }
        let name = btf
            .str_at(t.enum_value(first as usize).0)
            .unwrap_or("")
            .to_string();
        spec.acc.push(Accessor {
            type_id: id,
            idx: first,
            name: Some(name),
        });
        return Ok(spec);
    }
    spec.acc.push(Accessor {
        type_id: id,
        idx: first,
        name: None,
    });
    spec.bit_offset = first.wrapping_mul(size(btf, id)?).wrapping_mul(8);
    for i in 1..spec.raw.len() {
        let t = btf
            .skip_mods_and_typedefs(id)
            .ok_or_else(|| bad(format!("type [{id}] not found")))?;
        id = t.id;
        let idx = spec.raw[i];
        if t.is_composite() {
            if idx >= t.vlen() {
                return Err(bad(format!(
                    "member index {idx} out of range in '{access}'"
                )));
            }
            spec.bit_offset = spec
                .bit_offset
                .wrapping_add(t.member_bit_offset(idx as usize));
            let (name_off, mtype, _) = t.member(idx as usize);
            if name_off != 0 {
                let name = btf.str_at(name_off).unwrap_or("");
                if name.is_empty() {
                    return Err(bad("member without a name"));
                }
                spec.acc.push(Accessor {
                    type_id: id,
                    idx,
                    name: Some(name.to_string()),
                });
            }
            id = mtype;
        } else if t.kind() == super::super::kind::ARRAY {
            let (elem, _, nelems) = t.array();
            let e = btf
                .skip_mods_and_typedefs(elem)
                .ok_or_else(|| bad(format!("type [{elem}] not found")))?;
            id = e.id;
            if !is_flex_arr(btf, spec.acc.last(), nelems) && idx >= nelems {
                return Err(bad(format!("array index {idx} out of range in '{access}'")));
            }
            spec.acc.push(Accessor {
                type_id: id,
                idx,
                name: None,
            });
            spec.bit_offset = spec
                .bit_offset
                .wrapping_add(idx.wrapping_mul(size(btf, id)?).wrapping_mul(8));
        } else {
            crate::warn!(
                "prog '{prog}': relo for [{type_id}] {access} (at idx {i}) captures type [{id}] of unexpected kind {}",
                t.kind()
            );
            return Err(bad("access path through a non-composite type"));
        }
    }
    Ok(spec)
}

/// Outcome of matching a local spec against one candidate: the target spec
/// when it fits, else the part of it matched before it did not (which
/// libbpf's debug line shows).
pub type Match<'a> = std::result::Result<Spec<'a>, Spec<'a>>;

/// Matches `local` against candidate `targ_id` of `tb`.
pub fn matches<'a>(local: &Spec<'_>, tb: &'a Btf, targ_id: u32) -> Result<Match<'a>> {
    let lb = local.btf;
    let mut t = Spec {
        btf: tb,
        root_type_id: targ_id,
        kind: local.kind,
        acc: Vec::new(),
        raw: Vec::new(),
        bit_offset: 0,
    };
    let err = || bad("malformed BTF while matching");
    if local.kind.is_type_based() {
        let ok = if local.kind == ReloKind::TypeMatches {
            compat::types_match(lb, local.root_type_id, tb, targ_id)
        } else {
            compat::types_compat(lb, local.root_type_id, tb, targ_id)
        };
        return Ok(if ok.ok_or_else(err)? { Ok(t) } else { Err(t) });
    }
    let la = &local.acc[0];
    if local.kind.is_enumval_based() {
        let tt = tb.skip_mods_and_typedefs(targ_id).ok_or_else(err)?;
        if !tt.is_any_enum() {
            return Ok(Err(t));
        }
        let want = essential(la.name.as_deref().unwrap_or(""));
        for i in 0..tt.vlen() {
            let n = tb.str_at(tt.enum_value(i as usize).0).unwrap_or("");
            if essential(n) == want {
                t.acc.push(Accessor {
                    type_id: tt.id,
                    idx: i,
                    name: Some(n.to_string()),
                });
                t.raw.push(i);
                return Ok(Ok(t));
            }
        }
        return Ok(Err(t));
    }
    let mut tid = targ_id;
    for (i, la) in local.acc.iter().enumerate() {
        if la.name.is_some() {
            match match_member(lb, la, tb, tid, &mut t)? {
                Some(next) => tid = next,
                None => return Ok(Err(t)),
            }
            continue;
        }
        if i > 0 {
            let tt = tb.skip_mods_and_typedefs(tid).ok_or_else(err)?;
            if tt.kind() != super::super::kind::ARRAY {
                return Ok(Err(t));
            }
            let (elem, _, nelems) = tt.array();
            if !is_flex_arr(tb, t.acc.last(), nelems) && la.idx >= nelems {
                return Ok(Err(t));
            }
            tid = tb.skip_mods_and_typedefs(elem).ok_or_else(err)?.id;
        }
        if t.raw.len() == MAX_LEN {
            return Err(too_deep(t.to_string()));
        }
        t.acc.push(Accessor {
            type_id: tid,
            idx: la.idx,
            name: None,
        });
        t.raw.push(la.idx);
        t.bit_offset = t
            .bit_offset
            .wrapping_add(la.idx.wrapping_mul(size(tb, tid)?).wrapping_mul(8));
    }
    Ok(Ok(t))
}

/// Finds local member `la` by name in target composite `tid`, descending into
/// anonymous members; extends `t` and returns the member's type id.
fn match_member(
    lb: &Btf,
    la: &Accessor,
    tb: &Btf,
    tid: u32,
    t: &mut Spec<'_>,
) -> Result<Option<u32>> {
    match_member_depth(lb, la, tb, tid, t, 0)
}

fn match_member_depth(
    lb: &Btf,
    la: &Accessor,
    tb: &Btf,
    tid: u32,
    t: &mut Spec<'_>,
    depth: usize,
) -> Result<Option<u32>> {
    let err = || bad("malformed BTF while matching");
    if depth > MAX_LEN {
        return Err(bad("anonymous member nesting too deep"));
    }
    let lt: Type<'_> = lb.type_by_id(la.type_id).ok_or_else(err)?;
    let (_, l_mtype, _) = lt.member(la.idx as usize);
    let lname = la.name.as_deref().unwrap_or("");
    let tt = tb.skip_mods_and_typedefs(tid).ok_or_else(err)?;
    if !tt.is_composite() {
        return Ok(None);
    }
    for i in 0..tt.vlen() {
        let bit_off = tt.member_bit_offset(i as usize);
        if t.raw.len() == MAX_LEN {
            return Err(too_deep(t.to_string()));
        }
        t.bit_offset = t.bit_offset.wrapping_add(bit_off);
        t.raw.push(i);
        let (name_off, mtype, _) = tt.member(i as usize);
        let tname = tb.str_at(name_off).unwrap_or("");
        if tname.is_empty() {
            if let Some(found) = match_member_depth(lb, la, tb, mtype, t, depth + 1)? {
                return Ok(Some(found));
            }
        } else if tname == lname {
            if compat::fields_compat(lb, l_mtype, tb, mtype).ok_or_else(err)? {
                t.acc.push(Accessor {
                    type_id: tt.id,
                    idx: i,
                    name: Some(tname.to_string()),
                });
                return Ok(Some(mtype));
            }
            // Same name, incompatible type: this candidate does not fit.
            t.bit_offset = t.bit_offset.wrapping_sub(bit_off);
            t.raw.pop();
            return Ok(None);
        }
        t.bit_offset = t.bit_offset.wrapping_sub(bit_off);
        t.raw.pop();
    }
    Ok(None)
}
