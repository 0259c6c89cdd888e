//! Attach-BTF ids of tracing, LSM and iterator programs, looked up in the
//! kernel's vmlinux BTF (`/sys/kernel/btf/vmlinux`).
//!
//! A minimal resolver kept local to attach: the BTF/CO-RE layer will own the
//! shared vmlinux BTF; until then this parses it once per process on first use.

use crate::btf::{kind, Btf};
use crate::elf::secdef::SecDef;
use crate::error::{Errno, Error, Result};
use std::sync::OnceLock;

/// Where the running kernel publishes its BTF.
pub const VMLINUX_BTF: &str = "/sys/kernel/btf/vmlinux";

fn vmlinux() -> Result<&'static Btf> {
    static BTF: OnceLock<std::result::Result<Btf, String>> = OnceLock::new();
    BTF.get_or_init(|| {
        let raw = std::fs::read(VMLINUX_BTF).map_err(|e| format!("{VMLINUX_BTF}: {e}"))?;
        Btf::parse(&raw).map_err(|e| format!("{VMLINUX_BTF}: {e}"))
    })
    .as_ref()
    .map_err(|m| Error::other(Errno::ENOENT, format!("failed to load vmlinux BTF: {m}")))
}

/// The BTF name and kind a section's target resolves to (`fentry/f` → FUNC
/// `f`, `lsm/h` → FUNC `bpf_lsm_h`, `iter/task` → FUNC `bpf_iter_task`,
/// `tp_btf/t` → TYPEDEF `btf_trace_t`).
pub fn target_name(def: &SecDef, target: &str) -> (String, u32) {
    let sec = def.sec.trim_end_matches('+');
    if sec.starts_with("tp_btf") {
        (format!("btf_trace_{target}"), kind::TYPEDEF)
    } else if sec.starts_with("lsm") {
        (format!("bpf_lsm_{target}"), kind::FUNC)
    } else if sec.starts_with("iter") {
        (format!("bpf_iter_{target}"), kind::FUNC)
    } else {
        (target.to_string(), kind::FUNC)
    }
}

/// Resolves a program's attach target in vmlinux BTF.
pub fn resolve(prog_name: &str, def: &SecDef, sec_name: &str) -> Result<u32> {
    let target = crate::elf::secdef::target(def, sec_name).ok_or_else(|| {
        Error::inval(format!(
            "prog '{prog_name}': section '{sec_name}' names no attach target"
        ))
    })?;
    let (name, k) = target_name(def, target);
    let btf = vmlinux()?;
    btf.find_by_name_kind(&name, k).ok_or_else(|| {
        Error::other(
            Errno::ESRCH,
            format!(
                "prog '{prog_name}': failed to find kernel BTF type ID of '{target}' ('{name}')"
            ),
        )
    })
}
