//! BTF: the raw format (header, type records, string table), parsed into an
//! index of record offsets so lookups are O(1) by id. Pure: bytes in, values
//! out; the kernel is never consulted here.
//!
//! The type and string sections are kept in host byte order, either borrowed
//! from a shared backing (an mmap of `/sys/kernel/btf/vmlinux`, say) or owned
//! once something is added. Split BTF continues the ids and string offsets of
//! its base. The name index is built lazily, on the first lookup by name.

pub mod attach;
pub mod core;
pub mod dedup;
pub mod distill;
pub mod dump;
pub mod elf;
pub mod ext;
pub mod fields;
mod index;
pub mod linfo;
mod names;
pub use names::{essential, essential_len};
mod permute;
pub mod sanitize;
mod write;

use crate::error::{Error, Result};
use std::sync::{Arc, OnceLock};

pub const BTF_MAGIC: u16 = 0xeb9f;
const HDR_LEN: usize = 24;
const MAX_VLEN: u32 = 0xffff;
/// Depth bound for walks through modifiers/typedefs/arrays (loops in bad BTF).
const MAX_RESOLVE_DEPTH: usize = 32;

/// A size past 4 GiB (`-E2BIG`, as libbpf).
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

fn too_big(id: u32) -> Error {
    Error::other(
        crate::error::Errno(libc::E2BIG),
        format!("type [{id}]: size overflows"),
    )
}
/// Largest type id the kernel accepts (`BTF_MAX_TYPE`).
const MAX_TYPE_ID: u32 = 0x000f_ffff;
/// Name lookups answered by a linear scan before the name index is built.
const LINEAR_LOOKUPS: u32 = 4;

/// BTF kinds (`BTF_KIND_*`).
pub mod kind {
    pub const UNKN: u32 = 0;
    pub const INT: u32 = 1;
    pub const PTR: u32 = 2;
    pub const ARRAY: u32 = 3;
    pub const STRUCT: u32 = 4;
    pub const UNION: u32 = 5;
    pub const ENUM: u32 = 6;
    pub const FWD: u32 = 7;
    pub const TYPEDEF: u32 = 8;
    pub const VOLATILE: u32 = 9;
    pub const CONST: u32 = 10;
    pub const RESTRICT: u32 = 11;
    pub const FUNC: u32 = 12;
    pub const FUNC_PROTO: u32 = 13;
    pub const VAR: u32 = 14;
    pub const DATASEC: u32 = 15;
    pub const FLOAT: u32 = 16;
    pub const DECL_TAG: u32 = 17;
    pub const TYPE_TAG: u32 = 18;
    pub const ENUM64: u32 = 19;

    /// Kind names as libbpf prints them (`btf_kind_str`), NUL-terminated
    /// for the C edge; index = kind.
    pub const NAMES_NUL: [&str; 20] = [
        "void\0",
        "int\0",
        "ptr\0",
        "array\0",
        "struct\0",
        "union\0",
        "enum\0",
        "fwd\0",
        "typedef\0",
        "volatile\0",
        "const\0",
        "restrict\0",
        "func\0",
        "func_proto\0",
        "var\0",
        "datasec\0",
        "float\0",
        "decl_tag\0",
        "type_tag\0",
        "enum64\0",
    ];

    /// `btf_kind_str`: "int", "struct"…, "unknown" past the known kinds.
    pub fn name(k: u32) -> &'static str {
        NAMES_NUL
            .get(k as usize)
            .map_or("unknown", |n| &n[..n.len() - 1])
    }
}

/// `BTF_VAR_*` linkage of a VAR.
pub const BTF_VAR_STATIC: u32 = 0;
pub const BTF_VAR_GLOBAL_ALLOCATED: u32 = 1;
pub const BTF_VAR_GLOBAL_EXTERN: u32 = 2;

/// `BTF_INT_*` encoding bits.
pub const BTF_INT_SIGNED: u32 = 1;
pub const BTF_INT_CHAR: u32 = 2;
pub const BTF_INT_BOOL: u32 = 4;

fn rd32(b: &[u8], off: usize) -> Option<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]]))
}

