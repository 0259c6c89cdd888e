//! The mmap'ed ring of a perf event: `struct perf_event_mmap_page` followed
//! by a power-of-two data area, with the accesses [`crate::perfbuf`] walks it by.

use super::mmap::{page_size, Region};
use crate::error::Errno;
use crate::perfbuf::PerfView;
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicU64, Ordering};

/// Offsets of `data_head` and `data_tail` in `struct perf_event_mmap_page`.
const DATA_HEAD: usize = 1024;
const DATA_TAIL: usize = 1032;

#[derive(Debug)]
pub struct PerfRing {
    region: Region,
    /// Start of the data area, cached: it is read for every record.
    data: *mut u8,
    data_size: usize,
}

// SAFETY: plain shared memory; head and tail are accessed atomically.
unsafe impl Send for PerfRing {}

impl PerfRing {
    /// Maps the header page and `data_size` bytes (a power-of-two number of pages).
    pub fn map(fd: RawFd, data_size: usize) -> Result<PerfRing, Errno> {
        let len = data_size.checked_add(page_size()).ok_or(Errno::E2BIG)?;
        let region = Region::map_fd(fd, len, 0, true)?;
        let data = region.as_ptr().wrapping_add(page_size());
        Ok(PerfRing {
            region,
            data,
            data_size,
        })
    }

    /// The mapping's start (the header page), as `perf_buffer__buffer` hands it out.
    pub fn base(&self) -> *mut u8 {
        self.region.as_ptr()
    }

    #[inline(always)]
    fn word(&self, at: usize) -> &AtomicU64 {
        // SAFETY: `at` is an 8-aligned offset in the header page, mapped for
        // as long as `self`; the kernel and we access it atomically.
        unsafe { &*(self.region.as_ptr().add(at) as *const AtomicU64) }
    }
}

impl PerfRing {
    /// The addresses a read pass needs, as a plain value kept in registers
    /// across the caller's callbacks.
    #[inline(always)]
    pub fn view(&self) -> PerfPtrs<'_> {
        PerfPtrs {
            head: self.word(DATA_HEAD),
            tail: self.word(DATA_TAIL),
            data: self.data,
            data_size: self.data_size,
        }
    }
}

/// A borrowed, copyable view of a [`PerfRing`].
#[derive(Clone, Copy)]
pub struct PerfPtrs<'a> {
    head: &'a AtomicU64,
    tail: &'a AtomicU64,
    data: *mut u8,
    data_size: usize,
}

impl PerfView for PerfPtrs<'_> {
    #[inline(always)]
    fn data_size(&self) -> usize {
        self.data_size
    }
    #[inline(always)]
    fn data(&self) -> *mut u8 {
        self.data
    }
    #[inline(always)]
    fn data_head(&self) -> u64 {
        self.head.load(Ordering::Acquire)
    }
    #[inline(always)]
    fn data_tail(&self) -> u64 {
        self.tail.load(Ordering::Relaxed)
    }
    #[inline(always)]
    fn set_data_tail(&self, tail: u64) {
        self.tail.store(tail, Ordering::Release)
    }
    #[inline(always)]
    fn read_u64(&self, off: usize) -> u64 {
        debug_assert!(off + 8 <= self.data_size && off % 8 == 0);
        // SAFETY: `off` is 8-aligned and inside the data area (records are
        // 8-byte aligned and never start in the last 7 bytes), which lives as
        // long as the borrowed ring; the bytes are stable between reading
        // `data_head` and publishing `data_tail`.
        unsafe { std::ptr::read(self.data.add(off) as *const u64) }
    }
    #[inline(always)]
    fn header(&self, off: usize) -> (u32, usize) {
        debug_assert!(off + 8 <= self.data_size && off % 8 == 0);
        // SAFETY: as for read_u64 (the header is the record's first 8 bytes).
        unsafe {
            let h = self.data.add(off);
            (
                std::ptr::read(h as *const u32),
                std::ptr::read(h.add(6) as *const u16) as usize,
            )
        }
    }
    #[inline(always)]
    fn prefetch(&self, off: usize) {
        debug_assert!(off < self.data_size);
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE is part of x86-64's baseline; a prefetch never faults.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                self.data.wrapping_add(off) as *const i8,
            );
        }
    }
    #[inline(always)]
    fn copy_out(&self, off: usize, out: &mut [u8]) {
        assert!(off + out.len() <= self.data_size);
        // SAFETY: the range is inside the data area (checked above) and stable as for read_u64.
        unsafe { std::ptr::copy_nonoverlapping(self.data.add(off), out.as_mut_ptr(), out.len()) }
    }
}
