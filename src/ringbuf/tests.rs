//! The record walk and reservation logic on an in-memory ring.

use super::*;
use std::cell::Cell;
use std::sync::atomic::{AtomicU32, Ordering};

/// A ring held in a `Vec` of header-sized words (payload bytes are not
/// modelled: records are identified by their offsets).
struct VecRing {
    words: Vec<AtomicU32>,
    cons: Cell<usize>,
    prod: Cell<usize>,
    mask: usize,
    cons_stores: Cell<usize>,
    /// Offsets handed to `prefetch`, with the producer position at the time.
    prefetched: std::cell::RefCell<Vec<(usize, usize)>>,
}

impl VecRing {
    fn new(size: usize) -> VecRing {
        VecRing {
            words: (0..size / 4).map(|_| AtomicU32::new(0)).collect(),
            cons: Cell::new(0),
            prod: Cell::new(0),
            mask: size - 1,
            cons_stores: Cell::new(0),
            prefetched: Default::default(),
        }
    }

    /// Appends a record like the kernel does: header then producer position.
    fn push(&self, len: u32, flags: u32) -> usize {
        let p = self.prod.get();
        self.write_header(p & self.mask, len | flags);
        self.prod.set(p + record_size(len));
        p & self.mask
    }
}

impl RingView for VecRing {
    fn mask(&self) -> usize {
        self.mask
    }
    fn consumer_pos(&self) -> usize {
        self.cons.get()
    }
    fn producer_pos(&self) -> usize {
        self.prod.get()
    }
    fn set_consumer_pos(&self, pos: usize) {
        self.cons_stores.set(self.cons_stores.get() + 1);
        self.cons.set(pos)
    }
    fn set_producer_pos(&self, pos: usize) {
        self.prod.set(pos)
    }
    fn header(&self, off: usize) -> u32 {
        self.words[(off & self.mask) / 4].load(Ordering::Acquire)
    }
    fn write_header(&self, off: usize, len: u32) {
        self.words[(off & self.mask) / 4].store(len, Ordering::Relaxed);
        self.words[(off & self.mask) / 4 + 1].store(0, Ordering::Relaxed);
    }
    fn swap_header(&self, off: usize, len: u32) -> u32 {
        self.words[(off & self.mask) / 4].swap(len, Ordering::AcqRel)
    }
    fn prefetch(&self, off: usize) {
        self.prefetched.borrow_mut().push((off, self.prod.get()));
    }
}

fn collect(v: &VecRing, max: u64) -> (Result<u64, Stopped>, Vec<(usize, u32)>) {
    let mut seen = Vec::new();
    let r = consume(v, max, |off, len| {
        seen.push((off, len));
        0
    });
    (r, seen)
}

#[test]
fn record_sizes_round_up_and_ignore_flags() {
    assert_eq!(record_size(0), 8);
    assert_eq!(record_size(1), 16);
    assert_eq!(record_size(8), 16);
    assert_eq!(record_size(9), 24);
    assert_eq!(record_size(16 | BUSY_BIT | DISCARD_BIT), 24);
}

#[test]
fn consumes_in_order_and_advances_consumer() {
    let v = VecRing::new(4096);
    let a = v.push(16, 0);
    let b = v.push(5, 0);
    let c = v.push(100, 0);
    let (r, seen) = collect(&v, u64::MAX);
    assert_eq!(r, Ok(3));
    assert_eq!(seen, vec![(a + 8, 16), (b + 8, 5), (c + 8, 100)]);
    assert_eq!(v.consumer_pos(), v.producer_pos());
    // Empty ring: nothing, and the consumer position is not rewritten.
    let stores = v.cons_stores.get();
    assert_eq!(collect(&v, u64::MAX).0, Ok(0));
    assert_eq!(v.cons_stores.get(), stores);
}

#[test]
fn discarded_records_are_skipped_but_consumed() {
    let v = VecRing::new(4096);
    v.push(8, DISCARD_BIT);
    let b = v.push(8, 0);
    v.push(8, DISCARD_BIT);
    let (r, seen) = collect(&v, u64::MAX);
    assert_eq!(r, Ok(1));
    assert_eq!(seen, vec![(b + 8, 8)]);
    assert_eq!(v.consumer_pos(), 3 * 16);
}

