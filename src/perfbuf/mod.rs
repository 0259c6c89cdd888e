//! Perf event rings (`BPF_MAP_TYPE_PERF_EVENT_ARRAY` outputs): the record
//! walk, written against [`PerfView`] so it runs on a `Vec` in unit tests and
//! on the mmap'ed per-CPU rings (`sys::perf_ring::PerfRing`) in production.
//! [`buffer`] is the manager behind `struct perf_buffer`.
//!
//! The data area is mapped once, so unlike the BPF ring buffer a record may
//! wrap around its end: such a record is copied into a scratch buffer (kept
//! and reused, grown only when a larger wrapped record shows up) and the
//! callback sees the copy.

pub mod buffer;

/// `PERF_RECORD_LOST` and `PERF_RECORD_SAMPLE`.
pub const RECORD_LOST: u32 = 2;
pub const RECORD_SAMPLE: u32 = 9;
/// Size of `struct perf_event_header`.
pub const HEADER_SZ: usize = 8;
/// Offsets in a `PERF_SAMPLE_RAW` sample record: `__u32 size; char data[]`.
pub const SAMPLE_SIZE_OFF: usize = 8;
pub const SAMPLE_DATA_OFF: usize = 12;
/// Offset of the `lost` count in a `PERF_RECORD_LOST` record.
pub const LOST_COUNT_OFF: usize = 16;

/// `enum bpf_perf_event_ret`: go on, stop, or failure.
pub const EVENT_DONE: i32 = 0;
pub const EVENT_ERROR: i32 = -1;
pub const EVENT_CONT: i32 = -2;

/// One perf ring: its data area and the head/tail positions.
pub trait PerfView {
    /// Data area size (a power of two).
    fn data_size(&self) -> usize;
    /// Start of the data area (never dereferenced here; handed to callbacks).
    fn data(&self) -> *mut u8;
    /// Where the kernel has written up to (acquire).
    fn data_head(&self) -> u64;
    /// Where we have read up to.
    fn data_tail(&self) -> u64;
    /// Gives space back to the kernel (release: our reads happen before).
    fn set_data_tail(&self, tail: u64);
    /// The 8 bytes at 8-aligned data offset `off`.
    fn read_u64(&self, off: usize) -> u64;
    /// `perf_event_header.type` and `.size` of the record at 8-aligned data
    /// offset `off`. The size is what the next record's position depends on,
    /// so a view over real memory loads it on its own (a 16-bit load feeding
    /// the walk's add) rather than shifting it out of the whole header.
    #[inline(always)]
    fn header(&self, off: usize) -> (u32, usize) {
        split_header(self.read_u64(off))
    }
    /// Copies `out.len()` bytes at data offset `off` (within the data area).
    fn copy_out(&self, off: usize, out: &mut [u8]);
    /// Hints that the line at data offset `off` (within the data area) will
    /// be read soon. Never faults.
    #[inline(always)]
    fn prefetch(&self, _off: usize) {}
}

/// A record as the walk hands it over: its header fields and where its
/// bytes are (in the ring, or in the scratch copy for a wrapped record).
/// Only [`walk`] makes one, so `ptr` is always readable for `size` bytes
/// while the callback runs; the sample/lost fields are decoded on demand by
/// [`Record::event`], so a raw handler pays nothing for them.
#[derive(Debug, Clone, Copy)]
pub struct Record {
    kind: u32,
    size: usize,
    ptr: *mut u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A `PERF_SAMPLE_RAW` sample: the payload and its size (clamped to the record).
    Sample {
        data: *mut u8,
        size: u32,
    },
    /// The kernel dropped this many samples (ring full).
    Lost(u64),
    Other,
}

impl Record {
    /// `perf_event_header.type`.
    #[inline(always)]
    pub fn kind(&self) -> u32 {
        self.kind
    }

    /// `perf_event_header.size`: the whole record, header included.
    #[inline(always)]
    pub fn size(&self) -> usize {
        self.size
    }

    /// The record's first byte (its `perf_event_header`).
    #[inline(always)]
    pub fn ptr(&self) -> *mut u8 {
        self.ptr
    }

    /// What a sample or lost record says; [`Event::Other`] for other kinds
    /// and for records too short to hold their fields.
    #[inline(always)]
    #[allow(unsafe_code)]
    pub fn event(&self) -> Event {
        match self.kind {
            RECORD_SAMPLE if self.size >= SAMPLE_DATA_OFF => {
                // SAFETY: `ptr` is readable for `size` bytes (see the type's doc).
                let (data, size) = unsafe { sample_payload(self.ptr, self.size) };
                Event::Sample { data, size }
            }
            RECORD_LOST if self.size >= LOST_COUNT_OFF + 8 => {
                // SAFETY: as above; the count lies inside the record.
                Event::Lost(unsafe {
                    std::ptr::read_unaligned(self.ptr.add(LOST_COUNT_OFF) as *const u64)
                })
            }
            _ => Event::Other,
        }
    }
}

/// The payload of the sample record at `rec` of `size` bytes, its size
/// clamped to the record.
///
/// # Safety
/// `rec` is readable for `size` bytes and `size >= SAMPLE_DATA_OFF`.
#[inline(always)]
#[allow(unsafe_code)]
unsafe fn sample_payload(rec: *mut u8, size: usize) -> (*mut u8, u32) {
    // SAFETY: the size word lies inside the record (caller); unaligned in a scratch copy.
    let raw = unsafe { std::ptr::read_unaligned(rec.add(SAMPLE_SIZE_OFF) as *const u32) };
    (
        rec.wrapping_add(SAMPLE_DATA_OFF),
        raw.min((size - SAMPLE_DATA_OFF) as u32),
    )
}

