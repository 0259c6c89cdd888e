//! uprobes/uretprobes: a function (by name or offset) in an executable or
//! shared library, through the uprobe PMU or legacy `uprobe_events`.

use super::elfsym::{resolve_binary, ElfImage};
use super::perf_event::{attach_owned, PerfEventOpts};
use super::{prog_fd, LegacyProbe, Link};
use crate::error::{Errno, Error, Result};
use crate::object::Program;
use crate::sys;
use crate::sys::probe::Kind;
use std::ffi::CString;
use std::sync::atomic::{AtomicU32, Ordering};

/// `enum probe_attach_mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Default,
    Legacy,
    Perf,
    Link,
}

impl Mode {
    pub fn from_c(v: i32) -> Result<Mode> {
        Ok(match v {
            0 => Mode::Default,
            1 => Mode::Legacy,
            2 => Mode::Perf,
            3 => Mode::Link,
            _ => return Err(Error::inval(format!("invalid probe attach mode {v}"))),
        })
    }
}

#[derive(Clone, Debug, Default)]
pub struct UprobeOpts {
    pub ref_ctr_offset: u64,
    pub cookie: u64,
    pub retprobe: bool,
    pub func_name: Option<String>,
    pub mode: Mode,
}

/// Splits `name+0x10` into the name and the offset added to it; a bare
/// number is an offset with no name.
pub fn parse_func(spec: &str) -> Result<(Option<String>, u64)> {
    let num = |s: &str| -> Option<u64> {
        if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
            u64::from_str_radix(h, 16).ok()
        } else {
            s.parse().ok()
        }
    };
    if let Some(n) = num(spec) {
        return Ok((None, n));
    }
    match spec.split_once('+') {
        Some((name, off)) => {
            let off = num(off).ok_or_else(|| Error::inval(format!("bad offset in '{spec}'")))?;
            Ok((Some(name.to_string()), off))
        }
        None => Ok((Some(spec.to_string()), 0)),
    }
}

static LEGACY_SEQ: AtomicU32 = AtomicU32::new(0);

/// Attaches a uprobe at `func_offset` (plus the offset of `opts.func_name`,
/// when given) in `binary_path`; `pid` -1 means every process.
pub fn attach(
    prog: &Program,
    pid: i32,
    binary_path: &str,
    func_offset: u64,
    opts: &UprobeOpts,
) -> Result<Link> {
    prog_fd(prog)?;
    let path = resolve_binary(binary_path).map_err(|e| {
        crate::warn!(
            "prog '{}': failed to resolve full path for '{binary_path}': {}",
            prog.name,
            e.errno()
        );
        Error::Reported(e.errno())
    })?;
    let mut offset = func_offset;
    if let Some(f) = opts.func_name.as_deref().filter(|f| !f.is_empty()) {
        let (name, add) = parse_func(f)?;
        if let Some(name) = name {
            let img = ElfImage::read(&path)?;
            offset += img.func_offset(&name)?;
        }
        offset += add;
    }
    let path_s = path.to_string_lossy().into_owned();
    attach_at(prog, pid, &path_s, offset, opts)
}

/// Attaches at a resolved file offset of `path`.
pub fn attach_at(
    prog: &Program,
    pid: i32,
    path: &str,
    offset: u64,
    opts: &UprobeOpts,
) -> Result<Link> {
    let kind = if opts.retprobe { "uretprobe" } else { "uprobe" };
    let failed = |e: Errno| {
        crate::warn!(
            "prog '{}': failed to create {kind} '{path}:{offset:#x}' perf event: {e}",
            prog.name
        );
        if !sys::probe::pmu_exists(Kind::Uprobe) && !sys::probe::legacy_available(Kind::Uprobe) {
            crate::warn!(
                "prog '{}': this kernel has no uprobe support (no uprobe PMU at \
                 /sys/bus/event_source/devices/uprobe and no uprobe_events in tracefs; \
                 CONFIG_UPROBE_EVENTS is off)",
                prog.name
            );
        }
        Error::Reported(e)
    };
    let pe = PerfEventOpts {
        cookie: opts.cookie,
        force_ioctl: opts.mode == Mode::Perf,
        dont_enable: false,
    };
    let attached = |e: Error| {
        let e = e.reported();
        crate::warn!(
            "prog '{}': failed to attach to {kind} '{path}:{offset:#x}': {e}",
            prog.name
        );
        e
    };
    let legacy = opts.mode == Mode::Legacy
        || (opts.mode == Mode::Default && sys::probe::pmu_type(Kind::Uprobe).is_err());
    if opts.mode == Mode::Link && legacy {
        return Err(failed(Errno::ENOTSUP));
    }
    if !legacy {
        let cpath = CString::new(path).map_err(|_| Error::inval("binary path has a NUL"))?;
        let pfd = sys::probe::uprobe_open(opts.retprobe, &cpath, offset, opts.ref_ctr_offset, pid)
            .map_err(failed)?;
        return attach_owned(prog, pfd, &pe, None).map_err(attached);
    }
    let base: String = std::path::Path::new(path)
        .file_name()
        .map(|b| b.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let name = format!(
        "libbpf_{}_{base}_0x{offset:x}_{}",
        std::process::id(),
        LEGACY_SEQ.fetch_add(1, Ordering::Relaxed)
    );
    let mut target = format!("{path}:0x{offset:x}");
    if opts.ref_ctr_offset != 0 {
        target.push_str(&format!("(0x{:x})", opts.ref_ctr_offset));
    }
    sys::probe::legacy_add(Kind::Uprobe, opts.retprobe, &name, &target).map_err(|e| {
        crate::warn!("failed to add legacy uprobe event for {path}:{offset:#x}: {e}");
        failed(e)
    })?;
    let guard = LegacyProbe {
        kind: Kind::Uprobe,
        name: name.clone(),
    };
    let opened = match sys::tracefs::tracepoint_id("uprobes", &name) {
        Ok(id) => sys::perf::tracepoint_open_pid(id, pid).map_err(|e| {
            crate::warn!("legacy uprobe perf_event_open() failed: {e}");
            failed(e)
        }),
        Err(e) => {
            crate::warn!(
                "failed to determine legacy uprobe event id for {path}:{offset:#x}: {}",
                e.errno()
            );
            Err(failed(e.errno()))
        }
    };
    match opened {
        Ok(pfd) => attach_owned(prog, pfd, &pe, Some(guard)).map_err(attached),
        Err(e) => {
            let _ = sys::probe::legacy_remove(Kind::Uprobe, &name);
            Err(e)
        }
    }
}

/// `uprobe/<binary>:<func>[+off]` auto-attach (e.g. `uprobe//proc/self/exe:f`).
pub fn auto_attach(prog: &Program, target: &str, retprobe: bool) -> Result<Link> {
    let (binary, func) = target.split_once(':').ok_or_else(|| {
        Error::inval(format!(
            "prog '{}': invalid uprobe section '{}': expected uprobe/binary:function",
            prog.name, prog.sec_name
        ))
    })?;
    let (name, off) = parse_func(func)?;
    let opts = UprobeOpts {
        retprobe,
        func_name: name,
        ..Default::default()
    };
    attach(prog, -1, binary, off, &opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn func_specs() {
        assert_eq!(parse_func("main").unwrap(), (Some("main".into()), 0));
        assert_eq!(parse_func("f+0x10").unwrap(), (Some("f".into()), 16));
        assert_eq!(parse_func("0x400").unwrap(), (None, 0x400));
        assert!(parse_func("f+zz").is_err());
    }
}
