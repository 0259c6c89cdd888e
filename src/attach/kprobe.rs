//! kprobes/kretprobes on kernel functions (kprobe PMU, else legacy
//! `kprobe_events`) and ksyscall (a kprobe on the arch's syscall entry).
//! Kernels built without `CONFIG_KPROBES` have neither: that is reported as such.

use super::perf_event::{attach_owned, PerfEventOpts};
use super::uprobe::Mode;
use super::{prog_fd, LegacyProbe, Link};
use crate::error::{Errno, Error, Result};
use crate::object::Program;
use crate::sys;
use crate::sys::probe::Kind;
use std::ffi::CString;
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Clone, Copy, Debug, Default)]
pub struct KprobeOpts {
    pub cookie: u64,
    pub offset: u64,
    pub retprobe: bool,
    pub mode: Mode,
}

/// `func` or `func+off` of a `kprobe/` section.
pub fn parse_target(t: &str) -> Option<(String, u64)> {
    match t.split_once('+') {
        None => Some((t.to_string(), 0)),
        Some((f, off)) => {
            let off = match off.strip_prefix("0x") {
                Some(h) => u64::from_str_radix(h, 16).ok()?,
                None => off.parse().ok()?,
            };
            Some((f.to_string(), off))
        }
    }
}

static LEGACY_SEQ: AtomicU32 = AtomicU32::new(0);

/// Says in words why a kprobe could not be created, when the reason is
/// that this kernel has no kprobes at all (libbpf only prints the errno).
fn explain_missing(prog: &Program) {
    if !sys::probe::pmu_exists(Kind::Kprobe) && !sys::probe::legacy_available(Kind::Kprobe) {
        crate::warn!(
            "prog '{}': this kernel has no kprobe support (no kprobe PMU at \
             /sys/bus/event_source/devices/kprobe and no kprobe_events in tracefs; \
             CONFIG_KPROBES is off)",
            prog.name
        );
    }
}

/// Attaches a k(ret)probe to `func` (+`opts.offset`).
pub fn attach(prog: &Program, func: &str, opts: &KprobeOpts) -> Result<Link> {
    prog_fd(prog)?;
    if func.is_empty() {
        return Err(Error::inval(format!(
            "prog '{}': kprobe needs a function name",
            prog.name
        )));
    }
    let pmu = sys::probe::pmu_type(Kind::Kprobe).is_ok();
    let legacy = match opts.mode {
        Mode::Legacy => true,
        Mode::Default => !pmu,
        Mode::Perf | Mode::Link => false,
    };
    let kind = if opts.retprobe { "kretprobe" } else { "kprobe" };
    let failed = |e: Errno| {
        crate::warn!(
            "prog '{}': failed to create {kind} '{func}+{:#x}' perf event: {e}",
            prog.name,
            opts.offset
        );
        explain_missing(prog);
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
            "prog '{}': failed to attach to {kind} '{func}+{:#x}': {e}",
            prog.name,
            opts.offset
        );
        e
    };
    if !legacy {
        let c = CString::new(func).map_err(|_| Error::inval("function name has a NUL"))?;
        let pfd = sys::probe::kprobe_open(opts.retprobe, &c, opts.offset).map_err(failed)?;
        return attach_owned(prog, pfd, &pe, None).map_err(attached);
    }
    let name = format!(
        "libbpf_{}_{}_0x{:x}_{}",
        std::process::id(),
        func.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        opts.offset,
        LEGACY_SEQ.fetch_add(1, Ordering::Relaxed)
    );
    let target = format!("{func}+{}", opts.offset);
    sys::probe::legacy_add(Kind::Kprobe, opts.retprobe, &name, &target).map_err(|e| {
        crate::warn!(
            "failed to add legacy kprobe event for '{func}+{:#x}': {e}",
            opts.offset
        );
        failed(e)
    })?;
    let opened = match sys::tracefs::tracepoint_id("kprobes", &name) {
        Ok(id) => sys::perf::tracepoint_open(id).map_err(|e| {
            crate::warn!("legacy kprobe perf_event_open() failed: {e}");
            failed(e)
        }),
        Err(e) => {
            crate::warn!(
                "failed to determine legacy kprobe event id for '{func}+{:#x}': {}",
                opts.offset,
                e.errno()
            );
            Err(failed(e.errno()))
        }
    };
    match opened {
        Ok(pfd) => attach_owned(
            prog,
            pfd,
            &pe,
            Some(LegacyProbe {
                kind: Kind::Kprobe,
                name,
            }),
        )
        .map_err(attached),
        Err(e) => {
            let _ = sys::probe::legacy_remove(Kind::Kprobe, &name);
            Err(e)
        }
    }
}

/// The kernel function behind syscall `name` on this architecture: the
/// arch wrapper where the kernel has one (libbpf's FEAT_SYSCALL_WRAPPER),
/// else `__se_sys_<name>`, as libbpf.
pub fn syscall_func(name: &str) -> String {
    if !crate::sys::probes::syscall_wrapper() {
        return format!("__se_sys_{name}");
    }
    let prefix = if cfg!(target_arch = "x86_64") {
        "__x64_sys_"
    } else if cfg!(target_arch = "aarch64") {
        "__arm64_sys_"
    } else if cfg!(target_arch = "s390x") {
        "__s390x_sys_"
    } else if cfg!(target_arch = "riscv64") {
        "__riscv_sys_"
    } else {
        "sys_"
    };
    format!("{prefix}{name}")
}

/// Attaches to syscall `name`'s entry (or return).
pub fn attach_ksyscall(prog: &Program, name: &str, retprobe: bool, cookie: u64) -> Result<Link> {
    let opts = KprobeOpts {
        cookie,
        retprobe,
        ..Default::default()
    };
    attach(prog, &syscall_func(name), &opts)
}