/// Per kind: bytes of kind-specific data after the 12-byte header, fixed
/// and per `vlen` entry (a table: record framing is the inner loop of
/// walking vmlinux's 126 000 types); `u8::MAX` marks an unknown kind.
const KIND_LAYOUT: [(u8, u8); 32] = {
    let mut t = [(u8::MAX, 0u8); 32];
    let mut k = 0;
    while k <= kind::ENUM64 as usize {
        t[k] = match k as u32 {
            kind::INT | kind::VAR | kind::DECL_TAG => (4, 0),
            kind::ARRAY => (12, 0),
            kind::STRUCT | kind::UNION | kind::DATASEC | kind::ENUM64 => (0, 12),
            kind::ENUM | kind::FUNC_PROTO => (0, 8),
            kind::UNKN => (u8::MAX, 0),
            _ => (0, 0),
        };
        k += 1;
    }
    t
};

/// Size in bytes of the kind-specific data that follows a type's 12-byte header.
#[inline]
fn extra_len(kind: u32, vlen: u32) -> Option<usize> {
    let (fixed, per) = KIND_LAYOUT[(kind & 0x1f) as usize];
    (fixed != u8::MAX).then_some(fixed as usize + per as usize * vlen as usize)
}

/// Byte order of BTF data (`enum btf_endianness`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endian {
    Little,
    Big,
}

impl Endian {
    pub const HOST: Endian = if cfg!(target_endian = "little") {
        Endian::Little
    } else {
        Endian::Big
    };
}

/// Bytes that outlive the parse: an mmap of kernel BTF, a file read, …
pub type Backing = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A section's bytes: a window of a shared backing until first written.
#[derive(Clone)]
enum Bytes {
    Owned(Vec<u8>),
    Shared(Backing, usize, usize),
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.get().len())
    }
}

impl Bytes {
    fn get(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Shared(b, off, len) => &(**b).as_ref()[*off..*off + *len],
        }
    }
    fn make_mut(&mut self) -> &mut Vec<u8> {
        if let Bytes::Shared(..) = self {
            *self = Bytes::Owned(self.get().to_vec());
        }
        match self {
            Bytes::Owned(v) => v,
            Bytes::Shared(..) => unreachable!("converted above"),
        }
    }
}

/// A parsed BTF object: plain, or split on top of a base.
#[derive(Clone, Debug)]
pub struct Btf {
    types: Bytes,
    strs: Bytes,
    /// Offset in `types` of each local type; local id `i` is `start_id + i`.
    index: index::TypeIndex,
    /// Types are checked when read rather than all at parse
    /// ([`Btf::parse_shared_lazy`]), until [`Btf::validate_all`] ran.
    lazy: bool,
    /// [`Btf::validate_all`]'s verdict, once asked (`None`: valid).
    checked: OnceLock<Option<String>>,
    base: Option<Arc<Btf>>,
    /// First type id of this object (1 for plain BTF; the base's count for split).
    start_id: u32,
    /// First string offset of this object (0 for plain BTF).
    start_str_off: u32,
    /// Byte order of the raw data we were given and will write back.
    endian: Endian,
    /// Target pointer size, 0 while unknown (guessed from `long` on demand).
    ptr_size: u32,
    /// [`Btf::known_pointer_size`]'s guess from the types, once looked for.
    ptr_guess: OnceLock<Option<u32>>,
    names: OnceLock<names::NameIndex>,
    /// Lookups by name so far (decides when the index pays off).
    scans: Scans,
    /// String → offset, built on the first `add_str`.
    str_dedup: Option<std::collections::HashMap<Vec<u8>, u32>>,
    /// Every string is unique and referenced (built from scratch, or
    /// deduplicated once): `btf__dedup` leaves strings alone, as libbpf.
    strs_deduped: bool,
}

/// A count of lookups by name; a clone starts from the count so far.
#[derive(Debug, Default)]
struct Scans(std::sync::atomic::AtomicU32);

impl Clone for Scans {
    fn clone(&self) -> Scans {
        Scans(self.0.load(std::sync::atomic::Ordering::Relaxed).into())
    }
}

/// A view of one type record.
#[derive(Clone, Copy, Debug)]
pub struct Type<'a> {
    pub id: u32,
    pub name_off: u32,
    pub info: u32,
    /// `size` or `type`, depending on the kind.
    pub size_or_type: u32,
    /// The kind-specific trailing data.
    pub extra: &'a [u8],
    /// The whole record (header + trailing data), as `struct btf_type` in memory.
    pub rec: &'a [u8],
}

