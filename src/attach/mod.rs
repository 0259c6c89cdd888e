//! `struct bpf_link`: what an attachment leaves behind, and the attach kinds
//! (one module each). [`auto_attach`] picks the kind from the `SEC()` name.

pub mod elfsym;
pub mod kprobe;
pub mod multi;
pub mod perf_event;
pub mod raw_tp;
pub mod struct_ops;
pub mod target;
pub mod tc;
pub mod trace;
pub mod tracepoint;
pub mod uprobe;
pub mod usdt;

use crate::elf::secdef::{self, AutoAttach};
use crate::error::{Errno, Error, Result};
use crate::object::Program;
use crate::sys;
use std::ffi::CString;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

/// A legacy tracefs probe that must be removed when its perf event goes.
#[derive(Debug)]
pub struct LegacyProbe {
    pub kind: sys::probe::Kind,
    pub name: String,
}

#[derive(Debug)]
pub enum LinkKind {
    /// A kernel BPF link (`BPF_LINK_CREATE` or an attach that returns one).
    Fd(OwnedFd),
    /// A perf event with a program, through a BPF link (`link`) or, on old
    /// kernels, `PERF_EVENT_IOC_SET_BPF` (`link` is None).
    PerfEvent {
        pfd: OwnedFd,
        link: Option<OwnedFd>,
        legacy: Option<LegacyProbe>,
    },
    /// Several attachments behind one handle (USDT: one uprobe per call site),
    /// plus the USDT spec ids to give back.
    Group {
        links: Vec<Link>,
        usdt: Option<usdt::SpecRelease>,
    },
    /// A struct_ops map registered without a BPF link (`.struct_ops`):
    /// detaching deletes its one element, which unregisters it.
    StructOps(OwnedFd),
}

#[derive(Debug)]
pub struct Link {
    pub kind: LinkKind,
    /// `bpf_link__disconnect`: on destroy, only release memory, keep the attachment.
    pub disconnected: bool,
    pub pin_path: Option<CString>,
}

impl Link {
    pub fn new(kind: LinkKind) -> Link {
        Link {
            kind,
            disconnected: false,
            pin_path: None,
        }
    }

