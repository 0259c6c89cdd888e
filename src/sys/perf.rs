//! `perf_event_open(2)` and the perf ioctls used to attach BPF programs.

use super::fd::own;
use crate::error::Errno;
use crate::uapi::perf::*;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

/// Opens a perf event; `pid`/`cpu` as perf_event_open(2) takes them.
pub fn event_open(
    attr: &perf_event_attr,
    pid: i32,
    cpu: i32,
    group_fd: i32,
) -> Result<OwnedFd, Errno> {
    let mut a = *attr;
    a.size = std::mem::size_of::<perf_event_attr>() as u32;
    // SAFETY: `a` is a fully initialised perf_event_attr of the size we state.
    let r = unsafe {
        libc::syscall(
            libc::SYS_perf_event_open,
            &a as *const perf_event_attr,
            pid as libc::c_long,
            cpu as libc::c_long,
            group_fd as libc::c_long,
            PERF_FLAG_FD_CLOEXEC as libc::c_long,
        )
    };
    if r < 0 {
        return Err(Errno::last());
    }
    own(r as i32)
}

/// Opens the tracepoint with the given tracefs id, for all processes on CPU 0
/// (a tracepoint perf event fires on every CPU once a BPF program is attached).
pub fn tracepoint_open(id: u64) -> Result<OwnedFd, Errno> {
    tracepoint_open_pid(id, -1)
}

/// Opens a tracepoint for one process (`pid` >= 0: any CPU) or all (`pid` -1: CPU 0).
pub fn tracepoint_open_pid(id: u64, pid: i32) -> Result<OwnedFd, Errno> {
    let attr = perf_event_attr {
        type_: PERF_TYPE_TRACEPOINT,
        config: id,
        sample_period: 1,
        wakeup_events: 1,
        ..Default::default()
    };
    let (pid, cpu) = if pid < 0 { (-1, 0) } else { (pid, -1) };
    event_open(&attr, pid, cpu, -1)
}

fn ioctl(fd: BorrowedFd<'_>, req: u64, arg: libc::c_long) -> Result<(), Errno> {
    // SAFETY: perf ioctls with integer arguments only.
    let r = unsafe { libc::ioctl(fd.as_raw_fd(), req as _, arg) };
    if r < 0 {
        Err(Errno::last())
    } else {
        Ok(())
    }
}

/// Legacy attach: `PERF_EVENT_IOC_SET_BPF` then enable.
pub fn set_bpf(pfd: BorrowedFd<'_>, prog: BorrowedFd<'_>) -> Result<(), Errno> {
    ioctl(
        pfd,
        PERF_EVENT_IOC_SET_BPF,
        prog.as_raw_fd() as libc::c_long,
    )
}

pub fn enable(pfd: BorrowedFd<'_>) -> Result<(), Errno> {
    ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0)
}

pub fn disable(pfd: BorrowedFd<'_>) -> Result<(), Errno> {
    ioctl(pfd, PERF_EVENT_IOC_DISABLE, 0)
}
