//! Typed data as C initialisers (`btf_dump__dump_type_data`), e.g.
//! `(struct s){.a = (int)1,.b = (char[4])['x',],}`, with libbpf's rules for
//! what is left out (zero members), how chars and strings print, and how
//! short data fails (`-E2BIG` for a base type that does not fit; aggregates
//! print what fits).
//!
//! Values are read from the caller's bytes; a read libbpf would make past
//! `data_sz` (it does, for zero checks of aggregates) sees zero bytes here.

use super::floatfmt::{fmt_f64, fmt_long_double};
use super::{kind, Ctx, Type};
use crate::error::{Errno, Error, Result};
use std::fmt::Display;
use std::io::Write;

/// Options of [`super::Dumper::dump_type_data`].
#[derive(Clone, Debug)]
pub struct DataOpts {
    /// One indentation step (libbpf keeps up to 31 bytes).
    pub indent_str: Vec<u8>,
    pub indent_level: u8,
    pub compact: bool,
    pub skip_names: bool,
    pub emit_zeroes: bool,
    pub emit_strings: bool,
    /// Where the data sits in the caller's memory: libbpf formats aligned
    /// and unaligned values differently.
    pub addr: usize,
}

impl Default for DataOpts {
    fn default() -> Self {
        DataOpts {
            indent_str: b"\t".to_vec(),
            indent_level: 0,
            compact: false,
            skip_names: false,
            emit_zeroes: false,
            emit_strings: false,
            addr: 0,
        }
    }
}

const E2BIG: i32 = -libc::E2BIG;
const EINVAL: i32 = -libc::EINVAL;
const ENODATA: i32 = -libc::ENODATA;
const ENOTSUP: i32 = -libc::EOPNOTSUPP;

/// Array elements past the end of the data one call still visits (libbpf
/// walks all `nelems`, which bad BTF may make billions, nested).
const MAX_ELEMS_PAST_END: u64 = 1 << 16;

pub(super) fn dump(c: &mut Ctx<'_, '_>, id: u32, data: &[u8], opts: &DataOpts) -> Result<i32> {
    let mut d = DataDump {
        c,
        data,
        o: opts,
        depth: 0,
        is_array_member: false,
        is_array_terminated: false,
        is_array_char: false,
        past_end_left: MAX_ELEMS_PAST_END,
        nest: 0,
    };
    let r = d.dump_type_data(b"", id, 0, 0, 0);
    if r < 0 {
        return Err(Error::other(
            Errno(-r),
            format!("btf_dump: cannot dump data of type [{id}]"),
        ));
    }
    Ok(r)
}

struct DataDump<'x, 'a, 'd> {
    c: &'x mut Ctx<'a, 'd>,
    data: &'x [u8],
    o: &'x DataOpts,
    depth: i32,
    is_array_member: bool,
    is_array_terminated: bool,
    /// Set by the first char array and kept for the rest of the call, as libbpf does.
    is_array_char: bool,
    /// Budget of array elements past the end of the data.
    past_end_left: u64,
    /// Recursion of dump_type_data (sections hold variables that may, in
    /// bad BTF, hold sections again).
    nest: u32,
}

impl<'a> DataDump<'_, 'a, '_> {
    /// `n` bytes at `off`, zero where past the data.
    fn bytes<const N: usize>(&self, off: u64, n: usize) -> [u8; N] {
        let mut b = [0u8; N];
        for (i, v) in b.iter_mut().enumerate().take(n.min(N)) {
            *v = usize::try_from(off + i as u64)
                .ok()
                .and_then(|o| self.data.get(o))
                .copied()
                .unwrap_or(0);
        }
        b
    }

    fn byte(&self, off: u64) -> u8 {
        self.bytes::<1>(off, 1)[0]
    }

    fn past_end(&self, off: u64) -> bool {
        off > self.data.len() as u64
    }

