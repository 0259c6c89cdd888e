//! `.BTF.ext`: per-section func_info and line_info records (CO-RE relocation
//! records are kept raw for the CO-RE engine). Pure parsing.

use crate::error::{Error, Result};

use std::sync::Arc;

/// Records for one ELF section: the record size and the raw records, whose
/// first `u32` is the instruction's byte offset within the section. The
/// records are a range of the whole `.BTF.ext` in host byte order, which all
/// sections share: one allocation per object, not per section or record.
#[derive(Clone, Debug, Default)]
pub struct SecInfo {
    pub rec_size: u32,
    /// The whole `.BTF.ext`, host order.
    host: Arc<[u8]>,
    /// Where the records are in `host` (and in [`BtfExt::raw`]).
    off: usize,
    len: usize,
}

impl SecInfo {
    fn data(&self) -> &[u8] {
        &self.host[self.off..self.off + self.len]
    }

    /// The records, in order.
    pub fn recs(&self) -> std::slice::ChunksExact<'_, u8> {
        self.data().chunks_exact(self.rec_size.max(1) as usize)
    }

    pub fn len(&self) -> usize {
        self.len / self.rec_size.max(1) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[derive(Clone, Debug, Default)]
pub struct BtfExt {
    /// The data as given (for `btf_ext__raw_data` in the original byte order);
    /// shared with the records when that is the host's order.
    pub raw: Arc<[u8]>,
    /// The data was big-endian (records below are converted to host order).
    pub big_endian: bool,
    /// (section name offset in .BTF strings, records) for func_info.
    pub func_info: Vec<(u32, SecInfo)>,
    pub line_info: Vec<(u32, SecInfo)>,
    pub core_relo: Vec<(u32, SecInfo)>,
    /// The whole data in host order (shared with the records).
    host: Arc<[u8]>,
    /// Each block's (offset in `host`, length), record size word included:
    /// func_info, line_info, core_relo; (0, 0) when absent.
    blocks: [(usize, usize); 3],
}

fn rd32(b: &[u8], off: usize) -> Option<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]]))
}

/// One block (func_info, line_info or core_relo) at `off..off + len` of
/// `host`, the whole `.BTF.ext` in host order.
fn parse_block(
    host: &Arc<[u8]>,
    off: usize,
    len: usize,
    min_rec: u32,
    native: bool,
    what: &str,
) -> Result<Vec<(u32, SecInfo)>> {
    let bad = |m: String| Error::Btf(format!(".BTF.ext {what}: {m}"));
    if len == 0 {
        return Ok(Vec::new());
    }
    let data = &host[off..off + len];
    let rec_size = rd32(data, 0).ok_or_else(|| bad("record size not found".into()))?;
    // Records of the other byte order are swapped field by field: only
    // the layout libbpf knows can be (libbpf's rule).
    if rec_size < min_rec || (!native && rec_size != min_rec) || rec_size % 4 != 0 {
        return Err(bad(format!("bad record size {rec_size}")));
    }
    if data.len() == 4 {
        return Err(bad("no records".into()));
    }
    let mut out = Vec::new();
    let mut at = 4usize;
    while at < data.len() {
        let sec = rd32(data, at).ok_or_else(|| bad("truncated section header".into()))?;
        let n = rd32(data, at + 4).ok_or_else(|| bad("truncated section header".into()))? as usize;
        if n == 0 {
            return Err(bad("a section has no records".into()));
        }
        at += 8;
        let recs_len = n
            .checked_mul(rec_size as usize)
            .filter(|&l| l <= data.len() - at)
            .ok_or_else(|| bad("records overrun the section".into()))?;
        let info = SecInfo {
            rec_size,
            host: host.clone(),
            off: off + at,
            len: recs_len,
        };
        out.push((sec, info));
        at += recs_len;
    }
    Ok(out)
}

impl BtfExt {
    pub fn parse(orig: &[u8]) -> Result<BtfExt> {
        let bad = |m: &str| Error::Btf(format!(".BTF.ext: {m}"));
        if orig.len() < 8 {
            return Err(bad("bad magic or too short"));
        }
        let magic = [orig[0], orig[1]];
        let big = if u16::from_le_bytes(magic) == super::BTF_MAGIC {
            false
        } else if u16::from_be_bytes(magic) == super::BTF_MAGIC {
            true
        } else {
            return Err(bad("bad magic or too short"));
        };
        let raw: Arc<[u8]> = Arc::from(orig);
        let host_big = cfg!(target_endian = "big");
        let host = if big != host_big {
            // Every field after magic/version/flags is a 32-bit word.
            let mut owned = orig.to_vec();
            for w in owned[4..].chunks_exact_mut(4) {
                w.reverse();
            }
            Arc::from(owned)
        } else {
            raw.clone()
        };
        // libbpf's order of checks and answers.
        if orig[2] != 1 {
            return Err(Error::other(
                crate::Errno::ENOTSUP,
                format!(".BTF.ext: unsupported version {}", orig[2]),
            ));
        }
        if orig[3] != 0 {
            return Err(Error::other(
                crate::Errno::ENOTSUP,
                format!(".BTF.ext: unsupported flags {:#x}", orig[3]),
            ));
        }
        let hdr_len = rd32(&host, 4).unwrap_or(0) as usize;
        if hdr_len > host.len() {
            return Err(bad("header not found"));
        }
        if hdr_len == host.len() {
            return Err(bad("no data"));
        }
        if hdr_len < 24 {
            return Err(bad("header misses func_info, line_info"));
        }
        // A block's (offset, length) in `host`, checked.
        let block = |off_at: usize| -> Result<(usize, usize)> {
            if off_at + 8 > hdr_len {
                return Ok((0, 0));
            }
            let off = rd32(&host, off_at).unwrap_or(0) as usize;
            let len = rd32(&host, off_at + 4).unwrap_or(0) as usize;
            if len == 0 {
                return Ok((0, 0));
            }
            if off % 4 != 0 {
                return Err(bad("block not aligned to 4 bytes"));
            }
            let end = off.checked_add(len).ok_or_else(|| bad("block overflows"))?;
            if end > host.len() - hdr_len {
                return Err(bad("block out of bounds"));
            }
            Ok((hdr_len + off, len))
        };
        let (fi, li, cr) = (block(8)?, block(16)?, block(24)?);
        let native = big == host_big;
        Ok(BtfExt {
            func_info: parse_block(&host, fi.0, fi.1, 8, native, "func_info")?,
            line_info: parse_block(&host, li.0, li.1, 16, native, "line_info")?,
            core_relo: parse_block(&host, cr.0, cr.1, 16, native, "core_relo")?,
            raw,
            big_endian: big,
            blocks: [fi, li, cr],
            host,
        })
    }

