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

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(64);
        self.slots.clear();
        self.slots.resize(cap, 0);
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
