//! The memory of a BPF ring buffer map: the consumer page, the producer page
//! and the data pages mapped twice in a row (so a record that wraps around the
//! end reads as one contiguous run), with the atomic accesses the record
//! walker in [`crate::ringbuf`] needs.

use super::mmap::{page_size, Region};
use crate::error::Errno;
use crate::ringbuf::RingView;
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

/// `type` and `max_entries` of a map, from `BPF_OBJ_GET_INFO_BY_FD`.
pub fn map_type_and_size(fd: RawFd) -> Result<(u32, u32), Errno> {
    if fd < 0 {
        return Err(Errno::EBADF);
    }
    // struct bpf_map_info: type, id, key_size, value_size, max_entries, …
    let mut info = [0u8; 88];
    let bfd = super::fd::borrow_caller(fd).ok_or(Errno::EBADF)?;
    super::bpf::obj_get_info_by_fd(bfd, &mut info)?;
    let word = |i: usize| u32::from_ne_bytes(info[i * 4..i * 4 + 4].try_into().unwrap());
    Ok((word(0), word(4)))
}

/// Which side of the ring this process plays: it decides which pages are writable.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    /// `BPF_MAP_TYPE_RINGBUF`: we advance the consumer position; data is read-only.
    Consumer,
    /// `BPF_MAP_TYPE_USER_RINGBUF`: we write records and the producer position.
    Producer,
}

/// The mapped pages of one ring buffer map.
#[derive(Debug)]
pub struct RingMem {
    consumer: Region,
    /// Producer page followed by the data pages, mapped twice.
    producer: Region,
    /// Start of the data area, cached: it is read for every record.
    data: *mut u8,
    mask: usize,
}

// SAFETY: plain shared memory; all shared accesses go through atomics.
unsafe impl Send for RingMem {}

impl RingMem {
    /// Maps ring buffer map `fd` whose data area is `size` bytes (a power of
    /// two, page aligned: the kernel enforces both at map creation).
    pub fn map(fd: RawFd, size: u32, side: Side) -> Result<RingMem, Errno> {
        let page = page_size();
        let size = size as usize;
        if size == 0 || !size.is_power_of_two() {
            return Err(Errno::EINVAL);
        }
        let len = size
            .checked_mul(2)
            .and_then(|l| l.checked_add(page))
            .ok_or(Errno::E2BIG)?;
        let consumer = Region::map_fd(fd, page, 0, side == Side::Consumer)?;
        let producer = Region::map_fd(fd, len, page, side == Side::Producer)?;
        let data = producer.as_ptr().wrapping_add(page);
        Ok(RingMem {
            consumer,
            producer,
            data,
            mask: size - 1,
        })
    }

    /// Start of the data area (the first of its two mappings).
    #[inline(always)]
    pub fn data(&self) -> *mut u8 {
        self.data
    }

    #[inline(always)]
    fn pos(&self, r: &Region) -> &AtomicUsize {
        // SAFETY: each position is the first, page-aligned `unsigned long` of
        // its page, which stays mapped as long as `self`; the kernel and we
        // only access it atomically.
        unsafe { &*(r.as_ptr() as *const AtomicUsize) }
    }

    /// The addresses a consume pass needs, as a plain value: kept in
    /// registers across the caller's callbacks instead of being reloaded
    /// through `self` after every opaque call.
    #[inline(always)]
    pub fn view(&self) -> RingPtrs<'_> {
        RingPtrs {
            consumer: self.pos(&self.consumer),
            producer: self.pos(&self.producer),
            data: self.data,
            mask: self.mask,
        }
    }
}

/// A borrowed, copyable view of a [`RingMem`].
#[derive(Clone, Copy)]
pub struct RingPtrs<'a> {
    consumer: &'a AtomicUsize,
    producer: &'a AtomicUsize,
    data: *mut u8,
    mask: usize,
}

impl RingPtrs<'_> {
    #[inline(always)]
    fn hdr(&self, off: usize) -> &AtomicU32 {
        // Header words are 4-aligned (the length at 8-aligned offsets, the pad after it).
        debug_assert!(off % 4 == 0, "header word offset {off:#x} not 4-aligned");
        // SAFETY: `off & mask` is inside the first data mapping, which lives
        // as long as the borrowed RingMem, and 8-aligned (records are 8-byte
        // aligned); headers are accessed atomically by the kernel and us.
        unsafe { &*(self.data.add(off & self.mask) as *const AtomicU32) }
    }

    pub fn data(&self) -> *mut u8 {
        self.data
    }
}

impl RingView for RingMem {
    #[inline(always)]
    fn mask(&self) -> usize {
        self.mask
    }
    #[inline(always)]
    fn consumer_pos(&self) -> usize {
        self.view().consumer_pos()
    }
    #[inline(always)]
    fn producer_pos(&self) -> usize {
        self.view().producer_pos()
    }
    #[inline(always)]
    fn set_consumer_pos(&self, pos: usize) {
        self.view().set_consumer_pos(pos)
    }
    #[inline(always)]
    fn set_producer_pos(&self, pos: usize) {
        self.view().set_producer_pos(pos)
    }
    #[inline(always)]
    fn header(&self, off: usize) -> u32 {
        self.view().header(off)
    }
    #[inline(always)]
    fn write_header(&self, off: usize, len: u32) {
        self.view().write_header(off, len)
    }
    #[inline(always)]
    fn swap_header(&self, off: usize, len: u32) -> u32 {
        self.view().swap_header(off, len)
    }
    #[inline(always)]
    fn prefetch(&self, off: usize) {
        self.view().prefetch(off)
    }
}

impl RingView for RingPtrs<'_> {
    #[inline(always)]
    fn mask(&self) -> usize {
        self.mask
    }
    #[inline(always)]
    fn consumer_pos(&self) -> usize {
        self.consumer.load(Ordering::Acquire)
    }
    #[inline(always)]
    fn producer_pos(&self) -> usize {
        self.producer.load(Ordering::Acquire)
    }
    #[inline(always)]
    fn set_consumer_pos(&self, pos: usize) {
        self.consumer.store(pos, Ordering::Release)
    }
    #[inline(always)]
    fn set_producer_pos(&self, pos: usize) {
        self.producer.store(pos, Ordering::Release)
    }
    #[inline(always)]
    fn header(&self, off: usize) -> u32 {
        self.hdr(off).load(Ordering::Acquire)
    }
    #[inline(always)]
    fn write_header(&self, off: usize, len: u32) {
        self.hdr(off).store(len, Ordering::Relaxed);
        self.hdr(off + 4).store(0, Ordering::Relaxed);
    }
    #[inline(always)]
    fn swap_header(&self, off: usize, len: u32) -> u32 {
        self.hdr(off).swap(len, Ordering::AcqRel)
    }
    #[inline(always)]
    fn prefetch(&self, off: usize) {
        debug_assert!(off < 2 * (self.mask + 1));
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE is part of x86-64's baseline; a prefetch never faults,
        // and `off` is inside the two data mappings anyway.
        #[allow(unsafe_code)]
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                self.data.wrapping_add(off) as *const i8,
            );
        }
    }
}