    /// The whole data in host byte order (what libbpf's `struct btf_ext`
    /// shows tools as `data`).
    pub fn host_data(&self) -> &[u8] {
        &self.host
    }

    /// Block `i` (0 func_info, 1 line_info, 2 core_relo) as libbpf lays it
    /// out for tools: (offset in [`BtfExt::host_data`] of its first section
    /// header, byte length of its sections, record size); None when empty.
    pub fn block(&self, i: usize) -> Option<(usize, usize, u32)> {
        let (off, len) = *self.blocks.get(i)?;
        let rec_size = rd32(&self.host, off).filter(|_| len >= 4)?;
        Some((off + 4, len - 4, rec_size))
    }
}

impl BtfExt {
    /// Replaces the type id of every func_info and CO-RE relocation record
    /// (the second word of each) with `f(old)`, in the parsed records and in
    /// the raw data (in its byte order), as `btf__permute` does.
    pub fn remap_type_ids(&mut self, f: &mut dyn FnMut(u32) -> Result<u32>) -> Result<()> {
        let big = self.big_endian;
        let mut raw = self.raw.to_vec();
        // The records' host-order copy (every block shares one).
        let Some(mut host) = [&self.func_info, &self.line_info, &self.core_relo]
            .iter()
            .find_map(|b| b.first())
            .map(|(_, info)| info.host.to_vec())
        else {
            return Ok(());
        };
        for block in [&self.func_info, &self.core_relo] {
            for (_, info) in block.iter() {
                let rs = info.rec_size as usize;
                for i in 0..info.len() {
                    let p = info.off + i * rs + 4;
                    let old = u32::from_ne_bytes(host[p..p + 4].try_into().unwrap());
                    let new = f(old)?;
                    host[p..p + 4].copy_from_slice(&new.to_ne_bytes());
                    raw[p..p + 4].copy_from_slice(&if big {
                        new.to_be_bytes()
                    } else {
                        new.to_le_bytes()
                    });
                }
            }
        }
        let host: Arc<[u8]> = Arc::from(host);
        for block in [
            &mut self.func_info,
            &mut self.line_info,
            &mut self.core_relo,
        ] {
            for (_, info) in block.iter_mut() {
                info.host = host.clone();
            }
        }
        self.host = host;
        self.raw = Arc::from(raw);
        Ok(())
    }
}

impl BtfExt {
    /// Byte positions (in the host-order copy, and in `raw`) of every
    /// string offset, in libbpf's visiting order: func_info section names;
    /// line_info section names, each followed by its records' file and
    /// line offsets; CO-RE section names, each followed by its records'
    /// access strings.
    fn str_positions(&self) -> Vec<usize> {
        let mut v = Vec::new();
        for (_, s) in &self.func_info {
            v.push(s.off - 8);
        }
        for (_, s) in &self.line_info {
            v.push(s.off - 8);
            for i in 0..s.len() {
                let r = s.off + i * s.rec_size as usize;
                v.extend([r + 4, r + 8]);
            }
        }
        for (_, s) in &self.core_relo {
            v.push(s.off - 8);
            for i in 0..s.len() {
                v.push(s.off + i * s.rec_size as usize + 8);
            }
        }
        v
    }

    fn host(&self) -> Option<&Arc<[u8]>> {
        [&self.func_info, &self.line_info, &self.core_relo]
            .iter()
            .find_map(|b| b.first())
            .map(|(_, info)| &info.host)
    }

    /// Every string offset the records hold, in libbpf's visiting order
    /// (what `btf__dedup` keeps and renumbers).
    pub fn str_offs(&self) -> Vec<u32> {
        let Some(host) = self.host() else {
            return Vec::new();
        };
        self.str_positions()
            .into_iter()
            .map(|p| rd32(host, p).unwrap_or(0))
            .collect()
    }

    /// Writes back string offsets given in [`BtfExt::str_offs`]'s order.
    pub fn set_str_offs(&mut self, new: &[u32]) {
        let Some(host) = self.host() else { return };
        let mut host = host.to_vec();
        let mut raw = self.raw.to_vec();
        let big = self.big_endian;
        for (p, &v) in self.str_positions().into_iter().zip(new) {
            host[p..p + 4].copy_from_slice(&v.to_ne_bytes());
            raw[p..p + 4].copy_from_slice(&if big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            });
        }
        let host: Arc<[u8]> = Arc::from(host);
        for block in [
            &mut self.func_info,
            &mut self.line_info,
            &mut self.core_relo,
        ] {
            for (name, info) in block.iter_mut() {
                info.host = host.clone();
                *name = rd32(&host, info.off - 8).unwrap_or(0);
            }
        }
        self.host = host;
        self.raw = Arc::from(raw);
    }
}
