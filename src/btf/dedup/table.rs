//! The candidate table (signature hash → canonical types, in libbpf's
//! hashmap order) and the hashers the dedup passes use.

use std::collections::HashMap;

/// Canonical candidates by signature hash, in libbpf's hashmap order: an
/// entry is prepended to its chain, and each growth of the table (when it
/// would pass 3/4 full) re-links every chain in reverse. Only the relative
/// order of same-hash entries is observable, so one chain per hash (or one
/// chain for all, with `force_collisions`) reproduces it.
pub(super) struct CandTable {
    /// Chain head (an index in `entries`) per bucket.
    heads: HashMap<u64, u32, IdHash>,
    /// (hash, type id, next entry or [`NIL`]).
    entries: Vec<(u64, u32, u32)>,
    cap: usize,
    collide: bool,
}

const NIL: u32 = u32::MAX;

impl CandTable {
    /// A table for up to about `cnt` types (room is made up front; the
    /// libbpf order it mimics depends only on `cap`, not on this).
    pub(super) fn new(collide: bool, cnt: usize) -> CandTable {
        CandTable {
            heads: HashMap::with_capacity_and_hasher(if collide { 1 } else { cnt }, IdHash),
            entries: Vec::with_capacity(cnt),
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

    pub(super) fn add(&mut self, h: u64, id: u32) {
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
    pub(super) fn first(&self, h: u64) -> u32 {
        let cur = self.heads.get(&self.bucket(h)).copied().unwrap_or(NIL);
        self.skip_to(cur, h)
    }

    /// The candidate at `cur` and the entry after it.
    pub(super) fn at(&self, cur: u32, h: u64) -> Option<(u32, u32)> {
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
    pub(super) fn cands(&self, h: u64) -> Cands<'_> {
        Cands {
            table: self,
            cur: self.first(h),
            h,
        }
    }
}

/// Iterator over one hash's candidates.
pub(super) struct Cands<'a> {
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
pub(super) struct FxBuild;
pub(super) struct Fx(u64);
impl std::hash::BuildHasher for FxBuild {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}
impl Fx {
    pub(super) fn add(&mut self, v: u64) {
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
