//! Filling `.kconfig` extern values at load: the virtual `LINUX_*` ones the
//! loader knows, then `CONFIG_*` from the open option `kconfig`, then the
//! running kernel's config (`/proc/config.gz`, `/boot/config-$(uname -r)`).
//! Unresolved strong externs fail the load; weak ones stay zero.

use super::Object;
use crate::elf::externs::{self, ExternKind};
use crate::elf::MapKind;
use crate::error::{Errno, Error, Result};
use std::io::Read;

/// Answers about the running kernel the virtual externs need.
pub trait KernelFacts {
    fn kernel_version(&self) -> u32;
    fn has_bpf_cookie(&self) -> bool;
    fn has_syscall_wrapper(&self) -> bool;
    /// The kernel config text (decompressed), if one can be found.
    fn kconfig(&self) -> Result<String>;
}

/// The real kernel.
pub struct RunningKernel;

impl KernelFacts for RunningKernel {
    fn kernel_version(&self) -> u32 {
        crate::sys::uname::kernel_version()
    }
    fn has_bpf_cookie(&self) -> bool {
        crate::sys::probes::supported(crate::sys::probes::Feature::BpfCookie)
    }
    fn has_syscall_wrapper(&self) -> bool {
        crate::sys::probes::syscall_wrapper()
    }
    fn kconfig(&self) -> Result<String> {
        read_kernel_config()
    }
}

/// Reads `/boot/config-$(uname -r)`, else `/proc/config.gz` (gunzipped).
pub fn read_kernel_config() -> Result<String> {
    let release = crate::sys::uname::release();
    if let Ok(text) = std::fs::read_to_string(format!("/boot/config-{release}")) {
        return Ok(text);
    }
    let gz = std::fs::read("/proc/config.gz").map_err(|e| {
        Error::other(
            Errno(crate::error::io_errno(&e, libc::ENOENT)),
            format!(
                "failed to open system Kconfig (/boot/config-{release}, /proc/config.gz): {}",
                crate::Errno(crate::error::io_errno(&e, libc::ENOENT))
            ),
        )
    })?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .map_err(|e| Error::inval(format!("failed to read /proc/config.gz: {e}")))?;
    Ok(text)
}

impl Object {
    /// Computes the `.kconfig` map's contents into its (pre-load) region.
    pub(crate) fn resolve_kconfig(&mut self, facts: &dyn KernelFacts) -> Result<()> {
        let Some(map_idx) = self.maps.iter().position(|m| m.kind == MapKind::Kconfig) else {
            return Ok(());
        };
        let exts: Vec<_> = self
            .spec
            .externs
            .iter()
            .filter(|e| matches!(e.kind, ExternKind::Kcfg { .. }))
            .cloned()
            .collect();
        let extra = self.opts.kconfig.clone();
        // Values go straight into the region mapped at open (zero until now),
        // as libbpf writes them into its mmap'ed buffer: a huge extern array
        // costs address space, never memory, until something reads it.
        let value_size = self.maps[map_idx].def.value_size as usize;
        let region = self.maps[map_idx]
            .mmaped
            .as_mut()
            .ok_or_else(|| Error::inval("map '.kconfig' has no memory region"))?;
        let data = region
            .bytes_mut()
            .get_mut(..value_size)
            .ok_or_else(|| Error::inval("map '.kconfig' is larger than its region"))?;
        let mut set = vec![false; exts.len()];
        let mut need_config = false;
        for (i, e) in exts.iter().enumerate() {
            let value = match e.name.as_str() {
                "LINUX_KERNEL_VERSION" => Some(facts.kernel_version() as u64),
                "LINUX_HAS_BPF_COOKIE" => Some(facts.has_bpf_cookie() as u64),
                "LINUX_HAS_SYSCALL_WRAPPER" => Some(facts.has_syscall_wrapper() as u64),
                n if n.starts_with("CONFIG_") => {
                    need_config = true;
                    None
                }
                // A weak LINUX_* libbpf does not know defaults to zero, as
                // a weak CONFIG_* would; anything else is refused.
                n if n.starts_with("LINUX_") && e.weak => Some(0),
                n => {
                    return Err(Error::inval(format!(
                        "extern (kcfg) '{n}': unrecognized virtual extern"
                    )))
                }
            };
            if let Some(v) = value {
                externs::set_kcfg_num_at(e, data, v)?;
                set[i] = true;
                crate::debug!("extern (kcfg) '{}': set to {v:#x}", e.name);
            }
        }
        if need_config {
            if let Some(extra) = extra {
                externs::apply_kconfig(&extra, &exts, &mut set, data)?;
            }
            if exts
                .iter()
                .zip(&set)
                .any(|(e, s)| !s && e.name.starts_with("CONFIG_"))
            {
                // No readable config fails the load even if every
                // remaining extern is weak, as upstream.
                let text = facts.kconfig().map_err(|e| {
                    crate::warn!("failed to open system Kconfig: {e}");
                    Error::inval("failed to read the system Kconfig".to_string())
                })?;
                externs::apply_kconfig(&text, &exts, &mut set, data)?;
            }
        }
        for (e, s) in exts.iter().zip(&set) {
            if !s && !e.weak {
                return Err(Error::other(
                    Errno::ESRCH,
                    format!("extern '{}' (strong): not resolved", e.name),
                ));
            }
            if !s {
                crate::debug!(
                    "extern '{}' (weak): not resolved, defaulting to zero",
                    e.name
                );
            }
        }
        Ok(())
    }
}
