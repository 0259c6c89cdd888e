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
mod edit;
pub mod elf;
pub mod ext;
pub mod fields;
mod index;
pub mod linfo;
pub mod lookup;
mod names;
pub use names::{essential, essential_len, EssentialScan};
mod parse;
mod permute;
pub mod sanitize;
mod write;

pub use lookup::{resolve_size_in, SizeError};
pub(crate) use write::{id_slots, str_slots};

use crate::error::{Error, Result};
use std::sync::{Arc, OnceLock};

pub const BTF_MAGIC: u16 = 0xeb9f;
const HDR_LEN: usize = 24;
const MAX_VLEN: u32 = 0xffff;
/// Depth bound for walks through modifiers/typedefs/arrays (loops in bad BTF).
const MAX_RESOLVE_DEPTH: usize = 32;

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
}

/// `BTF_VAR_*` linkage of a VAR.
pub const BTF_VAR_STATIC: u32 = 0;
pub const BTF_VAR_GLOBAL_ALLOCATED: u32 = 1;
pub const BTF_VAR_GLOBAL_EXTERN: u32 = 2;
/// `enum btf_func_linkage`.
pub const BTF_FUNC_STATIC: u32 = 0;
pub const BTF_FUNC_GLOBAL: u32 = 1;

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
    /// Where the bytes are (an address and a length), cheaply: a mapping's
    /// bytes are not asked for. Changes whenever the bytes may have.
    fn identity(&self) -> (usize, usize) {
        match self {
            Bytes::Owned(v) => (v.as_ptr() as usize, v.len()),
            Bytes::Shared(b, off, len) => (Arc::as_ptr(b) as *const () as usize + off, *len),
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

#[cfg(test)]
pub(crate) mod tests;
