//! `btf__dedup`: collapses duplicate types and strings in place, with the
//! result byte-identical to libbpf's for the same input.
//!
//! The passes, in libbpf's order:
//! 1. strings: keep only referenced strings, each once, in first-use order
//!    (split BTF: a string the base holds is referenced at its base offset);
//! 2. base types (split BTF only) become canonical candidates;
//! 3. primitives (INT, ENUM/ENUM64, FWD, FLOAT) by exact equality, an enum
//!    forward declaration collapsing into the full enum of its name;
//! 4. STRUCT/UNION/TYPEDEF by type-graph equivalence against each
//!    candidate, tracked in a hypothetical map that is kept on success;
//! 5. a remaining FWD resolves to the single struct/union of its name;
//! 6. reference types (modifiers, PTR, ARRAY, FUNC, FUNC_PROTO, tags) once
//!    what they point to is canonical;
//! 7. canonical types are compacted and every type id is rewritten.
//!
//! Candidates live in a table keyed by a signature hash; which candidate
//! is tried first matters for the output, so [`CandTable`] keeps libbpf's
//! hashmap order (newest first, reversed on every growth).

mod equiv;
mod strings;
mod table;
mod types;

use super::ext::BtfExt;
use super::{kind, Btf, Bytes};
use crate::error::{Errno, Error, Result};
use equiv::{is_mapped, resolve, Hypot, Walk, WalkErr};
use std::collections::HashMap;
use std::sync::OnceLock;
use strings::dedup_strings;
use table::{CandTable, FxBuild};
use types::{
    compat_enum, equal_common, equal_rec, fwd_kind, hash_array, hash_common, hash_enum,
    hash_fnproto, hash_int_tag, hash_struct, hash_typedef, is_enum_fwd, kind_of,
    shallow_equal_struct, vlen, w, Types,
};

/// `map` value of a type not yet looked at.
const UNPROCESSED: u32 = u32::MAX;
/// `map` value of a reference type being resolved (a loop if met again).
const IN_PROGRESS: u32 = u32::MAX - 1;
/// Any `map` value above this is one of the two markers.
const MAX_NR_TYPES: u32 = 0x7fff_ffff;
/// Recursion bound of the equivalence walk and of reference resolution
/// (~150 bytes of stack a level: 1.2 MiB, safe on a 2 MiB thread). Real
/// BTF stays far below (two copies of vmlinux merged: under 2 000); past
/// it dedup fails with -E2BIG, where libbpf would recurse on.
const MAX_DEPTH: u32 = 8192;

/// Options of [`Btf::dedup`].
#[derive(Clone, Copy, Debug, Default)]
pub struct DedupOpts {
    /// Put every candidate in one hash chain (a test aid in libbpf: the
    /// result is the same, only slower).
    pub force_collisions: bool,
}

/// Calls `f` on each word index of a record that holds a type id, in
/// libbpf's field-iterator order: the writer's slots, plus FWD's unused
/// `type` word, which libbpf visits too.
fn for_id_slots(k: u32, n: usize, mut f: impl FnMut(usize) -> Result<()>) -> Result<()> {
    match k {
        kind::FWD
        | kind::PTR
        | kind::TYPEDEF
        | kind::VOLATILE
        | kind::CONST
        | kind::RESTRICT
        | kind::TYPE_TAG
        | kind::FUNC
        | kind::VAR
        | kind::DECL_TAG => f(2),
        kind::ARRAY => f(3).and_then(|()| f(4)),
        kind::STRUCT | kind::UNION => (0..n).try_for_each(|i| f(4 + i * 3)),
        kind::DATASEC => (0..n).try_for_each(|i| f(3 + i * 3)),
        kind::FUNC_PROTO => f(2).and_then(|()| (0..n).try_for_each(|i| f(4 + i * 2))),
        _ => Ok(()),
    }
}

impl From<WalkErr> for Error {
    fn from(e: WalkErr) -> Error {
        match e {
            WalkErr::Depth => depth_err(),
            WalkErr::Kind(id, k) => Error::inval(format!(
                "btf__dedup: type [{id}] of kind {k} cannot be compared"
            )),
        }
    }
}

/// The dedup state over one split (or plain) BTF.
struct Dedup {
    t: Types,
    /// Type id → canonical id (or a marker).
    map: Vec<u32>,
    hyp: Hypot,
    table: CandTable,
}

fn depth_err() -> Error {
    Error::other(
        Errno(libc::E2BIG),
        "btf__dedup: type graph too deep to compare",
    )
}

