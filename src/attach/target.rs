//! Links to a target object: cgroup, network namespace, sockmap, XDP and
//! tcx/netkit on an interface, netfilter hooks, freplace.

use super::{prog_fd, Link, LinkKind};
use crate::error::{Error, Result};
use crate::object::Program;
use crate::sys;
use crate::uapi::link::{attach_type, LinkCreateAttr};
use std::os::fd::AsRawFd;

/// `BPF_F_ID`: `relative_id` is an id, not an fd.
const BPF_F_ID: u32 = 1 << 5;

/// Position of a new program among the existing ones (mprog API: cgroup, tcx, netkit).
#[derive(Clone, Copy, Debug, Default)]
pub struct RelativeOpts {
    pub flags: u32,
    pub relative_fd: u32,
    pub relative_id: u32,
    pub expected_revision: u64,
}

fn create(
    prog: &Program,
    what: &str,
    target: u32,
    at: u32,
    fill: impl FnOnce(&mut LinkCreateAttr) -> Result<()>,
) -> Result<Link> {
    let fd = prog_fd(prog)?;
    let mut attr = LinkCreateAttr {
        prog_fd: fd.as_raw_fd() as u32,
        target_fd: target,
        attach_type: at,
        ..Default::default()
    };
    fill(&mut attr)?;
    let link = sys::link::link_create(&mut attr).map_err(|e| {
        Error::sys(
            format!("prog '{}': failed to attach to {what}", prog.name),
            e,
        )
    })?;
    Ok(Link::new(LinkKind::Fd(link)))
}

fn relative(prog: &Program, attr: &mut LinkCreateAttr, o: &RelativeOpts) -> Result<()> {
    let mut flags = o.flags;
    let rel = if o.relative_id != 0 {
        if o.relative_fd != 0 {
            return Err(Error::inval(format!(
                "prog '{}': relative_fd and relative_id cannot be set at the same time",
                prog.name
            )));
        }
        flags |= BPF_F_ID;
        o.relative_id
    } else {
        o.relative_fd
    };
    attr.flags = flags;
    attr.set_u32(0, rel);
    attr.set_u64(8, o.expected_revision);
    Ok(())
}

pub fn cgroup(prog: &Program, cgroup_fd: i32, o: &RelativeOpts) -> Result<Link> {
    create(
        prog,
        "cgroup",
        cgroup_fd as u32,
        prog.expected_attach_type,
        |a| relative(prog, a, o),
    )
}

pub fn netns(prog: &Program, netns_fd: i32) -> Result<Link> {
    create(
        prog,
        "netns",
        netns_fd as u32,
        prog.expected_attach_type,
        |_| Ok(()),
    )
}

pub fn sockmap(prog: &Program, map_fd: i32) -> Result<Link> {
    create(
        prog,
        "sockmap",
        map_fd as u32,
        prog.expected_attach_type,
        |_| Ok(()),
    )
}

pub fn xdp(prog: &Program, ifindex: i32) -> Result<Link> {
    create(prog, "xdp", ifindex as u32, attach_type::XDP, |_| Ok(()))
}

pub fn tcx(prog: &Program, ifindex: i32, o: &RelativeOpts) -> Result<Link> {
    if ifindex <= 0 {
        return Err(Error::inval(format!(
            "prog '{}': target netdevice ifindex cannot be zero",
            prog.name
        )));
    }
    create(
        prog,
        "tcx",
        ifindex as u32,
        prog.expected_attach_type,
        |a| relative(prog, a, o),
    )
}

pub fn netkit(prog: &Program, ifindex: i32, o: &RelativeOpts) -> Result<Link> {
    if ifindex <= 0 {
        return Err(Error::inval(format!(
            "prog '{}': target netdevice ifindex cannot be zero",
            prog.name
        )));
    }
    create(
        prog,
        "netkit",
        ifindex as u32,
        prog.expected_attach_type,
        |a| relative(prog, a, o),
    )
}

#[derive(Clone, Copy, Debug, Default)]
pub struct NetfilterOpts {
    pub pf: u32,
    pub hooknum: u32,
    pub priority: i32,
    pub flags: u32,
}

pub fn netfilter(prog: &Program, o: &NetfilterOpts) -> Result<Link> {
    create(prog, "netfilter", 0, attach_type::NETFILTER, |a| {
        a.set_u32(0, o.pf);
        a.set_u32(4, o.hooknum);
        a.set_u32(8, o.priority as u32);
        a.set_u32(12, o.flags);
        Ok(())
    })
}

/// freplace: with no target, links to the target chosen at load; with a
/// target program and function, resolves that FUNC in the target's BTF and
/// links there (`target_btf_id`).
pub fn freplace(prog: &Program, target_fd: i32, func: Option<&str>) -> Result<Link> {
    if (target_fd != 0) != func.is_some() {
        return Err(Error::inval(format!(
            "prog '{}': supply none or both of target_fd and attach_func_name",
            prog.name
        )));
    }
    if prog.prog_type != crate::uapi::bpf::prog_type::EXT {
        return Err(Error::inval(format!(
            "prog '{}': only BPF_PROG_TYPE_EXT can attach as freplace",
            prog.name
        )));
    }
    let Some(func) = func else {
        return super::trace::attach(prog, 0);
    };
    let btf_id = crate::object::btf_id::resolve_in_prog(&prog.name, target_fd, func)?;
    create(
        prog,
        "freplace",
        target_fd as u32,
        prog.expected_attach_type,
        |a| {
            // link_create.target_btf_id: first word of the attach-kind union.
            a.set_u32(0, btf_id);
            Ok(())
        },
    )
}
