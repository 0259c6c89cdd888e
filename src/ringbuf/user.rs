//! `struct user_ring_buffer`: user space produces records that a BPF program
//! drains with `bpf_user_ringbuf_drain`. Like libbpf, one producer at a time:
//! callers serialise reserve/submit themselves.

use super::{header_of, plan_reserve, RingView, BUSY_BIT, DISCARD_BIT};
use crate::error::{Errno, Error, Result};
use crate::sys::epoll::{self, Epoll};
use crate::sys::ringbuf::{map_type_and_size, RingMem, Side};
use crate::uapi::bpf::map_type;
use std::os::fd::RawFd;
use std::time::{Duration, Instant};

pub struct UserRingBuffer {
    mem: RingMem,
    epoll: Epoll,
}

impl UserRingBuffer {
    pub fn new(map_fd: RawFd) -> Result<UserRingBuffer> {
        let epoll = Epoll::new()
            .map_err(|e| Error::sys("user ringbuf: failed to create epoll instance", e))?;
        let (ty, size) = map_type_and_size(map_fd).map_err(|e| {
            Error::sys(
                format!("user ringbuf: failed to get map info for fd={map_fd}"),
                e,
            )
        })?;
        if ty != map_type::USER_RINGBUF {
            return Err(Error::inval(format!(
                "user ringbuf: map fd={map_fd} is not BPF_MAP_TYPE_USER_RINGBUF"
            )));
        }
        let mem = RingMem::map(map_fd, size, Side::Producer)
            .map_err(|e| Error::sys(format!("user ringbuf: failed to mmap map fd={map_fd}"), e))?;
        // The kernel signals EPOLLOUT when a drain frees space.
        epoll.add(map_fd, libc::EPOLLOUT as u32, 0).map_err(|e| {
            Error::sys(
                format!("user ringbuf: failed to epoll add map fd={map_fd}"),
                e,
            )
        })?;
        Ok(UserRingBuffer { mem, epoll })
    }

    /// Reserves `size` payload bytes: `E2BIG` if it can never fit, `ENOSPC` if
    /// not now. The record is visible to the kernel as busy until committed.
    pub fn reserve(&mut self, size: u32) -> std::result::Result<*mut u8, Errno> {
        let cons = self.mem.consumer_pos();
        let prod = self.mem.producer_pos();
        let r = plan_reserve(size, cons, prod, self.mem.mask())?;
        self.mem.write_header(r.hdr_off, size | BUSY_BIT);
        self.mem.set_producer_pos(r.new_prod);
        Ok(self.mem.data().wrapping_add(r.payload_off))
    }

    /// Like [`UserRingBuffer::reserve`], waiting for the kernel to drain space
    /// for up to `timeout_ms` (-1: forever).
    pub fn reserve_blocking(
        &mut self,
        size: u32,
        timeout_ms: i32,
    ) -> std::result::Result<*mut u8, Errno> {
        if timeout_ms < -1 {
            return Err(Errno::EINVAL);
        }
        let deadline =
            (timeout_ms >= 0).then(|| Instant::now() + Duration::from_millis(timeout_ms as u64));
        let mut ev = [epoll::empty_event()];
        loop {
            match self.reserve(size) {
                Err(Errno::ENOSPC) => {}
                other => return other,
            }
            let wait_ms = match deadline {
                None => -1,
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return self.reserve(size);
                    }
                    // Round up so we never spin with a zero timeout.
                    left.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32
                }
            };
            // Each drain that frees space signals EPOLLOUT at least once.
            self.epoll.wait(&mut ev, wait_ms)?;
        }
    }

    /// Commits the record whose payload is at `sample` (from `reserve`),
    /// dropping it if `discard`. A pointer that is not a payload of this ring
    /// is refused with `EINVAL` rather than corrupting the ring.
    pub fn commit(&mut self, sample: *mut u8, discard: bool) -> std::result::Result<(), Errno> {
        let off = (sample as usize).wrapping_sub(self.mem.data() as usize);
        let hdr = header_of(off, self.mem.mask()).ok_or(Errno::EINVAL)?;
        let old = self.mem.header(hdr);
        if old & BUSY_BIT == 0 {
            return Err(Errno::EINVAL);
        }
        let mut len = old & !BUSY_BIT;
        if discard {
            len |= DISCARD_BIT;
        }
        self.mem.swap_header(hdr, len);
        Ok(())
    }
}
