//! The perf ring walk on an in-memory ring, including wrapped records.
#![allow(unsafe_code)]

use super::*;
use std::cell::{Cell, RefCell};

struct VecPerf {
    data: RefCell<Vec<u8>>,
    head: Cell<u64>,
    tail: Cell<u64>,
}

impl VecPerf {
    fn new(size: usize) -> VecPerf {
        VecPerf {
            data: RefCell::new(vec![0; size]),
            head: Cell::new(0),
            tail: Cell::new(0),
        }
    }

    /// Writes a record as the kernel does (wrapping byte by byte) and moves head.
    fn push(&self, kind: u32, body: &[u8]) {
        let size = HEADER_SZ + body.len();
        assert_eq!(size % 8, 0);
        let mut rec = Vec::with_capacity(size);
        rec.extend_from_slice(&kind.to_ne_bytes());
        rec.extend_from_slice(&0u16.to_ne_bytes());
        rec.extend_from_slice(&(size as u16).to_ne_bytes());
        rec.extend_from_slice(body);
        let mut d = self.data.borrow_mut();
        let n = d.len();
        let h = self.head.get();
        for (i, b) in rec.iter().enumerate() {
            d[(h as usize + i) % n] = *b;
        }
        self.head.set(h + size as u64);
    }

    fn sample(&self, payload: &[u8]) {
        let mut body = (payload.len() as u32).to_ne_bytes().to_vec();
        body.extend_from_slice(payload);
        while (body.len() + HEADER_SZ) % 8 != 0 {
            body.push(0);
        }
        self.push(RECORD_SAMPLE, &body);
    }
}

impl PerfView for VecPerf {
    fn data_size(&self) -> usize {
        self.data.borrow().len()
    }
    fn data(&self) -> *mut u8 {
        self.data.borrow_mut().as_mut_ptr()
    }
    fn data_head(&self) -> u64 {
        self.head.get()
    }
    fn data_tail(&self) -> u64 {
        self.tail.get()
    }
    fn set_data_tail(&self, tail: u64) {
        self.tail.set(tail)
    }
    fn read_u64(&self, off: usize) -> u64 {
        let d = self.data.borrow();
        u64::from_ne_bytes(d[off..off + 8].try_into().unwrap())
    }
    fn copy_out(&self, off: usize, out: &mut [u8]) {
        out.copy_from_slice(&self.data.borrow()[off..off + out.len()]);
    }
}

/// (kind, payload bytes, lost count) of one record.
type Seen = (u32, Vec<u8>, u64);

/// Collects what each record says.
fn drain(v: &VecPerf, scratch: &mut Vec<u8>) -> (i32, Vec<Seen>) {
    let mut out = Vec::new();
    let r = walk(v, scratch, |rec| {
        match rec.event() {
            Event::Sample { data, size } => {
                // SAFETY: the walk hands out a pointer to `size` readable bytes.
                let b = unsafe { std::slice::from_raw_parts(data, size as usize) };
                out.push((rec.kind(), b.to_vec(), 0));
            }
            Event::Lost(n) => out.push((rec.kind(), vec![], n)),
            Event::Other => out.push((rec.kind(), vec![], 0)),
        }
        EVENT_CONT
    });
    (r, out)
}

#[test]
fn samples_and_lost_records_in_order() {
    let v = VecPerf::new(256);
    v.sample(b"abcd");
    let mut lost = 7u64.to_ne_bytes().to_vec(); // id
    lost.extend_from_slice(&33u64.to_ne_bytes()); // lost
    v.push(RECORD_LOST, &lost);
    v.sample(&[9; 20]);
    let mut scratch = Vec::new();
    let (r, got) = drain(&v, &mut scratch);
    assert_eq!(r, EVENT_CONT);
    assert_eq!(got[0], (RECORD_SAMPLE, b"abcd".to_vec(), 0));
    assert_eq!(got[1], (RECORD_LOST, vec![], 33));
    assert_eq!(got[2], (RECORD_SAMPLE, vec![9; 20], 0));
    assert_eq!(v.tail.get(), v.head.get());
    assert!(scratch.is_empty(), "nothing wrapped");
}

#[test]
fn wrapped_record_is_reassembled_in_scratch() {
    let v = VecPerf::new(64);
    let mut scratch = Vec::new();
    v.sample(&[1; 28]); // 8 + 4 + 28 = 40 bytes
    assert_eq!(drain(&v, &mut scratch).1.len(), 1);
    let payload: Vec<u8> = (0..36).collect(); // 48 bytes from offset 40: wraps
    v.sample(&payload);
    let (r, got) = drain(&v, &mut scratch);
    assert_eq!(r, EVENT_CONT);
    assert_eq!(got, vec![(RECORD_SAMPLE, payload, 0)]);
    assert_eq!(scratch.len(), 48);
    // The header itself split across the end.
    let v = VecPerf::new(64);
    v.sample(&[0; 44]); // 56 bytes: next header at 56, payload wraps
    drain(&v, &mut scratch);
    v.sample(b"xyz!");
    assert_eq!(drain(&v, &mut scratch).1[0].1, b"xyz!".to_vec());
}

