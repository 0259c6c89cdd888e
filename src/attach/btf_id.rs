//! Attach-BTF ids of tracing, LSM and iterator programs, looked up in the
//! kernel's vmlinux BTF (shared, mmap'ed once per process by `sys::kernel_btf`).

use crate::btf::attach::{find_attach_btf_id, AttachKind};
use crate::btf::kind;
use crate::elf::secdef::SecDef;
use crate::error::{Errno, Error, Result};

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
    let sec = def.sec.trim_end_matches('+');
    let how = if sec.starts_with("tp_btf") {
        AttachKind::TraceRawTp
    } else if sec.starts_with("lsm") {
        AttachKind::Lsm
    } else if sec.starts_with("iter") {
        AttachKind::Iter
    } else {
        AttachKind::Func
    };
    let vmlinux = crate::sys::kernel_btf::vmlinux().map_err(|e| {
        Error::other(
            Errno::ENOENT,
            format!("prog '{prog_name}': failed to load vmlinux BTF: {e}"),
        )
    })?;
    find_attach_btf_id(&vmlinux, how, target).map_err(|_| {
        let (name, _) = target_name(def, target);
        Error::other(
            Errno::ESRCH,
            format!(
                "prog '{prog_name}': failed to find kernel BTF type ID of '{target}' ('{name}')"
            ),
        )
    })
}
