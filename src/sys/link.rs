//! `bpf(2)` link commands: create (every attach type through one attr),
//! raw tracepoint open, update, detach, iterator instances, fd-by-id.

use super::bpf::sys_bpf;
use super::fd::own;
use crate::error::Errno;
use crate::uapi::link::*;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

fn fd_of(r: i64) -> Result<OwnedFd, Errno> {
    own(r as i32)
}

/// `BPF_LINK_CREATE` with a caller-filled attr.
pub fn link_create(attr: &mut LinkCreateAttr) -> Result<OwnedFd, Errno> {
    fd_of(sys_bpf(cmd::LINK_CREATE, attr)?)
}

/// `BPF_RAW_TRACEPOINT_OPEN`: `name` None attaches a BTF-typed program
/// (tp_btf/fentry/fexit/lsm) to the target it was loaded for.
pub fn raw_tracepoint_open(
    prog: BorrowedFd<'_>,
    name: Option<&std::ffi::CStr>,
    cookie: u64,
) -> Result<OwnedFd, Errno> {
    let mut attr = RawTpOpenAttr {
        name: name.map_or(0, |n| n.as_ptr() as u64),
        prog_fd: prog.as_raw_fd() as u32,
        _pad: 0,
        cookie,
    };
    fd_of(sys_bpf(cmd::RAW_TRACEPOINT_OPEN, &mut attr)?)
}

/// `BPF_LINK_UPDATE`: swaps the program (or struct_ops map) behind a link.
pub fn link_update(
    link: BorrowedFd<'_>,
    new_fd: BorrowedFd<'_>,
    old_fd: Option<BorrowedFd<'_>>,
    flags: u32,
) -> Result<(), Errno> {
    let mut attr = LinkUpdateAttr {
        link_fd: link.as_raw_fd() as u32,
        new_fd: new_fd.as_raw_fd() as u32,
        flags,
        old_fd: old_fd.map_or(0, |f| f.as_raw_fd() as u32),
    };
    sys_bpf(cmd::LINK_UPDATE, &mut attr).map(|_| ())
}

/// `BPF_LINK_DETACH`: ends the attachment, the link fd stays valid.
pub fn link_detach(link: BorrowedFd<'_>) -> Result<(), Errno> {
    let mut attr = LinkFdAttr {
        link_fd: link.as_raw_fd() as u32,
        flags: 0,
    };
    sys_bpf(cmd::LINK_DETACH, &mut attr).map(|_| ())
}

/// `BPF_ITER_CREATE`: a readable fd producing one pass of the iterator.
pub fn iter_create(link: BorrowedFd<'_>) -> Result<OwnedFd, Errno> {
    let mut attr = LinkFdAttr {
        link_fd: link.as_raw_fd() as u32,
        flags: 0,
    };
    fd_of(sys_bpf(cmd::ITER_CREATE, &mut attr)?)
}

/// `BPF_MAP_GET_FD_BY_ID`.
pub fn map_get_fd_by_id(id: u32) -> Result<OwnedFd, Errno> {
    let mut attr = GetFdByIdAttr {
        id,
        ..Default::default()
    };
    fd_of(sys_bpf(cmd::MAP_GET_FD_BY_ID, &mut attr)?)
}

/// Reads a little-endian u32 at `off` of an info buffer.
fn rd32(b: &[u8], off: usize) -> u32 {
    b.get(off..off + 4)
        .map_or(0, |s| u32::from_ne_bytes(s.try_into().unwrap_or_default()))
}

/// Kernel id of a program.
pub fn prog_id(prog: BorrowedFd<'_>) -> Result<u32, Errno> {
    let mut info = [0u8; 232];
    super::bpf::obj_get_info_by_fd(prog, &mut info)?;
    Ok(rd32(&info, 4))
}

/// Ids of the maps a loaded program uses (`bpf_prog_info.map_ids`).
pub fn prog_map_ids(prog: BorrowedFd<'_>) -> Result<Vec<u32>, Errno> {
    let mut ids = vec![0u32; 64];
    let mut info = [0u8; 232];
    info[52..56].copy_from_slice(&(ids.len() as u32).to_ne_bytes());
    info[56..64].copy_from_slice(&(ids.as_mut_ptr() as u64).to_ne_bytes());
    super::bpf::obj_get_info_by_fd(prog, &mut info)?;
    let n = (rd32(&info, 52) as usize).min(ids.len());
    ids.truncate(n);
    Ok(ids)
}

/// A map's kernel name (`bpf_map_info.name`, at most 15 bytes).
pub fn map_name(map: BorrowedFd<'_>) -> Result<String, Errno> {
    let mut info = [0u8; 96];
    super::bpf::obj_get_info_by_fd(map, &mut info)?;
    let name = &info[24..40];
    let end = name.iter().position(|&b| b == 0).unwrap_or(16);
    Ok(String::from_utf8_lossy(&name[..end]).into_owned())
}
