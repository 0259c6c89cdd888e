//! BTF: the raw format (header, type records, string table), parsed into an
//! index of record offsets so lookups are O(1) by id. Pure: bytes in, values
//! out; the kernel is never consulted here.
//!
//! This is the subset the object loader needs today (type walking, sizes,
//! DATASEC fix-ups); btf.h's full API builds on the same representation.

pub mod ext;

use crate::error::{Error, Result};

pub const BTF_MAGIC: u16 = 0xeb9f;
const HDR_LEN: usize = 24;
const MAX_VLEN: u32 = 0xffff;
/// Depth bound for walks through modifiers/typedefs/arrays (loops in bad BTF).
const MAX_RESOLVE_DEPTH: usize = 32;

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
}

/// `BTF_VAR_*` linkage of a VAR.
pub const BTF_VAR_STATIC: u32 = 0;
pub const BTF_VAR_GLOBAL_ALLOCATED: u32 = 1;
pub const BTF_VAR_GLOBAL_EXTERN: u32 = 2;

fn rd32(b: &[u8], off: usize) -> Option<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Size in bytes of the kind-specific data that follows a type's 12-byte header.
fn extra_len(kind: u32, vlen: u32) -> Option<usize> {
    let v = vlen as usize;
    Some(match kind {
        kind::INT | kind::VAR | kind::DECL_TAG => 4,
        kind::ARRAY => 12,
        kind::STRUCT | kind::UNION | kind::DATASEC | kind::ENUM64 => 12 * v,
        kind::ENUM | kind::FUNC_PROTO => 8 * v,
        kind::PTR
        | kind::FWD
        | kind::TYPEDEF
        | kind::VOLATILE
        | kind::CONST
        | kind::RESTRICT
        | kind::FUNC
        | kind::FLOAT
        | kind::TYPE_TAG => 0,
        _ => return None,
    })
}

/// A parsed BTF blob (little-endian only for now).
#[derive(Clone, Debug)]
pub struct Btf {
    /// Header + types + strings, laid out as the kernel expects them.
    data: Vec<u8>,
    type_off: usize,
    type_len: usize,
    str_off: usize,
    str_len: usize,
    /// Offset (from `type_off`) of each type record; index 0 is `void`.
    offsets: Vec<u32>,
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
    /// `(type, offset, size)` of var_secinfo `i` of a DATASEC.
    pub fn secinfo(&self, i: usize) -> (u32, u32, u32) {
        (self.word(i * 3), self.word(i * 3 + 1), self.word(i * 3 + 2))
    }
    /// `(type, index_type, nelems)` of an ARRAY.
    pub fn array(&self) -> (u32, u32, u32) {
        (self.word(0), self.word(1), self.word(2))
    }
}

impl Btf {
    /// Parses and validates a raw BTF blob (the `.BTF` section or a kernel BTF file).
    pub fn parse(raw: &[u8]) -> Result<Btf> {
        let bad = |m: &str| Error::Btf(m.to_string());
        if raw.len() < HDR_LEN {
            return Err(bad("data is too short for a BTF header"));
        }
        let magic = u16::from_le_bytes([raw[0], raw[1]]);
        if magic != BTF_MAGIC {
            return Err(if magic == BTF_MAGIC.swap_bytes() {
                bad("big-endian BTF is not supported yet")
            } else {
                Error::Btf(format!("invalid BTF magic: {magic:#x}"))
            });
        }
        if raw[2] != 1 {
            return Err(Error::Btf(format!("unsupported BTF version {}", raw[2])));
        }
        let hdr_len = rd32(raw, 4).unwrap_or(0) as usize;
        let f = |o| rd32(raw, o).unwrap_or(0) as usize;
        let (type_off, type_len, str_off, str_len) = (f(8), f(12), f(16), f(20));
        if hdr_len < HDR_LEN || hdr_len > raw.len() {
            return Err(bad("invalid BTF header length"));
        }
        let body = raw.len() - hdr_len;
        let in_body = |off: usize, len: usize| off.checked_add(len).is_some_and(|e| e <= body);
        if !in_body(type_off, type_len) || !in_body(str_off, str_len) {
            return Err(bad("BTF type or string section out of bounds"));
        }
        if type_off % 4 != 0 {
            return Err(bad("BTF type section is not 4-byte aligned"));
        }
        if str_len == 0 || raw[hdr_len + str_off + str_len - 1] != 0 {
            return Err(bad("BTF string section is empty or not NUL-terminated"));
        }
        let mut btf = Btf {
            data: raw.to_vec(),
            type_off: hdr_len + type_off,
            type_len,
            str_off: hdr_len + str_off,
            str_len,
            offsets: vec![0],
        };
        btf.index()?;
        Ok(btf)
    }

