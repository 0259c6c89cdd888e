//! Reading a file into storage the caller provides, which may be
//! uninitialised: a small object file is read into a stack buffer without
//! first zeroing it (zeroing 16 KiB costs more than parsing a minimal object).

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, BorrowedFd};

/// Reads from `fd` until `buf` is full or the file ends; returns the bytes read.
pub fn read_into<'a>(fd: BorrowedFd<'_>, buf: &'a mut [MaybeUninit<u8>]) -> io::Result<&'a [u8]> {
    let mut n = 0;
    while n < buf.len() {
        let rest = &mut buf[n..];
        // SAFETY: the kernel writes at most `rest.len()` bytes into `rest`.
        let r = unsafe { libc::read(fd.as_raw_fd(), rest.as_mut_ptr().cast(), rest.len()) };
        match r {
            0 => break,
            r if r > 0 => n += r as usize,
            _ => {
                let e = io::Error::last_os_error();
                if e.kind() != io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
    }
    // SAFETY: the first `n` bytes were written by read(2).
    Ok(unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), n) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsFd;

    #[test]
    fn reads_whole_small_file_and_stops_when_full() {
        let path = std::env::temp_dir().join(format!("oxbpf-read-into-{}", std::process::id()));
        std::fs::write(&path, b"0123456789").unwrap();
        let f = std::fs::File::open(&path).unwrap();
        let mut buf = [const { MaybeUninit::uninit() }; 64];
        assert_eq!(read_into(f.as_fd(), &mut buf).unwrap(), b"0123456789");
        let f = std::fs::File::open(&path).unwrap();
        let mut buf = [const { MaybeUninit::uninit() }; 4];
        assert_eq!(read_into(f.as_fd(), &mut buf).unwrap(), b"0123");
        std::fs::remove_file(&path).unwrap();
    }
}
