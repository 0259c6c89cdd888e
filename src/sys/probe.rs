//! k/uprobe perf events: the dynamic PMUs under
//! `/sys/bus/event_source/devices/{kprobe,uprobe}`, and the legacy tracefs
//! `{k,u}probe_events` files for kernels without them.

use super::perf::event_open;
use crate::error::Errno;
use crate::uapi::perf::perf_event_attr;
use std::ffi::CStr;
use std::io::Write;
use std::os::fd::OwnedFd;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Kprobe,
    Uprobe,
}

impl Kind {
    fn pmu(self) -> &'static str {
        match self {
            Kind::Kprobe => "kprobe",
            Kind::Uprobe => "uprobe",
        }
    }
}

fn io_errno(e: std::io::Error) -> Errno {
    Errno(crate::error::io_errno(&e, libc::ENOENT))
}

/// The PMU's dynamic perf type.
pub fn pmu_type(kind: Kind) -> Result<u32, Errno> {
    let p = format!("/sys/bus/event_source/devices/{}/type", kind.pmu());
    let t = std::fs::read_to_string(&p).map_err(|e| {
        let e = io_errno(e);
        crate::debug!("failed to open '{p}': {e}");
        e
    })?;
    t.trim().parse().map_err(|_| Errno::EINVAL)
}

/// Whether the PMU exists (no line logged: for explaining a failure).
pub fn pmu_exists(kind: Kind) -> bool {
    std::path::Path::new(&format!(
        "/sys/bus/event_source/devices/{}/type",
        kind.pmu()
    ))
    .exists()
}

/// The `config` bit that makes a return probe (`format/retprobe` says `config:N`).
fn retprobe_bit(kind: Kind) -> Result<u32, Errno> {
    let p = format!(
        "/sys/bus/event_source/devices/{}/format/retprobe",
        kind.pmu()
    );
    let t = std::fs::read_to_string(p).map_err(io_errno)?;
    t.trim()
        .strip_prefix("config:")
        .and_then(|b| b.parse().ok())
        .ok_or(Errno::EINVAL)
}

/// `PERF_UPROBE_REF_CTR_OFFSET_SHIFT`: the semaphore offset goes in `config`'s top half.
const REF_CTR_SHIFT: u32 = 32;

/// Opens a uprobe through the uprobe PMU: `pid` -1 means every process.
pub fn uprobe_open(
    retprobe: bool,
    path: &CStr,
    offset: u64,
    ref_ctr_offset: u64,
    pid: i32,
) -> Result<OwnedFd, Errno> {
    let mut attr = perf_event_attr {
        type_: pmu_type(Kind::Uprobe)?,
        config1: path.as_ptr() as u64,
        config2: offset,
        config: ref_ctr_offset << REF_CTR_SHIFT,
        ..Default::default()
    };
    if retprobe {
        attr.config |= 1 << retprobe_bit(Kind::Uprobe)?;
    }
    let (pid, cpu) = if pid < 0 { (-1, 0) } else { (pid, -1) };
    event_open(&attr, pid, cpu, -1)
}

/// Opens a kprobe through the kprobe PMU on `func+offset`.
pub fn kprobe_open(retprobe: bool, func: &CStr, offset: u64) -> Result<OwnedFd, Errno> {
    let mut attr = perf_event_attr {
        type_: pmu_type(Kind::Kprobe)?,
        config1: func.as_ptr() as u64,
        config2: offset,
        ..Default::default()
    };
    if retprobe {
        attr.config |= 1 << retprobe_bit(Kind::Kprobe)?;
    }
    event_open(&attr, -1, 0, -1)
}

fn events_file(kind: Kind) -> std::path::PathBuf {
    super::tracefs::root().join(format!("{}_events", kind.pmu()))
}

/// Whether the legacy `{k,u}probe_events` file exists.
pub fn legacy_available(kind: Kind) -> bool {
    events_file(kind).exists()
}

fn append(kind: Kind, line: &str) -> Result<(), Errno> {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(events_file(kind))
        .map_err(io_errno)?;
    f.write_all(line.as_bytes()).map_err(io_errno)
}

/// Adds legacy probe `<group>/<name>` (group `kprobes`/`uprobes`) on `target`
/// (`func+off` or `path:0xoff`).
pub fn legacy_add(kind: Kind, retprobe: bool, name: &str, target: &str) -> Result<(), Errno> {
    let group = format!("{}s", kind.pmu());
    let line = format!(
        "{}:{group}/{name} {target}\n",
        if retprobe { 'r' } else { 'p' }
    );
    append(kind, &line)
}

/// Removes legacy probe `<group>/<name>`.
pub fn legacy_remove(kind: Kind, name: &str) -> Result<(), Errno> {
    append(kind, &format!("-:{}s/{name}\n", kind.pmu()))
}