    fn index(&mut self) -> Result<()> {
        let types = &self.data[self.type_off..self.type_off + self.type_len];
        let mut off = 0usize;
        while off < types.len() {
            let info =
                rd32(types, off + 4).ok_or_else(|| Error::Btf("truncated type record".into()))?;
            let (k, vlen) = ((info >> 24) & 0x1f, info & MAX_VLEN);
            let extra = extra_len(k, vlen).ok_or_else(|| {
                Error::Btf(format!("type [{}]: unknown kind {k}", self.offsets.len()))
            })?;
            let end = off + 12 + extra;
            if end > types.len() {
                return Err(Error::Btf(format!(
                    "type [{}]: record overruns type section",
                    self.offsets.len()
                )));
            }
            self.offsets.push(off as u32);
            off = end;
        }
        Ok(())
    }

    /// Number of types including `void` (id 0), like `btf__type_cnt`.
    pub fn type_cnt(&self) -> u32 {
        self.offsets.len() as u32
    }

    pub fn raw(&self) -> &[u8] {
        &self.data
    }

    pub fn type_by_id(&self, id: u32) -> Option<Type<'_>> {
        if id == 0 {
            return Some(Type {
                id: 0,
                name_off: 0,
                info: 0,
                size_or_type: 0,
                extra: &[],
            });
        }
        let off = self.type_off + *self.offsets.get(id as usize)? as usize;
        let d = &self.data;
        let info = rd32(d, off + 4)?;
        let extra = extra_len((info >> 24) & 0x1f, info & MAX_VLEN)?;
        Some(Type {
            id,
            name_off: rd32(d, off)?,
            info,
            size_or_type: rd32(d, off + 8)?,
            extra: d.get(off + 12..off + 12 + extra)?,
        })
    }

    /// String at `off` in the string section (`None` when out of range or not UTF-8).
    pub fn str_at(&self, off: u32) -> Option<&str> {
        let off = off as usize;
        if off >= self.str_len {
            return None;
        }
        let s = &self.data[self.str_off + off..self.str_off + self.str_len];
        let end = s.iter().position(|&b| b == 0)?;
        std::str::from_utf8(&s[..end]).ok()
    }

    pub fn name_of(&self, t: &Type<'_>) -> &str {
        self.str_at(t.name_off).unwrap_or("")
    }

    /// First type named `name` of kind `k`.
    pub fn find_by_name_kind(&self, name: &str, k: u32) -> Option<u32> {
        (1..self.type_cnt()).find(|&id| {
            self.type_by_id(id)
                .is_some_and(|t| t.kind() == k && self.str_at(t.name_off) == Some(name))
        })
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

    /// Size in bytes of a type, through modifiers, typedefs and arrays.
    pub fn resolve_size(&self, id: u32) -> Result<u32> {
        let mut id = id;
        let mut nelems: u64 = 1;
        for _ in 0..MAX_RESOLVE_DEPTH {
            let t = self
                .type_by_id(id)
                .ok_or_else(|| Error::Btf(format!("type [{id}] not found")))?;
            let size = match t.kind() {
                kind::INT
                | kind::STRUCT
                | kind::UNION
                | kind::ENUM
                | kind::ENUM64
                | kind::DATASEC
                | kind::FLOAT => t.size_or_type as u64,
                kind::PTR => 8,
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
                    id = elem;
                    continue;
                }
                k => return Err(Error::Btf(format!("type [{id}]: kind {k} has no size"))),
            };
            let total = nelems.saturating_mul(size);
            return u32::try_from(total)
                .map_err(|_| Error::Btf(format!("type [{id}]: size overflows")));
        }
        Err(Error::Btf(format!(
            "type [{id}]: type chain too deep or looping"
        )))
    }

    fn put32(&mut self, off: usize, v: u32) {
        self.data[off..off + 4].copy_from_slice(&v.to_le_bytes());
    }

    fn record_off(&self, id: u32) -> usize {
        self.type_off + self.offsets[id as usize] as usize
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
        v.sort_by_key(|r| u32::from_le_bytes([r[4], r[5], r[6], r[7]]));
        let base = self.record_off(id) + 12;
        for (i, r) in v.iter().enumerate() {
            self.data[base + i * 12..base + i * 12 + 12].copy_from_slice(r);
        }
    }
}

#[cfg(test)]
mod tests;
