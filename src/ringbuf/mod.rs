//! BPF ring buffers (`BPF_MAP_TYPE_RINGBUF`, `BPF_MAP_TYPE_USER_RINGBUF`).
//!
//! A ring is a power-of-two data area with two free-running positions. Each
//! record starts with an 8-byte header whose first word is the payload length
//! plus two flag bits (busy: reserved, not committed yet; discard: committed
//! but to be skipped); records are 8-byte aligned. This module holds the
//! record logic, written against [`RingView`] so it runs on a `Vec` in unit
//! tests and on the mmap'ed pages (`sys::ringbuf::RingMem`) in production.
//! [`consumer`] and [`user`] are the managers behind `struct ring_buffer` and
//! `struct user_ring_buffer`.

pub mod consumer;
pub mod user;

/// Size of a record header.
pub const HDR_SZ: u32 = 8;
/// Header bit: the record is reserved and not committed yet.
pub const BUSY_BIT: u32 = 1 << 31;
/// Header bit: the record was discarded; skip it.
pub const DISCARD_BIT: u32 = 1 << 30;

/// Access to one ring's positions and record headers, with the memory
/// ordering the protocol needs: positions and headers are loaded with acquire
/// (the payload written before them becomes visible) and stored with release
/// (our reads of a record happen before the producer may reuse its space).
pub trait RingView {
    /// Data size minus one.
    fn mask(&self) -> usize;
    fn consumer_pos(&self) -> usize;
    fn producer_pos(&self) -> usize;
    fn set_consumer_pos(&self, pos: usize);
    fn set_producer_pos(&self, pos: usize);
    /// The header word (length and flags) of the record at data offset `off`.
    fn header(&self, off: usize) -> u32;
    /// Writes a fresh header (length word, zero pad) before the record is published.
    fn write_header(&self, off: usize, len: u32);
    /// Replaces a header word, returning the old one (commit of a user ring record).
    fn swap_header(&self, off: usize, len: u32) -> u32;
    /// Hints that the line at data offset `off` (below `2 * (mask + 1)`:
    /// the data pages are mapped twice) will be read soon. Never faults.
    #[inline(always)]
    fn prefetch(&self, _off: usize) {}
}

/// How far ahead of the record being handed out [`consume`] prefetches.
/// Each record's position comes from the previous header, so without it the
/// walk waits for one line after another; with it, up to this many bytes of
/// misses overlap (a full ring drains 1.5-2x faster).
pub const PREFETCH_AHEAD: usize = 1024;

/// Prefetching is for a backlog: only while at least this much lies between
/// the consumer and the producer position. A consumer close behind a running
/// producer reads lines the producer has just written or is writing; pulling
/// them early slows the producer (measured: lower rate, more wake-ups per
/// record, more consumer CPU per record), and such a short run drains in
/// well under a microsecond anyway.
pub const PREFETCH_BACKLOG: usize = 16 * 1024;

/// Bytes a record with header word `len` occupies: header plus payload, 8-aligned.
#[inline(always)]
pub fn record_size(len: u32) -> usize {
    let payload = (len & !(BUSY_BIT | DISCARD_BIT)) as usize;
    (payload + HDR_SZ as usize + 7) & !7
}

/// Why a consume pass ended early: the callback's negative return value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped(pub i32);