impl Dedup {
    /// Split BTF: every base type is canonical and a candidate.
    fn prep(&mut self) -> Result<()> {
        for id in 1..self.t.start_id {
            self.map[id as usize] = id;
            let r = self.t.rec(id);
            let h = match kind_of(r) {
                kind::VAR | kind::DATASEC => continue,
                kind::CONST
                | kind::VOLATILE
                | kind::RESTRICT
                | kind::PTR
                | kind::FWD
                | kind::TYPEDEF
                | kind::FUNC
                | kind::FLOAT
                | kind::TYPE_TAG => hash_common(r),
                kind::INT | kind::DECL_TAG => hash_int_tag(r),
                kind::ENUM | kind::ENUM64 => hash_enum(r),
                kind::STRUCT | kind::UNION => hash_struct(r),
                kind::ARRAY => hash_array(r),
                kind::FUNC_PROTO => hash_fnproto(r),
                k => {
                    return Err(Error::inval(format!(
                        "btf__dedup: unknown kind {k} for type [{id}]"
                    )))
                }
            };
            self.table.add(h, id);
        }
        Ok(())
    }

    fn prim_type(&mut self, id: u32) -> Result<()> {
        let types = &self.t;
        let t = types.rec(id);
        let mut new_id = id;
        let h;
        match kind_of(t) {
            kind::INT => {
                h = hash_int_tag(t);
                if let Some(c) = self.table.cands(h).find(|&c| equal_rec(t, types.rec(c))) {
                    new_id = c;
                }
            }
            kind::ENUM | kind::ENUM64 => {
                h = hash_enum(t);
                for c in self.table.cands(h) {
                    let cand = types.rec(c);
                    if equal_rec(t, cand) {
                        new_id = c;
                        break;
                    }
                    if compat_enum(t, cand) {
                        if is_enum_fwd(t) {
                            new_id = c;
                            break;
                        }
                        // A full enum after its forward declaration: the
                        // declaration now stands for this one.
                        self.map[c as usize] = id;
                    }
                }
            }
            kind::FWD | kind::FLOAT => {
                h = hash_common(t);
                if let Some(c) = self.table.cands(h).find(|&c| equal_common(t, types.rec(c))) {
                    new_id = c;
                }
            }
            kind::UNKN => return Err(Error::inval(format!("btf__dedup: type [{id}] has kind 0"))),
            _ => return Ok(()),
        }
        self.map[id as usize] = new_id;
        if new_id == id {
            self.table.add(h, id);
        }
        Ok(())
    }

    /// A successful walk: FWDs paired with real types resolve to them, and
    /// not-yet-mapped structs paired with canonical ones map onto them.
    fn merge_hypot(&mut self) {
        let map = &mut self.map;
        for &canon in &self.hyp.list {
            let targ = self.hyp.map[canon as usize];
            let t_id = resolve(map, targ);
            let c_id = resolve(map, canon);
            let tk = self.t.kind(t_id);
            let ck = self.t.kind(c_id);
            if tk != kind::FWD && ck == kind::FWD {
                map[c_id as usize] = t_id;
            }
            if self.hyp.adjust_canon {
                continue;
            }
            if tk == kind::FWD && ck != kind::FWD {
                map[t_id as usize] = c_id;
            }
            if matches!(tk, kind::STRUCT | kind::UNION)
                && ck != kind::FWD
                && is_mapped(map, c_id)
                && !is_mapped(map, t_id)
            {
                map[t_id as usize] = c_id;
            }
        }
    }

    fn struct_type(&mut self, id: u32) -> Result<()> {
        if is_mapped(&self.map, id) {
            return Ok(());
        }
        let t = self.t.rec(id);
        let k = kind_of(t);
        let h = match k {
            kind::TYPEDEF => hash_typedef(t),
            kind::STRUCT | kind::UNION => hash_struct(t),
            _ => return Ok(()),
        };
        let mut new_id = id;
        let mut cur = self.table.first(h);
        while let Some((c, next)) = self.table.at(cur, h) {
            cur = next;
            let (t, cand) = (self.t.rec(id), self.t.rec(c));
            let shallow = if k == kind::TYPEDEF {
                w(t, 0) == w(cand, 0) && w(t, 1) == w(cand, 1)
            } else {
                shallow_equal_struct(t, cand)
            };
            if !shallow {
                continue;
            }
            let mut walk = Walk {
                t: &self.t,
                map: &self.map,
                hyp: &mut self.hyp,
            };
            let equiv = if k == kind::TYPEDEF {
                walk.hyp.clear();
                walk.is_equiv(id, c, 0)?
            } else if walk.struct_unequal(id, c) {
                false
            } else {
                walk.hyp.clear();
                walk.struct_equiv(id, c)?
            };
            if !equiv {
                continue;
            }
            self.merge_hypot();
            if self.hyp.adjust_canon {
                continue;
            }
            new_id = c;
            break;
        }
        self.map[id as usize] = new_id;
        if new_id == id {
            self.table.add(h, id);
        }
        Ok(())
    }

