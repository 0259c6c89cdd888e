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
    /// Copies `out.len()` bytes at data offset `off` (within the data area).
    fn copy_out(&self, off: usize, out: &mut [u8]);
}

/// A record as the walk hands it over: its header fields, where its bytes
/// are (in the ring, or in the scratch copy for a wrapped record), and what
/// it says if it is one of the two kinds BPF output produces.
#[derive(Debug, Clone, Copy)]
pub struct Record {
    pub kind: u32,
    pub size: usize,
    /// The record's first byte (its `perf_event_header`).
    pub ptr: *mut u8,
    pub event: Event,
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

fn ne_u32(b: &[u8]) -> u32 {
    u32::from_ne_bytes([b[0], b[1], b[2], b[3]])
}

fn ne_u64(b: &[u8]) -> u64 {
    u64::from_ne_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// Decodes the fields of a sample or lost record from its first bytes.
#[inline(always)]
fn decode(kind: u32, rec_size: usize, ptr: *mut u8, field: impl Fn(usize) -> u64) -> Event {
    match kind {
        RECORD_SAMPLE if rec_size >= SAMPLE_DATA_OFF + 4 => {
            let raw = field(SAMPLE_SIZE_OFF) as u32;
            let room = (rec_size - SAMPLE_DATA_OFF) as u32;
            Event::Sample {
                data: ptr.wrapping_add(SAMPLE_DATA_OFF),
                size: raw.min(room),
            }
        }
        RECORD_LOST if rec_size >= LOST_COUNT_OFF + 8 => Event::Lost(field(LOST_COUNT_OFF)),
        _ => Event::Other,
    }
}

fn split_header(word: u64) -> (u32, usize) {
    let b = word.to_ne_bytes();
    let kind = u32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
    let size = u16::from_ne_bytes([b[6], b[7]]) as usize;
    (kind, size)
}

/// Walks the records between tail and head, calling `f` for each; a return
/// other than [`EVENT_CONT`] stops the walk (that record counts as read) and
/// is returned; [`EVENT_CONT`] means the ring was drained. The tail is
/// published once at the end. A header with an impossible size stops the walk
/// with [`EVENT_ERROR`] instead of looping on it.
#[inline(always)]
pub fn walk<V: PerfView, F: FnMut(&Record) -> i32>(v: &V, scratch: &mut Vec<u8>, mut f: F) -> i32 {
    let size = v.data_size();
    let mask = size - 1;
    let base = v.data();
    let head = v.data_head();
    let mut tail = v.data_tail();
    let mut ret = EVENT_CONT;
    while tail != head {
        let off = (tail & mask as u64) as usize;
        let (kind, rec_size) = split_header(v.read_u64(off));
        if rec_size < HEADER_SZ || rec_size > size {
            ret = EVENT_ERROR;
            break;
        }
        let rec = if off + rec_size > size {
            if scratch.len() < rec_size {
                scratch.resize(rec_size, 0);
            }
            let first = size - off;
            v.copy_out(off, &mut scratch[..first]);
            v.copy_out(0, &mut scratch[first..rec_size]);
            let ptr = scratch.as_mut_ptr();
            let bytes = &scratch[..rec_size];
            let event = decode(kind, rec_size, ptr, |at| {
                if at == SAMPLE_SIZE_OFF {
                    ne_u32(&bytes[at..]) as u64
                } else {
                    ne_u64(&bytes[at..])
                }
            });
            Record {
                kind,
                size: rec_size,
                ptr,
                event,
            }
        } else {
            let ptr = base.wrapping_add(off);
            // The size word shares an aligned u64 with the payload's first bytes.
            let event = decode(kind, rec_size, ptr, |at| {
                let w = v.read_u64(off + (at & !7));
                if at == SAMPLE_SIZE_OFF {
                    ne_u32(&w.to_ne_bytes()) as u64
                } else {
                    w
                }
            });
            Record {
                kind,
                size: rec_size,
                ptr,
                event,
            }
        };
        ret = f(&rec);
        tail += rec_size as u64;
        if ret != EVENT_CONT {
            break;
        }
    }
    v.set_data_tail(tail);
    ret
}

#[cfg(test)]
mod tests;