#[test]
fn busy_record_stops_the_walk_before_it() {
    let v = VecRing::new(4096);
    v.push(8, 0);
    let busy = v.push(8, BUSY_BIT);
    v.push(8, 0);
    let (r, seen) = collect(&v, u64::MAX);
    assert_eq!((r, seen.len()), (Ok(1), 1));
    assert_eq!(v.consumer_pos(), 16, "stops at the busy record");
    // Once committed, the rest comes through.
    v.swap_header(busy, 8);
    let (r, seen) = collect(&v, u64::MAX);
    assert_eq!((r, seen.len()), (Ok(2), 2));
    assert_eq!(v.consumer_pos(), v.producer_pos());
}

#[test]
fn negative_callback_value_stops_and_consumes_that_record() {
    let v = VecRing::new(4096);
    for _ in 0..4 {
        v.push(8, 0);
    }
    let mut calls = 0;
    let r = consume(&v, u64::MAX, |_, _| {
        calls += 1;
        if calls == 2 {
            -42
        } else {
            0
        }
    });
    assert_eq!(r, Err(Stopped(-42)));
    assert_eq!(v.consumer_pos(), 32, "the failing record is consumed");
    assert_eq!(collect(&v, u64::MAX).0, Ok(2));
}

#[test]
fn consume_n_limits_the_count() {
    let v = VecRing::new(4096);
    for _ in 0..5 {
        v.push(8, 0);
    }
    v.push(8, DISCARD_BIT);
    assert_eq!(collect(&v, 0).0, Ok(0));
    assert_eq!(collect(&v, 2).0, Ok(2));
    assert_eq!(v.consumer_pos(), 32);
    assert_eq!(collect(&v, 2).0, Ok(2));
    assert_eq!(collect(&v, 2).0, Ok(1));
    assert_eq!(
        v.consumer_pos(),
        v.producer_pos(),
        "trailing discard consumed"
    );
}

#[test]
fn records_wrap_and_positions_run_free() {
    let v = VecRing::new(64);
    // Fill and drain repeatedly so positions pass the ring size many times.
    let mut total = 0;
    for round in 0..50 {
        let len = (round % 3) as u32 * 8 + 4;
        let off = v.push(len, 0);
        let (r, seen) = collect(&v, u64::MAX);
        assert_eq!(r, Ok(1));
        assert_eq!(seen, vec![(off + 8, len)]);
        total += record_size(len);
    }
    assert_eq!(v.consumer_pos(), total);
    assert!(total > 64 * 10);
}

#[test]
fn consumer_position_is_published_after_each_record() {
    let v = VecRing::new(1 << 12);
    let mut ends = Vec::new();
    for i in 0..10 {
        v.push(16, if i == 4 { DISCARD_BIT } else { 0 });
        ends.push(v.producer_pos());
    }
    // Inside each callback, every earlier record (discarded ones included)
    // has been given back to the producer, and this one not yet.
    let mut seen = Vec::new();
    let r = consume(&v, u64::MAX, |off, _| {
        seen.push((off - HDR_SZ as usize, v.consumer_pos()));
        0
    });
    assert_eq!(r, Ok(9));
    for (start, cons) in seen {
        assert_eq!(start, cons);
    }
    assert_eq!(v.consumer_pos(), *ends.last().unwrap());
    assert_eq!(v.cons_stores.get(), 10, "one release store per record");
}

#[test]
fn prefetches_stay_in_the_mappings_and_below_the_producer() {
    let size = 1 << 15;
    let v = VecRing::new(size);
    // A short backlog (a consumer close behind the producer): no prefetch.
    for _ in 0..100 {
        v.push(16, 0);
    }
    assert_eq!(collect(&v, u64::MAX).0, Ok(100));
    assert!(v.prefetched.borrow().is_empty());
    // Start near the end so the walk and its prefetches wrap.
    v.cons.set(size - 48);
    v.prod.set(size - 48);
    let n = (PREFETCH_BACKLOG + 4096) / 24;
    for _ in 0..n {
        v.push(16, 0);
    }
    let start = v.consumer_pos();
    assert_eq!(collect(&v, u64::MAX).0, Ok(n as u64));
    let seen = v.prefetched.borrow();
    assert!(!seen.is_empty());
    for &(off, prod) in seen.iter() {
        assert!(
            off < 2 * size,
            "prefetch at {off:#x} outside the two mappings"
        );
        // The offset is in the first or second mapping: as a position, it
        // lies after the line of the consumer's start, before the producer.
        let pos = start - (start & (size - 1)) + off;
        let pos = if pos < start & !63 { pos + size } else { pos };
        assert!(
            pos < prod,
            "prefetch at position {pos:#x}, producer at {prod:#x}"
        );
    }
    // The batch's first lines are requested before its first record.
    assert_eq!(seen[0].0, start & (size - 1) & !63);
}