static VOID_REC: [u32; 3] = [0; 3];

fn void_rec() -> &'static [u8] {
    // 12 zero bytes, 4-byte aligned like every other record.
    let p: &'static [u32; 3] = &VOID_REC;
    let (_, b, _) = words_as_bytes(p);
    b
}

fn words_as_bytes(w: &[u32]) -> ((), &[u8], ()) {
    #[allow(unsafe_code)]
    // SAFETY: u32 storage is always valid as bytes; the length scales by 4.
    let b = unsafe { std::slice::from_raw_parts(w.as_ptr().cast::<u8>(), w.len() * 4) };
    ((), b, ())
}

impl Type<'_> {
    pub fn kind(&self) -> u32 {
        (self.info >> 24) & 0x1f
    }
    pub fn vlen(&self) -> u32 {
        self.info & 0xffff
    }
    pub fn kflag(&self) -> bool {
        self.info >> 31 == 1
    }
    /// The `i`-th 4-byte word of the trailing data.
    pub fn word(&self, i: usize) -> u32 {
        rd32(self.extra, i * 4).unwrap_or(0)
    }
    /// `(name_off, type, offset)` of member `i` of a struct/union (offset in bits,
    /// bitfield-encoded when kflag is set).
    pub fn member(&self, i: usize) -> (u32, u32, u32) {
        (self.word(i * 3), self.word(i * 3 + 1), self.word(i * 3 + 2))
    }
    /// Bit offset of member `i` (decoding kflag bitfields).
    pub fn member_bit_offset(&self, i: usize) -> u32 {
        let off = self.word(i * 3 + 2);
        if self.kflag() {
            off & 0x00ff_ffff
        } else {
            off
        }
    }
    /// Bitfield size of member `i` (0 for a plain member).
    pub fn member_bitfield_size(&self, i: usize) -> u32 {
        if self.kflag() {
            self.word(i * 3 + 2) >> 24
        } else {
            0
        }
    }
    /// `(type, offset, size)` of var_secinfo `i` of a DATASEC.
    pub fn secinfo(&self, i: usize) -> (u32, u32, u32) {
        (self.word(i * 3), self.word(i * 3 + 1), self.word(i * 3 + 2))
    }
    /// `(type, index_type, nelems)` of an ARRAY.
    pub fn array(&self) -> (u32, u32, u32) {
        (self.word(0), self.word(1), self.word(2))
    }
    /// `(name_off, value)` of enumerator `i` of an ENUM or ENUM64 (sign-extended
    /// for signed enums, like `btf_enum64_value`/the kernel's view).
    pub fn enum_value(&self, i: usize) -> (u32, u64) {
        if self.kind() == kind::ENUM64 {
            let lo = self.word(i * 3 + 1) as u64;
            let hi = self.word(i * 3 + 2) as u64;
            (self.word(i * 3), hi << 32 | lo)
        } else {
            let v = self.word(i * 2 + 1);
            let v = if self.kflag() {
                v as i32 as i64 as u64
            } else {
                v as u64
            };
            (self.word(i * 2), v)
        }
    }
    /// `(name_off, type)` of parameter `i` of a FUNC_PROTO.
    pub fn param(&self, i: usize) -> (u32, u32) {
        (self.word(i * 2), self.word(i * 2 + 1))
    }
    /// Encoding bits, bit offset and bit size of an INT.
    pub fn int_info(&self) -> (u32, u32, u32) {
        let w = self.word(0);
        ((w >> 24) & 0x0f, (w >> 16) & 0xff, w & 0xff)
    }
    pub fn is_composite(&self) -> bool {
        matches!(self.kind(), kind::STRUCT | kind::UNION)
    }
    pub fn is_any_enum(&self) -> bool {
        matches!(self.kind(), kind::ENUM | kind::ENUM64)
    }
    pub fn is_mod(&self) -> bool {
        matches!(
            self.kind(),
            kind::VOLATILE | kind::CONST | kind::RESTRICT | kind::TYPE_TAG
        )
    }
}

/// Reads the 24-byte header fields in the data's own byte order.
struct Header {
    endian: Endian,
    hdr_len: usize,
    type_off: usize,
    type_len: usize,
    str_off: usize,
    str_len: usize,
}

