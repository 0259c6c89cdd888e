//! Attach-BTF ids of tracing, LSM, iterator and freplace programs, looked up
//! in the kernel's vmlinux BTF (mmap'ed by `sys::kernel_btf`, shared while
//! in use) or, when the target is another BPF program, in the BTF that
//! program was loaded with.

use crate::btf::attach::{find_attach_btf_id, AttachKind};
use crate::btf::kind;
use crate::elf::secdef::SecDef;
use crate::error::{Errno, Error, Result};
use crate::uapi::link::attach_type;
use std::os::fd::RawFd;

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
        Error::other(
            Errno::ESRCH,
            format!(
                "prog '{prog_name}': failed to find kernel BTF type ID of '{target}': {}",
                Errno::ESRCH
            ),
        )
    })
}

/// How a program attaching with `expected_attach_type` names its kernel
/// target (the prefix and kind libbpf derives from the attach type).
fn kind_of(expected_attach_type: u32) -> AttachKind {
    match expected_attach_type {
        attach_type::TRACE_RAW_TP => AttachKind::TraceRawTp,
        attach_type::LSM_MAC | attach_type::LSM_CGROUP => AttachKind::Lsm,
        attach_type::TRACE_ITER => AttachKind::Iter,
        _ => AttachKind::Func,
    }
}

/// Resolves `bpf_program__set_attach_target(prog, 0, name)`: `name` (or
/// `vmlinux:name`) in vmlinux BTF, as the program's attach type names it.
pub fn resolve_kernel(prog_name: &str, expected_attach_type: u32, name: &str) -> Result<u32> {
    let func = match name.split_once(':') {
        Some(("vmlinux", f)) => f,
        Some((module, _)) => {
            return Err(Error::NotSupported(format!(
                "prog '{prog_name}': attach target '{name}' is in module '{module}': module BTF targets"
            )))
        }
        None => name,
    };
    let vmlinux = crate::sys::kernel_btf::vmlinux().map_err(|e| {
        Error::other(
            Errno::ENOENT,
            format!("prog '{prog_name}': failed to load vmlinux BTF: {e}"),
        )
    })?;
    find_attach_btf_id(&vmlinux, kind_of(expected_attach_type), func).map_err(|_| {
        Error::other(
            Errno::ESRCH,
            format!("prog '{prog_name}': failed to find kernel BTF type ID of '{name}'"),
        )
    })
}

/// Resolves `func` among the FUNCs of the BTF a loaded BPF program was loaded
/// with: the target of freplace and of BPF-to-BPF fentry/fexit. `target_fd`
/// is the caller's program fd; the kernel answers a bad one with `EBADFD`.
pub fn resolve_in_prog(prog_name: &str, target_fd: RawFd, func: &str) -> Result<u32> {
    let ctx = |what: String| format!("prog '{prog_name}': target program (FD {target_fd}): {what}");
    let info = crate::sys::fd::borrow_caller(target_fd)
        .ok_or(Errno(libc::EBADFD))
        .and_then(crate::sys::bpf::prog_info)
        .map_err(|e| Error::sys(ctx("failed to get program info".into()), e))?;
    if info.btf_id == 0 {
        return Err(Error::inval(ctx(format!(
            "program id {} has no BTF (loaded without it), so '{func}' cannot be targeted",
            info.id
        ))));
    }
    let raw = crate::sys::kernel_btf::btf_get_fd_by_id(info.btf_id)
        .and_then(|fd| crate::sys::kernel_btf::btf_raw_by_fd(&fd))
        .map_err(|e| Error::sys(ctx(format!("failed to get BTF object #{}", info.btf_id)), e))?;
    let btf = crate::btf::Btf::parse(&raw)
        .map_err(|e| Error::Btf(ctx(format!("BTF object #{}: {e}", info.btf_id))))?;
    match btf.find_by_name_kind(func, kind::FUNC) {
        Some(id) if id > 0 => {
            crate::debug!(
                "prog '{prog_name}': '{func}' is FUNC [{id}] in BTF #{} of program id {}",
                info.btf_id,
                info.id
            );
            Ok(id)
        }
        _ => Err(Error::NotFound(ctx(format!(
            "'{func}' is not found as a FUNC in its BTF (object #{})",
            info.btf_id
        )))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attach_type_names_the_target_kind() {
        assert_eq!(kind_of(attach_type::TRACE_RAW_TP), AttachKind::TraceRawTp);
        assert_eq!(kind_of(attach_type::LSM_MAC), AttachKind::Lsm);
        assert_eq!(kind_of(attach_type::LSM_CGROUP), AttachKind::Lsm);
        assert_eq!(kind_of(attach_type::TRACE_ITER), AttachKind::Iter);
        assert_eq!(kind_of(0), AttachKind::Func);
    }

    #[test]
    fn module_targets_are_refused_by_name() {
        let e = resolve_kernel("p", 0, "nf_conntrack:fn").unwrap_err();
        assert_eq!(e.errno(), Errno::ENOTSUP);
        assert!(e.to_string().contains("module 'nf_conntrack'"));
    }

    #[test]
    fn bad_target_program_fd_is_ebadfd() {
        let e = resolve_in_prog("p", -1, "f").unwrap_err();
        assert_eq!(e.errno(), Errno(libc::EBADFD));
        assert!(e.to_string().contains("target program (FD -1)"));
    }
}
