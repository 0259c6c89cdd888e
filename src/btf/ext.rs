//! `.BTF.ext`: per-section func_info and line_info records (CO-RE relocation
//! records are kept raw for the CO-RE engine). Pure parsing.

use crate::error::{Error, Result};

/// Records for one ELF section: the record size and the raw records, whose
/// first `u32` is the instruction's byte offset within the section. The
/// records sit back to back in one buffer (one allocation per section, not
/// per record: objects carry thousands of line records).
#[derive(Clone, Debug, Default)]
pub struct SecInfo {
    pub rec_size: u32,
    data: Vec<u8>,
    /// Offset of the first record in [`BtfExt::raw`] (to patch it in place).
    raw_off: usize,
}

impl SecInfo {
    /// `data` holds whole records of `rec_size` (> 0) bytes.
    pub fn new(rec_size: u32, data: Vec<u8>) -> SecInfo {
        debug_assert!(rec_size > 0 && data.len() % rec_size as usize == 0);
        SecInfo {
            rec_size,
            data,
            raw_off: 0,
        }
    }

    /// The records, in order.
    pub fn recs(&self) -> std::slice::ChunksExact<'_, u8> {
        self.data.chunks_exact(self.rec_size.max(1) as usize)
    }

    pub fn len(&self) -> usize {
        self.data.len() / self.rec_size.max(1) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

#[derive(Clone, Debug, Default)]
pub struct BtfExt {
    /// The data as given (for `btf_ext__raw_data` in the original byte order).
    pub raw: Vec<u8>,
    /// The data was big-endian (records below are converted to host order).
    pub big_endian: bool,
    /// (section name offset in .BTF strings, records) for func_info.
    pub func_info: Vec<(u32, SecInfo)>,
    pub line_info: Vec<(u32, SecInfo)>,
    pub core_relo: Vec<(u32, SecInfo)>,
}

fn rd32(b: &[u8], off: usize) -> Option<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]]))
}

/// `data_off`: where `data` starts in the raw .BTF.ext.
fn parse_block(
    data: &[u8],
    data_off: usize,
    min_rec: u32,
    what: &str,
) -> Result<Vec<(u32, SecInfo)>> {
    let bad = |m: String| Error::Btf(format!(".BTF.ext {what}: {m}"));
    if data.is_empty() {
        return Ok(Vec::new());
    }
    let rec_size = rd32(data, 0).ok_or_else(|| bad("truncated".into()))?;
    if rec_size < min_rec || rec_size % 4 != 0 || rec_size > 1024 {
        return Err(bad(format!("bad record size {rec_size}")));
    }
    let mut out = Vec::new();
    let mut off = 4usize;
    while off < data.len() {
        let sec = rd32(data, off).ok_or_else(|| bad("truncated section header".into()))?;
        let n = rd32(data, off + 4).ok_or_else(|| bad("truncated section header".into()))? as usize;
        off += 8;
        let len = n
            .checked_mul(rec_size as usize)
            .ok_or_else(|| bad("record count overflows".into()))?;
        let recs = data
            .get(off..off + len)
            .ok_or_else(|| bad("records overrun the section".into()))?;
        let mut info = SecInfo::new(rec_size, recs.to_vec());
        info.raw_off = data_off + off;
        out.push((sec, info));
        off += len;
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
        let host_big = cfg!(target_endian = "big");
        let mut owned;
        let raw: &[u8] = if big != host_big {
            // Every field after magic/version/flags is a 32-bit word.
            owned = orig.to_vec();
            for w in owned[4..].chunks_exact_mut(4) {
                w.reverse();
            }
            &owned
        } else {
            owned = Vec::new();
            let _ = &mut owned;
            orig
        };
        if orig[2] != 1 {
            return Err(bad("unsupported version"));
        }
        let hdr_len = rd32(raw, 4).unwrap_or(0) as usize;
        if !(24..=raw.len()).contains(&hdr_len) {
            return Err(bad("bad header length"));
        }
        let body = &raw[hdr_len..];
        let block = |off_at: usize| -> Result<&[u8]> {
            if off_at + 8 > hdr_len {
                return Ok(&[]);
            }
            let off = rd32(raw, off_at).unwrap_or(0) as usize;
            let len = rd32(raw, off_at + 4).unwrap_or(0) as usize;
            body.get(off..off.checked_add(len).ok_or_else(|| bad("block overflows"))?)
                .ok_or_else(|| bad("block out of bounds"))
        };
        let at = |off_at: usize| hdr_len + rd32(raw, off_at).unwrap_or(0) as usize;
        Ok(BtfExt {
            raw: orig.to_vec(),
            big_endian: big,
            func_info: parse_block(block(8)?, at(8), 8, "func_info")?,
            line_info: parse_block(block(16)?, at(16), 16, "line_info")?,
            core_relo: parse_block(block(24)?, at(24), 16, "core_relo")?,
        })
    }
}

impl BtfExt {
    /// Replaces the type id of every func_info and CO-RE relocation record
    /// (the second word of each) with `f(old)`, in the parsed records and in
    /// the raw data (in its byte order), as `btf__permute` does.
    pub fn remap_type_ids(&mut self, f: &mut dyn FnMut(u32) -> Result<u32>) -> Result<()> {
        let big = self.big_endian;
        for block in [&mut self.func_info, &mut self.core_relo] {
            for (_, info) in block.iter_mut() {
                let rs = info.rec_size as usize;
                for i in 0..info.len() {
                    let p = i * rs + 4;
                    let old = u32::from_ne_bytes(info.data[p..p + 4].try_into().unwrap());
                    let new = f(old)?;
                    info.data[p..p + 4].copy_from_slice(&new.to_ne_bytes());
                    let q = info.raw_off + p;
                    if let Some(w) = self.raw.get_mut(q..q + 4) {
                        w.copy_from_slice(&if big {
                            new.to_be_bytes()
                        } else {
                            new.to_le_bytes()
                        });
                    }
                }
            }
        }
        Ok(())
    }
}