    /// Resolves a reference type after what it refers to; returns its
    /// canonical id.
    fn ref_type(&mut self, id: u32, depth: u32) -> Result<u32> {
        if depth > MAX_DEPTH {
            return Err(depth_err());
        }
        let m = self.map[id as usize];
        if m == IN_PROGRESS {
            return Err(Error::other(
                Errno(libc::ELOOP),
                format!("btf__dedup: reference loop through type [{id}]"),
            ));
        }
        if m <= MAX_NR_TYPES {
            return Ok(resolve(&self.map, id));
        }
        self.map[id as usize] = IN_PROGRESS;
        let k = self.t.kind(id);
        let d = depth + 1;
        // (word holding a type id, how many) of what this type refers to.
        let slots: &[usize] = match k {
            kind::CONST
            | kind::VOLATILE
            | kind::RESTRICT
            | kind::PTR
            | kind::FUNC
            | kind::TYPE_TAG
            | kind::DECL_TAG => &[2],
            kind::ARRAY => &[3, 4],
            kind::FUNC_PROTO => &[2],
            k => {
                return Err(Error::inval(format!(
                    "btf__dedup: type [{id}] of kind {k} left unresolved"
                )))
            }
        };
        for &slot in slots {
            let r = self.ref_type(w(self.t.rec(id), slot), d)?;
            self.t.set_word(id, slot, r);
        }
        if k == kind::FUNC_PROTO {
            for i in 0..vlen(self.t.rec(id)) {
                let r = self.ref_type(w(self.t.rec(id), 4 + i * 2), d)?;
                self.t.set_word(id, 4 + i * 2, r);
            }
        }
        let t = self.t.rec(id);
        let h = match k {
            kind::DECL_TAG => hash_int_tag(t),
            kind::ARRAY => hash_array(t),
            kind::FUNC_PROTO => hash_fnproto(t),
            _ => hash_common(t),
        };
        // Every kind here compares as whole records (equal_common for the
        // 12-byte ones is the same thing).
        let new_id = self
            .table
            .cands(h)
            .find(|&c| equal_rec(t, self.t.rec(c)))
            .unwrap_or(id);
        self.map[id as usize] = new_id;
        if new_id == id {
            self.table.add(h, id);
        }
        Ok(new_id)
    }

    /// A canonical FWD whose name belongs to exactly one canonical struct
    /// or union (base included) of the matching kind maps to it.
    fn resolve_fwds(&mut self) {
        let mut names: HashMap<u32, u32, FxBuild> = HashMap::default();
        for id in 1..self.t.cnt() {
            let r = self.t.rec(id);
            if matches!(kind_of(r), kind::STRUCT | kind::UNION) && self.map[id as usize] == id {
                names.entry(w(r, 0)).and_modify(|v| *v = 0).or_insert(id);
            }
        }
        for id in self.t.start_id..self.t.cnt() {
            let r = self.t.rec(id);
            if kind_of(r) != kind::FWD || self.map[id as usize] != id {
                continue;
            }
            let Some(&c) = names.get(&w(r, 0)) else {
                continue;
            };
            if c != 0 && self.t.kind(c) == fwd_kind(r) {
                self.map[id as usize] = c;
            }
        }
    }
}

/// Every record of `b` and of its own bases, in id order, appended to `t`.
fn base_records(b: &Btf, t: &mut Types) -> Result<()> {
    b.validate_all()?;
    if let Some(bb) = &b.base {
        base_records(bb, t)?;
    }
    for r in b.local_types() {
        t.push(r.rec);
    }
    Ok(())
}

/// Word count of `b`'s type sections, its bases' included.
fn section_words(b: &Btf) -> usize {
    b.types.get().len() / 4 + b.base.as_deref().map_or(0, section_words)
}

