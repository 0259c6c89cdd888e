//! `struct perf_buffer`: one perf event per CPU (`PERF_COUNT_SW_BPF_OUTPUT`
//! by default), each with its mmap'ed ring, stored in a
//! `BPF_MAP_TYPE_PERF_EVENT_ARRAY` so `bpf_perf_event_output` finds them, and
//! all polled through one epoll fd.

use super::{walk, PerfView, Record, EVENT_CONT};
use crate::error::{Errno, Error, Result};
use crate::sys;
use crate::sys::epoll::{self, Epoll};
use crate::sys::perf_ring::PerfRing;
use crate::uapi::bpf::map_type;
use crate::uapi::perf::{perf_event_attr, PERF_TYPE_SOFTWARE};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

/// `PERF_COUNT_SW_BPF_OUTPUT` and `PERF_SAMPLE_RAW`.
pub const PERF_COUNT_SW_BPF_OUTPUT: u64 = 10;
pub const PERF_SAMPLE_RAW: u64 = 1 << 10;

/// What a buffer calls per record, with the CPU the record came from. The
/// return value follows `enum bpf_perf_event_ret` ([`EVENT_CONT`] goes on).
pub trait EventHandler {
    /// Reads one CPU's ring with [`walk`]. A handler that dispatches on its
    /// own kind (C sample/lost callbacks or a raw event callback) matches
    /// once here and walks with a closure per kind, rather than matching
    /// per record.
    fn read<V: PerfView>(&mut self, cpu: i32, v: &V, scratch: &mut Vec<u8>) -> i32;
}

impl<F: FnMut(i32, Record) -> i32> EventHandler for F {
    #[inline(always)]
    fn read<V: PerfView>(&mut self, cpu: i32, v: &V, scratch: &mut Vec<u8>) -> i32 {
        walk(v, scratch, |rec| self(cpu, rec))
    }
}

/// The attributes `perf_buffer__new` opens its events with.
pub fn bpf_output_attr(sample_period: u32) -> perf_event_attr {
    perf_event_attr {
        type_: PERF_TYPE_SOFTWARE,
        config: PERF_COUNT_SW_BPF_OUTPUT,
        sample_type: PERF_SAMPLE_RAW,
        wakeup_events: sample_period.max(1),
        ..Default::default()
    }
}

/// One CPU's event and ring.
pub struct CpuBuf {
    ring: PerfRing,
    fd: OwnedFd,
    cpu: i32,
    map_key: i32,
    /// Wrapped records are reassembled here.
    scratch: Vec<u8>,
}

impl Drop for CpuBuf {
    fn drop(&mut self) {
        let _ = sys::perf::disable(self.fd.as_fd());
    }
}

/// Which CPUs to open buffers on and which map slots to store them in.
pub enum CpuSet {
    /// Every online CPU below the map size, each at its own index.
    Online,
    /// Explicit (cpu, map key) pairs.
    Explicit(Vec<(i32, i32)>),
}

pub struct PerfBuffer<H> {
    handler: H,
    bufs: Vec<CpuBuf>,
    epoll: Epoll,
    events: Vec<epoll::Event>,
    map_fd: RawFd,
    data_size: usize,
}

impl<H> Drop for PerfBuffer<H> {
    fn drop(&mut self) {
        // Empty the map slots first so BPF programs stop writing to our events.
        if let Some(map) = borrow(self.map_fd) {
            for b in &self.bufs {
                let _ = sys::bpf::map_delete_elem(map, &b.map_key.to_ne_bytes(), 0);
            }
        }
    }
}

fn borrow<'a>(fd: RawFd) -> Option<BorrowedFd<'a>> {
    sys::fd::borrow_caller(fd)
}