#[test]
fn non_cont_return_stops_after_that_record() {
    let v = VecPerf::new(256);
    for i in 0..4u8 {
        v.sample(&[i; 4]);
    }
    let mut n = 0;
    let r = walk(&v, &mut Vec::new(), |_| {
        n += 1;
        if n == 2 {
            EVENT_DONE
        } else {
            EVENT_CONT
        }
    });
    assert_eq!(r, EVENT_DONE);
    assert_eq!(v.tail.get(), 32, "two records consumed");
    let (r, got) = drain(&v, &mut Vec::new());
    assert_eq!((r, got.len()), (EVENT_CONT, 2));
}

#[test]
fn corrupt_size_stops_with_error() {
    let v = VecPerf::new(64);
    v.head.set(8); // a zero header
    let r = walk(&v, &mut Vec::new(), |_| EVENT_CONT);
    assert_eq!(r, EVENT_ERROR);
}

#[test]
fn sample_size_is_clamped_to_the_record() {
    let v = VecPerf::new(64);
    let mut body = 1000u32.to_ne_bytes().to_vec();
    body.extend_from_slice(&[5; 4]);
    v.push(RECORD_SAMPLE, &body);
    let (_, got) = drain(&v, &mut Vec::new());
    assert_eq!(got[0].1, vec![5; 4]);
}

/// As [`drain`], through [`walk_samples`] the way the C sample/lost handler
/// uses it; also returns how many samples took the fast path.
fn drain_split(v: &VecPerf, scratch: &mut Vec<u8>) -> (i32, Vec<Seen>, usize) {
    let out = RefCell::new(Vec::new());
    let fast = Cell::new(0);
    let sample = |data: *mut u8, size: u32| {
        // SAFETY: the walk hands out a pointer to `size` readable bytes.
        let b = unsafe { std::slice::from_raw_parts(data, size as usize) };
        out.borrow_mut().push((RECORD_SAMPLE, b.to_vec(), 0));
        fast.set(fast.get() + 1);
    };
    let r = walk_samples(v, scratch, Some(sample), |rec| {
        match rec.event() {
            Event::Sample { data, size } => {
                // SAFETY: as above.
                let b = unsafe { std::slice::from_raw_parts(data, size as usize) };
                out.borrow_mut().push((rec.kind(), b.to_vec(), 0));
            }
            Event::Lost(n) => out.borrow_mut().push((rec.kind(), vec![], n)),
            Event::Other => return EVENT_ERROR,
        }
        EVENT_CONT
    });
    (r, out.into_inner(), fast.get())
}

/// Pushes the same records into two rings.
fn both(size: usize, fill: impl Fn(&VecPerf)) -> (VecPerf, VecPerf) {
    let (a, b) = (VecPerf::new(size), VecPerf::new(size));
    fill(&a);
    fill(&b);
    (a, b)
}

#[test]
fn sample_fast_path_sees_what_the_plain_walk_sees() {
    let (a, b) = both(128, |v| {
        v.sample(b"abcd");
        let mut lost = 7u64.to_ne_bytes().to_vec();
        lost.extend_from_slice(&33u64.to_ne_bytes());
        v.push(RECORD_LOST, &lost);
        v.sample(&[]); // 16 bytes: the smallest fast sample
        v.sample(&[9; 20]);
    });
    let (r, got) = drain(&a, &mut Vec::new());
    let (rs, got_s, fast) = drain_split(&b, &mut Vec::new());
    assert_eq!((r, rs), (EVENT_CONT, EVENT_CONT));
    assert_eq!(got, got_s);
    assert_eq!(
        fast, 3,
        "in-ring samples take the fast path, the lost record does not"
    );
    assert_eq!(b.tail.get(), b.head.get());
    // Then a sample that wraps (88 + 48 > 128) goes the slow way, reassembled.
    let payload: Vec<u8> = (0..36).collect();
    a.sample(&payload);
    b.sample(&payload);
    let mut scratch = Vec::new();
    let (_, got_s, fast) = drain_split(&b, &mut scratch);
    assert_eq!(got_s, vec![(RECORD_SAMPLE, payload.clone(), 0)]);
    assert_eq!(fast, 0);
    assert_eq!(scratch.len(), 48);
    assert_eq!(drain(&a, &mut Vec::new()).1, got_s);
}

#[test]
fn sample_fast_path_leaves_short_and_bad_records_to_the_slow_path() {
    // A sample record with no room for its size word is not a sample.
    let (_, b) = both(64, |v| v.push(RECORD_SAMPLE, &[]));
    let (r, got, fast) = drain_split(&b, &mut Vec::new());
    assert_eq!((r, got.len(), fast), (EVENT_ERROR, 0, 0));
    assert_eq!(b.tail.get(), 8, "the stopping record counts as read");
    // A clamped size on the fast path.
    let (_, b) = both(64, |v| {
        let mut body = 1000u32.to_ne_bytes().to_vec();
        body.extend_from_slice(&[5; 4]);
        v.push(RECORD_SAMPLE, &body);
    });
    let (_, got, fast) = drain_split(&b, &mut Vec::new());
    assert_eq!((got[0].1.clone(), fast), (vec![5; 4], 1));
    // An impossible size stops the walk without moving the tail.
    let v = VecPerf::new(64);
    v.sample(b"ok!!");
    v.head.set(v.head.get() + 8); // followed by a zero header
    let (r, got, _) = drain_split(&v, &mut Vec::new());
    assert_eq!((r, got.len()), (EVENT_ERROR, 1));
    assert_eq!(v.tail.get(), 16);
}