fn split_header(word: u64) -> (u32, usize) {
    let b = word.to_ne_bytes();
    let kind = u32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
    let size = u16::from_ne_bytes([b[6], b[7]]) as usize;
    (kind, size)
}

/// Copies the record of `size` bytes at data offset `off`, which runs past
/// the end of the data area, into `scratch` (grown if needed); its address.
/// Out of line: it is rare, and keeping it out of the loop keeps the common
/// path short.
#[cold]
#[inline(never)]
fn reassemble<V: PerfView>(v: &V, scratch: &mut Vec<u8>, off: usize, size: usize) -> *mut u8 {
    if scratch.len() < size {
        scratch.resize(size, 0);
    }
    let first = v.data_size() - off;
    v.copy_out(off, &mut scratch[..first]);
    v.copy_out(0, &mut scratch[first..size]);
    scratch.as_mut_ptr()
}

/// How far ahead of the record being handed out [`walk_samples`] prefetches,
/// and from what backlog on (see `ringbuf::PREFETCH_AHEAD`: each record's
/// position comes from the previous header, so without it the misses come
/// one after another).
pub const PREFETCH_AHEAD: usize = crate::ringbuf::PREFETCH_AHEAD;
const PREFETCH_BACKLOG: u64 = crate::ringbuf::PREFETCH_BACKLOG as u64;

/// Smallest sample record [`walk_samples`] hands to its sample function
/// directly: header, size word and padding.
const FAST_MIN: usize = 16;

/// Walks the records between tail and head, calling `f` for each; a return
/// other than [`EVENT_CONT`] stops the walk (that record counts as read) and
/// is returned; [`EVENT_CONT`] means the ring was drained. As libbpf, the
/// head is loaded (acquire) once and the tail published (release) once at
/// the end, after the last callback returned, so no record is overwritten
/// while a callback reads it. A header with an impossible size stops the
/// walk with [`EVENT_ERROR`] instead of looping on it.
#[inline(always)]
pub fn walk<V: PerfView, F: FnMut(Record) -> i32>(v: &V, scratch: &mut Vec<u8>, f: F) -> i32 {
    walk_samples(v, scratch, None::<fn(*mut u8, u32)>, f)
}

/// [`walk`] with a fast path for the common record: an in-ring
/// `PERF_RECORD_SAMPLE` goes straight to `sample(payload, size)` (size
/// clamped to the record), which cannot stop the walk; every other record
/// (lost, other kinds, wrapped, short) goes to `f` as in [`walk`]. So the
/// per-sample path tests only the kind, the size and the wrap, and has no
/// status to check after the call.
#[inline(always)]
#[allow(unsafe_code)]
pub fn walk_samples<V, S, F>(v: &V, scratch: &mut Vec<u8>, mut sample: Option<S>, mut f: F) -> i32
where
    V: PerfView,
    S: FnMut(*mut u8, u32),
    F: FnMut(Record) -> i32,
{
    let size = v.data_size();
    let mask = size - 1;
    let data = v.data();
    let head = v.data_head();
    let mut tail = v.data_tail();
    // Every exit publishes the tail: a status kept live across the loop
    // would cost a register the per-record path needs.
    let ret = loop {
        if tail == head {
            break EVENT_CONT;
        }
        // Records are 8-aligned, so the header itself never wraps.
        let off = (tail as usize) & mask;
        let (kind, rec_size) = v.header(off);
        if let Some(s) = sample.as_mut() {
            if kind == RECORD_SAMPLE && rec_size >= FAST_MIN && off + rec_size <= size {
                tail += rec_size as u64;
                if tail + PREFETCH_BACKLOG < head {
                    v.prefetch((off + PREFETCH_AHEAD) & mask);
                }
                // SAFETY: the record lies inside the data area, which is
                // readable until the tail is published.
                let (payload, len) = unsafe { sample_payload(data.wrapping_add(off), rec_size) };
                s(payload, len);
                continue;
            }
        }
        // With a sample fast path, the rest is rare: out of line, so its
        // own call of `f` does not share (and spill) the fast path's registers.
        let r = if sample.is_some() {
            other_record_cold(v, scratch, off, kind, rec_size, &mut f)
        } else {
            other_record(v, scratch, off, kind, rec_size, &mut f)
        };
        let Some(r) = r else {
            break EVENT_ERROR;
        };
        tail += rec_size as u64;
        if r != EVENT_CONT {
            break r;
        }
    };
    v.set_data_tail(tail);
    ret
}

/// Hands the record at data offset `off` to `f` (reassembled if it wraps);
/// its status, or None for an impossible size.
#[inline(always)]
fn other_record<V: PerfView, F: FnMut(Record) -> i32>(
    v: &V,
    scratch: &mut Vec<u8>,
    off: usize,
    kind: u32,
    size: usize,
    f: &mut F,
) -> Option<i32> {
    if size < HEADER_SZ || size > v.data_size() {
        return None;
    }
    let ptr = if off + size <= v.data_size() {
        v.data().wrapping_add(off)
    } else {
        reassemble(v, scratch, off, size)
    };
    Some(f(Record { kind, size, ptr }))
}

#[cold]
#[inline(never)]
fn other_record_cold<V: PerfView, F: FnMut(Record) -> i32>(
    v: &V,
    scratch: &mut Vec<u8>,
    off: usize,
    kind: u32,
    size: usize,
    f: &mut F,
) -> Option<i32> {
    other_record(v, scratch, off, kind, size, f)
}

#[cfg(test)]
mod tests;
