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

use super::ext::BtfExt;
use super::write::str_slots;
use super::{kind, Btf, Bytes};
use crate::error::{Errno, Error, Result};
use std::collections::HashMap;
use std::sync::OnceLock;

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

/// Word indices holding type ids, in libbpf's field-iterator order (FWD's
/// unused `type` word included, as libbpf visits it).
fn id_slots(k: u32, n: usize) -> Vec<usize> {
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
        | kind::DECL_TAG => vec![2],
        kind::ARRAY => vec![3, 4],
        kind::STRUCT | kind::UNION => (0..n).map(|i| 4 + i * 3).collect(),
        kind::DATASEC => (0..n).map(|i| 3 + i * 3).collect(),
        kind::FUNC_PROTO => std::iter::once(2)
            .chain((0..n).map(|i| 4 + i * 2))
            .collect(),
        _ => Vec::new(),
    }
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

/// Canonical candidates by signature hash, in libbpf's hashmap order: an
/// entry is prepended to its chain, and each growth of the table (when it
/// would pass 3/4 full) re-links every chain in reverse. Only the relative
/// order of same-hash entries is observable, so one chain per hash (or one
/// chain for all, with `force_collisions`) reproduces it.
struct CandTable {
    /// Chain head (an index in `entries`) per bucket.
    heads: HashMap<u64, u32, IdHash>,
    /// (hash, type id, next entry or [`NIL`]).
    entries: Vec<(u64, u32, u32)>,
    cap: usize,
    collide: bool,
}

const NIL: u32 = u32::MAX;

impl CandTable {
    fn new(collide: bool) -> CandTable {
        CandTable {
            heads: HashMap::default(),
            entries: Vec::new(),
            cap: 0,
            collide,
        }
    }

    fn bucket(&self, h: u64) -> u64 {
        if self.collide {
            0
        } else {
            h
        }
    }

    fn add(&mut self, h: u64, id: u32) {
        if self.cap == 0 || (self.entries.len() + 1) * 4 / 3 > self.cap {
            self.cap = (self.cap * 2).max(4);
            for head in self.heads.values_mut() {
                let (mut prev, mut cur) = (NIL, *head);
                while cur != NIL {
                    let next = self.entries[cur as usize].2;
                    self.entries[cur as usize].2 = prev;
                    prev = cur;
                    cur = next;
                }
                *head = prev;
            }
        }
        let b = self.bucket(h);
        let n = self.entries.len() as u32;
        let head = self.heads.entry(b).or_insert(NIL);
        self.entries.push((h, id, *head));
        *head = n;
    }

    /// First entry of hash `h`'s chain (walk on with [`CandTable::next`]).
    fn first(&self, h: u64) -> u32 {
        let cur = self.heads.get(&self.bucket(h)).copied().unwrap_or(NIL);
        self.skip_to(cur, h)
    }

    /// The candidate at `cur` and the entry after it.
    fn at(&self, cur: u32, h: u64) -> Option<(u32, u32)> {
        let e = self.entries.get(cur as usize)?;
        Some((e.1, self.skip_to(e.2, h)))
    }

    fn skip_to(&self, mut cur: u32, h: u64) -> u32 {
        while cur != NIL && self.entries[cur as usize].0 != h {
            cur = self.entries[cur as usize].2;
        }
        cur
    }

    /// Candidates for hash `h`, first to try first.
    fn cands(&self, h: u64) -> Cands<'_> {
        Cands {
            table: self,
            cur: self.first(h),
            h,
        }
    }
}

/// Iterator over one hash's candidates.
struct Cands<'a> {
    table: &'a CandTable,
    cur: u32,
    h: u64,
}

impl Iterator for Cands<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let (id, next) = self.table.at(self.cur, self.h)?;
        self.cur = next;
        Some(id)
    }
}