/// Consumes committed records in order, calling `f(payload_offset, len)` for
/// each one not discarded, until the ring is empty, a record is still busy,
/// `max` records were handed out, or `f` returns a negative value (that record
/// counts as consumed and the value is returned). `payload_offset` is the
/// payload's offset in the data area; it may run past the end of the data
/// area into the second mapping, never by more than one record.
///
/// As libbpf, the producer position is loaded once per batch and the
/// consumer position is published (release) after every record, once its
/// callback has returned, so the producer gets the space back at once. No
/// wake-up is lost: the kernel queues one after a commit only if the
/// consumer position it then reads equals the record's, so before a pass
/// concludes that the ring is empty (or stops at a busy record) it issues a
/// full barrier between its last position store and its last look at the
/// producer position or header; either the producer sees our position, or
/// we see its record (the upstream fix that makes edge-triggered epoll safe;
/// one barrier per pass, not per record). The loop keeps only the positions,
/// the mask and a countdown live across the callback (the fewer values
/// survive the opaque call, the fewer spills per record), and tests both
/// flag bits with one comparison: a committed, kept record is the common
/// case, busy and discarded ones branch off it.
#[inline(always)]
pub fn consume<V: RingView, F: FnMut(usize, u32) -> i32>(
    v: &V,
    max: u64,
    mut f: F,
) -> Result<u64, Stopped> {
    use std::sync::atomic::{fence, Ordering::SeqCst};
    if max == 0 {
        return Ok(0);
    }
    let mask = v.mask();
    let mut cons = v.consumer_pos();
    let mut left = max;
    loop {
        let mut prod = v.producer_pos();
        if cons >= prod {
            // Our last store of `cons` (this pass's or an earlier one's)
            // before the final look.
            fence(SeqCst);
            prod = v.producer_pos();
            if cons >= prod {
                break;
            }
        }
        // The first lines of a long batch; the loop prefetches the rest.
        if cons + PREFETCH_BACKLOG <= prod {
            let mut p = cons & !63;
            while p < cons + PREFETCH_AHEAD {
                v.prefetch(p & mask);
                p += 64;
            }
        }
        while cons < prod {
            let off = cons & mask;
            let len = v.header(off);
            if len & (BUSY_BIT | DISCARD_BIT) == 0 {
                cons += record_size(len);
                if cons + PREFETCH_BACKLOG < prod {
                    v.prefetch(off + PREFETCH_AHEAD);
                }
                let r = f(off + HDR_SZ as usize, len);
                v.set_consumer_pos(cons);
                if r < 0 {
                    return Err(Stopped(r));
                }
                left -= 1;
                if left == 0 {
                    return Ok(max);
                }
            } else if len & BUSY_BIT != 0 {
                // Its commit wakes us only if the producer then reads our
                // position as this record's: barrier, look again.
                fence(SeqCst);
                if v.header(off) & BUSY_BIT != 0 {
                    return Ok(max - left);
                }
            } else {
                cons += record_size(len);
                v.set_consumer_pos(cons);
            }
        }
    }
    Ok(max - left)
}

/// Where a user ring record goes, and the producer position after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reservation {
    /// Data offset of the header.
    pub hdr_off: usize,
    /// Data offset of the payload (may run into the second mapping).
    pub payload_off: usize,
    pub new_prod: usize,
}

/// Plans a reservation of `size` payload bytes given both positions: `E2BIG`
/// when the record can never fit (or `size` uses the flag bits), `ENOSPC` when
/// it does not fit now.
pub fn plan_reserve(
    size: u32,
    cons: usize,
    prod: usize,
    mask: usize,
) -> Result<Reservation, crate::Errno> {
    if size & (BUSY_BIT | DISCARD_BIT) != 0 {
        return Err(crate::Errno::E2BIG);
    }
    let total = record_size(size);
    let cap = mask + 1;
    if total > cap {
        return Err(crate::Errno::E2BIG);
    }
    let used = prod.wrapping_sub(cons);
    if cap.saturating_sub(used) < total {
        return Err(crate::Errno::ENOSPC);
    }
    Ok(Reservation {
        hdr_off: prod & mask,
        payload_off: (prod & mask) + HDR_SZ as usize,
        new_prod: prod + total,
    })
}

/// The header offset of the record whose payload is at data offset
/// `payload_off` (which may lie in the second mapping), or None if that cannot
/// be a payload (outside both mappings or misaligned).
pub fn header_of(payload_off: usize, mask: usize) -> Option<usize> {
    let h = payload_off.checked_sub(HDR_SZ as usize)?;
    (h < 2 * (mask + 1) && h % 8 == 0).then_some(h & mask)
}

#[cfg(test)]
mod tests;
