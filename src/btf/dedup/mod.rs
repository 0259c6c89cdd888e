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

mod strings;
mod table;

use super::ext::BtfExt;
use super::{kind, Btf, Bytes};
use crate::error::{Errno, Error, Result};
use std::collections::HashMap;
use std::sync::OnceLock;
use strings::dedup_strings;
use table::{CandTable, FxBuild};

/// `map` value of a type not yet looked at.
const UNPROCESSED: u32 = u32::MAX;
/// `map` value of a reference type being resolved (a loop if met again).
const IN_PROGRESS: u32 = u32::MAX - 1;
/// Any `map` value above this is one of the two markers.
const MAX_NR_TYPES: u32 = 0x7fff_ffff;
/// Depth of the "identical types" fallback comparison, as libbpf.
const IDENTICAL_DEPTH: u32 = 16;
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

static VOID: [u8; 12] = [0; 12];

#[inline]
fn w(rec: &[u8], i: usize) -> u32 {
    let p = i * 4;
    rec.get(p..p + 4)
        .map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}
#[inline]
fn kind_of(rec: &[u8]) -> u32 {
    (w(rec, 1) >> 24) & 0x1f
}
#[inline]
fn vlen(rec: &[u8]) -> usize {
    (w(rec, 1) & 0xffff) as usize
}
fn kflag(rec: &[u8]) -> bool {
    w(rec, 1) >> 31 == 1
}

/// Word indices holding type ids, in libbpf's field-iterator order: the
/// writer's slots, plus FWD's unused `type` word, which libbpf visits too.
fn id_slots(k: u32, n: usize) -> Vec<usize> {
    if k == kind::FWD {
        return vec![2];
    }
    super::write::id_slots(k, n as u32)
}

// --- type signatures: hashes ignore referenced ids; equality is exact ----

fn hc(h: u64, v: u32) -> u64 {
    h.wrapping_mul(31).wrapping_add(v as u64)
}
fn hash_common(r: &[u8]) -> u64 {
    hc(hc(hc(0, w(r, 0)), w(r, 1)), w(r, 2))
}
fn hash_typedef(r: &[u8]) -> u64 {
    hc(hc(0, w(r, 0)), w(r, 1))
}
fn hash_int_tag(r: &[u8]) -> u64 {
    hc(hash_common(r), w(r, 3))
}
fn hash_enum(r: &[u8]) -> u64 {
    hc(0, w(r, 0))
}
fn hash_struct(r: &[u8]) -> u64 {
    (0..vlen(r)).fold(hash_common(r), |h, i| {
        hc(hc(h, w(r, 3 + i * 3)), w(r, 5 + i * 3))
    })
}
fn hash_array(r: &[u8]) -> u64 {
    hc(hc(hc(hash_common(r), w(r, 3)), w(r, 4)), w(r, 5))
}
fn hash_fnproto(r: &[u8]) -> u64 {
    (0..vlen(r)).fold(hash_common(r), |h, i| {
        hc(hc(h, w(r, 3 + i * 2)), w(r, 4 + i * 2))
    })
}

fn equal_common(a: &[u8], b: &[u8]) -> bool {
    a[..12] == b[..12]
}
/// Whole records equal: INT, DECL_TAG, ENUM/ENUM64, ARRAY, FUNC_PROTO and
/// the single-reference kinds compare this way once the header matches.
fn equal_rec(a: &[u8], b: &[u8]) -> bool {
    a == b
}
fn is_enum_fwd(r: &[u8]) -> bool {
    matches!(kind_of(r), kind::ENUM | kind::ENUM64) && vlen(r) == 0
}
fn compat_enum(a: &[u8], b: &[u8]) -> bool {
    if !is_enum_fwd(a) && !is_enum_fwd(b) {
        return equal_rec(a, b);
    }
    w(a, 0) == w(b, 0)
        && matches!(kind_of(a), kind::ENUM | kind::ENUM64)
        && matches!(kind_of(b), kind::ENUM | kind::ENUM64)
}
/// Same header and the same member names and offsets (types aside).
fn shallow_equal_struct(a: &[u8], b: &[u8]) -> bool {
    equal_common(a, b)
        && a[12..]
            .chunks_exact(12)
            .zip(b[12..].chunks_exact(12))
            .all(|(x, y)| x[..4] == y[..4] && x[8..] == y[8..])
}
fn compat_array(a: &[u8], b: &[u8]) -> bool {
    equal_common(a, b) && w(a, 5) == w(b, 5)
}
fn compat_fnproto(a: &[u8], b: &[u8]) -> bool {
    w(a, 0) == w(b, 0)
        && w(a, 1) == w(b, 1)
        && (0..vlen(a)).all(|i| w(a, 3 + i * 2) == w(b, 3 + i * 2))
}
/// Kind a FWD stands for.
fn fwd_kind(r: &[u8]) -> u32 {
    if kflag(r) {
        kind::UNION
    } else {
        kind::STRUCT
    }
}

