//! The records `btf__dedup` works on, as native-endian words, and the
//! signatures it hashes and compares them by.
//!
//! Every record (base ones included, so a lookup never asks which layer an
//! id is in) is copied once into one word vector; an id's record is one
//! (start, length) pair away. The equivalence walk reads records millions
//! of times on vmlinux: a word read is then one bounds check, not a byte
//! slice and a four-byte assembly.

use super::super::kind;

/// One record: `struct btf_type` and its trailing data, in words.
pub(super) type Rec = [u32];

#[inline]
pub(super) fn w(rec: &Rec, i: usize) -> u32 {
    rec.get(i).copied().unwrap_or(0)
}
#[inline]
pub(super) fn kind_of(rec: &Rec) -> u32 {
    (w(rec, 1) >> 24) & 0x1f
}
#[inline]
pub(super) fn vlen(rec: &Rec) -> usize {
    (w(rec, 1) & 0xffff) as usize
}
#[inline]
fn kflag(rec: &Rec) -> bool {
    w(rec, 1) >> 31 == 1
}
/// The three header words (`name_off`, `info`, `size`/`type`).
#[inline]
fn head(rec: &Rec) -> &[u32] {
    rec.get(..3).unwrap_or(&[])
}

/// The trailing data (members, parameters, ...).
#[inline]
fn tail(rec: &Rec) -> &[u32] {
    rec.get(3..).unwrap_or(&[])
}

// --- type signatures: hashes ignore referenced ids; equality is exact ----

#[inline]
fn hc(h: u64, v: u32) -> u64 {
    h.wrapping_mul(31).wrapping_add(v as u64)
}
pub(super) fn hash_common(r: &Rec) -> u64 {
    hc(hc(hc(0, w(r, 0)), w(r, 1)), w(r, 2))
}
pub(super) fn hash_typedef(r: &Rec) -> u64 {
    hc(hc(0, w(r, 0)), w(r, 1))
}
pub(super) fn hash_int_tag(r: &Rec) -> u64 {
    hc(hash_common(r), w(r, 3))
}
pub(super) fn hash_enum(r: &Rec) -> u64 {
    hc(0, w(r, 0))
}
pub(super) fn hash_struct(r: &Rec) -> u64 {
    let h = hash_common(r);
    tail(r)
        .chunks_exact(3)
        .take(vlen(r))
        .fold(h, |h, m| hc(hc(h, m[0]), m[2]))
}
pub(super) fn hash_array(r: &Rec) -> u64 {
    hc(hc(hc(hash_common(r), w(r, 3)), w(r, 4)), w(r, 5))
}
pub(super) fn hash_fnproto(r: &Rec) -> u64 {
    let h = hash_common(r);
    tail(r)
        .chunks_exact(2)
        .take(vlen(r))
        .fold(h, |h, p| hc(hc(h, p[0]), p[1]))
}

/// (Word by word: a slice comparison calls `memcmp`, dear for 3 words.)
#[inline]
pub(super) fn equal_common(a: &Rec, b: &Rec) -> bool {
    match (head(a), head(b)) {
        (&[a0, a1, a2], &[b0, b1, b2]) => a0 == b0 && a1 == b1 && a2 == b2,
        (x, y) => x == y,
    }
}
/// Whole records equal: INT, DECL_TAG, ENUM/ENUM64, ARRAY, FUNC_PROTO and
/// the single-reference kinds compare this way once the header matches.
#[inline]
pub(super) fn equal_rec(a: &Rec, b: &Rec) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}
pub(super) fn is_enum_fwd(r: &Rec) -> bool {
    matches!(kind_of(r), kind::ENUM | kind::ENUM64) && vlen(r) == 0
}
pub(super) fn compat_enum(a: &Rec, b: &Rec) -> bool {
    if !is_enum_fwd(a) && !is_enum_fwd(b) {
        return equal_rec(a, b);
    }
    w(a, 0) == w(b, 0)
        && matches!(kind_of(a), kind::ENUM | kind::ENUM64)
        && matches!(kind_of(b), kind::ENUM | kind::ENUM64)
}
/// Same header and the same member names and offsets (types aside).
pub(super) fn shallow_equal_struct(a: &Rec, b: &Rec) -> bool {
    equal_common(a, b)
        && a.len() == b.len()
        && tail(a)
            .chunks_exact(3)
            .zip(tail(b).chunks_exact(3))
            .all(|(x, y)| x[0] == y[0] && x[2] == y[2])
}
pub(super) fn compat_array(a: &Rec, b: &Rec) -> bool {
    equal_common(a, b) && w(a, 5) == w(b, 5)
}
pub(super) fn compat_fnproto(a: &Rec, b: &Rec) -> bool {
    w(a, 0) == w(b, 0)
        && w(a, 1) == w(b, 1)
        && (0..vlen(a)).all(|i| w(a, 3 + i * 2) == w(b, 3 + i * 2))
}
/// Kind a FWD stands for.
pub(super) fn fwd_kind(r: &Rec) -> u32 {
    if kflag(r) {
        kind::UNION
    } else {
        kind::STRUCT
    }
}

/// Every record by id, base ones read-only in spirit (only local records
/// are rewritten, by the reference pass).
pub(super) struct Types {
    /// First id of the object being deduplicated (1 for plain BTF).
    pub(super) start_id: u32,
    words: Vec<u32>,
    /// (first word, word count) of each id's record; id 0 is `void`.
    spans: Vec<(u32, u32)>,
}

impl Types {
    /// Room for `cnt` ids and `words` words; `void` added as id 0.
    pub(super) fn with_capacity(start_id: u32, cnt: usize, words: usize) -> Types {
        let mut t = Types {
            start_id,
            words: Vec::with_capacity(words + 3),
            spans: Vec::with_capacity(cnt),
        };
        t.push(&[0; 12]);
        t
    }

    /// Appends the next id's record (`bytes`: a whole record, 4-aligned length).
    pub(super) fn push(&mut self, bytes: &[u8]) {
        let start = self.words.len() as u32;
        self.words.extend(
            bytes
                .chunks_exact(4)
                .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]])),
        );
        self.spans.push((start, (bytes.len() / 4) as u32));
    }

    /// Ids held (base and local, `void` included).
    pub(super) fn cnt(&self) -> u32 {
        self.spans.len() as u32
    }

    #[inline]
    pub(super) fn rec(&self, id: u32) -> &Rec {
        let Some(&(s, n)) = self.spans.get(id as usize) else {
            return &[];
        };
        self.words.get(s as usize..(s + n) as usize).unwrap_or(&[])
    }

    /// A local record, to rewrite in place (empty for a base one).
    pub(super) fn rec_mut(&mut self, id: u32) -> &mut Rec {
        if id < self.start_id {
            return &mut [];
        }
        let Some(&(s, n)) = self.spans.get(id as usize) else {
            return &mut [];
        };
        self.words
            .get_mut(s as usize..(s + n) as usize)
            .unwrap_or(&mut [])
    }

    #[inline]
    pub(super) fn kind(&self, id: u32) -> u32 {
        kind_of(self.rec(id))
    }

    pub(super) fn set_word(&mut self, id: u32, i: usize, v: u32) {
        if let Some(x) = self.rec_mut(id).get_mut(i) {
            *x = v;
        }
    }

    /// libbpf's structural "identical" check, tried when a canonical type
    /// is already paired with another candidate: two separately emitted
    /// but identical definitions still count as equivalent.
    pub(super) fn identical(&self, mut id1: u32, mut id2: u32, depth: u32) -> bool {
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