/// FxHash-style hasher for string and id keys (SipHash's DoS resistance
/// buys nothing on BTF we are asked to rewrite anyway).
#[derive(Default, Clone, Copy)]
struct FxBuild;
struct Fx(u64);
impl std::hash::BuildHasher for FxBuild {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}
impl Fx {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}
impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, b: &[u8]) {
        let mut c = b.chunks_exact(8);
        for x in c.by_ref() {
            self.add(u64::from_le_bytes(x.try_into().unwrap_or_default()));
        }
        let mut last = [0u8; 8];
        last[..c.remainder().len()].copy_from_slice(c.remainder());
        self.add(u64::from_le_bytes(last) ^ (b.len() as u64) << 56);
    }
    fn write_u32(&mut self, v: u32) {
        self.add(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        self.add(v);
    }
    fn write_usize(&mut self, v: usize) {
        self.add(v as u64);
    }
}

/// Hasher for keys that already are hashes.
#[derive(Default, Clone, Copy)]
struct IdHash;
struct IdHasher(u64);
impl std::hash::BuildHasher for IdHash {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(0)
    }
}
impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, b: &[u8]) {
        for &x in b {
            self.0 = (self.0 ^ x as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
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

/// The string pass's result: the new string section and old → new offsets.
struct StrRemap {
    data: Vec<u8>,
    new_off: HashMap<u32, u32, FxBuild>,
}

/// Keeps each referenced string once, in first-use order; split BTF
/// refers to strings of its base by their base offsets.
fn dedup_strings(
    btf: &Btf,
    local: &mut [u8],
    offs: &[usize],
    ext_offs: &[u32],
) -> Result<StrRemap> {
    let start = btf.start_str_off;
    let mut base_strs: HashMap<&[u8], u32, FxBuild> = HashMap::default();
    let mut chain = Vec::new();
    let mut b = btf.base.as_deref();
    while let Some(x) = b {
        chain.push(x);
        b = x.base.as_deref();
    }
    // Lowest base first: libbpf asks the base's base before the base.
    for x in chain.iter().rev() {
        let s = x.strs.get();
        let mut o = 0usize;
        while o < s.len() {
            let e = s[o..]
                .iter()
                .position(|&c| c == 0)
                .map_or(s.len(), |e| o + e);
            base_strs
                .entry(&s[o..e])
                .or_insert(x.start_str_off + o as u32);
            o = e + 1;
        }
    }
    let mut data: Vec<u8> = Vec::new();
    let mut set: HashMap<&[u8], u32, FxBuild> = HashMap::default();
    if btf.base.is_none() {
        data.push(0);
        set.insert(&[], 0);
    }
    let mut new_off: HashMap<u32, u32, FxBuild> = HashMap::default();
    let mut visit = |off: u32| -> Result<u32> {
        if off == 0 || off < start {
            return Ok(off);
        }
        if let Some(&n) = new_off.get(&off) {
            return Ok(n);
        }
        let s = btf
            .cstr_at(off)
            .ok_or_else(|| Error::inval(format!("btf__dedup: invalid string offset {off}")))?;
        let n = if let Some(&o) = base_strs.get(s) {
            o
        } else if let Some(&o) = set.get(s) {
            start + o
        } else {
            let o = data.len() as u32;
            data.extend_from_slice(s);
            data.push(0);
            set.insert(s, o);
            start + o
        };
        new_off.insert(off, n);
        Ok(n)
    };
    for i in 0..offs.len() - 1 {
        let rec = &mut local[offs[i]..offs[i + 1]];
        for slot in str_slots(kind_of(rec), vlen(rec) as u32) {
            let v = visit(w(rec, slot))?;
            rec[slot * 4..slot * 4 + 4].copy_from_slice(&v.to_ne_bytes());
        }
    }
    for &o in ext_offs {
        visit(o)?;
    }
    Ok(StrRemap { data, new_off })
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
mod tests {
    use super::*;
    use std::sync::Arc;

    fn ptr(b: &mut Btf, to: u32) -> u32 {
        b.add_ref_kind(kind::PTR, None, to as i32, false).unwrap()
    }

    /// struct list { struct list *next; int v; } (ptr first, as clang emits).
    fn add_list(b: &mut Btf, int: u32) -> u32 {
        let p = ptr(b, b.type_cnt() + 1);
        let s = b.add_composite(false, Some("list"), 16).unwrap();
        b.add_field(Some("next"), p as i32, 0, 0).unwrap();
        b.add_field(Some("v"), int as i32, 64, 0).unwrap();
        s
    }

    fn names(b: &Btf) -> Vec<(u32, String)> {
        (1..b.type_cnt())
            .map(|id| {
                let t = b.type_by_id(id).unwrap();
                (t.kind(), b.name_of(&t).to_string())
            })
            .collect()
    }

    #[test]
    fn self_referencing_copies_collapse() {
        let mut b = Btf::new_empty(None);
        let int = b.add_int("int", 4, 1).unwrap();
        b.add_int("int", 4, 1).unwrap();
        add_list(&mut b, int);
        add_list(&mut b, int);
        add_list(&mut b, 2);
        b.dedup(None, &DedupOpts::default()).unwrap();
        assert_eq!(b.type_cnt(), 4, "{:?}", names(&b));
        let s = b.type_by_id(3).unwrap();
        assert_eq!((s.kind(), s.member(0).1), (kind::STRUCT, 2));
        assert_eq!(b.type_by_id(2).unwrap().size_or_type, 3);
        // Idempotent.
        let raw = b.raw();
        b.dedup(None, &DedupOpts::default()).unwrap();
        assert_eq!(b.raw(), raw);
    }

    #[test]
    fn fwds_resolve_to_the_unique_struct_of_their_name() {
        let mut b = Btf::new_empty(None);
        let int = b.add_int("int", 4, 1).unwrap();
        let f = b.add_fwd("s", 0).unwrap();
        ptr(&mut b, f);
        let s = b.add_composite(false, Some("s"), 4).unwrap();
        b.add_field(Some("a"), int as i32, 0, 0).unwrap();
        ptr(&mut b, s);
        // a union fwd named "s" stays, and so does a fwd of an ambiguous name
        b.add_fwd("s", 1).unwrap();
        b.add_composite(false, Some("amb"), 4).unwrap();
        b.add_composite(false, Some("amb"), 8).unwrap();
        b.add_fwd("amb", 0).unwrap();
        b.dedup(None, &DedupOpts::default()).unwrap();
        // Both pointers are now one (the first, kept in place) to struct s.
        let kinds: Vec<u32> = names(&b).iter().map(|n| n.0).collect();
        assert_eq!(
            kinds,
            [
                kind::INT,
                kind::PTR,
                kind::STRUCT,
                kind::FWD,
                kind::STRUCT,
                kind::STRUCT,
                kind::FWD
            ]
        );
        assert_eq!(b.type_by_id(2).unwrap().size_or_type, 3);
    }

    #[test]
    fn enum_fwd_collapses_into_the_full_enum() {
        let mut b = Btf::new_empty(None);
        b.add_enum(Some("e"), 4).unwrap();
        b.add_enum(Some("e"), 4).unwrap();
        b.add_enum_value("A", 1).unwrap();
        b.add_enum(Some("e"), 4).unwrap();
        b.add_enum64(Some("e"), 8, false).unwrap();
        b.add_enum64_value("B", 1 << 40).unwrap();
        b.dedup(None, &DedupOpts::default()).unwrap();
        assert_eq!(b.type_cnt(), 3, "{:?}", names(&b));
        assert_eq!(b.type_by_id(1).unwrap().vlen(), 1);
    }

    #[test]
    fn strings_dropped_only_when_not_known_unique() {
        let mut b = Btf::new_empty(None);
        b.add_int("int", 4, 1).unwrap();
        b.add_str("unused").unwrap();
        let mut parsed = Btf::parse(&b.raw()).unwrap();
        b.dedup(None, &DedupOpts::default()).unwrap();
        assert!(
            b.find_str("unused").is_some(),
            "built BTF keeps its strings"
        );
        parsed.dedup(None, &DedupOpts::default()).unwrap();
        assert_eq!(parsed.strings_section(), b"\0int\0");
    }

    #[test]
    fn split_copies_map_to_base_and_base_fwds_stay() {
        let mut base = Btf::new_empty(None);
        let int = base.add_int("int", 4, 1).unwrap();
        let s = base.add_composite(false, Some("s"), 4).unwrap();
        base.add_field(Some("a"), int as i32, 0, 0).unwrap();
        base.add_fwd("x", 0).unwrap();
        let base = Arc::new(base);
        let mut sp = Btf::new_empty(Some(base.clone()));
        let i2 = sp.add_int("int", 4, 1).unwrap();
        let s2 = sp.add_composite(false, Some("s"), 4).unwrap();
        sp.add_field(Some("a"), i2 as i32, 0, 0).unwrap();
        ptr(&mut sp, s2);
        let x = sp.add_composite(false, Some("x"), 4).unwrap();
        sp.add_field(Some("a"), i2 as i32, 0, 0).unwrap();
        ptr(&mut sp, x);
        sp.dedup(None, &DedupOpts::default()).unwrap();
        // left: ptr -> base s, struct x, ptr -> x
        assert_eq!(sp.type_cnt(), 7, "{:?}", names(&sp));
        assert_eq!(sp.type_by_id(4).unwrap().size_or_type, s);
        assert_eq!(sp.type_by_id(5).unwrap().kind(), kind::STRUCT);
        assert_eq!(sp.type_by_id(5).unwrap().member(0).1, int);
    }

    #[test]
    fn too_deep_graphs_fail_cleanly_on_a_small_stack() {
        // Two copies of a chain of structs, each holding the next (a later
        // id): one walk covers a whole chain. Run on a 2 MiB thread (release).
        let build = |n: u32| {
            let mut b = Btf::new_empty(None);
            for _ in 0..2 {
                let base = b.type_cnt();
                for i in 0..n {
                    let to = if i + 1 < n { base + i + 1 } else { 0 };
                    b.add_composite(false, Some(&format!("s{i}")), 4).unwrap();
                    b.add_field(Some("m"), to as i32, 0, 0).unwrap();
                }
            }
            b
        };
        // Unoptimised builds use several times the stack per level.
        let stack = if cfg!(debug_assertions) {
            32 << 20
        } else {
            2 << 20
        };
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn(move || {
                let mut ok = build(MAX_DEPTH - 10);
                ok.dedup(None, &DedupOpts::default()).unwrap();
                assert_eq!(ok.type_cnt(), MAX_DEPTH - 10 + 1);
                let mut deep = build(MAX_DEPTH + 10);
                let e = deep.dedup(None, &DedupOpts::default()).unwrap_err();
                assert_eq!(e.errno(), Errno(libc::E2BIG));
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn reference_loops_fail_with_eloop() {
        let mut b = Btf::new_empty(None);
        b.add_ref_kind(kind::PTR, None, 2, false).unwrap();
        b.add_ref_kind(kind::CONST, None, 1, false).unwrap();
        let raw = b.raw();
        let e = b.dedup(None, &DedupOpts::default()).unwrap_err();
        assert_eq!(e.errno(), Errno(libc::ELOOP));
        assert_eq!(b.raw(), raw, "a failed dedup leaves the BTF as it was");
    }

    #[test]
    fn candidates_follow_libbpf_hashmap_order() {
        for collide in [false, true] {
            let mut t = CandTable::new(collide);
            t.add(7, 1); // grows to 4 buckets
            t.add(7, 2);
            assert_eq!(t.cands(7).collect::<Vec<_>>(), [2, 1], "newest first");
            t.add(8, 3);
            t.add(9, 4); // grows to 8: chains reversed, then prepended
            assert_eq!(t.cands(7).collect::<Vec<_>>(), [1, 2]);
            assert_eq!(t.cands(9).collect::<Vec<_>>(), [4]);
            assert_eq!(t.cands(10).count(), 0);
        }
    }

    #[test]
    fn force_collisions_gives_the_same_bytes() {
        let build = || {
            let mut b = Btf::new_empty(None);
            let int = b.add_int("int", 4, 1).unwrap();
            for _ in 0..3 {
                add_list(&mut b, int);
                let f = b.add_func_proto(int as i32).unwrap();
                b.add_func_param(Some("x"), int as i32).unwrap();
                b.add_func("f", 1, f as i32).unwrap();
            }
            b
        };
        let (mut a, mut c) = (build(), build());
        a.dedup(None, &DedupOpts::default()).unwrap();
        c.dedup(
            None,
            &DedupOpts {
                force_collisions: true,
            },
        )
        .unwrap();
        assert_eq!(a.raw(), c.raw());
        assert_eq!(a.type_cnt(), 6);
    }
}