/// The records: base ones read-only, this object's copied so the
/// reference pass can rewrite them.
struct Types<'a> {
    base: Vec<&'a [u8]>,
    start_id: u32,
    local: Vec<u8>,
    /// Byte offset of each local record, plus the end.
    offs: Vec<usize>,
}

impl Types<'_> {
    fn cnt(&self) -> u32 {
        self.start_id + self.offs.len() as u32 - 1
    }

    #[inline]
    fn rec(&self, id: u32) -> &[u8] {
        if id < self.start_id {
            return self.base[id as usize];
        }
        let i = (id - self.start_id) as usize;
        &self.local[self.offs[i]..self.offs[i + 1]]
    }

    #[inline]
    fn kind(&self, id: u32) -> u32 {
        kind_of(self.rec(id))
    }

    fn set_word(&mut self, id: u32, i: usize, v: u32) {
        let p = self.offs[(id - self.start_id) as usize] + i * 4;
        self.local[p..p + 4].copy_from_slice(&v.to_ne_bytes());
    }

    /// libbpf's structural "identical" check, tried when a canonical type
    /// is already paired with another candidate: two separately emitted
    /// but identical definitions still count as equivalent.
    fn identical(&self, mut id1: u32, mut id2: u32, depth: u32) -> bool {
        loop {
            let (t1, t2) = (self.rec(id1), self.rec(id2));
            if depth == 0 {
                crate::debug!("btf__dedup: depth limit reached comparing [{id1}] and [{id2}]");
                return false;
            }
            let k = kind_of(t1);
            if k != kind_of(t2) {
                return false;
            }
            return match k {
                kind::UNKN => true,
                kind::INT => equal_rec(t1, t2),
                kind::ENUM | kind::ENUM64 => compat_enum(t1, t2),
                kind::FWD | kind::FLOAT => equal_common(t1, t2),
                kind::CONST
                | kind::VOLATILE
                | kind::RESTRICT
                | kind::PTR
                | kind::TYPEDEF
                | kind::FUNC
                | kind::TYPE_TAG => {
                    if w(t1, 1) != w(t2, 1) || w(t1, 0) != w(t2, 0) {
                        return false;
                    }
                    id1 = w(t1, 2);
                    id2 = w(t2, 2);
                    continue;
                }
                // libbpf compares the first array's element and index
                // types with themselves here, so arrays that agree in
                // header and length are identical: kept for equal output.
                kind::ARRAY => compat_array(t1, t2),
                kind::STRUCT | kind::UNION => {
                    shallow_equal_struct(t1, t2)
                        && (0..vlen(t1)).all(|i| {
                            let (m1, m2) = (w(t1, 4 + i * 3), w(t2, 4 + i * 3));
                            m1 == m2 || self.identical(m1, m2, depth - 1)
                        })
                }
                kind::FUNC_PROTO => {
                    if !compat_fnproto(t1, t2) {
                        return false;
                    }
                    let (r1, r2) = (w(t1, 2), w(t2, 2));
                    if r1 != r2 && !self.identical(r1, r2, depth - 1) {
                        return false;
                    }
                    (0..vlen(t1)).all(|i| {
                        let (p1, p2) = (w(t1, 4 + i * 2), w(t2, 4 + i * 2));
                        p1 == p2 || self.identical(p1, p2, depth - 1)
                    })
                }
                _ => false,
            };
        }
    }
}

