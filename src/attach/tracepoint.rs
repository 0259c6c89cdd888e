//! Tracepoints: a perf event of type TRACEPOINT carrying the program.

use super::{prog_fd, Link, LinkKind};
use crate::error::{Errno, Error, Result};
use crate::object::Program;
use crate::sys;
use std::os::fd::AsFd;

/// Attaches `prog` to tracepoint `category:name`, with an optional BPF cookie.
pub fn attach(prog: &Program, category: &str, name: &str, cookie: u64) -> Result<Link> {
    let pfd_prog = prog_fd(prog)?;
    let id = sys::tracefs::tracepoint_id(category, name)
        .map_err(|e| Error::other(e.errno(), format!("prog '{}': {e}", prog.name)))?;
    let pfd = sys::perf::tracepoint_open(id).map_err(|e| {
        Error::sys(
            format!(
                "prog '{}': tracepoint '{category}/{name}' perf_event_open() failed",
                prog.name
            ),
            e,
        )
    })?;
    perf_event_link(prog, pfd_prog, pfd, cookie)
}

/// Puts a program on an open perf event: a BPF perf link when the kernel has
/// one, else the legacy ioctl (no cookie support there).
pub fn perf_event_link(
    prog: &Program,
    prog_fd: std::os::fd::BorrowedFd<'_>,
    pfd: std::os::fd::OwnedFd,
    cookie: u64,
) -> Result<Link> {
    match sys::bpf::link_create_perf_event(prog_fd, pfd.as_fd(), cookie) {
        Ok(link) => Ok(Link::new(LinkKind::PerfEvent {
            pfd,
            link: Some(link),
        })),
        Err(e) if e == Errno::EINVAL || e == Errno(libc::EOPNOTSUPP) && cookie == 0 => {
            sys::perf::set_bpf(pfd.as_fd(), prog_fd).map_err(|e| {
                Error::sys(
                    format!("prog '{}': failed to attach to perf event", prog.name),
                    e,
                )
            })?;
            sys::perf::enable(pfd.as_fd()).map_err(|e| {
                Error::sys(
                    format!("prog '{}': failed to enable perf event", prog.name),
                    e,
                )
            })?;
            Ok(Link::new(LinkKind::PerfEvent { pfd, link: None }))
        }
        Err(e) => Err(Error::sys(
            format!(
                "prog '{}': failed to create BPF link for perf event",
                prog.name
            ),
            e,
        )),
    }
}
