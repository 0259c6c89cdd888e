//! Tracepoints: a perf event of type TRACEPOINT carrying the program.

use super::perf_event::{attach_owned, PerfEventOpts};
use super::{prog_fd, Link};
use crate::error::{Error, Result};
use crate::object::Program;
use crate::sys;

/// Attaches `prog` to tracepoint `category:name`, with an optional BPF cookie.
pub fn attach(prog: &Program, category: &str, name: &str, cookie: u64) -> Result<Link> {
    prog_fd(prog)?;
    let id = sys::tracefs::tracepoint_id(category, name)
        .map_err(|e| Error::other(e.errno(), format!("prog '{}': {e}", prog.name)))?;
    let pfd = sys::perf::tracepoint_open(id).map_err(|e| {
        Error::sys(
            format!(
                "prog '{}': tracepoint '{category}/{name}' perf_event_open() failed",
                prog.name
            ),
            e,
        )
    })?;
    let opts = PerfEventOpts {
        cookie,
        ..Default::default()
    };
    attach_owned(prog, pfd, &opts, None)
}
