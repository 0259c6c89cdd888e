//! Reading a file into storage the caller provides, which may be
//! uninitialised: a small object file is read into a stack buffer without
//! first zeroing it (zeroing 16 KiB costs more than parsing a minimal object).
//! Also the whole-file reads and writes of the static linker.

use crate::error::Errno;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

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

/// Opens `path` read-only (close-on-exec).
pub fn open_read(path: &std::ffi::CStr) -> Result<OwnedFd, Errno> {
    // SAFETY: `path` is NUL-terminated; open(2) does not keep the pointer.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(Errno::last());
    }
    super::fd::own(fd)
}

/// Creates or truncates `path` for writing, mode 0644 (close-on-exec).
pub fn create_trunc(path: &std::ffi::CStr) -> Result<OwnedFd, Errno> {
    let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_CLOEXEC;
    // SAFETY: `path` is NUL-terminated; open(2) does not keep the pointer.
    let fd = unsafe { libc::open(path.as_ptr(), flags, 0o644 as libc::c_uint) };
    if fd < 0 {
        return Err(Errno::last());
    }
    super::fd::own(fd)
}

/// The whole contents of the file at `fd`, read with pread(2) from offset 0
/// whatever the fd's position (as libelf reads an object it is given).
pub fn read_all_at(fd: BorrowedFd<'_>) -> Result<Vec<u8>, Errno> {
    let mut out: Vec<u8> = Vec::new();
    let mut chunk = 64 * 1024;
    loop {
        if out.try_reserve(chunk).is_err() {
            return Err(Errno::ENOMEM);
        }
        let spare = out.spare_capacity_mut();
        // SAFETY: the kernel writes at most `spare.len()` bytes into `spare`.
        let r = unsafe {
            libc::pread(
                fd.as_raw_fd(),
                spare.as_mut_ptr().cast(),
                spare.len(),
                out.len() as libc::off_t,
            )
        };
        match r {
            0 => return Ok(out),
            r if r > 0 => {
                // SAFETY: pread(2) initialised `r` more bytes.
                unsafe { out.set_len(out.len() + r as usize) };
                chunk = chunk.saturating_mul(2).min(16 << 20);
            }
            _ => {
                let e = Errno::last();
                if e != Errno::EINTR {
                    return Err(e);
                }
            }
        }
    }
}

/// Makes the file at `fd` exactly `data`: truncated (or extended) to its
/// length, then written from offset 0 with pwrite(2).
pub fn write_all_at(fd: BorrowedFd<'_>, data: &[u8]) -> Result<(), Errno> {
    // SAFETY: ftruncate(2) on a caller-provided fd; no memory is passed.
    if unsafe { libc::ftruncate(fd.as_raw_fd(), data.len() as libc::off_t) } != 0 {
        return Err(Errno::last());
    }
    let mut done = 0;
    while done < data.len() {
        let rest = &data[done..];
        // SAFETY: the kernel reads at most `rest.len()` bytes from `rest`.
        let r = unsafe {
            libc::pwrite(
                fd.as_raw_fd(),
                rest.as_ptr().cast(),
                rest.len(),
                done as libc::off_t,
            )
        };
        if r < 0 {
            let e = Errno::last();
            if e != Errno::EINTR {
                return Err(e);
            }
            continue;
        }
        done += r as usize;
    }
    Ok(())
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
