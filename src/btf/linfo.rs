//! A loaded program's line info (`struct bpf_prog_linfo`): the kernel's
//! `bpf_line_info` records (xlated instruction offsets) and, when the program
//! was jited, the matching jited addresses split per jited function, so a
//! disassembler can map an instruction or an address back to a source line.
//! Pure: the arrays `bpf_prog_info` pointed at come in as bytes.

use crate::error::{Error, Result};

/// Bytes kept in u64 words so records handed to C are aligned as the
/// kernel's were.
struct Records {
    words: Vec<u64>,
    rec_size: usize,
    nr: usize,
}

impl Records {
    fn new(raw: &[u8], rec_size: usize, nr: usize) -> Result<Records> {
        let mut words = crate::mem::try_with_capacity(raw.len().div_ceil(8), "prog_linfo")?;
        words.extend(raw.chunks(8).map(|c| {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            u64::from_ne_bytes(b)
        }));
        Ok(Records {
            words,
            rec_size,
            nr,
        })
    }

    fn bytes(&self) -> &[u8] {
        #[allow(unsafe_code)]
        // SAFETY: u64 storage is always valid as bytes; the length scales by 8.
        unsafe {
            std::slice::from_raw_parts(self.words.as_ptr().cast::<u8>(), self.words.len() * 8)
        }
    }

    /// The first 4 bytes of record `i` (insn_off) or 8 (a jited address).
    fn u32_at(&self, i: usize) -> u32 {
        let o = i * self.rec_size;
        u32::from_ne_bytes(self.bytes()[o..o + 4].try_into().unwrap())
    }
    fn u64_at(&self, i: usize) -> u64 {
        let o = i * self.rec_size;
        u64::from_ne_bytes(self.bytes()[o..o + 8].try_into().unwrap())
    }
}

/// Jited addresses of the records, and where each jited function's run of
/// records starts and how long it is.
struct Jited {
    addrs: Records,
    func_start: Vec<u32>,
    func_len: Vec<u32>,
}

pub struct ProgLineInfo {
    linfo: Records,
    jited: Option<Jited>,
}

impl ProgLineInfo {
    /// `raw` holds `nr` records of `rec_size` bytes (`rec_size` at least 4:
    /// only `insn_off` is searched).
    pub fn new(raw: &[u8], rec_size: u32, nr: u32) -> Result<ProgLineInfo> {
        let (rs, n) = (rec_size as usize, nr as usize);
        if n == 0 {
            return Err(Error::inval("prog_linfo: no line info"));
        }
        if rs < 4 {
            return Err(Error::inval(format!(
                "prog_linfo: line info record size {rec_size} too small"
            )));
        }
        if (raw.len() as u64) < rs as u64 * n as u64 {
            return Err(Error::inval("prog_linfo: line info shorter than its count"));
        }
        Ok(ProgLineInfo {
            linfo: Records::new(&raw[..rs * n], rs, n)?,
            jited: None,
        })
    }

    /// Adds jited addresses (one per line record, `rec_size` ≥ 8) and the
    /// jited functions' start addresses and lengths. The records must start
    /// each function exactly at its start address and grow within it.
    pub fn with_jited(
        mut self,
        raw: &[u8],
        rec_size: u32,
        ksyms: &[u64],
        func_lens: &[u32],
    ) -> Result<ProgLineInfo> {
        let (rs, n) = (rec_size as usize, self.linfo.nr);
        let bad = |m: &str| Error::inval(format!("prog_linfo: jited line info {m}"));
        if rs < 8
            || (raw.len() as u64) < rs as u64 * n as u64
            || ksyms.is_empty()
            || ksyms.len() != func_lens.len()
        {
            return Err(bad("has a bad shape"));
        }
        let addrs = Records::new(&raw[..rs * n], rs, n)?;
        // One entry per function: bounded by the caller's own arrays.
        let nf = ksyms.len();
        let mut func_start = vec![0u32; nf];
        let mut func_len = vec![0u32; nf];
        if addrs.u64_at(0) != ksyms[0] {
            return Err(bad("doesn't start at the first function"));
        }
        let (mut prev, mut f) = (0usize, 1usize);
        let mut i = 1;
        while i < n && f < nf {
            let (last, cur) = (addrs.u64_at(i - 1), addrs.u64_at(i));
            if cur == ksyms[f] {
                // The previous function's last record must lie inside it.
                if last.wrapping_sub(ksyms[f - 1]).wrapping_add(1) > func_lens[f - 1] as u64 {
                    return Err(bad("runs past a function's end"));
                }
                func_start[f] = i as u32;
                func_len[f - 1] = (i - prev) as u32;
                prev = i;
                f += 1;
            } else if cur <= last {
                return Err(bad("isn't increasing within a function"));
            }
            i += 1;
        }
        if f != nf {
            return Err(bad("misses a function's start"));
        }
        func_len[nf - 1] = (n - prev) as u32;
        self.jited = Some(Jited {
            addrs,
            func_start,
            func_len,
        });
        Ok(self)
    }

    pub fn record_count(&self) -> usize {
        self.linfo.nr
    }

