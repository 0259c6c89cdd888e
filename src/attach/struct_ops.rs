//! Registering a struct_ops map (`bpf_map__attach_struct_ops`): its kernel
//! value (program fds in the function pointers) is written into the map's one
//! element; `.struct_ops.link` maps (`BPF_F_LINK`) are then registered
//! through a BPF link, plain `.struct_ops` maps by the update itself.

use super::{Link, LinkKind};
use crate::elf::struct_ops::BPF_F_LINK;
use crate::error::{Errno, Error, Result};
use crate::object::Map;
use crate::sys;
use crate::uapi::bpf::map_type;
use crate::uapi::link::{attach_type, LinkCreateAttr};
use std::os::fd::{AsFd, AsRawFd};

pub fn attach(m: &Map) -> Result<Link> {
    if m.def.map_type != map_type::STRUCT_OPS {
        return Err(Error::inval(format!(
            "map '{}': can't attach non-struct_ops map",
            m.name
        )));
    }
    let fd = m.fd().ok_or_else(|| {
        Error::inval(format!(
            "map '{}': can't attach BPF map without FD (was it created?)",
            m.name
        ))
    })?;
    let kv = m
        .st_ops
        .as_ref()
        .and_then(|s| s.kern.as_ref())
        .ok_or_else(|| Error::inval(format!("map '{}': struct_ops value not prepared", m.name)))?;
    let link = m.def.map_flags & BPF_F_LINK != 0;
    match sys::bpf::map_update_elem(fd, &0u32.to_ne_bytes(), &kv.value, 0) {
        Ok(()) => {}
        // A link map's value is set once; a second registration reuses it.
        Err(e) if link && e == Errno::EBUSY => {}
        Err(e) => {
            return Err(Error::sys(
                format!("map '{}': failed to register struct_ops", m.name),
                e,
            ))
        }
    }
    if !link {
        let own = sys::fd::dup(fd.as_raw_fd()).map_err(|e| Error::sys("dup", e))?;
        return Ok(Link::new(LinkKind::StructOps(own)));
    }
    let mut attr = LinkCreateAttr {
        prog_fd: fd.as_raw_fd() as u32,
        attach_type: attach_type::STRUCT_OPS,
        ..Default::default()
    };
    let lfd = sys::link::link_create(&mut attr).map_err(|e| {
        Error::sys(
            format!("map '{}': failed to create struct_ops link", m.name),
            e,
        )
    })?;
    crate::debug!(
        "map '{}': struct_ops link fd={}",
        m.name,
        lfd.as_fd().as_raw_fd()
    );
    Ok(Link::new(LinkKind::Fd(lfd)))
}