    /// The kernel object behind the handle, if there is one fd for it.
    pub fn fd_opt(&self) -> Option<BorrowedFd<'_>> {
        match &self.kind {
            LinkKind::Fd(fd) | LinkKind::StructOps(fd) => Some(fd.as_fd()),
            LinkKind::PerfEvent { link: Some(l), .. } => Some(l.as_fd()),
            LinkKind::PerfEvent {
                pfd, link: None, ..
            } => Some(pfd.as_fd()),
            LinkKind::Group { .. } => None,
        }
    }

    /// The fd `bpf_link__fd` reports (-1 for USDT groups).
    pub fn raw_fd(&self) -> i32 {
        self.fd_opt().map_or(-1, |f| f.as_raw_fd())
    }

    /// The BPF link fd, for operations only real BPF links support.
    fn bpf_link_fd(&self, what: &str) -> Result<BorrowedFd<'_>> {
        match &self.kind {
            LinkKind::Fd(fd) => Ok(fd.as_fd()),
            LinkKind::PerfEvent { link: Some(l), .. } => Ok(l.as_fd()),
            _ => Err(Error::inval(format!(
                "link: {what} needs a BPF link (this attachment has no link fd)"
            ))),
        }
    }

    /// Pins the link at `path` in bpffs (`bpf_link__pin`), as libbpf: the
    /// parent directory is created (one level) and must be on bpffs; those
    /// two failures are logged, the others only returned.
    pub fn pin(&mut self, path: &str) -> Result<()> {
        if self.pin_path.is_some() {
            return Err(Error::Reported(Errno::EBUSY));
        }
        sys::bpffs::make_parent_dir(path).map_err(Error::reported)?;
        sys::bpffs::check_path(path).map_err(Error::reported)?;
        // The fd bpf_link__fd shows, whatever the kind (the kernel refuses
        // what is not a BPF link); a USDT group has none (libbpf's 0).
        let fd = self.fd_opt().ok_or(Error::Reported(Errno::EINVAL))?;
        sys::bpf::obj_pin(fd, path).map_err(Error::Reported)?;
        crate::debug!("link fd={}: pinned at {path}", fd.as_raw_fd());
        self.pin_path = CString::new(path).ok();
        Ok(())
    }

    /// Removes the pin (`bpf_link__unpin`); failures only returned, as libbpf.
    pub fn unpin(&mut self) -> Result<()> {
        let Some(p) = self.pin_path.take() else {
            return Err(Error::Reported(Errno::EINVAL));
        };
        let path = p.to_string_lossy().into_owned();
        if let Err(e) = std::fs::remove_file(&path) {
            self.pin_path = Some(p);
            return Err(Error::Reported(Errno(crate::error::io_errno(
                &e,
                libc::EIO,
            ))));
        }
        crate::debug!("link fd={}: unpinned from {path}", self.raw_fd());
        Ok(())
    }

    /// Opens a link pinned at `path` (`bpf_link__open`).
    pub fn open(path: &str) -> Result<Link> {
        let fd = sys::bpf::obj_get(path, 0)
            .map_err(|e| Error::sys(format!("link: failed to open pinned link '{path}'"), e))?;
        let mut l = Link::new(LinkKind::Fd(fd));
        l.pin_path = CString::new(path).ok();
        Ok(l)
    }

    /// Swaps the program (or struct_ops map) behind a BPF link.
    pub fn update(&self, new_fd: BorrowedFd<'_>) -> Result<()> {
        let fd = self.bpf_link_fd("update")?;
        sys::link::link_update(fd, new_fd, None, 0)
            .map_err(|e| Error::sys("link: failed to update", e))
    }

    /// `bpf_link__detach`: as libbpf, `BPF_LINK_DETACH` on the fd the link
    /// shows, whatever the kind, and nothing else. The kernel refuses it
    /// for perf-event links (`-EOPNOTSUPP`) and for fds that are not BPF
    /// links (`-EINVAL`): the attachment then stays until destroy. A USDT
    /// group has no fd (libbpf's has 0, not a link): `-EINVAL` too.
    /// Silent, as libbpf: the errno is the answer.
    pub fn detach(&mut self) -> Result<()> {
        match self.fd_opt() {
            Some(fd) => sys::link::link_detach(fd).map_err(Error::Reported),
            None => Err(Error::Reported(Errno::EINVAL)),
        }
    }

    /// Detaches (unless disconnected) and releases the link.
    pub fn destroy(self) {
        if self.disconnected {
            // Leak the fds on purpose: the attachment must outlive us.
            std::mem::forget(self.kind);
            return;
        }
        teardown(self.kind);
    }
}