    /// Record `i` as bytes (`rec_size` long, 4-byte aligned when `rec_size` is
    /// a multiple of 4).
    pub fn record(&self, i: usize) -> &[u8] {
        let rs = self.linfo.rec_size;
        &self.linfo.bytes()[i * rs..(i + 1) * rs]
    }

    /// Index of the last record at or before `insn_off`, searching from
    /// record `nr_skip` on (records are sorted by insn_off).
    pub fn lfind(&self, insn_off: u32, nr_skip: u32) -> Option<usize> {
        let skip = nr_skip as usize;
        if skip >= self.linfo.nr || insn_off < self.linfo.u32_at(skip) {
            return None;
        }
        let mut i = skip;
        while i + 1 < self.linfo.nr && self.linfo.u32_at(i + 1) <= insn_off {
            i += 1;
        }
        Some(i)
    }

    /// Index of the last record of jited function `func_idx` at or before
    /// `addr`, skipping that function's first `nr_skip` records.
    pub fn lfind_addr_func(&self, addr: u64, func_idx: u32, nr_skip: u32) -> Option<usize> {
        let j = self.jited.as_ref()?;
        let f = func_idx as usize;
        let count = *j.func_len.get(f)? as usize;
        let skip = nr_skip as usize;
        if skip >= count {
            return None;
        }
        let start = j.func_start[f] as usize + skip;
        if addr < j.addrs.u64_at(start) {
            return None;
        }
        let end = start + (count - skip);
        let mut i = start;
        while i + 1 < end && j.addrs.u64_at(i + 1) <= addr {
            i += 1;
        }
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bpf_line_info` records (insn_off, file, line, col) as bytes.
    fn recs(offs: &[u32]) -> Vec<u8> {
        offs.iter()
            .flat_map(|&o| [o, 1, 2, o * 10].into_iter().flat_map(u32::to_ne_bytes))
            .collect()
    }
    fn addrs(a: &[u64]) -> Vec<u8> {
        a.iter().flat_map(|v| v.to_ne_bytes()).collect()
    }

    #[test]
    fn lfind_by_insn() {
        let l = ProgLineInfo::new(&recs(&[0, 3, 7, 10]), 16, 4).unwrap();
        assert_eq!(l.lfind(0, 0), Some(0));
        assert_eq!(l.lfind(2, 0), Some(0));
        assert_eq!(l.lfind(3, 0), Some(1));
        assert_eq!(l.lfind(9, 0), Some(2));
        assert_eq!(l.lfind(100, 0), Some(3));
        assert_eq!(l.lfind(9, 1), Some(2));
        assert_eq!(l.lfind(2, 1), None);
        assert_eq!(l.lfind(0, 4), None);
        assert_eq!(&l.record(2)[..4], &7u32.to_ne_bytes());
    }

    #[test]
    fn jited_functions() {
        // Two functions: records 0..3 in the first (at 0x1000, 0x40 long),
        // 3..5 in the second (at 0x2000).
        let l = ProgLineInfo::new(&recs(&[0, 2, 4, 6, 8]), 16, 5)
            .unwrap()
            .with_jited(
                &addrs(&[0x1000, 0x1010, 0x1020, 0x2000, 0x2008]),
                8,
                &[0x1000, 0x2000],
                &[0x40, 0x20],
            )
            .unwrap();
        assert_eq!(l.lfind_addr_func(0x1015, 0, 0), Some(1));
        assert_eq!(l.lfind_addr_func(0x1fff, 0, 0), Some(2));
        assert_eq!(l.lfind_addr_func(0x0fff, 0, 0), None);
        assert_eq!(l.lfind_addr_func(0x2009, 1, 0), Some(4));
        assert_eq!(l.lfind_addr_func(0x2000, 1, 1), None);
        assert_eq!(l.lfind_addr_func(0x2000, 2, 0), None);
    }

    #[test]
    fn bad_jited_shapes() {
        let base = || ProgLineInfo::new(&recs(&[0, 2, 4]), 16, 3).unwrap();
        // First record isn't the first function's start.
        assert!(base()
            .with_jited(
                &addrs(&[0x1008, 0x1010, 0x2000]),
                8,
                &[0x1000, 0x2000],
                &[0x40, 0x20]
            )
            .is_err());
        // Decreasing address within a function.
        assert!(base()
            .with_jited(
                &addrs(&[0x1000, 0x0fff, 0x2000]),
                8,
                &[0x1000, 0x2000],
                &[0x40, 0x20]
            )
            .is_err());
        // Second function never starts.
        assert!(base()
            .with_jited(
                &addrs(&[0x1000, 0x1010, 0x1020]),
                8,
                &[0x1000, 0x2000],
                &[0x40, 0x20]
            )
            .is_err());
        // Past the first function's length.
        assert!(base()
            .with_jited(
                &addrs(&[0x1000, 0x1050, 0x2000]),
                8,
                &[0x1000, 0x2000],
                &[0x40, 0x20]
            )
            .is_err());
        assert!(ProgLineInfo::new(&[], 16, 0).is_err());
        assert!(ProgLineInfo::new(&recs(&[0]), 2, 1).is_err());
    }
}
