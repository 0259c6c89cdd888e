//! Raw tracepoints: `BPF_RAW_TRACEPOINT_OPEN` by tracepoint name.

use super::{prog_fd, Link, LinkKind};
use crate::error::{Error, Result};
use crate::object::Program;
use crate::sys;
use std::ffi::CString;

/// Attaches `prog` to raw tracepoint `name` with a BPF cookie.
pub fn attach(prog: &Program, name: &str, cookie: u64) -> Result<Link> {
    let fd = prog_fd(prog)?;
    let c = CString::new(name)
        .map_err(|_| Error::inval(format!("prog '{}': bad raw tracepoint name", prog.name)))?;
    let link = sys::link::raw_tracepoint_open(fd, Some(&c), cookie).map_err(|e| {
        Error::sys(
            format!(
                "prog '{}': failed to attach to raw tracepoint '{name}'",
                prog.name
            ),
            e,
        )
    })?;
    Ok(Link::new(LinkKind::Fd(link)))
}
