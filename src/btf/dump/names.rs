//! Use counts of names in one C namespace (libbpf's `type_names` and
//! `ident_names` maps). Dumping vmlinux counts ~80 000 names, nearly all
//! distinct: keys live back to back in one byte arena and the table holds
//! indices, so a new name costs no allocation of its own and one hash.

/// Name → times claimed.
#[derive(Default)]
pub(super) struct NameCounts {
    /// Index + 1 into `entries` per slot (0: empty); a power of two long.
    slots: Vec<u32>,
    /// (hash's low half, start in `arena`, length, count).
    entries: Vec<(u32, u32, u32, u32)>,
    arena: Vec<u8>,
}

fn hash(name: &[u8]) -> u64 {
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    let mut h = 0u64;
    let mut chunks = name.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(b));
    }
    let mut tail = [0u8; 8];
    let r = chunks.remainder();
    tail[..r.len()].copy_from_slice(r);
    mix(h, u64::from_le_bytes(tail) ^ (r.len() as u64) << 56)
}

impl NameCounts {
    /// Counts one more use of `name`; returns the count so far.
    pub(super) fn claim(&mut self, name: &[u8]) -> usize {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let h = hash(name) as u32;
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let e = self.slots[i];
            if e == 0 {
                break;
            }
            let (eh, start, len, n) = &mut self.entries[e as usize - 1];
            if *eh == h {
                let (s, l) = (*start as usize, *len as usize);
                if self.arena.get(s..s + l) == Some(name) {
                    *n = n.saturating_add(1);
                    return *n as usize;
                }
            }
            i = (i + 1) & mask;
        }
        self.entries
            .push((h, self.arena.len() as u32, name.len() as u32, 1));
        self.arena.extend_from_slice(name);
        self.slots[i] = self.entries.len() as u32;
        1
    }

    /// Makes room for `n` more names, so that claiming them neither moves
    /// the tables nor rehashes (entries and names: a hint; if memory is
    /// short they grow later).
    /// `name_bytes` bounds the bytes of the names (the BTF's string sections).
    pub(super) fn reserve(&mut self, n: usize, name_bytes: usize) {
        let want = (self.entries.len() + n + 1).saturating_mul(2);
        if want > self.slots.len() && want <= u32::MAX as usize {
            let want = want.next_power_of_two();
            if self.entries.is_empty() && self.slots.capacity() >= want {
                // Memory of an earlier dumper (see `spare`): zeroed here.
                self.slots.clear();
                self.slots.resize(want, 0);
                return self.reserve_rest(n, name_bytes);
            }
            // Bounded by the BTF (each name costs it 8+ bytes): infallible,
            // as RELIABILITY.md allows. `vec!` of zeros is calloc: pages
            // never written are never faulted in.
            self.rehash(vec![0; want]);
        }
        self.reserve_rest(n, name_bytes);
    }

    fn reserve_rest(&mut self, n: usize, name_bytes: usize) {
        let _ = self.entries.try_reserve(n);
        // Only the pages written are faulted in: the bound costs nothing more.
        let _ = self
            .arena
            .try_reserve(name_bytes.saturating_sub(self.arena.len()));
    }

    /// Forgets every name, keeping the memory (see `spare`).
    pub(super) fn clear(&mut self) {
        self.slots.clear();
        self.entries.clear();
        self.arena.clear();
    }

    /// Bytes of capacity held.
    pub(super) fn bytes(&self) -> usize {
        self.slots.capacity() * 4 + self.entries.capacity() * 16 + self.arena.capacity()
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(64);
        self.rehash(vec![0; cap]);
    }

    /// Moves every entry into `slots` (all empty, a power of two long).
    fn rehash(&mut self, slots: Vec<u32>) {
        self.slots = slots;
        let cap = self.slots.len();
        let mask = cap - 1;
        for (k, e) in self.entries.iter().enumerate() {
            let mut i = e.0 as usize & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = k as u32 + 1;
        }
    }
}
