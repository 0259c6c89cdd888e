//! Lookups on parsed BTF: types by id and name, strings, sizes, alignment
//! and pointer size. `resolve_size_in` also serves btf_dump's type table.

use super::*;

/// Why [`resolve_size_in`] found no size (each with the type id at fault).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeError {
    Missing(u32),
    /// A kind without a size (void, FUNC, FUNC_PROTO, FWD, ...).
    NoSize(u32, u32),
    /// Over 4 GiB (`btf__resolve_size` returns an `__s64`, libbpf caps at u32).
    TooBig(u32),
    TooDeep(u32),
}

/// libbpf's `btf__resolve_size` walk over any view of the types (a [`Btf`],
/// or btf_dump's table): through modifiers, typedefs, variables and arrays
/// to a sized kind. `ptr_size` is asked only when a pointer is met.
pub fn resolve_size_in<'a>(
    mut id: u32,
    ptr_size: impl Fn() -> u32,
    ty: impl Fn(u32) -> Option<Type<'a>>,
) -> std::result::Result<u32, SizeError> {
    let mut nelems: u64 = 1;
    for _ in 0..MAX_RESOLVE_DEPTH {
        let t = ty(id).ok_or(SizeError::Missing(id))?;
        let size = match t.kind() {
            kind::INT
            | kind::STRUCT
            | kind::UNION
            | kind::ENUM
            | kind::ENUM64
            | kind::DATASEC
            | kind::FLOAT => t.size_or_type as u64,
            kind::PTR => ptr_size() as u64,
            kind::TYPEDEF
            | kind::VOLATILE
            | kind::CONST
            | kind::RESTRICT
            | kind::TYPE_TAG
            | kind::VAR
            | kind::DECL_TAG => {
                id = t.size_or_type;
                continue;
            }
            kind::ARRAY => {
                let (elem, _, n) = t.array();
                nelems = nelems.saturating_mul(n as u64);
                if nelems > u32::MAX as u64 {
                    return Err(SizeError::TooBig(id));
                }
                id = elem;
                continue;
            }
            k => return Err(SizeError::NoSize(id, k)),
        };
        return u32::try_from(nelems.saturating_mul(size)).map_err(|_| SizeError::TooBig(id));
    }
    Err(SizeError::TooDeep(id))
}

/// A size past 4 GiB (`-E2BIG`, as libbpf).
fn too_big(id: u32) -> Error {
    Error::other(
        crate::error::Errno(libc::E2BIG),
        format!("type [{id}]: size overflows"),
    )
}

impl Btf {
    /// Number of types including `void` (id 0) and any base types, like `btf__type_cnt`.
    pub fn type_cnt(&self) -> u32 {
        self.start_id + self.index.len() as u32
    }

    /// First type id that belongs to this object (not to its base).
    pub fn start_id(&self) -> u32 {
        self.start_id
    }

    pub fn base(&self) -> Option<&Arc<Btf>> {
        self.base.as_ref()
    }

    pub fn endianness(&self) -> Endian {
        self.endian
    }

    /// Chooses the byte order of [`Btf::raw`]'s output.
    pub fn set_endianness(&mut self, e: Endian) {
        self.endian = e;
    }

    /// End of this object's string offsets (base strings included).
    pub(super) fn strs_end(&self) -> u32 {
        self.start_str_off + self.strs.get().len() as u32
    }

    /// This object's own type section (host order).
    pub fn types_section(&self) -> &[u8] {
        self.types.get()
    }

    /// Identity of the type section (see `Bytes::identity`): equal while
    /// the records a table of offsets was built from are unchanged.
    pub(crate) fn types_identity(&self) -> (usize, usize) {
        self.types.identity()
    }

    /// This object's own string section.
    pub fn strings_section(&self) -> &[u8] {
        self.strs.get()
    }

