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

pub(super) fn layers(btf: &Btf) -> impl Iterator<Item = &Btf> {
    std::iter::successors(Some(btf), |b| b.base().map(|a| &**a))
}

/// What the table was built from: this layer's type section, and its base
/// object (a base is shared read-only: whoever edits one edits a copy).
#[inline]
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
        if self.synced(btf) {
            return false;
        }
        let cnt = btf.type_cnt() as usize;
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

    /// Whether the table matches `btf` (nothing to rebuild).
    #[inline]
    pub fn synced(&self, btf: &Btf) -> bool {
        self.cnt == btf.type_cnt() as usize && self.keys == fingerprint(btf)
    }

    /// Type `id` (the table was synced with the BTF `view` reads), or `None`.
    /// Asked ~700 000 times for vmlinux: a call costs as much as the lookup.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn get<'a>(&self, view: &View<'a>, id: u32) -> Option<Type<'a>> {
        let rec = if self.direct {
            // Checked records (the BTF is not lazy): the length is sound.
            let off = *view.offs.get((id as usize).checked_sub(1)?)? as usize;
            let types = view.top.0 .1;
            types.get(off..off + crate::btf::index::record_len(types, off)?)?
        } else {
            let &(off, len) = self.spans.get(id as usize)?;
            if len == 0 {
                return None;
            }
            let types = view.find(id, |l| l.0)?.1;
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

/// A layer's first type id and type section, first string offset and
/// string section.
type Layer<'a> = ((u32, &'a [u8]), (u32, &'a [u8]));

pub(super) struct View<'a> {
    /// The top layer (all of a plain BTF): built on every call, so kept small.
    top: Layer<'a>,
    /// The top layer's dense index, if it has one.
    offs: &'a [u32],
    /// The base layers of split BTF, top first; unused slots start past
    /// every id and offset (never chosen).
    bases: Option<Box<[Layer<'a>; MAX_LAYERS - 1]>>,
}

fn layer(b: &Btf) -> Layer<'_> {
    (
        (b.start_id(), b.types_section()),
        (b.start_str_off, b.strings_section()),
    )
}

impl<'a> View<'a> {
    pub fn new(btf: &'a Btf) -> View<'a> {
        Self::with(btf, true)
    }

    /// A view whose top layer has no strings (every name reads empty):
    /// for ordering, which reads no names, half the cost of a view.
    pub fn without_names(btf: &'a Btf) -> View<'a> {
        Self::with(btf, false)
    }

    fn with(btf: &'a Btf, names: bool) -> View<'a> {
        let bases = btf.base().map(|_| {
            const UNUSED: Layer<'static> = ((u32::MAX, &[]), (u32::MAX, &[]));
            let mut l = Box::new([UNUSED; MAX_LAYERS - 1]);
            for (i, b) in layers(btf).skip(1).take(MAX_LAYERS - 1).enumerate() {
                l[i] = layer(b);
            }
            l
        });
        View {
            top: if names {
                layer(btf)
            } else {
                ((btf.start_id(), btf.types_section()), (u32::MAX, &[]))
            },
            offs: btf.index.dense_offsets().unwrap_or(&[]),
            bases,
        }
    }

    /// The layer holding the type or string numbered `n` (`.0` of a layer's
    /// types or strings, as `pick` says).
    #[inline]
    fn find(
        &self,
        n: u32,
        pick: impl Fn(&Layer<'a>) -> (u32, &'a [u8]),
    ) -> Option<(u32, &'a [u8])> {
        let top = pick(&self.top);
        if n >= top.0 {
            return Some(top);
        }
        self.bases.as_ref()?.iter().map(pick).find(|l| n >= l.0)
    }

    /// The NUL-terminated string at `off` (without its NUL), or empty.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn str_at(&self, off: u32) -> &'a [u8] {
        let Some((start, s)) = self.find(off, |l| l.1) else {
            return b"";
        };
        let Some(s) = s.get((off - start) as usize..) else {
            return b"";
        };
        match nul_at(s) {
            Some(n) => &s[..n],
            None => b"",
        }
    }
}

/// Index of the first NUL in `s`, eight bytes at a time (names are short:
/// memchr's set-up costs more than it saves, a byte loop twice as much).
#[inline]
fn nul_at(s: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(c) = s.get(i..i + 8) {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        // Nonzero iff some byte of `w` is zero; its lowest set bit marks the first.
        let z = w.wrapping_sub(LO) & !w & HI;
        if z != 0 {
            return Some(i + (z.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    s[i..].iter().position(|&c| c == 0).map(|n| i + n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn nul_at_finds_the_first_nul() {
        for len in 0..20 {
            for nul in 0..=len {
                let mut s = vec![b'a'; len];
                if nul < len {
                    s[nul] = 0;
                    s.extend_from_slice(b"\0x\0");
                }
                let want = s.iter().position(|&c| c == 0);
                assert_eq!(super::nul_at(&s), want, "len {len} nul {nul}");
            }
        }
        assert_eq!(super::nul_at(b"\x80\x01\0"), Some(2));
        assert_eq!(
            super::nul_at(b"\xff\xff\xff\xff\xff\xff\xff\x01\0"),
            Some(8)
        );
    }
}
