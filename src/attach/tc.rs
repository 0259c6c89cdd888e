//! TC clsact hooks and BPF filters (`bpf_tc_*`) and XDP over netlink (`bpf_xdp_*`).

use crate::error::{Errno, Error, Result};
use crate::sys::netlink::{self as nl, TC_H_CLSACT, TC_H_MIN_EGRESS, TC_H_MIN_INGRESS};

pub const INGRESS: i32 = 1;
pub const EGRESS: i32 = 2;
pub const CUSTOM: i32 = 4;

/// A `struct bpf_tc_hook` after validation.
#[derive(Clone, Copy, Debug)]
pub struct Hook {
    pub ifindex: i32,
    pub attach_point: i32,
    pub parent: u32,
}

fn check_ifindex(ifindex: i32) -> Result<()> {
    if ifindex <= 0 {
        return Err(Error::inval(format!("tc: invalid ifindex {ifindex}")));
    }
    Ok(())
}

/// The filter parent a hook names.
fn parent(h: &Hook) -> Result<u32> {
    match h.attach_point {
        INGRESS if h.parent == 0 => Ok((TC_H_CLSACT & 0xFFFF_0000) | TC_H_MIN_INGRESS),
        EGRESS if h.parent == 0 => Ok((TC_H_CLSACT & 0xFFFF_0000) | TC_H_MIN_EGRESS),
        CUSTOM if h.parent != 0 => Ok(h.parent),
        _ => Err(Error::inval(format!(
            "tc: invalid attach point {} / parent {:#x}",
            h.attach_point, h.parent
        ))),
    }
}

/// Creates the clsact qdisc (`-EEXIST` if there is one already).
pub fn hook_create(h: &Hook) -> Result<()> {
    check_ifindex(h.ifindex)?;
    if h.attach_point & (INGRESS | EGRESS) == 0 || h.attach_point & CUSTOM != 0 {
        return Err(Error::inval(
            "tc: hook_create needs BPF_TC_INGRESS and/or BPF_TC_EGRESS",
        ));
    }
    nl::qdisc(
        true,
        h.ifindex,
        TC_H_CLSACT,
        TC_H_CLSACT & 0xFFFF_0000,
        "clsact",
    )
    .map_err(|e| {
        if e == Errno::EEXIST {
            Error::other(
                e,
                format!("tc: clsact qdisc already exists on ifindex {}", h.ifindex),
            )
        } else {
            Error::sys(
                format!("tc: failed to create clsact qdisc on ifindex {}", h.ifindex),
                e,
            )
        }
    })
}

/// Both directions: removes the qdisc; one direction: flushes its filters.
pub fn hook_destroy(h: &Hook) -> Result<()> {
    check_ifindex(h.ifindex)?;
    match h.attach_point {
        a if a == INGRESS | EGRESS => nl::qdisc(
            false,
            h.ifindex,
            TC_H_CLSACT,
            TC_H_CLSACT & 0xFFFF_0000,
            "clsact",
        )
        .map_err(|e| Error::sys("tc: failed to delete clsact qdisc", e)),
        INGRESS | EGRESS => nl::tc_filter_del(h.ifindex, parent(h)?, 0, 0)
            .map_err(|e| Error::sys("tc: failed to flush filters", e)),
        _ => Err(Error::other(
            Errno::ENOTSUP,
            "tc: hook_destroy supports BPF_TC_INGRESS and/or BPF_TC_EGRESS only",
        )),
    }
}

/// A `struct bpf_tc_opts` after validation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Filter {
    pub prog_fd: i32,
    pub flags: u32,
    pub prog_id: u32,
    pub handle: u32,
    pub priority: u32,
}

const REPLACE: u32 = 1;

pub fn attach(h: &Hook, f: &Filter) -> Result<nl::TcFilter> {
    check_ifindex(h.ifindex)?;
    if f.prog_fd <= 0 || f.prog_id != 0 || f.flags & !REPLACE != 0 || f.priority > 0xFFFF {
        return Err(Error::inval("tc: invalid bpf_tc_opts for attach"));
    }
    if f.flags & REPLACE != 0 && (f.handle == 0 || f.priority == 0) {
        return Err(Error::inval(
            "tc: BPF_TC_F_REPLACE needs handle and priority",
        ));
    }
    let id = crate::sys::fd::dup(f.prog_fd)
        .and_then(|fd| {
            use std::os::fd::AsFd;
            crate::sys::link::prog_id(fd.as_fd())
        })
        .map_err(|e| Error::sys("tc: bad prog_fd", e))?;
    let name = format!("oxbpf_tc:[{id}]");
    nl::tc_filter_add(
        h.ifindex,
        parent(h)?,
        f.handle,
        f.priority,
        f.prog_fd,
        &name,
        f.flags & REPLACE != 0,
    )
    .map_err(|e| {
        Error::sys(
            format!("tc: failed to attach filter on ifindex {}", h.ifindex),
            e,
        )
    })
}

pub fn detach(h: &Hook, f: &Filter) -> Result<()> {
    check_ifindex(h.ifindex)?;
    if f.handle == 0 || f.priority == 0 || f.prog_fd != 0 || f.prog_id != 0 || f.flags != 0 {
        return Err(Error::inval("tc: detach needs handle and priority only"));
    }
    nl::tc_filter_del(h.ifindex, parent(h)?, f.handle, f.priority)
        .map_err(|e| Error::sys("tc: failed to detach filter", e))
}

pub fn query(h: &Hook, f: &Filter) -> Result<nl::TcFilter> {
    check_ifindex(h.ifindex)?;
    if f.handle == 0 || f.priority == 0 || f.prog_fd != 0 || f.prog_id != 0 || f.flags != 0 {
        return Err(Error::inval("tc: query needs handle and priority only"));
    }
    nl::tc_filter_get(h.ifindex, parent(h)?, f.handle, f.priority).map_err(|e| {
        if e == Errno::ENOENT {
            Error::NotFound("tc: no such filter".into())
        } else {
            Error::sys("tc: query failed", e)
        }
    })
}