fn teardown(kind: LinkKind) {
    match kind {
        LinkKind::PerfEvent { pfd, link, legacy } => {
            if link.is_none() {
                let _ = sys::perf::disable(pfd.as_fd());
            }
            drop(link);
            drop(pfd);
            if let Some(p) = legacy {
                if let Err(e) = sys::probe::legacy_remove(p.kind, &p.name) {
                    crate::warn!("failed to remove legacy probe '{}': {e}", p.name);
                }
            }
        }
        LinkKind::Group { links, usdt } => {
            for l in links {
                l.destroy();
            }
            if let Some(r) = usdt {
                r.release();
            }
        }
        LinkKind::StructOps(map) => {
            if let Err(e) = sys::bpf::map_delete_elem(map.as_fd(), &0u32.to_ne_bytes(), 0) {
                crate::warn!("struct_ops: failed to unregister: {e}");
            }
        }
        LinkKind::Fd(_) => {}
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

fn bad_sec(prog: &Program) -> Error {
    Error::inval(format!(
        "prog '{}': invalid section name '{}' for auto-attach",
        prog.name, prog.sec_name
    ))
}

/// Whether the program's section has an attach form at all (libbpf: a
/// section definition with an attach function, or a custom handler).
pub fn can_auto_attach(prog: &Program) -> bool {
    prog.handler.is_some() || prog.sec_def.is_some_and(|d| d.auto != AutoAttach::None)
}

/// Attaches by section name (`bpf_program__attach`). `Ok(None)` means the
/// section has no auto-attach form (not an error for skeletons). `obj` is
/// the program's object (USDT takes its support maps from it).
pub fn auto_attach(prog: &Program, obj: &crate::object::Object) -> Result<Option<Link>> {
    if let Some(h) = &prog.handler {
        // A custom section handler attaches its own programs.
        return match h.hooks.attach(prog)? {
            None => Ok(None),
            Some(l) => l.downcast::<Link>().map(|l| Some(*l)).map_err(|_| {
                Error::inval(format!("prog '{}': custom attach made no link", prog.name))
            }),
        };
    }
    let Some(def) = prog.sec_def else {
        return Err(Error::NotSupported(format!(
            "prog '{}': no section definition to attach by",
            prog.name
        )));
    };
    let target = secdef::target(def, &prog.sec_name);
    let sec = def.sec.trim_end_matches('+');
    match def.auto {
        AutoAttach::None => Ok(None),
        AutoAttach::Tracepoint => {
            let Some(target) = target else {
                return Ok(None);
            };
            let (cat, name) = target.split_once('/').ok_or_else(|| bad_sec(prog))?;
            tracepoint::attach(prog, cat, name, 0).map(Some)
        }
        AutoAttach::RawTracepoint => {
            let Some(target) = target else {
                return Ok(None);
            };
            raw_tp::attach(prog, Some(target), 0).map(Some)
        }
        AutoAttach::Trace | AutoAttach::Lsm => trace::attach(prog, 0).map(Some),
        AutoAttach::Iter => trace::attach_iter(prog, None).map(Some),
        AutoAttach::Kprobe => {
            let Some(target) = target else {
                return Ok(None);
            };
            let (func, offset) = kprobe::parse_target(target).ok_or_else(|| bad_sec(prog))?;
            let opts = kprobe::KprobeOpts {
                retprobe: sec.starts_with("kretprobe"),
                offset,
                ..Default::default()
            };
            kprobe::attach(prog, &func, &opts).map(Some)
        }
        AutoAttach::Ksyscall => {
            let Some(target) = target else {
                return Ok(None);
            };
            kprobe::attach_ksyscall(prog, target, sec.starts_with("kretsyscall"), 0).map(Some)
        }
        AutoAttach::KprobeMulti => {
            let Some(target) = target else {
                return Ok(None);
            };
            let opts = multi::KprobeMultiOpts {
                retprobe: sec.starts_with("kretprobe"),
                ..Default::default()
            };
            multi::attach_kprobe_multi(prog, Some(target), &opts).map(Some)
        }
        AutoAttach::Uprobe => {
            let Some(target) = target else {
                return Ok(None);
            };
            uprobe::auto_attach(prog, target, sec.starts_with("uretprobe")).map(Some)
        }
        AutoAttach::UprobeMulti => {
            let Some(target) = target else {
                return Ok(None);
            };
            let (path, pattern) = target.rsplit_once(':').ok_or_else(|| bad_sec(prog))?;
            let opts = multi::UprobeMultiOpts {
                retprobe: sec.starts_with("uretprobe"),
                ..Default::default()
            };
            multi::attach_uprobe_multi(prog, -1, path, Some(pattern), &opts).map(Some)
        }
        AutoAttach::Usdt => {
            let Some(target) = target else {
                return Ok(None);
            };
            usdt::auto_attach(prog, obj, target).map(Some)
        }
    }
}