#[test]
fn every_exit_publishes_the_position() {
    let v = VecRing::new(1 << 12);
    for _ in 0..10 {
        v.push(16, 0);
    }
    // Stopped by the count, then by the callback, then a busy record.
    assert_eq!(collect(&v, 3).0, Ok(3));
    assert_eq!(v.consumer_pos(), 3 * 24);
    let r = consume(&v, u64::MAX, |_, _| -7);
    assert_eq!(r, Err(Stopped(-7)));
    assert_eq!(v.consumer_pos(), 4 * 24);
    let busy = v.push(16, BUSY_BIT);
    assert_eq!(collect(&v, u64::MAX).0, Ok(6));
    assert_eq!(
        v.consumer_pos(),
        busy,
        "stops at, and publishes, the busy record"
    );
}

#[test]
fn reservations_respect_space_and_limits() {
    let mask = 4095;
    let r = plan_reserve(16, 0, 0, mask).unwrap();
    assert_eq!(
        r,
        Reservation {
            hdr_off: 0,
            payload_off: 8,
            new_prod: 24
        }
    );
    assert_eq!(plan_reserve(4096, 0, 0, mask), Err(crate::Errno::E2BIG));
    assert_eq!(plan_reserve(4088, 0, 0, mask).unwrap().new_prod, 4096);
    assert_eq!(
        plan_reserve(BUSY_BIT | 4, 0, 0, mask),
        Err(crate::Errno::E2BIG)
    );
    assert_eq!(
        plan_reserve(8, 0, 4090 & !7, mask),
        Err(crate::Errno::ENOSPC)
    );
    assert!(plan_reserve(8, 8, 4088, mask).is_ok());
    // Across the end: the header sits at the masked offset.
    let r = plan_reserve(32, 4000, 4088, mask).unwrap();
    assert_eq!((r.hdr_off, r.payload_off), (4088, 4096));
}

#[test]
fn header_of_finds_the_record_or_refuses() {
    assert_eq!(header_of(8, 4095), Some(0));
    assert_eq!(header_of(4096, 4095), Some(4088));
    assert_eq!(header_of(4104, 4095), Some(0), "second mapping");
    assert_eq!(header_of(4, 4095), None);
    assert_eq!(header_of(12, 4095), None, "misaligned");
    assert_eq!(header_of(8200, 4095), None, "past both mappings");
}

#[test]
fn user_ring_reserve_then_commit_round_trip() {
    // Producer side on the same model: reserve, write header busy, publish,
    // then commit clears busy (or sets discard), as user_ring_buffer does.
    let v = VecRing::new(4096);
    let r = plan_reserve(10, v.consumer_pos(), v.producer_pos(), v.mask()).unwrap();
    v.write_header(r.hdr_off, 10 | BUSY_BIT);
    v.set_producer_pos(r.new_prod);
    assert_eq!(collect(&v, u64::MAX).0, Ok(0), "busy until committed");
    v.swap_header(r.hdr_off, 10);
    assert_eq!(collect(&v, u64::MAX).1, vec![(8, 10)]);
}

#[test]
fn busy_takes_precedence_over_discard() {
    let v = VecRing::new(4096);
    let a = v.push(8, 0);
    v.push(8, BUSY_BIT | DISCARD_BIT);
    v.push(8, 0);
    let (r, seen) = collect(&v, u64::MAX);
    assert_eq!((r, seen), (Ok(1), vec![(a + 8, 8)]));
    assert_eq!(v.consumer_pos(), 16, "a busy record is never skipped");
}
