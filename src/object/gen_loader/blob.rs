//! The loader's data blob: every byte the loader program reads or writes
//! (bpf_attr records, strings, instructions, initial map values, the fd
//! array). It becomes the value of a one-entry array map, so the loader
//! addresses it by offset; each piece starts 8-byte aligned.

use crate::error::{Error, Result};

#[derive(Debug, Default)]
pub struct Blob {
    bytes: Vec<u8>,
}

impl Blob {
    /// Appends `data` (zero-padded to 8 bytes); returns its offset.
    pub fn add(&mut self, data: &[u8]) -> Result<u32> {
        let off = self.bytes.len();
        let end = off + data.len().next_multiple_of(8);
        // Offsets travel in 32-bit immediates; the kernel caps map values lower still.
        if end > i32::MAX as usize {
            return Err(Error::other(
                crate::error::Errno::E2BIG,
                "gen_loader: data blob exceeds 2 GiB".to_string(),
            ));
        }
        // Global data may be large (a huge kconfig extern): fail, not abort.
        crate::mem::try_reserve(&mut self.bytes, end - off, "gen_loader: data blob")?;
        self.bytes.extend_from_slice(data);
        self.bytes.resize(end, 0);
        Ok(off as u32)
    }

    /// Appends `len` zero bytes; returns their offset.
    pub fn add_zeroed(&mut self, len: usize) -> Result<u32> {
        self.add(&crate::mem::try_filled(0u8, len, "gen_loader: data blob")?)
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// A `bpf_attr` prefix being filled in: fields written at their offsets
/// (host byte order), the rest zero.
pub struct Attr(pub Vec<u8>);

impl Attr {
    pub fn new(size: usize) -> Attr {
        Attr(vec![0; size])
    }
    pub fn u32(&mut self, off: usize, v: u32) -> &mut Attr {
        self.0[off..off + 4].copy_from_slice(&v.to_ne_bytes());
        self
    }
    pub fn u64(&mut self, off: usize, v: u64) -> &mut Attr {
        self.0[off..off + 8].copy_from_slice(&v.to_ne_bytes());
        self
    }
    pub fn bytes(&mut self, off: usize, v: &[u8]) -> &mut Attr {
        self.0[off..off + v.len()].copy_from_slice(v);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_aligned_and_padded() {
        let mut b = Blob::default();
        assert_eq!(b.add(b"GPL\0").unwrap(), 0);
        assert_eq!(b.add(&[1; 9]).unwrap(), 8);
        assert_eq!(b.add(&[]).unwrap(), 24);
        assert_eq!(b.add_zeroed(4).unwrap(), 24);
        let bytes = b.into_bytes();
        assert_eq!(bytes.len(), 32);
        assert_eq!(&bytes[..8], b"GPL\0\0\0\0\0");
        assert_eq!(&bytes[16..24], &[1, 0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn attr_fields_land_at_offsets() {
        let mut a = Attr::new(16);
        a.u32(4, 7).u64(8, 1);
        assert_eq!(a.0[4], 7);
        assert_eq!(a.0[8], 1);
    }
}