fn parse_header(raw: &[u8]) -> Result<Header> {
    let bad = |m: &str| Error::Btf(m.to_string());
    if raw.len() < HDR_LEN {
        return Err(bad("data is too short for a BTF header"));
    }
    let endian = match [raw[0], raw[1]] {
        m if u16::from_le_bytes(m) == BTF_MAGIC => Endian::Little,
        m if u16::from_be_bytes(m) == BTF_MAGIC => Endian::Big,
        m => {
            return Err(Error::Btf(format!(
                "invalid BTF magic: {:#x}",
                u16::from_le_bytes(m)
            )))
        }
    };
    if raw[2] != 1 {
        return Err(Error::Btf(format!("unsupported BTF version {}", raw[2])));
    }
    let f = |o: usize| {
        let b = [raw[o], raw[o + 1], raw[o + 2], raw[o + 3]];
        (match endian {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        }) as usize
    };
    let h = Header {
        endian,
        hdr_len: f(4),
        type_off: f(8),
        type_len: f(12),
        str_off: f(16),
        str_len: f(20),
    };
    if h.hdr_len < HDR_LEN || h.hdr_len > raw.len() {
        return Err(bad("invalid BTF header length"));
    }
    let body = raw.len() - h.hdr_len;
    let in_body = |off: usize, len: usize| off.checked_add(len).is_some_and(|e| e <= body);
    if !in_body(h.type_off, h.type_len) || !in_body(h.str_off, h.str_len) {
        return Err(bad("BTF type or string section out of bounds"));
    }
    if h.type_off % 4 != 0 || h.type_len % 4 != 0 {
        return Err(bad("BTF type section is not 4-byte aligned"));
    }
    if h.type_off < h.str_off && h.type_off + h.type_len > h.str_off {
        return Err(bad("BTF type and string sections overlap"));
    }
    Ok(h)
}

/// The largest type id and string offset type `t` refers to: what
/// [`Btf::check_type`] checks, as two numbers to compare once per object.
fn ref_bounds(t: &Type<'_>) -> (u32, u32) {
    let n = t.vlen() as usize;
    let (mut ty, mut st) = (0u32, t.name_off);
    match t.kind() {
        kind::PTR
        | kind::TYPEDEF
        | kind::VOLATILE
        | kind::CONST
        | kind::RESTRICT
        | kind::TYPE_TAG
        | kind::FUNC
        | kind::VAR
        | kind::DECL_TAG
        | kind::FUNC_PROTO => ty = t.size_or_type,
        kind::ARRAY => {
            let (e, i, _) = t.array();
            ty = e.max(i);
        }
        _ => {}
    }
    match t.kind() {
        kind::STRUCT | kind::UNION => {
            for i in 0..n {
                let (name, mty, _) = t.member(i);
                ty = ty.max(mty);
                st = st.max(name);
            }
        }
        kind::DATASEC => {
            for i in 0..n {
                ty = ty.max(t.secinfo(i).0);
            }
        }
        kind::ENUM | kind::ENUM64 => {
            for i in 0..n {
                st = st.max(t.enum_value(i).0);
            }
        }
        kind::FUNC_PROTO => {
            for i in 0..n {
                let (name, pty) = t.param(i);
                ty = ty.max(pty);
                st = st.max(name);
            }
        }
        _ => {}
    }
    (ty, st)
}

impl Btf {
    /// Parses and validates a raw BTF blob (the `.BTF` section or a kernel BTF file).
    pub fn parse(raw: &[u8]) -> Result<Btf> {
        Self::parse_split(raw, None)
    }

    /// Parses raw BTF whose ids and strings continue those of `base`.
    pub fn parse_split(raw: &[u8], base: Option<Arc<Btf>>) -> Result<Btf> {
        let h = parse_header(raw)?;
        let t = h.hdr_len + h.type_off;
        let s = h.hdr_len + h.str_off;
        let types = raw[t..t + h.type_len].to_vec();
        let strs = raw[s..s + h.str_len].to_vec();
        Self::from_sections(
            h.endian,
            Bytes::Owned(types),
            Bytes::Owned(strs),
            base,
            false,
        )
    }

    /// Parses BTF in place from a shared backing (no copy when it is in host
    /// byte order and suitably aligned): how vmlinux BTF is loaded.
    pub fn parse_shared(backing: Backing, base: Option<Arc<Btf>>) -> Result<Btf> {
        Self::parse_backing(backing, base, false)
    }