impl Btf {
    /// Deduplicates this object's types and strings in place (`btf__dedup`),
    /// rewriting `ext`'s type ids and string offsets to match.
    pub fn dedup(&mut self, ext: Option<&mut BtfExt>, opts: &DedupOpts) -> Result<()> {
        self.validate_all()?;
        let base = self.base.clone();
        let start_id = self.start_id;
        let mut t = Types::with_capacity(start_id, self.type_cnt() as usize, section_words(self));
        if let Some(b) = &base {
            base_records(b, &mut t)?;
        }
        if t.cnt() != start_id {
            return Err(Error::inval("btf__dedup: base BTF is unreadable"));
        }
        for r in self.local_types() {
            t.push(r.rec);
        }
        let cnt = t.cnt() as usize;
        if cnt != self.type_cnt() as usize {
            return Err(Error::inval("btf__dedup: type section is unreadable"));
        }

        // Strings first, so equal names compare as equal offsets.
        let ext_strs = ext.as_ref().map(|e| e.str_offs()).unwrap_or_default();
        let strs = if self.strs_deduped {
            None
        } else {
            Some(dedup_strings(self, &mut t, &ext_strs)?)
        };

        let mut d = Dedup {
            t,
            map: vec![UNPROCESSED; cnt],
            hyp: Hypot::new(cnt),
            table: CandTable::new(opts.force_collisions, cnt),
        };
        d.map[0] = 0;
        for id in 1..cnt as u32 {
            if matches!(d.t.kind(id), kind::VAR | kind::DATASEC) {
                d.map[id as usize] = id;
            }
        }
        if base.is_some() {
            d.prep()?;
        }
        let local_ids = start_id..cnt as u32;
        for id in local_ids.clone() {
            d.prim_type(id)?;
        }
        for id in local_ids.clone() {
            d.struct_type(id)?;
        }
        d.resolve_fwds();
        for id in local_ids.clone() {
            d.ref_type(id, 0)?;
        }

        // Compact: canonical local types keep their order; hypot_map now
        // maps old ids to new ones.
        let new_ids = &mut d.hyp.map;
        for id in 0..start_id {
            new_ids[id as usize] = id;
        }
        let mut next = start_id;
        let mut words = 0;
        for id in local_ids.clone() {
            new_ids[id as usize] = UNPROCESSED;
            if d.map[id as usize] == id {
                new_ids[id as usize] = next;
                words += d.t.rec(id).len();
                next += 1;
            }
        }
        let new_ids = &d.hyp.map;
        let remap = |id: u32| -> Result<u32> {
            if id as usize >= cnt {
                return Err(Error::inval(format!(
                    "btf__dedup: type id {id} out of range"
                )));
            }
            let n = new_ids[resolve(&d.map, id) as usize];
            if n > MAX_NR_TYPES {
                return Err(Error::inval(format!(
                    "btf__dedup: type id {id} has no canonical type"
                )));
            }
            Ok(n)
        };
        // Kept records get their ids rewritten in place, then go out as
        // bytes (one buffer: vmlinux's is 5 MB of fresh pages).
        let mut bytes = Vec::with_capacity(words * 4);
        let mut new_offs = Vec::with_capacity((next - start_id) as usize);
        for id in local_ids.clone() {
            if d.map[id as usize] != id {
                continue;
            }
            let info = w(d.t.rec(id), 1);
            let rec = d.t.rec_mut(id);
            for_id_slots((info >> 24) & 0x1f, (info & 0xffff) as usize, |slot| {
                if let Some(x) = rec.get_mut(slot) {
                    *x = remap(*x)?;
                }
                Ok(())
            })?;
            new_offs.push(bytes.len() as u32);
            for x in d.t.rec(id) {
                bytes.extend_from_slice(&x.to_ne_bytes());
            }
        }
        let new_ext = match &ext {
            Some(e) => {
                let mut e = (**e).clone();
                if let Some(s) = &strs {
                    let new: Vec<u32> = ext_strs
                        .iter()
                        .map(|o| s.new_off.get(o).copied().unwrap_or(*o))
                        .collect();
                    e.set_str_offs(&new);
                }
                e.remap_type_ids(&mut |id| remap(id))?;
                Some(e)
            }
            None => None,
        };

        // Commit.
        if let (Some(e), Some(new)) = (ext, new_ext) {
            *e = new;
        }
        *self.types_mut() = bytes;
        self.index = super::index::TypeIndex::dense(new_offs);
        if let Some(s) = strs {
            self.strs = Bytes::Owned(s.data);
            self.str_dedup = None;
        }
        self.strs_deduped = true;
        self.names = OnceLock::new();
        Ok(())
    }
}

#[cfg(test)]
mod tests;
