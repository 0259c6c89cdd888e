//! The type-graph equivalence walk of `btf__dedup`'s struct pass, as
//! libbpf's `btf_dedup_is_equiv`: a candidate and a canonical type are
//! equivalent when their graphs match, pairs met on the way recorded in a
//! hypothetical map that both ends cycles and says what to merge.

use super::types::{
    compat_array, compat_enum, compat_fnproto, equal_common, equal_rec, fwd_kind, kind_of,
    shallow_equal_struct, vlen, w, Types,
};
use super::{kind, MAX_DEPTH, MAX_NR_TYPES, UNPROCESSED};

/// Depth of the "identical types" fallback comparison, as libbpf.
const IDENTICAL_DEPTH: u32 = 16;

pub(super) fn is_mapped(map: &[u32], id: u32) -> bool {
    map.get(id as usize).is_some_and(|&m| m <= MAX_NR_TYPES)
}

/// Follows `map` to a self-mapped or unprocessed id (bounded: a cycle in
/// the map, which valid input never makes, stops rather than spins).
#[inline]
pub(super) fn resolve(map: &[u32], mut id: u32) -> u32 {
    for _ in 0..map.len() {
        let Some(&m) = map.get(id as usize) else {
            return id;
        };
        if m > MAX_NR_TYPES || m == id {
            return id;
        }
        id = m;
    }
    id
}

/// A FWD's resolution if it resolved to a non-FWD, else itself.
fn resolve_fwd(t: &Types, map: &[u32], id: u32) -> u32 {
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
pub(super) struct Hypot {
    pub(super) map: Vec<u32>,
    pub(super) list: Vec<u32>,
    /// The walk would resolve a base FWD: base BTF is immutable, so the
    /// types are not equal after all.
    pub(super) adjust_canon: bool,
}

impl Hypot {
    pub(super) fn new(cnt: usize) -> Hypot {
        Hypot {
            map: vec![UNPROCESSED; cnt],
            list: Vec::new(),
            adjust_canon: false,
        }
    }

    fn add(&mut self, from: u32, to: u32) {
        if let Some(m) = self.map.get_mut(from as usize) {
            self.list.push(from);
            *m = to;
        }
    }

    pub(super) fn clear(&mut self) {
        for &i in &self.list {
            self.map[i as usize] = UNPROCESSED;
        }
        self.list.clear();
        self.adjust_canon = false;
    }

    fn get(&self, id: u32) -> u32 {
        self.map.get(id as usize).copied().unwrap_or(UNPROCESSED)
    }
}

/// Why an equivalence walk stopped (small, so the hot recursion returns
/// it cheaply; turned into an error once at the top).
#[derive(Clone, Copy, Debug)]
pub(super) enum WalkErr {
    Depth,
    Kind(u32, u32),
}

/// One walk over the records `t` with the canonical map `map`.
pub(super) struct Walk<'a> {
    pub(super) t: &'a Types,
    pub(super) map: &'a [u32],
    pub(super) hyp: &'a mut Hypot,
}

impl Walk<'_> {
    /// The struct pass's question for STRUCT/UNION `cand_id` against
    /// candidate `canon_id`, whose headers, member names and offsets the
    /// caller already found equal: libbpf's walk from the top, minus that
    /// repeated shallow check.
    pub(super) fn struct_equiv(&mut self, cand_id: u32, canon_id: u32) -> Result<bool, WalkErr> {
        if resolve(self.map, cand_id) == resolve(self.map, canon_id) {
            return Ok(true);
        }
        // A STRUCT/UNION canonical type is no FWD: resolve_fwd keeps it,
        // and the hypothetical map is empty at the top.
        self.hyp.add(canon_id, cand_id);
        self.members(cand_id, canon_id, 0)
    }

    /// Whether [`Walk::struct_equiv`] would answer false at once, told
    /// without a walk: members before the first whose types resolve apart
    /// compare equal with no side effect, and if that member's types differ
    /// in name (the canonical one not being the pair under test, the only
    /// entry of the hypothetical map), the walk stops there with false.
    /// Most candidates of vmlinux's long same-layout chains end this way.
    pub(super) fn struct_unequal(&self, cand_id: u32, canon_id: u32) -> bool {
        let (t, map) = (self.t, self.map);
        if resolve(map, cand_id) == resolve(map, canon_id) {
            return false;
        }
        let (cand, canon) = (t.rec(cand_id), t.rec(canon_id));
        let pairs = cand
            .get(3..)
            .unwrap_or(&[])
            .chunks_exact(3)
            .zip(canon.get(3..).unwrap_or(&[]).chunks_exact(3));
        for (a, b) in pairs {
            if resolve(map, a[1]) == resolve(map, b[1]) {
                continue;
            }
            let c = resolve_fwd(t, map, b[1]);
            return c != canon_id && w(t.rec(a[1]), 0) != w(t.rec(c), 0);
        }
        false
    }

    /// Is the graph from `cand_id` equivalent to the one from canonical
    /// `canon_id`?
    pub(super) fn is_equiv(
        &mut self,
        cand_id: u32,
        canon_id: u32,
        depth: u32,
    ) -> Result<bool, WalkErr> {
        if depth > MAX_DEPTH {
            return Err(WalkErr::Depth);
        }
        let (t, map) = (self.t, self.map);
        if resolve(map, cand_id) == resolve(map, canon_id) {
            return Ok(true);
        }
        let canon_id = resolve_fwd(t, map, canon_id);
        let h = self.hyp.get(canon_id);
        if h <= MAX_NR_TYPES {
            return Ok(h == cand_id || t.identical(h, cand_id, IDENTICAL_DEPTH));
        }
        self.hyp.add(canon_id, cand_id);
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
                    self.hyp.adjust_canon = true;
                }
                (ck, fwd)
            };
            return Ok(real == fwd);
        }
        if ck != nk {
            return Ok(false);
        }
        let d = depth + 1;
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
            | kind::TYPE_TAG => {
                Ok(w(cand, 1) == w(canon, 1) && self.is_equiv(w(cand, 2), w(canon, 2), d)?)
            }
            kind::ARRAY => Ok(compat_array(cand, canon)
                && self.is_equiv(w(cand, 4), w(canon, 4), d)?
                && self.is_equiv(w(cand, 3), w(canon, 3), d)?),
            kind::STRUCT | kind::UNION => {
                if !shallow_equal_struct(cand, canon) {
                    return Ok(false);
                }
                self.members(cand_id, canon_id, depth)
            }
            kind::FUNC_PROTO => {
                if !compat_fnproto(cand, canon) || !self.is_equiv(w(cand, 2), w(canon, 2), d)? {
                    return Ok(false);
                }
                for i in 0..vlen(cand) {
                    if !self.is_equiv(w(cand, 4 + i * 2), w(canon, 4 + i * 2), d)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            k => Err(WalkErr::Kind(cand_id, k)),
        }
    }

    /// Member types of two shallow-equal structs/unions, pairwise.
    fn members(&mut self, cand_id: u32, canon_id: u32, depth: u32) -> Result<bool, WalkErr> {
        let (cand, canon) = (self.t.rec(cand_id), self.t.rec(canon_id));
        let pairs = cand
            .get(3..)
            .unwrap_or(&[])
            .chunks_exact(3)
            .zip(canon.get(3..).unwrap_or(&[]).chunks_exact(3));
        for (a, b) in pairs {
            if !self.is_equiv(a[1], b[1], depth + 1)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