fn is_mapped(map: &[u32], id: u32) -> bool {
    map[id as usize] <= MAX_NR_TYPES
}

/// Follows `map` to a self-mapped or unprocessed id (bounded: a cycle in
/// the map, which valid input never makes, stops rather than spins).
fn resolve(map: &[u32], mut id: u32) -> u32 {
    for _ in 0..map.len() {
        let m = map[id as usize];
        if m > MAX_NR_TYPES || m == id {
            return id;
        }
        id = m;
    }
    id
}

/// A FWD's resolution if it resolved to a non-FWD, else itself.
fn resolve_fwd(t: &Types<'_>, map: &[u32], id: u32) -> u32 {
    if t.kind(id) != kind::FWD {
        return id;
    }
    let r = resolve(map, id);
    if t.kind(r) != kind::FWD {
        r
    } else {
        id
    }
}

/// The equivalence walk's tentative pairing (canonical → candidate);
/// reused as old id → new id when compacting.
struct Hypot {
    map: Vec<u32>,
    list: Vec<u32>,
    /// The walk would resolve a base FWD: base BTF is immutable, so the
    /// types are not equal after all.
    adjust_canon: bool,
}

impl Hypot {
    fn add(&mut self, from: u32, to: u32) {
        self.list.push(from);
        self.map[from as usize] = to;
    }

    fn clear(&mut self) {
        for &i in &self.list {
            self.map[i as usize] = UNPROCESSED;
        }
        self.list.clear();
        self.adjust_canon = false;
    }
}

