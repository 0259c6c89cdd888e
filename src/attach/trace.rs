//! BTF-attached programs: tp_btf/fentry/fexit/fmod_ret, LSM and iterators.
//! Their target was fixed at load (attach BTF id); attaching creates the link.

use super::{prog_fd, Link, LinkKind};
use crate::error::{Error, Result};
use crate::object::Program;
use crate::sys;
use crate::uapi::link::{attach_type, LinkCreateAttr};
use std::os::fd::AsRawFd;

/// Attaches a tp_btf/fentry/fexit/fmod_ret/LSM program with an optional cookie:
/// `BPF_LINK_CREATE`, falling back to `BPF_RAW_TRACEPOINT_OPEN` (no cookie) on
/// kernels without tracing links.
pub fn attach(prog: &Program, cookie: u64) -> Result<Link> {
    let fd = prog_fd(prog)?;
    let mut attr = LinkCreateAttr {
        prog_fd: fd.as_raw_fd() as u32,
        attach_type: prog.expected_attach_type,
        ..Default::default()
    };
    attr.set_u64(8, cookie);
    let res = match sys::link::link_create(&mut attr) {
        Err(e) if e == crate::Errno::EINVAL && cookie == 0 => {
            sys::link::raw_tracepoint_open(fd, None, 0)
        }
        other => other,
    };
    let link = res.map_err(|e| {
        Error::sys(
            format!("prog '{}': failed to attach '{}'", prog.name, prog.sec_name),
            e,
        )
    })?;
    Ok(Link::new(LinkKind::Fd(link)))
}

/// Attaches an iterator (`bpf_program__attach_iter`); `link_info` is the raw
/// `union bpf_iter_link_info` (map fd, cgroup or task selection) when given.
pub fn attach_iter(prog: &Program, link_info: Option<&[u8]>) -> Result<Link> {
    let fd = prog_fd(prog)?;
    let mut attr = LinkCreateAttr {
        prog_fd: fd.as_raw_fd() as u32,
        attach_type: attach_type::TRACE_ITER,
        ..Default::default()
    };
    if let Some(info) = link_info.filter(|i| !i.is_empty()) {
        attr.set_u64(0, info.as_ptr() as u64);
        attr.set_u32(8, info.len() as u32);
    }
    let link = sys::link::link_create(&mut attr).map_err(|e| {
        Error::sys(
            format!("prog '{}': failed to attach to iterator", prog.name),
            e,
        )
    })?;
    Ok(Link::new(LinkKind::Fd(link)))
}