    /// As [`Btf::parse_shared`], but for large trusted-source BTF read on a
    /// hot path (vmlinux at start-up): one framing pass with a sparse id
    /// index, and each type's name and type references are checked when
    /// it is read (a bad one reads as absent) instead of all up front. Call
    /// [`Btf::validate_all`] before handing it to code that needs every type.
    pub fn parse_shared_lazy(backing: Backing, base: Option<Arc<Btf>>) -> Result<Btf> {
        Self::parse_backing(backing, base, true)
    }

    /// The header, then the type and string sections borrowed from
    /// `backing` where byte order and alignment allow.
    fn parse_backing(backing: Backing, base: Option<Arc<Btf>>, lazy: bool) -> Result<Btf> {
        let raw = (*backing).as_ref();
        let h = parse_header(raw)?;
        let t = h.hdr_len + h.type_off;
        let s = h.hdr_len + h.str_off;
        let aligned = (raw.as_ptr() as usize + t) % 4 == 0;
        let types = if aligned && h.endian == Endian::HOST {
            Bytes::Shared(backing.clone(), t, h.type_len)
        } else {
            Bytes::Owned(raw[t..t + h.type_len].to_vec())
        };
        let strs = Bytes::Shared(backing.clone(), s, h.str_len);
        Self::from_sections(h.endian, types, strs, base, lazy)
    }

    fn from_sections(
        endian: Endian,
        mut types: Bytes,
        strs: Bytes,
        base: Option<Arc<Btf>>,
        lazy: bool,
    ) -> Result<Btf> {
        if endian != Endian::HOST {
            for w in types.make_mut().chunks_exact_mut(4) {
                w.reverse();
            }
        }
        if let Bytes::Owned(v) = &types {
            // Owned records are read as `struct btf_type` by C: keep them aligned.
            debug_assert!(v.as_ptr() as usize % 4 == 0 || v.is_empty());
        }
        let (start_id, start_str_off) = match &base {
            Some(b) => (b.type_cnt(), b.strs_end()),
            None => (1, 0),
        };
        let s = strs.get();
        // libbpf's rule: only an empty table (just "\0" for base BTF)
        // counts as already deduplicated.
        let strs_deduped = s.is_empty() || (base.is_none() && s.len() == 1);
        if base.is_none() && (s.is_empty() || s[0] != 0) {
            return Err(Error::Btf(
                "BTF string section must start with '\\0'".into(),
            ));
        }
        if !s.is_empty() && s[s.len() - 1] != 0 {
            return Err(Error::Btf(
                "BTF string section is not NUL-terminated".into(),
            ));
        }
        let mut btf = Btf {
            types,
            strs,
            index: Default::default(),
            lazy,
            checked: OnceLock::new(),
            base,
            start_id,
            start_str_off,
            endian,
            ptr_size: 0,
            ptr_guess: OnceLock::new(),
            names: OnceLock::new(),
            scans: Default::default(),
            str_dedup: None,
            strs_deduped,
        };
        btf.index()?;
        Ok(btf)
    }

    /// Frames every record (known kind, inside the section) and indexes it.
    fn index(&mut self) -> Result<()> {
        let types = self.types.get();
        let mut offsets = index::TypeIndex::with_capacity(types, self.lazy);
        let mut off = 0usize;
        // Eager parses check every reference: gathered here as the largest
        // type id and string offset referenced, compared once at the end.
        let mut bounds = (!self.lazy).then_some((0u32, 0u32));
        let id = |offsets: &index::TypeIndex| self.start_id as usize + offsets.len();
        while off < types.len() {
            let Some(info) = rd32(types, off + 4) else {
                let id = id(&offsets);
                return Err(Error::Btf(format!("type [{id}]: truncated type record")));
            };
            let (k, vlen) = ((info >> 24) & 0x1f, info & MAX_VLEN);
            let Some(extra) = extra_len(k, vlen) else {
                let id = id(&offsets);
                return Err(Error::Btf(format!("type [{id}]: unknown kind {k}")));
            };
            let end = off + 12 + extra;
            if end > types.len() {
                let id = id(&offsets);
                return Err(Error::Btf(format!(
                    "type [{id}]: record overruns type section"
                )));
            }
            if let Some(b) = bounds.as_mut() {
                let t = Type {
                    id: 0,
                    name_off: rd32(types, off).unwrap_or(0),
                    info,
                    size_or_type: rd32(types, off + 8).unwrap_or(0),
                    extra: &types[off + 12..end],
                    rec: &types[off..end],
                };
                let (ty, st) = ref_bounds(&t);
                *b = (b.0.max(ty), b.1.max(st));
            }
            offsets.push(off as u32);
            off = end;
        }
        let last = id(&offsets) - 1;
        if last as u64 > MAX_TYPE_ID as u64 {
            return Err(Error::Btf(format!("too many types ({last})")));
        }
        self.index = offsets;
        if let Some((ty, st)) = bounds {
            // Everything in range (the common case) needs no second pass;
            // otherwise the per-type check finds and names the culprit.
            if ty >= self.type_cnt() || st >= self.strs_end() {
                self.validate()?;
            }
        }
        Ok(())
    }

