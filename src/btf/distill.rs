//! Distilled base BTF (`btf__distill_base`) and relocation of split BTF onto
//! another base (`btf__relocate`). A module's split BTF refers to vmlinux
//! types by id; distilling keeps, in a small new base, only what identifies
//! those types (named ints, floats, fwds, and memberless named structs,
//! unions and enums with their sizes) and moves everything else they need
//! (pointers, arrays, anonymous types...) into the split BTF. Relocating
//! maps each distilled base type by name, kind and size onto the types of a
//! real base (a possibly different kernel) and renumbers the split BTF.
//! The algorithm and its rules are libbpf's, so ids and bytes come out equal.

use super::write::{id_slots, str_slots};
use super::{kind, Btf, Type};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

fn inval(m: impl Into<String>) -> Error {
    Error::inval(m.into())
}

fn words(t: &Type<'_>) -> Vec<u32> {
    t.rec
        .chunks_exact(4)
        .map(|w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
        .collect()
}

/// Marks every base type the split types of `src` refer to, directly or
/// through other base types (not through named structs/unions: their
/// members stay behind). `used[id] != 0` for a marked base id.
fn mark_base_refs(src: &Btf, split_start: u32, used: &mut [u32]) -> Result<()> {
    let mut stack: Vec<u32> = (split_start..src.type_cnt()).collect();
    while let Some(cur) = stack.pop() {
        let t = src
            .type_by_id(cur)
            .ok_or_else(|| inval(format!("type [{cur}] not found")))?;
        let w = words(&t);
        for slot in id_slots(t.kind(), t.vlen()) {
            let r = w[slot];
            if r == 0 || r >= split_start || used[r as usize] != 0 {
                continue;
            }
            let bt = src
                .type_by_id(r)
                .ok_or_else(|| inval(format!("type [{r}] not found")))?;
            match bt.kind() {
                kind::INT
                | kind::FLOAT
                | kind::FWD
                | kind::ARRAY
                | kind::STRUCT
                | kind::UNION
                | kind::TYPEDEF
                | kind::ENUM
                | kind::ENUM64
                | kind::PTR
                | kind::CONST
                | kind::RESTRICT
                | kind::VOLATILE
                | kind::FUNC_PROTO
                | kind::TYPE_TAG => used[r as usize] = r,
                k => {
                    crate::warn!(
                        "unexpected reference to base type[{r}] of kind [{k}] when creating distilled base BTF."
                    );
                    return Err(inval(format!(
                        "split BTF refers to base type [{r}] of kind {k}"
                    )));
                }
            }
            if !(bt.is_composite() && bt.name_off != 0) {
                stack.push(r);
            }
        }
    }
    Ok(())
}

/// Adds the marked base types that belong in `dst` (the new base when
/// `to_base`, else the new split BTF); `map[id]` becomes the new id.
fn add_distilled(
    src: &Btf,
    dst: &mut Btf,
    split_start: u32,
    map: &mut [u32],
    to_base: bool,
) -> Result<()> {
    for i in 1..split_start {
        if map[i as usize] == 0 {
            continue;
        }
        let t = src.type_by_id(i).expect("base id in range");
        let named = t.name_off != 0;
        let name = src.name_of(&t);
        let new = match t.kind() {
            kind::INT | kind::FLOAT | kind::FWD if to_base => dst.add_type(src, &t)?,
            kind::STRUCT | kind::UNION if to_base && named => {
                dst.add_composite(t.kind() == kind::UNION, Some(name), t.size_or_type)?
            }
            kind::ENUM | kind::ENUM64 if to_base && named => {
                dst.add_enum(Some(name), t.size_or_type)?
            }
            kind::STRUCT | kind::UNION | kind::ENUM | kind::ENUM64 if !to_base && !named => {
                dst.add_type(src, &t)?
            }
            kind::ARRAY
            | kind::TYPEDEF
            | kind::PTR
            | kind::CONST
            | kind::RESTRICT
            | kind::VOLATILE
            | kind::FUNC_PROTO
            | kind::TYPE_TAG
                if !to_base =>
            {
                dst.add_type(src, &t)?
            }
            _ => continue,
        };
        map[i as usize] = new;
    }
    Ok(())
}

/// `btf__distill_base`: a new distilled base and a new split BTF on it,
/// from split BTF `src`.
pub fn distill_base(src: &Btf) -> Result<(Arc<Btf>, Btf)> {
    if src.base.is_none() {
        return Err(inval("btf__distill_base: source BTF is not split BTF"));
    }
    let split_start = src.start_id;
    let n = src.type_cnt();
    let mut map = vec![0u32; n as usize];
    mark_base_refs(src, split_start, &mut map)?;

    let mut base = Btf::new_empty(None);
    base.set_endianness(src.endianness());
    add_distilled(src, &mut base, split_start, &mut map, true)?;
    let base = Arc::new(base);

    let mut split = Btf::new_empty(Some(base.clone()));
    for i in split_start..n {
        let t = src.type_by_id(i).expect("split id in range");
        split.add_type(src, &t)?;
    }
    add_distilled(src, &mut split, split_start, &mut map, false)?;

    // Split ids move down by the number of base types left out.
    let diff = split_start - base.type_cnt();
    for id in split.start_id..split.type_cnt() {
        split.rewrite_ids(id, &mut |old| match map.get(old as usize) {
            Some(&m) if m != 0 => Ok(m),
            Some(_) if old >= split_start => Ok(old - diff),
            Some(_) => Ok(old),
            None => Err(inval(format!("type id {old} out of range"))),
        })?;
    }
    Ok((base, split))
}

/// Marker in the relocation id map: a distilled struct/union embedded (not
/// behind a pointer) in a split struct/union, whose size must then match.
const EMBEDDED: u32 = u32::MAX;

/// Marks distilled base structs/unions embedded in split composites.
fn mark_embedded(split: &Btf, nr_dist: u32, map: &mut [u32]) {
    for id in nr_dist..split.type_cnt() {
        let Some(t) = split.type_by_id(id).filter(|t| t.is_composite()) else {
            continue;
        };
        for i in 0..t.vlen() as usize {
            let mut next = t.member(i).1;
            // Bounded: base types can't loop, split types may (bad input).
            for _ in 0..64 {
                let Some(m) = split.type_by_id(next).filter(|_| next != 0) else {
                    break;
                };
                match m.kind() {
                    kind::CONST
                    | kind::RESTRICT
                    | kind::VOLATILE
                    | kind::TYPEDEF
                    | kind::TYPE_TAG => next = m.size_or_type,
                    kind::ARRAY => next = m.array().0,
                    kind::STRUCT | kind::UNION => {
                        if next < nr_dist {
                            map[next as usize] = EMBEDDED;
                        }
                        break;
                    }
                    _ => break,
                }
            }
        }
    }
}

/// Does distilled type `d` stand for base type `b` (same name already)?
fn dist_compat(d: &Type<'_>, b: &Type<'_>, embedded: bool) -> bool {
    match d.kind() {
        kind::FWD => match b.kind() {
            kind::FWD => d.kflag() == b.kflag(),
            kind::STRUCT => !b.kflag(),
            kind::UNION => b.kflag(),
            _ => false,
        },
        kind::INT => b.kind() == kind::INT && b.int_info().0 == d.int_info().0,
        kind::FLOAT => b.kind() == kind::FLOAT,
        kind::ENUM => b.is_any_enum(),
        kind::STRUCT | kind::UNION => !embedded || b.size_or_type == d.size_or_type,
        _ => false,
    }
}

/// `btf__relocate`: re-parents split BTF `split` (on a distilled base) onto
/// `base`, renumbering its ids and string offsets.
pub fn relocate(split: &mut Btf, base: Arc<Btf>) -> Result<()> {
    let dist = split
        .base
        .clone()
        .ok_or_else(|| inval("btf__relocate: BTF is not split BTF"))?;
    if Arc::ptr_eq(&dist, &base) {
        return Err(inval("btf__relocate: BTF is already based on that base"));
    }
    let nr_types = split.type_cnt();
    let nr_dist = dist.type_cnt();
    let nr_base = base.type_cnt();
    let dist_str_len = dist.strs_end();
    let base_str_len = base.strs_end();

    for i in 1..nr_dist {
        let t = dist.type_by_id(i).expect("in range");
        let k = t.kind();
        let ok_kind = matches!(
            k,
            kind::INT | kind::FLOAT | kind::ENUM | kind::STRUCT | kind::UNION | kind::FWD
        );
        if !ok_kind {
            crate::warn!("type [{i}] in distilled based BTF has unexpected kind [{k}]");
            return Err(inval(format!("distilled base type [{i}] has kind {k}")));
        }
        if t.name_off == 0 {
            crate::warn!(
                "type [{i}], kind [{k}] is invalid for distilled base BTF; it is anonymous"
            );
            return Err(inval(format!("distilled base type [{i}] is anonymous")));
        }
    }

    let mut map = vec![0u32; nr_types as usize];
    for id in nr_dist..nr_types {
        map[id as usize] = id + nr_base - nr_dist;
    }
    let mut str_map: HashMap<u32, u32> = HashMap::new();
    mark_embedded(split, nr_dist, &mut map);

    // Distilled types by name.
    let mut by_name: HashMap<&str, Vec<u32>> = HashMap::new();
    for id in 1..nr_dist {
        let t = dist.type_by_id(id).expect("in range");
        by_name.entry(dist.name_of(&t)).or_default().push(id);
    }
    // Structs/unions whose name several base types share match by size too.
    let mut name_cnt: HashMap<u32, u32> = HashMap::new();
    for id in 1..nr_base {
        let t = base.type_by_id(id).expect("in range");
        if t.is_composite() && t.name_off != 0 {
            *name_cnt.entry(t.name_off).or_default() += 1;
        }
    }
    for id in 1..nr_base {
        let bt = base.type_by_id(id).expect("in range");
        if bt.name_off == 0 {
            continue;
        }
        let needs_size = match bt.kind() {
            kind::INT | kind::FLOAT | kind::ENUM | kind::ENUM64 => true,
            kind::FWD => false,
            kind::STRUCT | kind::UNION => name_cnt.get(&bt.name_off).copied().unwrap_or(0) > 1,
            _ => continue,
        };
        let name = base.name_of(&bt);
        let Some(cands) = by_name.get(name) else {
            continue;
        };
        for &did in cands {
            let dt = dist.type_by_id(did).expect("in range");
            if needs_size && dt.size_or_type != bt.size_or_type {
                continue;
            }
            let cur = map[did as usize];
            if !dist_compat(&dt, &bt, cur == EMBEDDED) {
                continue;
            }
            if cur != 0 && cur != EMBEDDED {
                crate::warn!(
                    "distilled base BTF type '{name}' [{did}], size {} has multiple candidates of the same size (ids [{id}, {cur}]) in base BTF",
                    bt.size_or_type
                );
                return Err(inval(format!(
                    "distilled base type '{name}' [{did}] is ambiguous in base BTF"
                )));
            }
            map[did as usize] = id;
            str_map.insert(dt.name_off, bt.name_off);
        }
    }
    for id in 1..nr_dist {
        let m = map[id as usize];
        if m == 0 || m == EMBEDDED {
            let t = dist.type_by_id(id).expect("in range");
            let name = dist.name_of(&t);
            crate::warn!("distilled base BTF type '{name}' [{id}] is not mapped to base BTF id");
            return Err(inval(format!(
                "distilled base type '{name}' [{id}] has no match in base BTF"
            )));
        }
    }

    // Rewrite a copy so a failure leaves `split` as it was.
    let mut out = split.clone();
    for id in nr_dist..nr_types {
        out.rewrite_ids(id, &mut |old| {
            map.get(old as usize)
                .copied()
                .ok_or_else(|| inval(format!("type id {old} out of range")))
        })?;
        out.rewrite_strs(id, &mut |off| {
            if off == 0 {
                Ok(0)
            } else if off >= dist_str_len {
                Ok(off - dist_str_len + base_str_len)
            } else {
                str_map.get(&off).copied().ok_or_else(|| {
                    crate::warn!("string offset {off} is not mapped to base BTF");
                    Error::NotFound(format!("string offset {off} not mapped to base BTF"))
                })
            }
        })?;
    }
    out.start_id = nr_base;
    out.start_str_off = base_str_len;
    out.base = Some(base);
    out.names = OnceLock::new();
    out.ptr_guess = OnceLock::new();
    out.str_dedup = None;
    *split = out;
    Ok(())
}

impl Btf {
    fn rewrite_slots(
        &mut self,
        id: u32,
        slots: fn(u32, u32) -> Vec<usize>,
        f: &mut dyn FnMut(u32) -> Result<u32>,
    ) -> Result<()> {
        let t = self
            .type_by_id(id)
            .filter(|_| id >= self.start_id)
            .ok_or_else(|| inval(format!("type [{id}] is not local")))?;
        let w = words(&t);
        let mut new = Vec::new();
        for slot in slots(t.kind(), t.vlen()) {
            new.push((slot, f(w[slot])?));
        }
        let rec = self.record_off(id);
        for (slot, v) in new {
            self.put32(rec + slot * 4, v);
        }
        Ok(())
    }

    /// Replaces every type id field of local type `id` with `f(old)`.
    pub fn rewrite_ids(&mut self, id: u32, f: &mut dyn FnMut(u32) -> Result<u32>) -> Result<()> {
        self.rewrite_slots(id, id_slots, f)
    }

    /// Replaces every string offset field of local type `id` with `f(old)`.
    pub fn rewrite_strs(&mut self, id: u32, f: &mut dyn FnMut(u32) -> Result<u32>) -> Result<()> {
        self.rewrite_slots(id, str_slots, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Base: int, struct foo (8), struct bar (32), typedef foo_t, padded by `pad` ints.
    fn base(pad: usize, foo_size: u32, bars: usize) -> Arc<Btf> {
        let mut b = Btf::new_empty(None);
        for _ in 0..pad {
            b.add_int("pad", 2, 0).unwrap();
        }
        let int = b.add_int("int", 4, 1).unwrap();
        let foo = b.add_composite(false, Some("foo"), foo_size).unwrap();
        b.add_field(Some("a"), int as i32, 0, 0).unwrap();
        for _ in 0..bars {
            b.add_composite(false, Some("bar"), 32).unwrap();
        }
        b.add_ref_kind(kind::TYPEDEF, Some("foo_t"), foo as i32, false)
            .unwrap();
        Arc::new(b)
    }

    fn split_on(b: &Arc<Btf>) -> Btf {
        let id = |n: &str| b.find_by_name(n).unwrap() as i32;
        let mut s = Btf::new_empty(Some(b.clone()));
        let bp = s.add_ref_kind(kind::PTR, None, id("bar"), false).unwrap();
        s.add_composite(false, Some("user"), 24).unwrap();
        s.add_field(Some("f"), id("foo"), 0, 0).unwrap();
        s.add_field(Some("b"), bp as i32, 64, 0).unwrap();
        s.add_field(Some("t"), id("foo_t"), 128, 0).unwrap();
        s
    }

    fn member_type_names(s: &Btf, user: u32) -> Vec<String> {
        let t = s.type_by_id(user).unwrap();
        (0..t.vlen() as usize)
            .map(|i| {
                let m = s.type_by_id(t.member(i).1).unwrap();
                format!("{}:{}", m.kind(), s.name_of(&m))
            })
            .collect()
    }

    #[test]
    fn distill_then_relocate_onto_another_base() {
        let b1 = base(0, 8, 1);
        let s1 = split_on(&b1);
        let user1 = s1.find_by_name("user").unwrap();
        let want = member_type_names(&s1, user1);

        let (dbase, mut ds) = distill_base(&s1).unwrap();
        // foo and bar as memberless named types (int is only behind foo's
        // members, which stay behind); the typedef moves to split.
        assert_eq!(dbase.type_cnt(), 3);
        let foo = dbase
            .type_by_id(dbase.find_by_name("foo").unwrap())
            .unwrap();
        assert_eq!((foo.vlen(), foo.size_or_type), (0, 8));
        assert!(dbase.find_by_name("foo_t").is_none());
        assert_eq!(ds.type_cnt(), 3 + 2 + 1);

        let b2 = base(5, 8, 1);
        assert!(relocate(&mut ds, dbase.clone()).is_err());
        relocate(&mut ds, b2.clone()).unwrap();
        assert_eq!(ds.start_id(), b2.type_cnt());
        let user2 = ds.find_by_name("user").unwrap();
        assert_eq!(user2, b2.type_cnt() + (user1 - b1.type_cnt()));
        assert_eq!(member_type_names(&ds, user2), want);
        assert_eq!(
            ds.str_at(ds.type_by_id(user2).unwrap().name_off),
            Some("user")
        );
    }

    #[test]
    fn relocation_failures() {
        let s1 = split_on(&base(0, 8, 1));
        // Embedded foo changed size: no match.
        let (_, mut ds) = distill_base(&s1).unwrap();
        assert!(relocate(&mut ds, base(2, 16, 1)).is_err());
        // Two same-size bars: ambiguous.
        let (_, mut ds) = distill_base(&s1).unwrap();
        let before = ds.types_section().to_vec();
        assert!(relocate(&mut ds, base(2, 8, 2)).is_err());
        assert_eq!(
            ds.types_section(),
            &before[..],
            "failure leaves the BTF as it was"
        );
        // Not split BTF.
        assert!(distill_base(&base(0, 8, 1)).is_err());
    }
}
