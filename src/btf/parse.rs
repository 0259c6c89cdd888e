//! Reading BTF: the header, the framing pass over the type records (an
//! index of record offsets) and validation, eager or on first use.

use super::*;

/// Reads the 24-byte header fields in the data's own byte order.
struct Header {
    endian: Endian,
    hdr_len: usize,
    type_off: usize,
    type_len: usize,
    str_off: usize,
    str_len: usize,
}

/// A malformed header, told at debug level as libbpf tells it (callers
/// probe data with `btf__new` and expect no warning).
fn bad_header(msg: std::fmt::Arguments<'_>) -> Error {
    crate::debug!("{msg}");
    Error::Reported(crate::Errno::EINVAL)
}

fn parse_header(raw: &[u8]) -> Result<Header> {
    if raw.len() < HDR_LEN {
        return Err(bad_header(format_args!("BTF header not found")));
    }
    let endian = match [raw[0], raw[1]] {
        m if u16::from_le_bytes(m) == BTF_MAGIC => Endian::Little,
        m if u16::from_be_bytes(m) == BTF_MAGIC => Endian::Big,
        m => {
            return Err(bad_header(format_args!(
                "Invalid BTF magic: {:x}",
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
    if h.hdr_len < HDR_LEN {
        return Err(bad_header(format_args!(
            "Invalid BTF header length {}",
            h.hdr_len
        )));
    }
    if h.hdr_len > raw.len() {
        return Err(bad_header(format_args!(
            "BTF header len {} larger than data size {}",
            h.hdr_len,
            raw.len()
        )));
    }
    let body = raw.len() - h.hdr_len;
    let in_body = |off: usize, len: usize| off.checked_add(len).is_some_and(|e| e <= body);
    if !in_body(h.type_off, h.type_len) || !in_body(h.str_off, h.str_len) {
        return Err(bad_header(format_args!(
            "Invalid BTF total size: {}",
            raw.len()
        )));
    }
    if h.type_off % 4 != 0 || h.type_len % 4 != 0 {
        return Err(bad_header(format_args!(
            "BTF type section is not aligned to 4 bytes"
        )));
    }
    if h.type_off < h.str_off && h.type_off + h.type_len > h.str_off {
        return Err(bad_header(format_args!(
            "Invalid BTF data sections layout: type data at {} + {}, strings data at {} + {}",
            h.type_off, h.type_len, h.str_off, h.str_len
        )));
    }
    Ok(h)
}

#[cold]
fn bad_record(id: usize, what: &str) -> Error {
    Error::Btf(format!("type [{id}]: {what}"))
}

#[cold]
fn unknown_kind(id: usize, k: u32) -> Error {
    Error::Btf(format!("type [{id}]: unknown kind {k}"))
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

    /// As [`Btf::parse_shared_lazy`], running `scan` over every record
    /// during the framing pass (CO-RE's candidate search at start-up: one
    /// walk over vmlinux's records instead of two).
    pub fn parse_shared_lazy_scan(
        backing: Backing,
        base: Option<Arc<Btf>>,
        scan: &mut EssentialScan<'_>,
    ) -> Result<Btf> {
        Self::parse_backing_scan(backing, base, true, Some(scan))
    }

    /// The header, then the type and string sections borrowed from
    /// `backing` where byte order and alignment allow.
    pub(super) fn parse_backing(
        backing: Backing,
        base: Option<Arc<Btf>>,
        lazy: bool,
    ) -> Result<Btf> {
        Self::parse_backing_scan(backing, base, lazy, None)
    }

    fn parse_backing_scan(
        backing: Backing,
        base: Option<Arc<Btf>>,
        lazy: bool,
        scan: Option<&mut EssentialScan<'_>>,
    ) -> Result<Btf> {
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
        Self::from_sections_scan(h.endian, types, strs, base, lazy, scan)
    }

    pub(super) fn from_sections(
        endian: Endian,
        types: Bytes,
        strs: Bytes,
        base: Option<Arc<Btf>>,
        lazy: bool,
    ) -> Result<Btf> {
        Self::from_sections_scan(endian, types, strs, base, lazy, None)
    }

    fn from_sections_scan(
        endian: Endian,
        mut types: Bytes,
        strs: Bytes,
        base: Option<Arc<Btf>>,
        lazy: bool,
        scan: Option<&mut EssentialScan<'_>>,
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
        let (index, bounds) = match scan {
            Some(scan) if btf.lazy && !scan.is_empty() => {
                let strs = btf.strs.get();
                btf.frame::<false>(|btf, i, name_off, info| {
                    scan.visit(btf, strs, i, name_off, info)
                })?
            }
            _ if btf.lazy => btf.frame::<false>(|_, _, _, _| {})?,
            _ => btf.frame::<true>(|_, _, _, _| {})?,
        };
        btf.index = index;
        if let Some((ty, st)) = bounds {
            // Everything in range (the common case) needs no second pass;
            // otherwise the per-type check finds and names the culprit.
            if ty >= btf.type_cnt() || st >= btf.strs_end() {
                btf.validate()?;
            }
        }
        Ok(btf)
    }

    /// Frames every record (known kind, inside the section) and indexes it;
    /// `visit` sees each record's position and header words as it goes.
    /// `EAGER` (not lazy) parses also get the largest type id and string
    /// offset referenced.
    #[allow(clippy::type_complexity)]
    #[inline(never)]
    fn frame<const EAGER: bool>(
        &self,
        mut visit: impl FnMut(&Btf, usize, u32, u32),
    ) -> Result<(index::TypeIndex, Option<(u32, u32)>)> {
        let types = self.types.get();
        let mut offsets = index::TypeIndex::with_capacity(types, !EAGER);
        // Eager parses check every reference: gathered here as the largest
        // type id and string offset referenced, compared once at the end.
        let mut bounds = EAGER.then_some((0u32, 0u32));
        let id = |offsets: &index::TypeIndex| self.start_id as usize + offsets.len();
        // The inner loop of every parse (vmlinux: 126 000 records): one
        // bounds check for the header words, one for the record's end.
        let (len, mut off, mut i) = (types.len(), 0usize, 0usize);
        while off < len {
            let Some(h) = types.get(off..off + 8) else {
                return Err(bad_record(id(&offsets), "truncated type record"));
            };
            let name_off = u32::from_ne_bytes([h[0], h[1], h[2], h[3]]);
            let info = u32::from_ne_bytes([h[4], h[5], h[6], h[7]]);
            let (k, vlen) = ((info >> 24) & 0x1f, info & MAX_VLEN);
            let Some(extra) = extra_len(k, vlen) else {
                return Err(unknown_kind(id(&offsets), k));
            };
            let end = off + 12 + extra;
            if end > len {
                return Err(bad_record(id(&offsets), "record overruns type section"));
            }
            visit(self, i, name_off, info);
            if let (true, Some(b)) = (EAGER, bounds.as_mut()) {
                let t = Type {
                    id: 0,
                    name_off,
                    info,
                    size_or_type: rd32(types, off + 8).unwrap_or(0),
                    extra: &types[off + 12..end],
                    rec: &types[off..end],
                };
                let (ty, st) = ref_bounds(&t);
                *b = (b.0.max(ty), b.1.max(st));
            }
            offsets.push(off as u32);
            i += 1;
            off = end;
        }
        let last = id(&offsets) - 1;
        if last as u64 > MAX_TYPE_ID as u64 {
            return Err(Error::Btf(format!("too many types ({last})")));
        }
        Ok((offsets, bounds))
    }

    /// Checks every name offset and every referenced type id (eager parses
    /// call it only when [`ref_bounds`] found one out of range), so later walks
    /// never meet a dangling reference (they still bound their depth: loops).
    pub(super) fn validate(&self) -> Result<()> {
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
    pub(super) fn check_type(&self, t: &Type<'_>) -> Result<()> {
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
}