/// Is the graph from `cand_id` equivalent to the one from canonical
/// `canon_id`? Pairs met on the way go to the hypothetical map, which
/// both ends cycles and records what to merge on success.
fn is_equiv(
    t: &Types<'_>,
    map: &[u32],
    hyp: &mut Hypot,
    cand_id: u32,
    canon_id: u32,
    depth: u32,
) -> std::result::Result<bool, WalkErr> {
    if depth > MAX_DEPTH {
        return Err(WalkErr::Depth);
    }
    if resolve(map, cand_id) == resolve(map, canon_id) {
        return Ok(true);
    }
    let canon_id = resolve_fwd(t, map, canon_id);
    let h = hyp.map[canon_id as usize];
    if h <= MAX_NR_TYPES {
        return Ok(h == cand_id || t.identical(h, cand_id, IDENTICAL_DEPTH));
    }
    hyp.add(canon_id, cand_id);
    let (cand, canon) = (t.rec(cand_id), t.rec(canon_id));
    let (ck, nk) = (kind_of(cand), kind_of(canon));
    if w(cand, 0) != w(canon, 0) {
        return Ok(false);
    }
    if (ck == kind::FWD || nk == kind::FWD) && ck != nk {
        let (real, fwd) = if ck == kind::FWD {
            (nk, fwd_kind(cand))
        } else {
            let fwd = fwd_kind(canon);
            if fwd == ck && canon_id < t.start_id {
                hyp.adjust_canon = true;
            }
            (ck, fwd)
        };
        return Ok(real == fwd);
    }
    if ck != nk {
        return Ok(false);
    }
    let mut sub = |a: u32, b: u32| is_equiv(t, map, hyp, a, b, depth + 1);
    match ck {
        kind::INT => Ok(equal_rec(cand, canon)),
        kind::ENUM | kind::ENUM64 => Ok(compat_enum(cand, canon)),
        kind::FWD | kind::FLOAT => Ok(equal_common(cand, canon)),
        kind::CONST
        | kind::VOLATILE
        | kind::RESTRICT
        | kind::PTR
        | kind::TYPEDEF
        | kind::FUNC
        | kind::TYPE_TAG => Ok(w(cand, 1) == w(canon, 1) && sub(w(cand, 2), w(canon, 2))?),
        kind::ARRAY => Ok(compat_array(cand, canon)
            && sub(w(cand, 4), w(canon, 4))?
            && sub(w(cand, 3), w(canon, 3))?),
        kind::STRUCT | kind::UNION => {
            if !shallow_equal_struct(cand, canon) {
                return Ok(false);
            }
            for i in 0..vlen(cand) {
                if !sub(w(cand, 4 + i * 3), w(canon, 4 + i * 3))? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        kind::FUNC_PROTO => {
            if !compat_fnproto(cand, canon) || !sub(w(cand, 2), w(canon, 2))? {
                return Ok(false);
            }
            for i in 0..vlen(cand) {
                if !sub(w(cand, 4 + i * 2), w(canon, 4 + i * 2))? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        k => Err(WalkErr::Kind(cand_id, k)),
    }
}

/// Why an equivalence walk stopped (small, so the hot recursion returns
/// it cheaply; turned into an [`Error`] once at the top).
#[derive(Clone, Copy, Debug)]
enum WalkErr {
    Depth,
    Kind(u32, u32),
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
struct Dedup<'a> {
    t: Types<'a>,
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

impl Dedup<'_> {
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
            self.hyp.clear();
            if !is_equiv(&self.t, &self.map, &mut self.hyp, id, c, 0)? {
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

/// Every record of `b` and of its own bases, in id order.
fn base_records<'a>(b: &'a Btf, out: &mut Vec<&'a [u8]>) -> Result<()> {
    b.validate_all()?;
    if let Some(bb) = &b.base {
        base_records(bb, out)?;
    }
    out.extend(b.local_types().map(|t| t.rec));
    Ok(())
}

impl Btf {
    /// Deduplicates this object's types and strings in place (`btf__dedup`),
    /// rewriting `ext`'s type ids and string offsets to match.
    pub fn dedup(&mut self, ext: Option<&mut BtfExt>, opts: &DedupOpts) -> Result<()> {
        self.validate_all()?;
        let base = self.base.clone();
        let start_id = self.start_id;
        let mut base_recs: Vec<&[u8]> = Vec::with_capacity(start_id as usize);
        base_recs.push(&VOID[..]);
        if let Some(b) = &base {
            base_records(b, &mut base_recs)?;
        }
        if base_recs.len() != start_id as usize {
            return Err(Error::inval("btf__dedup: base BTF is unreadable"));
        }
        let types = self.types.get();
        let mut offs: Vec<usize> = self.index.offsets(types).map(|o| o as usize).collect();
        offs.push(types.len());
        let mut local = types.to_vec();
        let cnt = start_id as usize + offs.len() - 1;

        // Strings first, so equal names compare as equal offsets.
        let ext_strs = ext.as_ref().map(|e| e.str_offs()).unwrap_or_default();
        let strs = if self.strs_deduped {
            None
        } else {
            Some(dedup_strings(self, &mut local, &offs, &ext_strs)?)
        };

        let mut d = Dedup {
            t: Types {
                base: base_recs,
                start_id,
                local,
                offs,
            },
            map: vec![UNPROCESSED; cnt],
            hyp: Hypot {
                map: vec![UNPROCESSED; cnt],
                list: Vec::new(),
                adjust_canon: false,
            },
            table: CandTable::new(opts.force_collisions),
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
        let mut out = Vec::with_capacity(d.t.local.len());
        let mut new_offs = Vec::new();
        for id in local_ids.clone() {
            new_ids[id as usize] = UNPROCESSED;
            if d.map[id as usize] == id {
                new_ids[id as usize] = next;
                new_offs.push(out.len() as u32);
                out.extend_from_slice(d.t.rec(id));
                next += 1;
            }
        }
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
        for &o in &new_offs {
            let o = o as usize;
            let info = w(&out[o..], 1);
            for slot in id_slots((info >> 24) & 0x1f, (info & 0xffff) as usize) {
                let p = o + slot * 4;
                let v = u32::from_ne_bytes([out[p], out[p + 1], out[p + 2], out[p + 3]]);
                out[p..p + 4].copy_from_slice(&remap(v)?.to_ne_bytes());
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
        *self.types_mut() = out;
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