    /// Checks every name offset and every referenced type id (eager parses
    /// call it only when [`ref_bounds`] found one out of range), so later walks
    /// never meet a dangling reference (they still bound their depth: loops).
    fn validate(&self) -> Result<()> {
        for (id, off) in (self.start_id..).zip(self.index.offsets(self.types.get())) {
            let t = self.record_at(id, off as usize).expect("indexed");
            self.check_type(&t)?;
        }
        Ok(())
    }

    /// Validates every type of a lazily parsed object once (later reads
    /// then skip the per-type check); an eagerly parsed one already is.
    pub fn validate_all(&self) -> Result<()> {
        if !self.lazy {
            return Ok(());
        }
        match self
            .checked
            .get_or_init(|| self.validate().err().map(|e| e.to_string()))
        {
            None => Ok(()),
            Some(e) => Err(Error::Btf(e.clone())),
        }
    }

    /// One type's name offset and type references are in range.
    fn check_type(&self, t: &Type<'_>) -> Result<()> {
        let (id, cnt, end) = (t.id, self.type_cnt(), self.strs_end());
        let bad = |what: &str, v: u32| Error::Btf(format!("type [{id}]: invalid {what} {v}"));
        let str_ok = |off: u32| off < end;
        let ty_ok = |tid: u32| tid < cnt;
        if !str_ok(t.name_off) {
            return Err(bad("name offset", t.name_off));
        }
        let n = t.vlen() as usize;
        match t.kind() {
            kind::PTR
            | kind::TYPEDEF
            | kind::VOLATILE
            | kind::CONST
            | kind::RESTRICT
            | kind::TYPE_TAG
            | kind::FUNC
            | kind::VAR
            | kind::DECL_TAG
                if !ty_ok(t.size_or_type) =>
            {
                return Err(bad("type id", t.size_or_type))
            }
            kind::FUNC_PROTO if !ty_ok(t.size_or_type) => {
                return Err(bad("return type id", t.size_or_type))
            }
            kind::ARRAY => {
                let (e, i, _) = t.array();
                if !ty_ok(e) || !ty_ok(i) {
                    return Err(bad("array type id", e.max(i)));
                }
            }
            kind::STRUCT | kind::UNION | kind::DATASEC => {
                for i in 0..n {
                    let (name, ty, _) = t.member(i);
                    if !ty_ok(if t.kind() == kind::DATASEC { name } else { ty }) {
                        return Err(bad("member type id", ty));
                    }
                    if t.kind() != kind::DATASEC && !str_ok(name) {
                        return Err(bad("member name offset", name));
                    }
                }
            }
            kind::ENUM | kind::ENUM64 => {
                for i in 0..n {
                    let (name, _) = t.enum_value(i);
                    if !str_ok(name) {
                        return Err(bad("enumerator name offset", name));
                    }
                }
            }
            kind::FUNC_PROTO => {
                for i in 0..n {
                    let (name, ty) = t.param(i);
                    if !str_ok(name) || (!ty_ok(ty)) {
                        return Err(bad("parameter", i as u32));
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

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
    fn strs_end(&self) -> u32 {
        self.start_str_off + self.strs.get().len() as u32
    }

    /// This object's own type section (host order).
    pub fn types_section(&self) -> &[u8] {
        self.types.get()
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
    fn local_types(&self) -> impl Iterator<Item = Type<'_>> + '_ {
        (self.start_id..)
            .zip(self.index.offsets(self.types.get()))
            .filter_map(|(id, off)| self.record_at(id, off as usize))
    }

    /// The record of local type `id` at `off` in the type section, unchecked.
    /// One bounds check for the header and one for the whole record: this
    /// is the inner step of every type lookup.
    #[inline]
    fn record_at(&self, id: u32, off: usize) -> Option<Type<'_>> {
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

    fn cstr_at(&self, off: u32) -> Option<&[u8]> {
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

    fn name_index(&self) -> &names::NameIndex {
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

    fn align_of_depth(&self, id: u32, depth: usize) -> Result<u32> {
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

    fn types_mut(&mut self) -> &mut Vec<u8> {
        self.index.make_dense(self.types.get());
        // An edit may break what validate_all found valid: check again on read.
        self.checked = OnceLock::new();
        self.names = OnceLock::new();
        self.ptr_guess = OnceLock::new();
        self.types.make_mut()
    }

    fn put32(&mut self, off: usize, v: u32) {
        self.types_mut()[off..off + 4].copy_from_slice(&v.to_ne_bytes());
    }

    fn record_off(&self, id: u32) -> usize {
        self.index
            .offset(self.types.get(), (id - self.start_id) as usize)
            .expect("local type id")
    }

    /// Sets a DATASEC's size (header word 2).
    pub fn set_type_size(&mut self, id: u32, size: u32) {
        let off = self.record_off(id) + 8;
        self.put32(off, size);
    }

    /// Sets the offset of var_secinfo `i` of DATASEC `id`.
    pub fn set_secinfo_offset(&mut self, id: u32, i: usize, offset: u32) {
        let off = self.record_off(id) + 12 + i * 12 + 4;
        self.put32(off, offset);
    }

    /// Sets word `i` of type `id`'s record (0 = name_off, 1 = info,
    /// 2 = size/type, 3… = the kind's trailing data).
    pub fn set_word(&mut self, id: u32, i: usize, v: u32) {
        let off = self.record_off(id) + i * 4;
        self.put32(off, v);
    }

    /// Sets the `info` word (kind, vlen, kflag) of type `id`.
    pub fn set_type_info(&mut self, id: u32, info: u32) {
        let off = self.record_off(id) + 4;
        self.put32(off, info);
    }

    /// Sets the `type` word (header word 2) of type `id` (VAR, PTR, FUNC …).
    pub fn set_type_ref(&mut self, id: u32, type_id: u32) {
        let off = self.record_off(id) + 8;
        self.put32(off, type_id);
    }

    /// Sets the type of var_secinfo `i` of DATASEC `id`.
    pub fn set_secinfo_type(&mut self, id: u32, i: usize, type_id: u32) {
        let off = self.record_off(id) + 12 + i * 12;
        self.put32(off, type_id);
    }

    /// Sets the size of var_secinfo `i` of DATASEC `id`.
    pub fn set_secinfo_size(&mut self, id: u32, i: usize, size: u32) {
        let off = self.record_off(id) + 12 + i * 12 + 8;
        self.put32(off, size);
    }

    /// Sets the name of parameter `i` of FUNC_PROTO `id`.
    pub fn set_param_name(&mut self, id: u32, i: usize, name_off: u32) {
        let off = self.record_off(id) + 12 + i * 8;
        self.put32(off, name_off);
    }

    /// Sets the linkage of VAR `id`.
    pub fn set_var_linkage(&mut self, id: u32, linkage: u32) {
        let off = self.record_off(id) + 12;
        self.put32(off, linkage);
    }

    /// Sorts the var_secinfos of DATASEC `id` by offset (the kernel requires it).
    pub fn sort_secinfos(&mut self, id: u32) {
        let Some(t) = self.type_by_id(id) else { return };
        let n = t.vlen() as usize;
        let mut v: Vec<[u8; 12]> = (0..n)
            .map(|i| t.extra[i * 12..i * 12 + 12].try_into().unwrap())
            .collect();
        v.sort_by_key(|r| u32::from_ne_bytes([r[4], r[5], r[6], r[7]]));
        let base = self.record_off(id) + 12;
        let types = self.types_mut();
        for (i, r) in v.iter().enumerate() {
            types[base + i * 12..base + i * 12 + 12].copy_from_slice(r);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
