//! Programs on a caller's perf event (`bpf_program__attach_perf_event_opts`).

use super::{prog_fd, Link, LinkKind};
use crate::error::{Errno, Error, Result};
use crate::object::Program;
use crate::sys;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

#[derive(Clone, Copy, Debug, Default)]
pub struct PerfEventOpts {
    pub cookie: u64,
    /// Use `PERF_EVENT_IOC_SET_BPF` even when BPF perf links exist.
    pub force_ioctl: bool,
    /// Leave the event disabled (ioctl attach only).
    pub dont_enable: bool,
}

/// Attaches to the caller's perf event `pfd`; the link owns a duplicate of it.
pub fn attach(prog: &Program, pfd: i32, opts: &PerfEventOpts) -> Result<Link> {
    if pfd < 0 {
        return Err(Error::inval(format!(
            "prog '{}': invalid perf event FD {pfd}",
            prog.name
        )));
    }
    let pfd = sys::fd::dup(pfd)
        .map_err(|e| Error::sys(format!("prog '{}': bad perf event FD", prog.name), e))?;
    attach_owned(prog, pfd, opts, None)
}

/// Attaches to a perf event we opened: a BPF perf link when the kernel has
/// one, else the legacy ioctl (no cookie there).
pub fn attach_owned(
    prog: &Program,
    pfd: OwnedFd,
    opts: &PerfEventOpts,
    legacy: Option<super::LegacyProbe>,
) -> Result<Link> {
    let fd = prog_fd(prog)?;
    if !opts.force_ioctl {
        match sys::bpf::link_create_perf_event(fd, pfd.as_fd(), opts.cookie) {
            Ok(link) => {
                return Ok(Link::new(LinkKind::PerfEvent {
                    pfd,
                    link: Some(link),
                    legacy,
                }))
            }
            Err(e) if (e == Errno::EINVAL || e == Errno::ENOTSUP) && opts.cookie == 0 => {}
            Err(e) => {
                return Err(Error::sys(
                    format!(
                        "prog '{}': failed to create BPF link for perf event",
                        prog.name
                    ),
                    e,
                ))
            }
        }
    } else if opts.cookie != 0 {
        return Err(Error::other(
            Errno::ENOTSUP,
            format!(
                "prog '{}': BPF cookie needs a perf link, not ioctl attach",
                prog.name
            ),
        ));
    }
    ioctl_attach(prog, fd, pfd.as_fd(), opts.dont_enable)?;
    Ok(Link::new(LinkKind::PerfEvent {
        pfd,
        link: None,
        legacy,
    }))
}

fn ioctl_attach(
    prog: &Program,
    fd: BorrowedFd<'_>,
    pfd: BorrowedFd<'_>,
    dont_enable: bool,
) -> Result<()> {
    sys::perf::set_bpf(pfd, fd).map_err(|e| {
        Error::sys(
            format!("prog '{}': failed to attach to perf event", prog.name),
            e,
        )
    })?;
    if !dont_enable {
        sys::perf::enable(pfd).map_err(|e| {
            Error::sys(
                format!("prog '{}': failed to enable perf event", prog.name),
                e,
            )
        })?;
    }
    Ok(())
}