impl<H: EventHandler> PerfBuffer<H> {
    /// Opens per-CPU events with `attr` and rings of `page_cnt` pages (a
    /// power of two), and stores each event fd in map `map_fd`.
    pub fn new(
        map_fd: RawFd,
        page_cnt: usize,
        attr: &perf_event_attr,
        cpus: CpuSet,
        handler: H,
    ) -> Result<PerfBuffer<H>> {
        if page_cnt == 0 || !page_cnt.is_power_of_two() {
            return Err(Error::inval(format!(
                "page count should be power of two, but is {page_cnt}"
            )));
        }
        let data_size = page_cnt
            .checked_mul(sys::mmap::page_size())
            .ok_or_else(|| Error::inval(format!("page count {page_cnt} is too big")))?;
        let max_entries = match sys::ringbuf::map_type_and_size(map_fd) {
            Ok((ty, n)) => {
                if ty != map_type::PERF_EVENT_ARRAY {
                    return Err(Error::inval(format!(
                        "map fd={map_fd} should be BPF_MAP_TYPE_PERF_EVENT_ARRAY"
                    )));
                }
                n as usize
            }
            Err(e) if e == Errno::EINVAL => 0,
            Err(e) => {
                return Err(Error::sys(
                    format!("failed to get map info for map FD {map_fd}"),
                    e,
                ))
            }
        };
        let pairs: Vec<(i32, i32)> = match cpus {
            CpuSet::Explicit(p) => p,
            CpuSet::Online => {
                let mut n = sys::cpus::possible_count()?;
                if max_entries != 0 {
                    n = n.min(max_entries);
                }
                let online = sys::cpus::online().map_err(|e| {
                    Error::other(e.errno(), format!("failed to get online CPU mask: {e}"))
                })?;
                (0..n as i32)
                    .filter(|c| online.contains(&(*c as u32)))
                    .map(|c| (c, c))
                    .collect()
            }
        };
        let epoll = Epoll::new().map_err(|e| Error::sys("failed to create epoll instance", e))?;
        let mut pb = PerfBuffer {
            handler,
            bufs: Vec::with_capacity(pairs.len()),
            epoll,
            events: Vec::with_capacity(pairs.len()),
            map_fd,
            data_size,
        };
        let map = borrow(map_fd).ok_or_else(|| Error::inval("map fd is negative"))?;
        for (cpu, map_key) in pairs {
            let fd = sys::perf::event_open(attr, -1, cpu, -1).map_err(|e| {
                Error::sys(format!("failed to open perf buffer event on cpu #{cpu}"), e)
            })?;
            let ring = PerfRing::map(fd.as_raw_fd(), data_size)
                .map_err(|e| Error::sys(format!("failed to mmap perf buffer on cpu #{cpu}"), e))?;
            sys::perf::enable(fd.as_fd()).map_err(|e| {
                Error::sys(
                    format!("failed to enable perf buffer event on cpu #{cpu}"),
                    e,
                )
            })?;
            let raw = fd.as_raw_fd();
            pb.bufs.push(CpuBuf {
                ring,
                fd,
                cpu,
                map_key,
                scratch: Vec::new(),
            });
            sys::bpf::map_update_elem(map, &map_key.to_ne_bytes(), &raw.to_ne_bytes(), 0).map_err(
                |e| {
                    Error::sys(
                        format!("failed to set cpu #{cpu}, key {map_key} -> perf FD {raw}"),
                        e,
                    )
                },
            )?;
            let idx = pb.bufs.len() as u64 - 1;
            pb.epoll.add(raw, libc::EPOLLIN as u32, idx).map_err(|e| {
                Error::sys(format!("failed to epoll_ctl cpu #{cpu} perf FD {raw}"), e)
            })?;
            pb.events.push(epoll::empty_event());
        }
        Ok(pb)
    }

    /// Reads buffer `idx` to its end; [`EVENT_CONT`] or the handler's stop value.
    fn process(&mut self, idx: usize) -> i32 {
        let b = &mut self.bufs[idx];
        let view = b.ring.view();
        self.handler.read(b.cpu, &view, &mut b.scratch)
    }

    /// Like libbpf: a stop value of `EVENT_DONE` (0) is success, anything else
    /// but `EVENT_CONT` is returned as the error.
    fn process_checked(&mut self, idx: usize) -> i32 {
        match self.process(idx) {
            EVENT_CONT => 0,
            r => r,
        }
    }

    /// Waits up to `timeout_ms` and reads the buffers that signalled; returns
    /// how many did, or the first failing handler value.
    pub fn poll(&mut self, timeout_ms: i32) -> Result<std::result::Result<usize, i32>> {
        let n = self
            .epoll
            .wait(&mut self.events, timeout_ms)
            .map_err(|e| Error::other(e, format!("perf_buffer: epoll_wait: {e}")))?;
        for i in 0..n {
            let idx = self.events[i].u64 as usize;
            if idx >= self.bufs.len() {
                continue;
            }
            let r = self.process_checked(idx);
            if r != 0 {
                return Ok(Err(r));
            }
        }
        Ok(Ok(n))
    }

    /// Reads every buffer; 0, or the first failing handler value with the buffer index.
    pub fn consume(&mut self) -> std::result::Result<(), (usize, i32)> {
        for i in 0..self.bufs.len() {
            let r = self.process_checked(i);
            if r != 0 {
                return Err((i, r));
            }
        }
        Ok(())
    }

    /// Reads buffer `idx`; `EINVAL` when there is no such buffer.
    pub fn consume_buffer(&mut self, idx: usize) -> Result<i32> {
        if idx >= self.bufs.len() {
            return Err(Error::inval(format!("perf_buffer: no buffer #{idx}")));
        }
        Ok(self.process_checked(idx))
    }

    pub fn epoll_fd(&self) -> RawFd {
        self.epoll.as_raw_fd()
    }

    pub fn buffer_cnt(&self) -> usize {
        self.bufs.len()
    }

    pub fn buffer_fd(&self, idx: usize) -> Option<RawFd> {
        self.bufs.get(idx).map(|b| b.fd.as_raw_fd())
    }

    /// The mapping of buffer `idx` (header page first) and its data size.
    pub fn buffer(&self, idx: usize) -> Option<(*mut u8, usize)> {
        self.bufs.get(idx).map(|b| (b.ring.base(), self.data_size))
    }

    /// The CPU of buffer `idx`.
    pub fn buffer_cpu(&self, idx: usize) -> Option<i32> {
        self.bufs.get(idx).map(|b| b.cpu)
    }

    /// Whether buffer `idx` holds unread records (no system call).
    pub fn has_data(&self, idx: usize) -> bool {
        self.bufs
            .get(idx)
            .is_some_and(|b| b.ring.view().data_head() != b.ring.view().data_tail())
    }
}
