//! Raw tracepoints: `BPF_RAW_TRACEPOINT_OPEN` by tracepoint name.

use super::{prog_fd, Link, LinkKind};
use crate::error::{Error, Result};
use crate::object::Program;
use crate::sys;
use std::ffi::CString;

/// Attaches `prog` to raw tracepoint `name` with a BPF cookie. Without a
/// name (libbpf passes NULL through) the kernel attaches a BTF-typed
/// program (`tp_btf/...`) to the tracepoint its attach BTF id names.
pub fn attach(prog: &Program, name: Option<&str>, cookie: u64) -> Result<Link> {
    let fd = prog_fd(prog)?;
    let c = name
        .map(CString::new)
        .transpose()
        .map_err(|_| Error::inval(format!("prog '{}': bad raw tracepoint name", prog.name)))?;
    let link = sys::link::raw_tracepoint_open(fd, c.as_deref(), cookie).map_err(|e| {
        Error::sys(
            format!(
                "prog '{}': failed to attach to raw tracepoint '{}'",
                prog.name,
                name.unwrap_or("(null)")
            ),
            e,
        )
    })?;
    Ok(Link::new(LinkKind::Fd(link)))
}
