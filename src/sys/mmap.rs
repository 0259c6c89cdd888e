//! Memory maps of BPF maps: an anonymous region for a global-data section at
//! open time, later replaced in place (`MAP_FIXED`) by the kernel map, so a
//! skeleton's `skel->bss` pointer stays valid across load.

use crate::error::Errno;
use std::os::fd::{AsRawFd, BorrowedFd, RawFd};

pub fn page_size() -> usize {
    // Asked for every global-data map of every open: remembered.
    static PAGE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let cached = PAGE.load(std::sync::atomic::Ordering::Relaxed);
    if cached != 0 {
        return cached;
    }
    // SAFETY: sysconf has no memory effects.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    let p = if p > 0 { p as usize } else { 4096 };
    PAGE.store(p, std::sync::atomic::Ordering::Relaxed);
    p
}

/// An owned shared mapping, unmapped on drop.
#[derive(Debug)]
pub struct Region {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: the region is plain memory; synchronisation is the user's (as in C).
unsafe impl Send for Region {}
unsafe impl Sync for Region {}

impl Region {
    /// A zeroed anonymous shared region of `len` bytes (rounded up to pages).
    pub fn anon(len: usize) -> Result<Region, Errno> {
        let len = len.max(1).next_multiple_of(page_size());
        // SAFETY: anonymous mapping, no fd, no address hint.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(Errno::last());
        }
        Ok(Region { ptr: p.cast(), len })
    }

    pub fn as_ptr(&self) -> *mut u8 {
        self.ptr
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn bytes(&self) -> &[u8] {
        // SAFETY: we own `len` mapped readable bytes at `ptr`.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }

    pub fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: we own `len` mapped bytes; writable unless remapped read-only,
        // which only happens in `remap_fd` with `writable = false` after which
        // callers must not write (they go through `bytes()` only).
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    /// Replaces the region in place with a mapping of the BPF map `fd`.
    pub fn remap_fd(&mut self, fd: BorrowedFd<'_>, writable: bool) -> Result<(), Errno> {
        let prot = if writable {
            libc::PROT_READ | libc::PROT_WRITE
        } else {
            libc::PROT_READ
        };
        // SAFETY: MAP_FIXED over our own mapping of exactly this range.
        let p = unsafe {
            libc::mmap(
                self.ptr.cast(),
                self.len,
                prot,
                libc::MAP_SHARED | libc::MAP_FIXED,
                fd.as_raw_fd(),
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(Errno::last());
        }
        Ok(())
    }
}

impl Drop for Region {
    fn drop(&mut self) {
        // SAFETY: unmapping our own mapping.
        unsafe { libc::munmap(self.ptr.cast(), self.len) };
    }
}

impl Region {
    /// A shared mapping of `len` bytes of `fd` at `offset` (ring buffer pages,
    /// perf event rings), readable and, if `writable`, writable.
    pub fn map_fd(fd: RawFd, len: usize, offset: usize, writable: bool) -> Result<Region, Errno> {
        let prot = if writable {
            libc::PROT_READ | libc::PROT_WRITE
        } else {
            libc::PROT_READ
        };
        // SAFETY: a fresh mapping with no address hint; the kernel validates fd and range.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                prot,
                libc::MAP_SHARED,
                fd,
                offset as libc::off_t,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(Errno::last());
        }
        Ok(Region { ptr: p.cast(), len })
    }

    /// A shared read-write mapping of `len` bytes of `fd` from offset 0, at
    /// exactly `addr` if it is not 0 (`MAP_FIXED`: a BPF arena whose
    /// programs use that user address).
    pub fn map_fd_at(fd: BorrowedFd<'_>, len: usize, addr: usize) -> Result<Region, Errno> {
        let flags = if addr != 0 {
            libc::MAP_SHARED | libc::MAP_FIXED
        } else {
            libc::MAP_SHARED
        };
        // SAFETY: a new mapping of a BPF map fd; at a fixed address only when
        // the object names one, as libbpf does (the caller's choice of address).
        let p = unsafe {
            libc::mmap(
                addr as *mut libc::c_void,
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                flags,
                fd.as_raw_fd(),
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(Errno::last());
        }
        Ok(Region { ptr: p.cast(), len })
    }
}