    fn newline(&self) -> &'static str {
        if self.o.compact || self.depth == 0 {
            ""
        } else {
            "\n"
        }
    }

    fn delim(&self) -> &'static str {
        if self.depth == 0 {
            ""
        } else {
            ","
        }
    }

    fn pfx(&mut self) {
        if self.o.compact {
            return;
        }
        for _ in 0..self.o.indent_level as i32 + self.depth {
            self.c.put(&self.o.indent_str);
        }
    }

    /// A value followed by the delimiter and newline of the current depth.
    fn value(&mut self, v: impl Display) {
        let (delim, nl) = (self.delim(), self.newline());
        let _ = write!(self.c.out, "{v}{delim}{nl}");
    }

    fn is_aligned(&self, id: u32, off: u64) -> bool {
        let a = self.c.align_of(id) as u64;
        a != 0 && (self.o.addr as u64).wrapping_add(off) % a == 0
    }

    fn skip_mods(&self, id: u32) -> Type<'a> {
        self.c.skip_mods_and_typedefs(id)
    }

    fn unsupported(&mut self, t: &Type<'_>) -> i32 {
        let _ = write!(self.c.out, "<unsupported kind:{}>", t.kind());
        ENOTSUP
    }

    /// The `bit_sz` bits at bit `bits_offset` of the integer at `off`.
    fn bitfield_value(
        &self,
        t: &Type<'_>,
        off: u64,
        bits_offset: u8,
        bit_sz: u8,
    ) -> Result<u64, i32> {
        let start_bit = bits_offset % 8;
        let nr_bytes = (start_bit as u32 + bit_sz as u32).div_ceil(8) as u8;
        if self.past_end(off + nr_bytes as u64) {
            return Err(E2BIG);
        }
        if t.size_or_type > 8 {
            crate::warn!("unexpected bitfield size {}", t.size_or_type);
            return Err(EINVAL);
        }
        let b = self.bytes::<8>(off, t.size_or_type as usize);
        let num = u64::from_le_bytes(b);
        let nr_copy_bits = bit_sz.wrapping_add(bits_offset);
        let left = 64u16.wrapping_sub(nr_copy_bits as u16);
        let right = 64u16.wrapping_sub(bit_sz as u16);
        // Shift counts wrap as the hardware does for libbpf's C.
        Ok(num.wrapping_shl(left as u32).wrapping_shr(right as u32))
    }

    fn base_type_check_zero(&self, t: &Type<'_>, id: u32, off: u64) -> i32 {
        let n = if t.kind() == kind::PTR {
            self.c.d.ptr_sz
        } else {
            t.size_or_type
        };
        if !(1..=16).contains(&n) {
            crate::warn!("unexpected size {n} for id [{id}]");
            return EINVAL;
        }
        if self.bytes::<16>(off, n as usize).iter().all(|&b| b == 0) {
            ENODATA
        } else {
            0
        }
    }

    fn int_data(&mut self, t: &Type<'_>, id: u32, off: u64) -> i32 {
        let sz = t.size_or_type;
        if sz == 0 || sz > 16 {
            crate::warn!("unexpected size {sz} for id [{id}]");
            return EINVAL;
        }
        let signed = t.int_info().0 & super::super::BTF_INT_SIGNED != 0;
        let b = self.bytes::<16>(off, sz as usize);
        let lo = u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
        match sz {
            16 => {
                let hi = u64::from_le_bytes(b[8..].try_into().expect("8 bytes"));
                if hi == 0 {
                    self.value(format_args!("0x{lo:x}"));
                } else {
                    self.value(format_args!("0x{hi:x}{lo:016x}"));
                }
            }
            8 if signed => self.value(lo as i64),
            8 => self.value(lo),
            4 if signed => self.value(lo as u32 as i32),
            4 => self.value(lo as u32),
            2 if signed => self.value(lo as u16 as i16),
            2 => self.value(lo as u16),
            1 => {
                let ch = b[0];
                if self.is_array_char {
                    if self.is_array_terminated {
                        return 0;
                    }
                    if ch == 0 {
                        self.value("'\\0'");
                        self.is_array_terminated = true;
                        return 0;
                    }
                    if is_print(ch) {
                        self.value(format_args!("'{}'", ch as char));
                        return 0;
                    }
                }
                if signed {
                    self.value(ch as i8);
                } else {
                    self.value(ch);
                }
            }
            _ => {
                crate::warn!("unexpected sz {sz} for id [{id}]");
                return EINVAL;
            }
        }
        0
    }

    fn float_data(&mut self, t: &Type<'_>, id: u32, off: u64) -> i32 {
        let b = self.bytes::<16>(off, t.size_or_type as usize);
        let s = match t.size_or_type {
            16 => fmt_long_double(&b),
            8 => fmt_f64(f64::from_le_bytes(b[..8].try_into().expect("8 bytes"))),
            4 => fmt_f64(f32::from_le_bytes(b[..4].try_into().expect("4 bytes")) as f64),
            sz => {
                crate::warn!("unexpected size {sz} for id [{id}]");
                return EINVAL;
            }
        };
        self.value(s);
        0
    }

    fn var_data(&mut self, v: &Type<'_>, off: u64) -> i32 {
        let linkage = match v.word(0) {
            0 => "static ",
            2 => "extern ",
            _ => "",
        };
        self.c.puts(linkage);
        let type_id = v.size_or_type;
        self.type_cast(type_id, false);
        self.c.puts(" ");
        let n = self.c.name(v.name_off);
        self.c.put(n);
        self.c.puts(" = ");
        self.dump_type_data(b"", type_id, off, 0, 0)
    }

    /// A char array as a string literal; `EINVAL` when it has no NUL (the
    /// caller then prints it as an array).
    fn string_data(&mut self, t: &Type<'_>, off: u64) -> i32 {
        let nelems = t.array().2 as u64;
        let mut i = 0;
        while i < nelems {
            if off + i >= self.data.len() as u64 {
                return E2BIG;
            }
            if self.byte(off + i) == 0 {
                break;
            }
            i += 1;
        }
        if i == nelems {
            return EINVAL;
        }
        self.pfx();
        self.c.puts("\"");
        for j in 0..nelems {
            let ch = self.byte(off + j);
            if ch == 0 {
                break;
            }
            if is_print(ch) {
                self.c.put(&[ch]);
            } else {
                let _ = write!(self.c.out, "\\x{ch:02x}");
            }
        }
        self.c.puts("\"");
        0
    }

    fn array_data(&mut self, t: &Type<'_>, id: u32, off: u64) -> i32 {
        let (elem_id, _, nelems) = t.array();
        let elem = self.skip_mods(elem_id);
        let elem_size = match self.c.resolve_size(elem_id).ok() {
            Some(s) if s > 0 => s as u64,
            s => {
                crate::warn!(
                    "unexpected elem size {} for array type [{id}]",
                    s.map_or(-1, i64::from)
                );
                return EINVAL;
            }
        };
        if elem.kind() == kind::INT && elem_size == 1 {
            if self.o.emit_strings && self.string_data(t, off) == 0 {
                return 0;
            }
            self.is_array_char = true;
        }
        self.depth += 1;
        let nl = self.newline();
        self.c.puts("[");
        self.c.puts(nl);
        let was_member = std::mem::replace(&mut self.is_array_member, true);
        let was_terminated = std::mem::replace(&mut self.is_array_terminated, false);
        for i in 0..nelems as u64 {
            if self.is_array_terminated || self.c.over_limit() {
                break;
            }
            let eoff = off + i * elem_size;
            if self.past_end(eoff) {
                if self.past_end_left == 0 {
                    break;
                }
                self.past_end_left -= 1;
            }
            let before = self.c.written();
            self.dump_type_data(b"", elem_id, eoff, 0, 0);
            // Past the end every element reads as zeros alike and prints
            // what this one printed: nothing here means nothing from the
            // rest (libbpf walks them all, each failing silently).
            if eoff >= self.data.len() as u64 && self.c.written() == before {
                break;
            }
        }
        self.is_array_member = was_member;
        self.is_array_terminated = was_terminated;
        self.depth -= 1;
        self.pfx();
        self.value("]");
        0
    }

    fn struct_data(&mut self, t: &Type<'_>, off: u64) -> i32 {
        self.depth += 1;
        let nl = self.newline();
        self.c.puts("{");
        self.c.puts(nl);
        let mut err = 0;
        for i in 0..t.vlen() as usize {
            if self.c.over_limit() {
                break;
            }
            let (name_off, mty, _) = t.member(i);
            let mname = self.c.name(name_off);
            let moff = t.member_bit_offset(i);
            let bit_sz = t.member_bitfield_size(i) as u8;
            err = self.dump_type_data(
                mname,
                mty,
                off + (moff / 8) as u64,
                (moff % 8) as u8,
                bit_sz,
            );
            if err < 0 {
                return err;
            }
        }
        self.depth -= 1;
        self.pfx();
        self.value("}");
        err
    }

    fn ptr_data(&mut self, id: u32, off: u64) -> i32 {
        let ptr_sz = self.c.d.ptr_sz;
        let b = self.bytes::<8>(off, ptr_sz.min(8) as usize);
        let v = u64::from_le_bytes(b);
        if self.is_aligned(id, off) && ptr_sz as usize == std::mem::size_of::<usize>() {
            // glibc's %p
            if v == 0 {
                self.value("(nil)");
            } else {
                self.value(format_args!("0x{v:x}"));
            }
        } else if ptr_sz == 4 {
            self.value(format_args!("0x{:x}", v as u32));
        } else {
            self.value(format_args!("0x{v:x}"));
        }
        0
    }

    /// An enum's value at `off`, sign-extended for signed enums.
    fn enum_value(&self, t: &Type<'_>, off: u64, id: u32) -> Result<i64, i32> {
        if !self.is_aligned(id, off) {
            // libbpf reads it as a 0-bit "bitfield": its shifts by 64 are
            // folded to 0 by the compiler, so an unaligned enum reads as 0.
            return self.bitfield_value(t, off, 0, 0).map(|_| 0);
        }
        let b = self.bytes::<8>(off, t.size_or_type.min(8) as usize);
        enum_from_bytes(t, &b).ok_or_else(|| {
            crate::warn!("unexpected size {} for enum, id:[{id}]", t.size_or_type);
            EINVAL
        })
    }

    fn enum_data(&mut self, t: &Type<'_>, value: i64) -> i32 {
        let signed = t.kflag();
        for i in 0..t.vlen() as usize {
            let (name_off, v) = if t.kind() == kind::ENUM64 {
                let v = (t.word(i * 3 + 2) as u64) << 32 | t.word(i * 3 + 1) as u64;
                (t.word(i * 3), v as i64)
            } else {
                (t.word(i * 2), t.word(i * 2 + 1) as i32 as i64)
            };
            if v == value {
                let n = self.c.name(name_off);
                self.value(String::from_utf8_lossy(n));
                return 0;
            }
        }
        // libbpf's format for signed values loses its delimiter and newline
        // (`c ? "%d" : "%u" "%s%s"` concatenates with the second branch only).
        let _ = match (t.kind() == kind::ENUM64, signed) {
            (false, true) => write!(self.c.out, "{}", value as i32),
            (false, false) => {
                self.value(value as u32);
                Ok(())
            }
            (true, true) => write!(self.c.out, "{value}LL"),
            (true, false) => {
                self.value(format_args!("{}ULL", value as u64));
                Ok(())
            }
        };
        0
    }

    fn datasec_data(&mut self, t: &Type<'_>, off: u64) -> i32 {
        let n = String::from_utf8_lossy(self.c.name(t.name_off)).into_owned();
        self.value(format_args!("SEC(\"{n}\") "));
        for i in 0..t.vlen() as usize {
            let (vty, voff, _) = t.secinfo(i);
            let err = self.dump_type_data(b"", vty, off + voff as u64, 0, 0);
            if err < 0 {
                return err;
            }
            self.c.puts(";");
        }
        0
    }

    /// The type's size, or `E2BIG` when a base type does not fit in the data
    /// (aggregates are shown partially instead).
    fn check_overflow(&self, id: u32, off: u64, bits_offset: u8, bit_sz: u8) -> i32 {
        if bit_sz != 0 {
            let nr_bytes = (bits_offset as u32 + bit_sz as u32).div_ceil(8);
            return if self.past_end(off + nr_bytes as u64) {
                E2BIG
            } else {
                nr_bytes as i32
            };
        }
        let size = match self.c.resolve_size(id).ok() {
            Some(s) if s < i32::MAX as u32 => s,
            s => {
                crate::warn!(
                    "unexpected size [{}] for id [{id}]",
                    s.map_or(u64::MAX, u64::from)
                );
                return EINVAL;
            }
        };
        let t = self.skip_mods(id);
        if matches!(
            t.kind(),
            kind::INT | kind::FLOAT | kind::PTR | kind::ENUM | kind::ENUM64
        ) && self.past_end(off + (bits_offset / 8) as u64 + size as u64)
        {
            return E2BIG;
        }
        size as i32
    }

    /// `ENODATA` when the value is zero and zero values are left out here.
    fn check_zero(&self, id: u32, off: u64, bits_offset: u8, bit_sz: u8, depth: u32) -> i32 {
        if self.o.emit_zeroes || self.depth == 0 || (self.is_array_member && !self.is_array_char) {
            return 0;
        }
        if depth > super::MAX_DEPTH {
            return EINVAL;
        }
        let t = self.skip_mods(id);
        match t.kind() {
            kind::INT if bit_sz != 0 => match self.bitfield_value(&t, off, bits_offset, bit_sz) {
                Ok(0) => ENODATA,
                Ok(_) => 0,
                Err(e) => e,
            },
            kind::INT | kind::FLOAT | kind::PTR => self.base_type_check_zero(&t, id, off),
            kind::ARRAY => {
                let (elem_id, _, nelems) = t.array();
                // libbpf keeps the size in a u32 (an error wraps).
                let elem_size = self.c.resolve_size(elem_id).unwrap_or_else(|e| e as u32) as u64;
                let elem = self.skip_mods(elem_id);
                let is_char = elem.kind() == kind::INT && elem_size == 1;
                for i in 0..nelems as u64 {
                    if i == 0 && is_char && self.byte(off) == 0 {
                        return ENODATA;
                    }
                    let eoff = off + i * elem_size;
                    let err = self.check_zero(elem_id, eoff, bits_offset, 0, depth + 1);
                    if err != ENODATA {
                        return err;
                    }
                    // Past the end every element reads as zero alike.
                    if self.past_end(eoff) {
                        break;
                    }
                }
                ENODATA
            }
            kind::STRUCT | kind::UNION => {
                // libbpf decides on the first member alone (it compares
                // against a positive ENODATA, so the loop always returns).
                if t.vlen() == 0 {
                    return ENODATA;
                }
                let (_, mty, _) = t.member(0);
                let moff = t.member_bit_offset(0);
                let bsz = t.member_bitfield_size(0) as u8;
                self.check_zero(
                    mty,
                    off + (moff / 8) as u64,
                    (moff % 8) as u8,
                    bsz,
                    depth + 1,
                )
            }
            kind::ENUM | kind::ENUM64 => match self.enum_value(&t, off, id) {
                Ok(0) => ENODATA,
                Ok(_) => 0,
                Err(e) => e,
            },
            _ => 0,
        }
    }

    /// `(type)` before a value (`top_level`), or the bare type of a variable.
    fn type_cast(&mut self, id: u32, top_level: bool) {
        if self.is_array_member {
            return;
        }
        let t = self.c.ty(id);
        if matches!(t.kind(), kind::VAR | kind::DATASEC) {
            return;
        }
        if top_level {
            self.c.puts("(");
        }
        self.c.skip_anon_defs = true;
        self.c.strip_mods = true;
        self.c.emit_type_decl(id, b"", 0);
        self.c.strip_mods = false;
        self.c.skip_anon_defs = false;
        if top_level {
            self.c.puts(")");
        }
    }

    /// Dumps the value of type `id` at `off`; returns its size or an error.
    fn dump_type_data(
        &mut self,
        fname: &[u8],
        id: u32,
        off: u64,
        bits_offset: u8,
        bit_sz: u8,
    ) -> i32 {
        if self.nest > super::MAX_DEPTH {
            crate::warn!("btf_dump: data nesting too deep at id:[{id}]");
            return EINVAL;
        }
        self.nest += 1;
        let r = self.dump_value(fname, id, off, bits_offset, bit_sz);
        self.nest -= 1;
        r
    }

    fn dump_value(&mut self, fname: &[u8], id: u32, off: u64, bits_offset: u8, bit_sz: u8) -> i32 {
        let size = self.check_overflow(id, off, bits_offset, bit_sz);
        if size < 0 {
            return size;
        }
        let err = self.check_zero(id, off, bits_offset, bit_sz, 0);
        if err != 0 {
            return if err == ENODATA { size } else { err };
        }
        self.pfx();
        if !self.o.skip_names {
            if !fname.is_empty() {
                self.c.puts(".");
                self.c.put(fname);
                self.c.puts(" = ");
            }
            self.type_cast(id, true);
        }
        let t = self.skip_mods(id);
        let err = match t.kind() {
            kind::UNKN | kind::FWD | kind::FUNC | kind::FUNC_PROTO | kind::DECL_TAG => {
                self.unsupported(&t)
            }
            kind::INT if bit_sz != 0 => match self.bitfield_value(&t, off, bits_offset, bit_sz) {
                Ok(v) => {
                    self.value(format_args!("0x{v:x}"));
                    0
                }
                Err(e) => e,
            },
            kind::INT => self.int_data(&t, id, off),
            kind::FLOAT => self.float_data(&t, id, off),
            kind::PTR => self.ptr_data(id, off),
            kind::ARRAY => self.array_data(&t, id, off),
            kind::STRUCT | kind::UNION => self.struct_data(&t, off),
            kind::ENUM | kind::ENUM64 => {
                let v = if bit_sz != 0 {
                    // libbpf re-reads the extracted bits as an enum of the
                    // type's size from an aligned 8-byte temporary.
                    self.bitfield_value(&t, off, bits_offset, bit_sz)
                        .and_then(|v| {
                            enum_from_bytes(&t, &v.to_le_bytes()).ok_or_else(|| {
                                crate::warn!(
                                    "unexpected size {} for enum, id:[{id}]",
                                    t.size_or_type
                                );
                                EINVAL
                            })
                        })
                } else {
                    self.enum_value(&t, off, id)
                };
                match v {
                    Ok(v) => self.enum_data(&t, v),
                    Err(e) => e,
                }
            }
            kind::VAR => self.var_data(&t, off),
            kind::DATASEC => self.datasec_data(&t, off),
            k => {
                crate::warn!("unexpected kind [{k}] for id [{id}]");
                return EINVAL;
            }
        };
        if err < 0 {
            return err;
        }
        size
    }
}

/// An enum value from its little-endian bytes (by the enum's size).
fn enum_from_bytes(t: &Type<'_>, b: &[u8; 8]) -> Option<i64> {
    let signed = t.kflag();
    Some(match t.size_or_type {
        8 => i64::from_le_bytes(*b),
        4 => {
            let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            if signed {
                v as i32 as i64
            } else {
                v as i64
            }
        }
        2 => {
            let v = u16::from_le_bytes([b[0], b[1]]);
            if signed {
                v as i16 as i64
            } else {
                v as i64
            }
        }
        1 => {
            if signed {
                b[0] as i8 as i64
            } else {
                b[0] as i64
            }
        }
        _ => return None,
    })
}

/// C's `isprint` in the "C" locale.
fn is_print(c: u8) -> bool {
    (0x20..0x7f).contains(&c)
}
