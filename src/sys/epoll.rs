//! `epoll(7)`: the wait set that ring buffer and perf buffer managers poll.

use super::fd::own;
use crate::error::Errno;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};

/// One `epoll_event` as the kernel reads and writes it (packed on x86-64).
pub type Event = libc::epoll_event;

/// An epoll instance (close-on-exec), closed on drop.
#[derive(Debug)]
pub struct Epoll {
    fd: OwnedFd,
}

impl Epoll {
    /// `epoll_create1(EPOLL_CLOEXEC)`.
    pub fn new() -> Result<Epoll, Errno> {
        // SAFETY: no pointer arguments.
        let r = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        if r < 0 {
            return Err(Errno::last());
        }
        Ok(Epoll { fd: own(r)? })
    }

    /// `EPOLL_CTL_ADD`: watch `fd` for `events`, reporting `data` back from [`Epoll::wait`].
    pub fn add(&self, fd: RawFd, events: u32, data: u64) -> Result<(), Errno> {
        let mut ev = Event { events, u64: data };
        // SAFETY: `ev` is a valid epoll_event for the duration of the call.
        let r = unsafe { libc::epoll_ctl(self.fd.as_raw_fd(), libc::EPOLL_CTL_ADD, fd, &mut ev) };
        if r < 0 {
            return Err(Errno::last());
        }
        Ok(())
    }

    /// `epoll_wait` into `events` for up to `timeout_ms` (-1: forever). An
    /// interrupted wait returns `EINTR` to the caller, as libbpf does, so a
    /// signal handler can stop a poll loop.
    pub fn wait(&self, events: &mut [Event], timeout_ms: i32) -> Result<usize, Errno> {
        let max = events.len().min(i32::MAX as usize) as i32;
        // SAFETY: the kernel writes at most `max` events into `events`.
        let r =
            unsafe { libc::epoll_wait(self.fd.as_raw_fd(), events.as_mut_ptr(), max, timeout_ms) };
        if r < 0 {
            return Err(Errno::last());
        }
        Ok(r as usize)
    }

    pub fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

/// An empty event slot (buffers handed to [`Epoll::wait`]).
pub fn empty_event() -> Event {
    Event { events: 0, u64: 0 }
}
