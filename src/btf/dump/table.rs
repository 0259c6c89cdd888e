//! Dense id → record offsets for the dumper. A large read-only BTF (vmlinux)
//! keeps only a sparse index, where each lookup walks a few records; the
//! dumper looks types up millions of times, so it keeps one offset per id,
//! built once and rebuilt only if a layer's type section changed. A plain
//! (not split), checked BTF with a dense index of its own (what `btf__parse`
//! gives) is read through that index instead: nothing to build or keep.

use crate::btf::{Btf, Type};

/// Identity of a BTF's type section (address, length) and of its base.
type Key = (usize, usize, usize);

#[derive(Default)]
pub(super) struct TypeTable {
    keys: Key,
    /// (offset within its layer's type section, record length) by id;
    /// length 0 for `void` and for a record that failed its check (read
    /// as `void`).
    spans: Vec<(u32, u32)>,
    /// Types are read through the BTF's own dense index (`View::offs`).
    direct: bool,
    /// Type count the table was synced at.
    cnt: usize,
}

fn layers(btf: &Btf) -> impl Iterator<Item = &Btf> {
    std::iter::successors(Some(btf), |b| b.base().map(|a| &**a))
}

/// What the table was built from: this layer's type section, and its base
/// object (a base is shared read-only: whoever edits one edits a copy).
fn fingerprint(b: &Btf) -> Key {
    let (p, len) = b.types_identity();
    (
        p,
        len,
        b.base().map_or(0, |a| std::sync::Arc::as_ptr(a) as usize),
    )
}

impl TypeTable {
    /// Makes the table match `btf` (cheap when nothing changed); true when
    /// it was rebuilt.
    pub fn sync(&mut self, btf: &Btf) -> bool {
        let cnt = btf.type_cnt() as usize;
        if self.cnt == cnt && self.keys == fingerprint(btf) {
            return false;
        }
        self.keys = fingerprint(btf);
        self.cnt = cnt;
        self.spans.clear();
        self.direct = btf.base().is_none() && !btf.lazy && btf.index.dense_offsets().is_some();
        if self.direct {
            return true;
        }
        self.spans.resize(cnt, (0, 0));
        for b in layers(btf) {
            let types = b.types_section();
            for (id, off) in (b.start_id()..).zip(b.index.offsets(types)) {
                let o = off as usize;
                let Some(len) = crate::btf::index::record_len(types, o) else {
                    continue;
                };
                if o + len > types.len() {
                    continue;
                }
                if b.lazy && b.record_at(id, o).is_none_or(|t| b.check_type(&t).is_err()) {
                    continue;
                }
                self.spans[id as usize] = (off, len as u32);
            }
        }
        true
    }

    /// Type `id` (the table was synced with the BTF `view` reads), or `None`.
    #[inline]
    pub fn get<'a>(&self, view: &View<'a>, id: u32) -> Option<Type<'a>> {
        let rec = if self.direct {
            // Checked records (the BTF is not lazy): the length is sound.
            let off = *view.offs.get((id as usize).checked_sub(1)?)? as usize;
            let types = view.types[0].1;
            types.get(off..off + crate::btf::index::record_len(types, off)?)?
        } else {
            let &(off, len) = self.spans.get(id as usize)?;
            if len == 0 {
                return None;
            }
            let types = view.types.iter().find(|l| id >= l.0)?.1;
            types.get(off as usize..off as usize + len as usize)?
        };
        let (head, extra) = rec.split_at_checked(12)?;
        let w = |i: usize| u32::from_ne_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
        Some(Type {
            id,
            name_off: w(0),
            info: w(4),
            size_or_type: w(8),
            extra,
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
    /// The top layer's dense index, if it has one.
    offs: &'a [u32],
}

impl<'a> View<'a> {
    pub fn new(btf: &'a Btf) -> View<'a> {
        // Unused slots start past every id and offset: never chosen.
        let mut v = View {
            types: [(u32::MAX, &[][..]); MAX_LAYERS],
            strs: [(u32::MAX, &[][..]); MAX_LAYERS],
            offs: btf.index.dense_offsets().unwrap_or(&[]),
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
        // (A plain loop: names are short, memchr's set-up costs more.)
        match s.iter().position(|&c| c == 0) {
            Some(n) => &s[..n],
            None => b"",
        }
    }
}
