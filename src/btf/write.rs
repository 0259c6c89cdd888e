//! Building BTF (`btf__new_empty`, `btf__add_*`): records are appended in
//! host byte order; member/enumerator/parameter/secinfo helpers extend the
//! last type, as libbpf's do. Strings are deduplicated.

use super::{kind, names, Btf, Bytes, Endian, Type, MAX_TYPE_ID, MAX_VLEN};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

fn info(k: u32, vlen: u32, kflag: bool) -> u32 {
    (kflag as u32) << 31 | k << 24 | vlen
}

/// Word indices (in a record as 32-bit words, header first) that hold type ids.
pub(crate) fn id_slots(k: u32, vlen: u32) -> Vec<usize> {
    let n = vlen as usize;
    match k {
        kind::PTR
        | kind::TYPEDEF
        | kind::VOLATILE
        | kind::CONST
        | kind::RESTRICT
        | kind::TYPE_TAG
        | kind::FUNC
        | kind::VAR
        | kind::DECL_TAG => vec![2],
        kind::ARRAY => vec![3, 4],
        kind::STRUCT | kind::UNION => (0..n).map(|i| 4 + i * 3).collect(),
        kind::DATASEC => (0..n).map(|i| 3 + i * 3).collect(),
        kind::FUNC_PROTO => std::iter::once(2)
            .chain((0..n).map(|i| 4 + i * 2))
            .collect(),
        _ => Vec::new(),
    }
}

/// Word indices that hold string offsets (the name first).
pub(crate) fn str_slots(k: u32, vlen: u32) -> Vec<usize> {
    let n = vlen as usize;
    let per = match k {
        kind::STRUCT | kind::UNION | kind::ENUM64 => 3,
        kind::ENUM | kind::FUNC_PROTO => 2,
        _ => 0,
    };
    std::iter::once(0)
        .chain((0..if per > 0 { n } else { 0 }).map(|i| 3 + i * per))
        .collect()
}

fn inval(m: impl Into<String>) -> Error {
    Error::inval(m.into())
}

impl Btf {
    /// An empty BTF object (`btf__new_empty`), or split on `base`.
    pub fn new_empty(base: Option<Arc<Btf>>) -> Btf {
        let (start_id, start_str_off, strs) = match &base {
            Some(b) => (b.type_cnt(), b.strs_end(), Vec::new()),
            None => (1, 0, vec![0]),
        };
        let endian = base.as_ref().map_or(Endian::HOST, |b| b.endian);
        Btf {
            types: Bytes::Owned(Vec::new()),
            strs: Bytes::Owned(strs),
            index: Default::default(),
            lazy: false,
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
            strs_deduped: true,
        }
    }

    /// Offset of `s` if this object (or its base) holds it.
    pub fn find_str(&self, s: &str) -> Option<u32> {
        self.find_str_bytes(s.as_bytes())
    }

    fn find_str_bytes(&self, s: &[u8]) -> Option<u32> {
        if let Some(b) = &self.base {
            if let Some(o) = b.find_str_bytes(s) {
                return Some(o);
            }
        }
        if let Some(d) = &self.str_dedup {
            return d.get(s).copied();
        }
        let strs = self.strs.get();
        let mut off = 0;
        for part in strs.split(|&b| b == 0) {
            if part == s && off < strs.len() {
                return Some(self.start_str_off + off as u32);
            }
            off += part.len() + 1;
        }
        None
    }

    /// Adds `s` (or finds it); returns its offset.
    pub fn add_str(&mut self, s: &str) -> Result<u32> {
        self.add_str_bytes(s.as_bytes())
    }

    /// [`Btf::add_str`] for any bytes but NUL (BTF strings need not be UTF-8).
    pub fn add_str_bytes(&mut self, s: &[u8]) -> Result<u32> {
        if s.contains(&0) {
            return Err(inval("string contains NUL"));
        }
        if let Some(b) = &self.base {
            if let Some(o) = b.find_str_bytes(s) {
                return Ok(o);
            }
        }
        if self.str_dedup.is_none() {
            let mut d = HashMap::new();
            let strs = self.strs.get();
            let mut off = 0usize;
            while off < strs.len() {
                let end = strs[off..]
                    .iter()
                    .position(|&b| b == 0)
                    .map_or(strs.len(), |e| off + e);
                d.entry(strs[off..end].to_vec())
                    .or_insert(self.start_str_off + off as u32);
                off = end + 1;
            }
            self.str_dedup = Some(d);
        }
        if let Some(&o) = self.str_dedup.as_ref().and_then(|d| d.get(s)) {
            return Ok(o);
        }
        let strs = self.strs.make_mut();
        let off = self.start_str_off + strs.len() as u32;
        strs.extend_from_slice(s);
        strs.push(0);
        if let Some(d) = self.str_dedup.as_mut() {
            d.insert(s.to_vec(), off);
        }
        Ok(off)
    }

