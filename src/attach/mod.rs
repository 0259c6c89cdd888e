//! `struct bpf_link`: what an attachment leaves behind, and the attach kinds.

pub mod tracepoint;

use crate::elf::secdef::{self, AutoAttach};
use crate::error::{Error, Result};
use crate::object::Program;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

#[derive(Debug)]
pub enum LinkKind {
    /// A kernel BPF link (`BPF_LINK_CREATE` or an attach that returns one).
    Fd(OwnedFd),
    /// A perf event with a program, through a BPF link (`link`) or, on old
    /// kernels, `PERF_EVENT_IOC_SET_BPF` (`link` is None).
    PerfEvent { pfd: OwnedFd, link: Option<OwnedFd> },
}

#[derive(Debug)]
pub struct Link {
    pub kind: LinkKind,
    /// `bpf_link__disconnect`: on destroy, only release memory, keep the attachment.
    pub disconnected: bool,
    pub pin_path: Option<String>,
}

impl Link {
    pub fn new(kind: LinkKind) -> Link {
        Link {
            kind,
            disconnected: false,
            pin_path: None,
        }
    }

    /// The fd `bpf_link__fd` reports: the BPF link, or the perf event.
    pub fn fd(&self) -> BorrowedFd<'_> {
        match &self.kind {
            LinkKind::Fd(fd) => fd.as_fd(),
            LinkKind::PerfEvent { link: Some(l), .. } => l.as_fd(),
            LinkKind::PerfEvent { pfd, link: None } => pfd.as_fd(),
        }
    }

    /// Detaches (unless disconnected) and releases the link.
    pub fn destroy(self) {
        if self.disconnected {
            // Leak the fds on purpose: the attachment must outlive us.
            match self.kind {
                LinkKind::Fd(fd) => std::mem::forget(fd),
                LinkKind::PerfEvent { pfd, link } => {
                    std::mem::forget(pfd);
                    std::mem::forget(link);
                }
            }
            return;
        }
        if let LinkKind::PerfEvent { pfd, link: None } = &self.kind {
            let _ = crate::sys::perf::disable(pfd.as_fd());
        }
    }
}

fn prog_fd<'a>(prog: &'a Program) -> Result<BorrowedFd<'a>> {
    prog.fd().ok_or_else(|| {
        Error::inval(format!(
            "prog '{}': can't attach BPF program without FD (was it loaded?)",
            prog.name
        ))
    })
}

/// Attaches by section name (`bpf_program__attach`). `Ok(None)` means the
/// section has no auto-attach form (not an error for skeletons).
pub fn auto_attach(prog: &Program) -> Result<Option<Link>> {
    let Some(def) = prog.sec_def else {
        return Err(Error::NotSupported(format!(
            "prog '{}': no section definition to attach by",
            prog.name
        )));
    };
    let target = secdef::target(def, &prog.sec_name);
    match def.auto {
        AutoAttach::None => Ok(None),
        AutoAttach::Tracepoint => {
            let Some(target) = target else {
                return Ok(None);
            };
            let (cat, name) = target.split_once('/').ok_or_else(|| {
                Error::inval(format!(
                    "prog '{}': invalid section name '{}'",
                    prog.name, prog.sec_name
                ))
            })?;
            tracepoint::attach(prog, cat, name, 0).map(Some)
        }
        other => Err(Error::NotSupported(format!(
            "prog '{}': auto-attach of '{}' ({other:?}) is not implemented yet",
            prog.name, prog.sec_name
        ))),
    }
}
