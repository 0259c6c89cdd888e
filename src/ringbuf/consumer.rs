//! `struct ring_buffer`: ring buffer maps consumed together, one epoll set
//! waking on any of them.

use super::{consume, RingView, Stopped};
use crate::error::{Error, Result};
use crate::sys::epoll::{self, Epoll};
use crate::sys::ringbuf::{map_type_and_size, RingMem, Side};
use crate::uapi::bpf::map_type;
use std::os::fd::RawFd;

/// What a ring calls per record: the payload's address and length. A negative
/// return stops consumption and is handed back to the caller.
pub trait SampleHandler {
    /// The per-record function of one consume pass. A handler that can copy
    /// what it needs into the returned closure (a C callback and its
    /// context) lets those stay in registers for the whole pass.
    fn pass(&mut self) -> impl FnMut(*mut u8, u32) -> i32 + '_;
}

impl<F: FnMut(*mut u8, u32) -> i32> SampleHandler for F {
    #[inline(always)]
    fn pass(&mut self) -> impl FnMut(*mut u8, u32) -> i32 + '_ {
        |d, l| self(d, l)
    }
}

/// One ring buffer map: its pages and its handler.
pub struct Ring<H> {
    mem: RingMem,
    /// The caller's fd, as given (libbpf neither duplicates nor closes it).
    map_fd: RawFd,
    handler: H,
}

impl<H: SampleHandler> Ring<H> {
    fn open(map_fd: RawFd, handler: H) -> Result<Ring<H>> {
        let (ty, size) = map_type_and_size(map_fd).map_err(|e| {
            Error::sys(
                format!("ringbuf: failed to get map info for fd={map_fd}"),
                e,
            )
        })?;
        if ty != map_type::RINGBUF {
            return Err(Error::inval(format!(
                "ringbuf: map fd={map_fd} is not BPF_MAP_TYPE_RINGBUF"
            )));
        }
        let mem = RingMem::map(map_fd, size, Side::Consumer)
            .map_err(|e| Error::sys(format!("ringbuf: failed to mmap map fd={map_fd}"), e))?;
        Ok(Ring {
            mem,
            map_fd,
            handler,
        })
    }

    /// Consumes up to `max` records; the count, or the handler's negative value.
    pub fn consume(&mut self, max: u64) -> std::result::Result<u64, Stopped> {
        let view = self.mem.view();
        let data = view.data();
        let mut f = self.handler.pass();
        consume(&view, max, |off, len| f(data.wrapping_add(off), len))
    }

    pub fn consumer_pos(&self) -> usize {
        self.mem.consumer_pos()
    }

    pub fn producer_pos(&self) -> usize {
        self.mem.producer_pos()
    }

    pub fn avail_data_size(&self) -> usize {
        let cons = self.consumer_pos();
        self.producer_pos().wrapping_sub(cons)
    }

    pub fn size(&self) -> usize {
        self.mem.mask() + 1
    }

    pub fn map_fd(&self) -> RawFd {
        self.map_fd
    }
}

/// Several rings behind one epoll fd.
pub struct RingBuffer<H> {
    epoll: Epoll,
    /// Boxed so `struct ring *` handles stay valid as rings are added.
    rings: Vec<Box<Ring<H>>>,
    events: Vec<epoll::Event>,
}

/// Clamps a record count to what an `int` return can hold.
pub fn clamp_count(n: u64) -> i32 {
    n.min(i32::MAX as u64) as i32
}

impl<H: SampleHandler> RingBuffer<H> {
    /// A manager over the ring buffer map `map_fd`.
    pub fn new(map_fd: RawFd, handler: H) -> Result<RingBuffer<H>> {
        let epoll =
            Epoll::new().map_err(|e| Error::sys("ringbuf: failed to create epoll instance", e))?;
        let mut rb = RingBuffer {
            epoll,
            rings: Vec::new(),
            events: Vec::new(),
        };
        rb.add(map_fd, handler)?;
        Ok(rb)
    }

    /// Adds ring buffer map `map_fd` with its own handler.
    pub fn add(&mut self, map_fd: RawFd, handler: H) -> Result<()> {
        let ring = Box::new(Ring::open(map_fd, handler)?);
        let idx = self.rings.len() as u64;
        // Edge-triggered: a ring is reported once per producer wake-up, not
        // again at every wait while it holds data. Safe because every pass
        // drains its ring up to a fenced re-check (see `consume`), and
        // `poll` consumes what a stopped pass left before it waits.
        self.epoll
            .add(map_fd, (libc::EPOLLIN | libc::EPOLLET) as u32, idx)
            .map_err(|e| Error::sys(format!("ringbuf: failed to epoll add map fd={map_fd}"), e))?;
        self.rings.push(ring);
        self.events.push(epoll::empty_event());
        Ok(())
    }

    /// Consumes up to `max` records across the rings, in the order they were
    /// added; the total, or the first negative handler value.
    pub fn consume_n(&mut self, max: u64) -> std::result::Result<u64, Stopped> {
        let mut total = 0u64;
        for ring in &mut self.rings {
            if total >= max {
                break;
            }
            total += ring.consume(max - total)?;
        }
        Ok(total)
    }

    /// Waits up to `timeout_ms` for a ring to signal data, then consumes the
    /// rings that did. When a ring already holds committed records, the wait
    /// would return at once: consume them and skip the system call. This
    /// check also picks up what an earlier pass left (a callback's stop, a
    /// `consume_n` limit), which the edge-triggered wait would not report.
    pub fn poll(&mut self, timeout_ms: i32) -> Result<std::result::Result<u64, Stopped>> {
        let mut total = 0u64;
        for ring in &mut self.rings {
            if ring.mem.producer_pos() != ring.mem.consumer_pos() {
                match ring.consume(u64::MAX) {
                    Ok(n) => total += n,
                    Err(s) => return Ok(Err(s)),
                }
            }
        }
        if total > 0 {
            return Ok(Ok(total));
        }
        let n = self
            .epoll
            .wait(&mut self.events, timeout_ms)
            .map_err(|e| Error::other(e, format!("ringbuf: epoll_wait: {e}")))?;
        for i in 0..n {
            let idx = self.events[i].u64 as usize;
            let Some(ring) = self.rings.get_mut(idx) else {
                continue;
            };
            match ring.consume(u64::MAX) {
                Ok(c) => total += c,
                Err(s) => return Ok(Err(s)),
            }
        }
        Ok(Ok(total))
    }

    pub fn epoll_fd(&self) -> RawFd {
        self.epoll.as_raw_fd()
    }

    pub fn ring_mut(&mut self, idx: usize) -> Option<&mut Ring<H>> {
        self.rings.get_mut(idx).map(|b| &mut **b)
    }

    pub fn ring_count(&self) -> usize {
        self.rings.len()
    }
}