    fn name_off(&mut self, name: Option<&str>) -> Result<u32> {
        match name {
            None | Some("") => Ok(0),
            Some(n) => self.add_str(n),
        }
    }

    /// As libbpf: any id in range, including ones not added yet (a struct
    /// may point at itself through a pointer added after it).
    fn check_id(&self, id: i32) -> Result<u32> {
        if id < 0 {
            return Err(inval(format!("invalid type id {id}")));
        }
        Ok(id as u32)
    }

    /// Appends a record made of 32-bit words; returns the new id.
    fn push(&mut self, words: &[u32]) -> Result<u32> {
        let id = self.type_cnt();
        if id > MAX_TYPE_ID {
            return Err(Error::Btf("too many types".into()));
        }
        let types = self.types_mut();
        let off = types.len() as u32;
        for w in words {
            types.extend_from_slice(&w.to_ne_bytes());
        }
        self.index.push(off);
        Ok(id)
    }

    /// The last type if it is one of `kinds` (for add_field and friends).
    fn last_of(&self, kinds: &[u32], what: &str) -> Result<Type<'_>> {
        let id = self.type_cnt() - 1;
        self.type_by_id(id)
            .filter(|t| id >= self.start_id && kinds.contains(&t.kind()))
            .ok_or_else(|| inval(format!("last added type is not {what}")))
    }

    /// Appends words to the last record and bumps its vlen.
    fn extend_last(&mut self, words: &[u32], kflag: bool) -> Result<()> {
        let id = self.type_cnt() - 1;
        let t = self.type_by_id(id).expect("checked by last_of");
        if t.vlen() >= MAX_VLEN {
            return Err(Error::Btf("too many members".into()));
        }
        let new_info = (t.info + 1) | if kflag { 1 << 31 } else { 0 };
        let rec = self.record_off(id);
        let types = self.types_mut();
        types[rec + 4..rec + 8].copy_from_slice(&new_info.to_ne_bytes());
        for w in words {
            types.extend_from_slice(&w.to_ne_bytes());
        }
        Ok(())
    }

    pub fn add_int(&mut self, name: &str, byte_sz: usize, encoding: u32) -> Result<u32> {
        if name.is_empty() {
            return Err(inval("INT needs a name"));
        }
        if ![1, 2, 4, 8, 16].contains(&byte_sz) {
            return Err(inval(format!("invalid INT size {byte_sz}")));
        }
        if encoding & !(super::BTF_INT_SIGNED | super::BTF_INT_CHAR | super::BTF_INT_BOOL) != 0 {
            return Err(inval(format!("invalid INT encoding {encoding}")));
        }
        let n = self.add_str(name)?;
        let bits = (byte_sz * 8) as u32;
        self.push(&[
            n,
            info(kind::INT, 0, false),
            byte_sz as u32,
            encoding << 24 | bits,
        ])
    }

    pub fn add_float(&mut self, name: &str, byte_sz: usize) -> Result<u32> {
        if name.is_empty() || ![2, 4, 8, 12, 16].contains(&byte_sz) {
            return Err(inval(format!("invalid FLOAT '{name}' of size {byte_sz}")));
        }
        let n = self.add_str(name)?;
        self.push(&[n, info(kind::FLOAT, 0, false), byte_sz as u32])
    }

    /// PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG: a name and a referenced type.
    pub fn add_ref_kind(
        &mut self,
        k: u32,
        name: Option<&str>,
        ref_id: i32,
        kflag: bool,
    ) -> Result<u32> {
        let r = self.check_id(ref_id)?;
        let needs_name = matches!(k, kind::TYPEDEF | kind::TYPE_TAG);
        if needs_name && name.is_none_or(str::is_empty) {
            return Err(inval("a name is required"));
        }
        let n = self.name_off(name)?;
        self.push(&[n, info(k, 0, kflag), r])
    }

    pub fn add_array(&mut self, index_id: i32, elem_id: i32, nelems: u32) -> Result<u32> {
        let (i, e) = (self.check_id(index_id)?, self.check_id(elem_id)?);
        self.push(&[0, info(kind::ARRAY, 0, false), 0, e, i, nelems])
    }

    /// STRUCT or UNION; members follow with [`Btf::add_field`].
    pub fn add_composite(&mut self, is_union: bool, name: Option<&str>, sz: u32) -> Result<u32> {
        let n = self.name_off(name)?;
        let k = if is_union { kind::UNION } else { kind::STRUCT };
        self.push(&[n, info(k, 0, false), sz])
    }

    pub fn add_field(
        &mut self,
        name: Option<&str>,
        type_id: i32,
        bit_off: u32,
        bit_sz: u32,
    ) -> Result<()> {
        let t = self.last_of(&[kind::STRUCT, kind::UNION], "a STRUCT or UNION")?;
        let (is_union, kflag) = (t.kind() == kind::UNION, t.kflag());
        let ty = self.check_id(type_id)?;
        // As libbpf: best-effort bitfield checks only; the member's size
        // isn't checked against the owner's (callers may size it later).
        let bitfield = bit_sz > 0 || bit_off % 8 != 0;
        if bitfield && (bit_sz == 0 || bit_sz > 255 || bit_off > 0x00ff_ffff) {
            return Err(inval(format!("invalid bit offset/size {bit_off}/{bit_sz}")));
        }
        if is_union && bit_off != 0 {
            return Err(inval("UNION members must be at offset 0"));
        }
        let n = self.name_off(name)?;
        let need_kflag = kflag || bitfield;
        let off = bit_sz << 24 | bit_off;
        self.extend_last(&[n, ty, off], need_kflag)
    }

    pub fn add_enum(&mut self, name: Option<&str>, sz: u32) -> Result<u32> {
        if ![1, 2, 4, 8].contains(&sz) {
            return Err(inval(format!("invalid ENUM size {sz}")));
        }
        let n = self.name_off(name)?;
        self.push(&[n, info(kind::ENUM, 0, false), sz])
    }

    pub fn add_enum64(&mut self, name: Option<&str>, sz: u32, signed: bool) -> Result<u32> {
        if ![1, 2, 4, 8].contains(&sz) {
            return Err(inval(format!("invalid ENUM64 size {sz}")));
        }
        let n = self.name_off(name)?;
        self.push(&[n, info(kind::ENUM64, 0, signed), sz])
    }

    /// Adds an enumerator to the last ENUM (value must fit 32 bits) or ENUM64.
    pub fn add_enum_value(&mut self, name: &str, value: i64) -> Result<()> {
        let t = self.last_of(&[kind::ENUM, kind::ENUM64], "an ENUM")?;
        if name.is_empty() {
            return Err(inval("enumerator needs a name"));
        }
        let (k, kflag) = (t.kind(), t.kflag());
        if k == kind::ENUM64 {
            return self.add_enum64_value(name, value as u64);
        }
        if value < i32::MIN as i64 || value > u32::MAX as i64 {
            return Err(inval(format!(
                "enumerator value {value} does not fit 32 bits"
            )));
        }
        let n = self.add_str(name)?;
        self.extend_last(&[n, value as u32], kflag || value < 0)
    }

    pub fn add_enum64_value(&mut self, name: &str, value: u64) -> Result<()> {
        let t = self.last_of(&[kind::ENUM64], "an ENUM64")?;
        if name.is_empty() {
            return Err(inval("enumerator needs a name"));
        }
        let kflag = t.kflag();
        let n = self.add_str(name)?;
        self.extend_last(&[n, value as u32, (value >> 32) as u32], kflag)
    }

    /// FWD: `fwd_kind` 0 struct, 1 union, 2 enum (an empty 4-byte ENUM).
    pub fn add_fwd(&mut self, name: &str, fwd_kind: u32) -> Result<u32> {
        if name.is_empty() {
            return Err(inval("FWD needs a name"));
        }
        match fwd_kind {
            0 | 1 => {
                let n = self.add_str(name)?;
                self.push(&[n, info(kind::FWD, 0, fwd_kind == 1), 0])
            }
            2 => self.add_enum(Some(name), 4),
            k => Err(inval(format!("invalid FWD kind {k}"))),
        }
    }

    pub fn add_func(&mut self, name: &str, linkage: u32, proto: i32) -> Result<u32> {
        if name.is_empty() || linkage > 2 {
            return Err(inval(format!("invalid FUNC '{name}' linkage {linkage}")));
        }
        let p = self.check_id(proto)?;
        if self.type_by_id(p).map(|t| t.kind()) != Some(kind::FUNC_PROTO) {
            return Err(inval("FUNC must point to a FUNC_PROTO"));
        }
        let n = self.add_str(name)?;
        self.push(&[n, info(kind::FUNC, linkage, false), p])
    }

    pub fn add_func_proto(&mut self, ret: i32) -> Result<u32> {
        let r = self.check_id(ret)?;
        self.push(&[0, info(kind::FUNC_PROTO, 0, false), r])
    }

    pub fn add_func_param(&mut self, name: Option<&str>, type_id: i32) -> Result<()> {
        self.last_of(&[kind::FUNC_PROTO], "a FUNC_PROTO")?;
        let ty = self.check_id(type_id)?;
        let n = self.name_off(name)?;
        self.extend_last(&[n, ty], false)
    }

    pub fn add_var(&mut self, name: &str, linkage: u32, type_id: i32) -> Result<u32> {
        if name.is_empty() || linkage > super::BTF_VAR_GLOBAL_EXTERN {
            return Err(inval(format!("invalid VAR '{name}' linkage {linkage}")));
        }
        let ty = self.check_id(type_id)?;
        let n = self.add_str(name)?;
        self.push(&[n, info(kind::VAR, 0, false), ty, linkage])
    }

    pub fn add_datasec(&mut self, name: &str, sz: u32) -> Result<u32> {
        self.add_datasec_bytes(name.as_bytes(), sz)
    }

    /// [`Btf::add_datasec`] with a name of any bytes (an ELF section's).
    pub fn add_datasec_bytes(&mut self, name: &[u8], sz: u32) -> Result<u32> {
        if name.is_empty() {
            return Err(inval("DATASEC needs a name"));
        }
        let n = self.add_str_bytes(name)?;
        self.push(&[n, info(kind::DATASEC, 0, false), sz])
    }

    pub fn add_datasec_var_info(&mut self, var: i32, offset: u32, sz: u32) -> Result<()> {
        self.last_of(&[kind::DATASEC], "a DATASEC")?;
        let v = self.check_id(var)?;
        self.extend_last(&[v, offset, sz], false)
    }

    pub fn add_decl_tag(
        &mut self,
        value: &str,
        ref_id: i32,
        component: i32,
        kflag: bool,
    ) -> Result<u32> {
        if value.is_empty() || component < -1 {
            return Err(inval("invalid DECL_TAG"));
        }
        let r = self.check_id(ref_id)?;
        let n = self.add_str(value)?;
        self.push(&[n, info(kind::DECL_TAG, 0, kflag), r, component as u32])
    }

    /// Copies type `t` of `src` (ids kept as they are, strings re-added).
    pub fn add_type(&mut self, src: &Btf, t: &Type<'_>) -> Result<u32> {
        self.append_from(src, t, &|id| Ok(id))
    }

    /// Appends every local type of `src`, shifting its ids; returns the first new id.
    pub fn add_btf(&mut self, src: &Btf) -> Result<u32> {
        if src.base.is_some() {
            return Err(inval("can't append split BTF"));
        }
        let first = self.type_cnt();
        let shift = first - 1;
        let map = move |id: u32| Ok(if id == 0 { 0 } else { id + shift });
        for id in 1..src.type_cnt() {
            let t = src.type_by_id(id).expect("indexed");
            self.append_from(src, &t, &map)?;
        }
        Ok(first)
    }

    fn append_from(
        &mut self,
        src: &Btf,
        t: &Type<'_>,
        map: &dyn Fn(u32) -> Result<u32>,
    ) -> Result<u32> {
        let mut words: Vec<u32> = t
            .rec
            .chunks_exact(4)
            .map(|w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
            .collect();
        let s = |btf: &mut Btf, off: u32| -> Result<u32> {
            let name = src
                .cstr_at(off)
                .ok_or_else(|| inval(format!("bad string offset {off}")))?;
            if name.is_empty() {
                return Ok(0);
            }
            btf.add_str_bytes(name)
        };
        for i in str_slots(t.kind(), t.vlen()) {
            words[i] = s(self, words[i])?;
        }
        for i in id_slots(t.kind(), t.vlen()) {
            words[i] = map(words[i])?;
        }
        self.push(&words)
    }

    /// Names of this object's local types that `ess` would match as CO-RE
    /// candidates (for tests and diagnostics).
    pub fn essential_name(name: &str) -> &str {
        names::essential(name)
    }
}
