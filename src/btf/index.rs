//! Type id → record offset. Dense (one offset per type) for BTF that is
//! built or edited; sparse (every [`STEP`]-th type) for large read-only BTF
//! such as vmlinux, where a dense index would be half a megabyte of heap
//! for some 126 000 types: a lookup walks the few records after its sample
//! by their lengths.

use super::{extra_len, rd32, MAX_VLEN};

/// Sampling step of a sparse index (a lookup walks at most `STEP - 1` records).
const STEP: usize = 16;

#[derive(Clone, Debug, Default)]
pub(super) struct TypeIndex {
    /// Every type's offset (dense) or every `STEP`-th one (sparse).
    offs: Vec<u32>,
    count: usize,
    sparse: bool,
}

/// Length of the record at `off` (header + trailing data), when it has a known kind.
#[inline]
pub(super) fn record_len(types: &[u8], off: usize) -> Option<usize> {
    let info = rd32(types, off + 4)?;
    Some(12 + extra_len((info >> 24) & 0x1f, info & MAX_VLEN)?)
}

impl TypeIndex {
    pub fn dense(offs: Vec<u32>) -> TypeIndex {
        TypeIndex {
            count: offs.len(),
            offs,
            sparse: false,
        }
    }

    /// Starts an index over `types`, sparse when asked.
    pub fn with_capacity(types: &[u8], sparse: bool) -> TypeIndex {
        // Dense: room for the most records the bytes can hold (12 bytes is
        // the smallest), so the index never grows. Sparse: a typical
        // record length, the index being small anyway.
        let per = if sparse { 24 * STEP } else { 12 };
        TypeIndex {
            offs: Vec::with_capacity(types.len() / per + 1),
            count: 0,
            sparse,
        }
    }

    /// Records the next type's offset (while the index is built, in order).
    pub fn push(&mut self, off: u32) {
        if !self.sparse || self.count % STEP == 0 {
            self.offs.push(off);
        }
        self.count += 1;
    }

    pub fn len(&self) -> usize {
        self.count
    }

    /// Offset of local type `i`; the records in `types` were framed when indexed.
    pub fn offset(&self, types: &[u8], i: usize) -> Option<usize> {
        if i >= self.count {
            return None;
        }
        if !self.sparse {
            return Some(self.offs[i] as usize);
        }
        let mut off = *self.offs.get(i / STEP)? as usize;
        for _ in 0..i % STEP {
            off += record_len(types, off)?;
        }
        Some(off)
    }

    /// Every local type's offset, when the index is dense.
    pub fn dense_offsets(&self) -> Option<&[u32]> {
        (!self.sparse).then(|| &self.offs[..self.count.min(self.offs.len())])
    }

    /// Turns a sparse index into a dense one (before the records are edited).
    pub fn make_dense(&mut self, types: &[u8]) {
        if self.sparse {
            let offs: Vec<u32> = self.offsets(types).collect();
            *self = TypeIndex::dense(offs);
        }
    }

    /// Every local type's offset, in id order.
    pub fn offsets<'a>(&'a self, types: &'a [u8]) -> Offsets<'a> {
        Offsets {
            index: self,
            types,
            i: 0,
            next: 0,
        }
    }
}

impl TypeIndex {
    /// `(name_off, info)` of every local type, in id order: the header words
    /// a whole-object name scan needs, read once per record.
    pub fn heads<'a>(&'a self, types: &'a [u8]) -> impl Iterator<Item = (u32, u32)> + 'a {
        let mut next = 0usize;
        (0..self.count).map_while(move |i| {
            let off = if self.sparse {
                next
            } else {
                self.offs[i] as usize
            };
            let h = types.get(off..off + 8)?;
            let name_off = u32::from_ne_bytes([h[0], h[1], h[2], h[3]]);
            let info = u32::from_ne_bytes([h[4], h[5], h[6], h[7]]);
            if self.sparse {
                next = off + 12 + extra_len((info >> 24) & 0x1f, info & MAX_VLEN)?;
            }
            Some((name_off, info))
        })
    }
}

/// Iterator of [`TypeIndex::offsets`]: reads a dense index, walks a sparse one.
pub(super) struct Offsets<'a> {
    index: &'a TypeIndex,
    types: &'a [u8],
    i: usize,
    next: usize,
}

impl Iterator for Offsets<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.i >= self.index.count {
            return None;
        }
        let off = if self.index.sparse {
            let off = self.next;
            self.next = off + record_len(self.types, off)?;
            off
        } else {
            self.index.offs[self.i] as usize
        };
        self.i += 1;
        Some(off as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_matches_dense() {
        // 40 records of varying length: INT (16 bytes), PTR (12), STRUCT with
        // i % 3 members (12 + 12 * vlen).
        let mut types = Vec::new();
        let mut want = Vec::new();
        for i in 0..40u32 {
            want.push(types.len() as u32);
            let (kind, vlen) = match i % 3 {
                0 => (super::super::kind::INT, 0),
                1 => (super::super::kind::PTR, 0),
                _ => (super::super::kind::STRUCT, i % 4),
            };
            let words = 3 + extra_len(kind, vlen).unwrap() / 4;
            for w in 0..words {
                let v = if w == 1 { kind << 24 | vlen } else { 0 };
                types.extend_from_slice(&v.to_ne_bytes());
            }
        }
        let mut sparse = TypeIndex::with_capacity(&types, true);
        for &o in &want {
            sparse.push(o);
        }
        assert_eq!(sparse.len(), 40);
        for (i, &o) in want.iter().enumerate() {
            assert_eq!(sparse.offset(&types, i), Some(o as usize), "type {i}");
        }
        assert_eq!(sparse.offset(&types, 40), None);
        assert_eq!(sparse.offsets(&types).collect::<Vec<_>>(), want);
        let heads: Vec<(u32, u32)> = sparse.heads(&types).collect();
        assert_eq!(heads.len(), 40);
        assert_eq!(heads[2].1, super::super::kind::STRUCT << 24 | 2);
        sparse.make_dense(&types);
        assert_eq!(sparse.heads(&types).collect::<Vec<_>>(), heads);
        assert!(!sparse.sparse);
        assert_eq!(sparse.offsets(&types).collect::<Vec<_>>(), want);
    }
}
