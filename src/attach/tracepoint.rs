//! Tracepoints: a perf event of type TRACEPOINT carrying the program.

use super::perf_event::{attach_owned, PerfEventOpts};
use super::{prog_fd, Link};
use crate::error::{Errno, Error, Result};
use crate::object::Program;
use crate::sys;

/// Attaches `prog` to tracepoint `category:name`, with an optional BPF cookie.
pub fn attach(prog: &Program, category: &str, name: &str, cookie: u64) -> Result<Link> {
    prog_fd(prog)?;
    let failed = |e: Errno| {
        crate::warn!(
            "prog '{}': failed to create tracepoint '{category}/{name}' perf event: {e}",
            prog.name
        );
        if e == Errno::ENOENT {
            explain_missing(prog, category, name);
        }
        Error::Reported(e)
    };
    let id = sys::tracefs::tracepoint_id(category, name).map_err(|e| {
        let e = e.errno();
        crate::warn!("failed to determine tracepoint '{category}/{name}' perf event ID: {e}");
        failed(e)
    })?;
    let pfd = sys::perf::tracepoint_open(id).map_err(|e| {
        crate::warn!("tracepoint '{category}/{name}' perf_event_open() failed: {e}");
        failed(e)
    })?;
    let opts = PerfEventOpts {
        cookie,
        ..Default::default()
    };
    attach_owned(prog, pfd, &opts, None).map_err(|e| {
        let e = e.reported();
        crate::warn!(
            "prog '{}': failed to attach to tracepoint '{category}/{name}': {e}",
            prog.name
        );
        e
    })
}

/// Says in words what is missing when a tracepoint has no id (libbpf only
/// prints the errno): tracefs itself, the category, or the tracepoint.
fn explain_missing(prog: &Program, category: &str, name: &str) {
    let root = sys::tracefs::root();
    let events = root.join("events");
    let why = if !events.exists() {
        "tracefs is not mounted (no events/ in /sys/kernel/tracing or \
         /sys/kernel/debug/tracing): mount -t tracefs nodev /sys/kernel/tracing"
            .to_string()
    } else if !events.join(category).exists() {
        format!(
            "this kernel has no tracepoint category '{category}' ({} does not exist)",
            events.join(category).display()
        )
    } else {
        format!(
            "this kernel has no tracepoint '{category}/{name}' ({} does not exist)",
            events.join(category).join(name).display()
        )
    };
    crate::warn!("prog '{}': {why}", prog.name);
}