    /// Raw BTF as the kernel and `btf__raw_data` expect it: a fresh 24-byte
    /// header, this object's types (in the chosen byte order), its strings.
    pub fn raw(&self) -> Vec<u8> {
        let types = self.types.get();
        let strs = self.strs.get();
        let mut out = Vec::with_capacity(HDR_LEN + types.len() + strs.len());
        let big = self.endian == Endian::Big;
        let w32 = |out: &mut Vec<u8>, v: u32| {
            out.extend_from_slice(&if big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            })
        };
        out.extend_from_slice(&if big {
            BTF_MAGIC.to_be_bytes()
        } else {
            BTF_MAGIC.to_le_bytes()
        });
        out.extend_from_slice(&[1, 0]);
        for v in [
            HDR_LEN as u32,
            0,
            types.len() as u32,
            types.len() as u32,
            strs.len() as u32,
        ] {
            w32(&mut out, v);
        }
        if self.endian == Endian::HOST {
            out.extend_from_slice(types);
        } else {
            for w in types.chunks_exact(4) {
                out.extend_from_slice(&[w[3], w[2], w[1], w[0]]);
            }
        }
        out.extend_from_slice(strs);
        out
    }

    pub fn type_by_id(&self, id: u32) -> Option<Type<'_>> {
        if id == 0 {
            return Some(Type {
                id: 0,
                name_off: 0,
                info: 0,
                size_or_type: 0,
                extra: &[],
                rec: void_rec(),
            });
        }
        if id < self.start_id {
            return self.base.as_ref()?.type_by_id(id);
        }
        let d = self.types.get();
        let off = self.index.offset(d, (id - self.start_id) as usize)?;
        let t = self.record_at(id, off)?;
        if self.lazy && !matches!(self.checked.get(), Some(None)) {
            if let Err(e) = self.check_type(&t) {
                crate::warn!("{e}");
                return None;
            }
        }
        Some(t)
    }

    /// Every local type in id order, unchecked (for whole-object scans that
    /// only read names and kinds: a sequential walk, cheap on a sparse index).
    pub(super) fn local_types(&self) -> impl Iterator<Item = Type<'_>> + '_ {
        (self.start_id..)
            .zip(self.index.offsets(self.types.get()))
            .filter_map(|(id, off)| self.record_at(id, off as usize))
    }

    /// The record of local type `id` at `off` in the type section, unchecked.
    /// One bounds check for the header and one for the whole record: this
    /// is the inner step of every type lookup.
    #[inline]
    pub(super) fn record_at(&self, id: u32, off: usize) -> Option<Type<'_>> {
        let d = self.types.get();
        let info = rd32(d, off + 4)?;
        let extra = extra_len((info >> 24) & 0x1f, info & MAX_VLEN)?;
        let rec = d.get(off..off + 12 + extra)?;
        let (hdr, extra) = rec.split_at(12);
        let word = |i: usize| u32::from_ne_bytes([hdr[i], hdr[i + 1], hdr[i + 2], hdr[i + 3]]);
        Some(Type {
            id,
            name_off: word(0),
            info,
            size_or_type: word(8),
            extra,
            rec,
        })
    }

    /// Every local type of kind `k`, in id order (checked as
    /// [`Btf::type_by_id`] does): a walk that reads only the header word
    /// of the other types.
    pub fn local_types_of_kind(&self, k: u32) -> impl Iterator<Item = Type<'_>> + '_ {
        let d = self.types.get();
        (self.start_id..)
            .zip(self.index.offsets(d))
            .filter(move |&(_, off)| {
                rd32(d, off as usize + 4).is_some_and(|i| (i >> 24) & 0x1f == k)
            })
            .filter_map(|(id, off)| {
                let t = self.record_at(id, off as usize)?;
                if self.lazy && !matches!(self.checked.get(), Some(None)) {
                    if let Err(e) = self.check_type(&t) {
                        crate::warn!("{e}");
                        return None;
                    }
                }
                Some(t)
            })
    }

    /// String at `off` (`None` when out of range or not UTF-8).
    pub fn str_at(&self, off: u32) -> Option<&str> {
        if off < self.start_str_off {
            return self.base.as_ref()?.str_at(off);
        }
        crate::name::table_str(self.strs.get(), (off - self.start_str_off) as usize)
    }

    /// NUL-terminated string at `off`, with its NUL.
    pub fn cstr_with_nul(&self, off: u32) -> Option<&[u8]> {
        if off < self.start_str_off {
            return self.base.as_ref()?.cstr_with_nul(off);
        }
        let off = (off - self.start_str_off) as usize;
        let (text, _) = crate::name::table_entry(self.strs.get(), off)?;
        self.strs.get().get(off..=off + text.len())
    }

    pub(super) fn cstr_at(&self, off: u32) -> Option<&[u8]> {
        self.cstr_with_nul(off).map(|s| &s[..s.len() - 1])
    }

    pub fn name_of(&self, t: &Type<'_>) -> &str {
        self.str_at(t.name_off).unwrap_or("")
    }

    /// First type named `name` (any kind); `void` is 0.
    pub fn find_by_name(&self, name: &str) -> Option<u32> {
        if name == "void" {
            return Some(0);
        }
        self.ids_named(name).next()
    }

    /// First type named `name` of kind `k`.
    pub fn find_by_name_kind(&self, name: &str, k: u32) -> Option<u32> {
        // As libbpf: kind UNKN, or the name "void", is always void.
        if k == kind::UNKN || name == "void" {
            return Some(0);
        }
        self.ids_named(name)
            .find(|&id| self.type_by_id(id).is_some_and(|t| t.kind() == k))
    }

    /// Ids of every type named exactly `name`, ascending (base first).
    pub fn ids_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = u32> + 'a {
        let base: Box<dyn Iterator<Item = u32> + 'a> = match &self.base {
            Some(b) => Box::new(b.ids_named(name)),
            None => Box::new(std::iter::empty()),
        };
        // A few lookups scan (cheaper than indexing 100k+ types once);
        // repeated lookups pay for the index.
        let scans = self
            .scans
            .0
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let local: Box<dyn Iterator<Item = u32> + 'a> =
            if self.names.get().is_none() && scans < LINEAR_LOOKUPS {
                Box::new(self.start_id..self.type_cnt())
            } else {
                Box::new(self.name_index().lookup(names::essential(name)))
            };
        base.chain(local.filter(move |&id| {
            self.type_by_id(id)
                .is_some_and(|t| self.cstr_at(t.name_off) == Some(name.as_bytes()))
        }))
    }

    /// Ids of every local type whose name without its `___flavor` suffix is `ess`.
    pub fn ids_with_essential_name<'a>(&'a self, ess: &'a str) -> impl Iterator<Item = u32> + 'a {
        self.name_index().lookup(ess).filter(move |&id| {
            self.type_by_id(id)
                .and_then(|t| self.str_at(t.name_off))
                .is_some_and(|n| names::essential(n) == ess)
        })
    }

    pub(super) fn name_index(&self) -> &names::NameIndex {
        self.names.get_or_init(|| names::NameIndex::build(self))
    }

    /// Skips typedefs and cv/type-tag modifiers.
    pub fn skip_mods_and_typedefs(&self, mut id: u32) -> Option<Type<'_>> {
        for _ in 0..MAX_RESOLVE_DEPTH {
            let t = self.type_by_id(id)?;
            match t.kind() {
                kind::TYPEDEF | kind::VOLATILE | kind::CONST | kind::RESTRICT | kind::TYPE_TAG => {
                    id = t.size_or_type
                }
                _ => return Some(t),
            }
        }
        None
    }

    /// Id behind modifiers, typedefs and variables (`btf__resolve_type`; not decl tags, as
    /// libbpf); void or a forward declaration at the end is an error.
    pub fn resolve_type(&self, mut id: u32) -> Result<u32> {
        for _ in 0..MAX_RESOLVE_DEPTH {
            let t = self
                .type_by_id(id)
                .filter(|t| id != 0 && t.kind() != kind::FWD)
                .ok_or_else(|| Error::Btf(format!("type [{id}] is void or not found")))?;
            match t.kind() {
                kind::TYPEDEF
                | kind::VOLATILE
                | kind::CONST
                | kind::RESTRICT
                | kind::TYPE_TAG
                | kind::VAR => id = t.size_or_type,
                _ => return Ok(id),
            }
        }
        Err(Error::Btf(format!(
            "type [{id}]: type chain too deep or looping"
        )))
    }

    /// Pointer size of the target: set explicitly, else guessed from `long`, else 8.
    pub fn pointer_size(&self) -> u32 {
        self.known_pointer_size().unwrap_or(8)
    }

    /// Pointer size set explicitly, or the size of the first 4/8-byte INT
    /// spelled as some `long` (libbpf's rule; found once, then cached:
    /// resolve_size asks for every pointer).
    pub fn known_pointer_size(&self) -> Option<u32> {
        if self.ptr_size != 0 {
            return Some(self.ptr_size);
        }
        if let Some(b) = self.base.as_ref().and_then(|b| b.known_pointer_size()) {
            return Some(b);
        }
        *self.ptr_guess.get_or_init(|| {
            const LONGS: [&[u8]; 11] = [
                b"long",
                b"long int",
                b"int long",
                b"unsigned long",
                b"long unsigned",
                b"unsigned long int",
                b"unsigned int long",
                b"long unsigned int",
                b"long int unsigned",
                b"int unsigned long",
                b"int long unsigned",
            ];
            // An INT has no type references: a plain walk over the
            // records suffices (and is cheap on a sparse index).
            self.local_types().find_map(|t| {
                let sz = t.size_or_type;
                (t.kind() == kind::INT
                    && (sz == 4 || sz == 8)
                    && LONGS.contains(&self.cstr_at(t.name_off)?))
                .then_some(sz)
            })
        })
    }

    pub fn set_pointer_size(&mut self, sz: u32) -> Result<()> {
        if sz != 4 && sz != 8 {
            return Err(Error::inval(format!("unsupported pointer size {sz}")));
        }
        self.ptr_size = sz;
        Ok(())
    }

    /// Size in bytes of a type, through modifiers, typedefs and arrays.
    pub fn resolve_size(&self, id: u32) -> Result<u32> {
        resolve_size_in(id, || self.pointer_size(), |i| self.type_by_id(i)).map_err(|e| match e {
            SizeError::Missing(id) => Error::Btf(format!("type [{id}] not found")),
            SizeError::NoSize(id, k) => Error::Btf(format!("type [{id}]: kind {k} has no size")),
            SizeError::TooBig(id) => too_big(id),
            SizeError::TooDeep(id) => {
                Error::Btf(format!("type [{id}]: type chain too deep or looping"))
            }
        })
    }

    /// Natural alignment of a type (`btf__align_of`).
    pub fn align_of(&self, id: u32) -> Result<u32> {
        self.align_of_depth(id, 0)
    }

    pub(super) fn align_of_depth(&self, id: u32, depth: usize) -> Result<u32> {
        if depth > MAX_RESOLVE_DEPTH {
            return Err(Error::Btf(format!("type [{id}]: type chain too deep")));
        }
        let t = self
            .type_by_id(id)
            .ok_or_else(|| Error::Btf(format!("type [{id}] not found")))?;
        match t.kind() {
            kind::INT | kind::ENUM | kind::ENUM64 | kind::FLOAT => {
                Ok(t.size_or_type.min(self.pointer_size()).max(1))
            }
            kind::PTR => Ok(self.pointer_size()),
            kind::TYPEDEF | kind::VOLATILE | kind::CONST | kind::RESTRICT | kind::TYPE_TAG => {
                self.align_of_depth(t.size_or_type, depth + 1)
            }
            kind::ARRAY => self.align_of_depth(t.array().0, depth + 1),
            kind::STRUCT | kind::UNION => {
                let mut max = 1;
                for i in 0..t.vlen() as usize {
                    let a = self.align_of_depth(t.member(i).1, depth + 1)?;
                    // A packed struct places a member off its natural alignment.
                    if t.member_bitfield_size(i) == 0 && t.member_bit_offset(i) % (8 * a) != 0 {
                        return Ok(1);
                    }
                    max = max.max(a);
                }
                if t.size_or_type % max != 0 {
                    return Ok(1);
                }
                Ok(max)
            }
            k => Err(Error::Btf(format!(
                "type [{id}]: kind {k} has no alignment"
            ))),
        }
    }
}
