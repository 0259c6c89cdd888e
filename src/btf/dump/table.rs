//! Dense id → record offsets for the dumper. A large read-only BTF (vmlinux)
//! keeps only a sparse index, where each lookup walks a few records; the
//! dumper looks types up millions of times, so it keeps one offset per id,
//! built once and rebuilt only if a layer's type section changed.

use crate::btf::{Btf, Type};

/// Identity of one BTF layer's type section (address, length, first id).
type Key = (usize, usize, u32);

#[derive(Default)]
pub(super) struct TypeTable {
    keys: Vec<Key>,
    /// Record offset within its layer's type section, by id; `BAD` for a
    /// record that failed its check (read as `void`).
    offs: Vec<u32>,
}

const BAD: u32 = u32::MAX;

fn layers(btf: &Btf) -> impl Iterator<Item = &Btf> {
    std::iter::successors(Some(btf), |b| b.base().map(|a| &**a))
}

fn key(b: &Btf) -> Key {
    let s = b.types_section();
    (s.as_ptr() as usize, s.len(), b.start_id())
}

impl TypeTable {
    /// Makes the table match `btf` (cheap when nothing changed); true when
    /// it was rebuilt.
    pub fn sync(&mut self, btf: &Btf) -> bool {
        let same = layers(btf).map(key).eq(self.keys.iter().copied());
        if same && self.offs.len() == btf.type_cnt() as usize {
            return false;
        }
        self.keys = layers(btf).map(key).collect();
        self.offs.clear();
        self.offs.resize(btf.type_cnt() as usize, BAD);
        for b in layers(btf) {
            let types = b.types_section();
            for (id, off) in (b.start_id()..).zip(b.index.offsets(types)) {
                let ok = b
                    .record_at(id, off as usize)
                    .is_some_and(|t| !b.lazy || b.check_type(&t).is_ok());
                if ok {
                    self.offs[id as usize] = off;
                }
            }
        }
        true
    }

    /// Type `id` (the table was synced with the BTF `view` reads), or `None`.
    #[inline]
    pub fn get<'a>(&self, view: &View<'a>, id: u32) -> Option<Type<'a>> {
        let off = *self.offs.get(id as usize)? as usize;
        if id == 0 || off == BAD as usize {
            return None;
        }
        let types = view.types.iter().find(|l| id >= l.0)?.1;
        let w = |i: usize| {
            types
                .get(off + i * 4..off + i * 4 + 4)
                .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
        };
        let info = w(1)?;
        let extra = crate::btf::extra_len((info >> 24) & 0x1f, info & 0xffff)?;
        let rec = types.get(off..off + 12 + extra)?;
        Some(Type {
            id,
            name_off: w(0)?,
            info,
            size_or_type: w(2)?,
            extra: &rec[12..],
            rec,
        })
    }
}

/// One call's borrowed view of every layer's sections (top layer first),
/// so lookups skip the per-access indirections of [`Btf`].
/// Layers a view covers (split BTF on split BTF on vmlinux is 3); types
/// of deeper bases read as `void`.
const MAX_LAYERS: usize = 8;

pub(super) struct View<'a> {
    /// (first type id, type section) per layer.
    types: [(u32, &'a [u8]); MAX_LAYERS],
    /// (first string offset, string section) per layer.
    strs: [(u32, &'a [u8]); MAX_LAYERS],
}

impl<'a> View<'a> {
    pub fn new(btf: &'a Btf) -> View<'a> {
        // Unused slots start past every id and offset: never chosen.
        let mut v = View {
            types: [(u32::MAX, &[][..]); MAX_LAYERS],
            strs: [(u32::MAX, &[][..]); MAX_LAYERS],
        };
        for (i, b) in layers(btf).take(MAX_LAYERS).enumerate() {
            v.types[i] = (b.start_id(), b.types_section());
            v.strs[i] = (b.start_str_off, b.strings_section());
        }
        v
    }

    /// The NUL-terminated string at `off` (without its NUL), or empty.
    #[inline]
    pub fn str_at(&self, off: u32) -> &'a [u8] {
        let Some(&(start, s)) = self.strs.iter().find(|l| off >= l.0) else {
            return b"";
        };
        let Some(s) = s.get((off - start) as usize..) else {
            return b"";
        };
        match s.iter().position(|&c| c == 0) {
            Some(n) => &s[..n],
            None => b"",
        }
    }
}
