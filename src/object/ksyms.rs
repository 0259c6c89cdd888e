//! Resolving `.ksyms` externs at load: kernel variables typed by vmlinux BTF
//! (`ld_imm64` of a BTF id), untyped ones by `/proc/kallsyms` address, and
//! kfuncs (calls by BTF id). Weak externs the kernel lacks stay unresolved:
//! their loads read 0 and their calls are poisoned, as libbpf does.

use super::Object;
use crate::btf::{kind, Btf};
use crate::elf::externs::ExternKind;
use crate::error::{Errno, Error, Result};

/// What a `.ksyms` extern resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ksym {
    /// Not a ksym (a kconfig extern), or a weak one the kernel lacks.
    Unresolved,
    /// Typeless: the symbol's address.
    Addr(u64),
    /// A typed kernel variable: its id in vmlinux BTF.
    Var(u32),
    /// A kfunc: its FUNC id in vmlinux BTF.
    Func(u32),
}

/// `name___flavor` → `name`.
fn essential(name: &str) -> &str {
    name.find("___").map_or(name, |i| &name[..i])
}

fn kallsyms() -> Result<std::collections::HashMap<String, u64>> {
    let text = std::fs::read_to_string("/proc/kallsyms").map_err(|e| {
        Error::other(
            Errno(crate::error::io_errno(&e, libc::EIO)),
            format!(
                "failed to read /proc/kallsyms: {}",
                crate::Errno(crate::error::io_errno(&e, libc::EIO))
            ),
        )
    })?;
    let mut out = std::collections::HashMap::new();
    for line in text.lines() {
        let mut f = line.split_whitespace();
        if let (Some(addr), Some(ty), Some(name)) = (f.next(), f.next(), f.next()) {
            // LTO-renamed local data (`name.llvm.123`) answers to its plain name.
            let name = match name.find(".llvm.") {
                Some(i) if ty == "d" => &name[..i],
                _ => name,
            };
            if let Ok(a) = u64::from_str_radix(addr, 16) {
                out.entry(name.to_string()).or_insert(a);
            }
        }
    }
    Ok(out)
}

impl Object {
    /// Resolves every `.ksyms` extern (one entry per `spec.externs`).
    pub(crate) fn resolve_ksyms(&mut self) -> Result<()> {
        let exts = &self.spec.externs;
        self.ksyms = vec![Ksym::Unresolved; exts.len()];
        if !exts
            .iter()
            .any(|e| matches!(e.kind, ExternKind::Ksym { .. }))
        {
            return Ok(());
        }
        let local = self
            .spec
            .btf
            .as_ref()
            .ok_or_else(|| Error::Btf("ksym externs need the object's BTF".into()))?;
        let mut vmlinux: Option<std::sync::Arc<Btf>> = None;
        let mut addrs = None;
        for (i, e) in exts.iter().enumerate() {
            let ExternKind::Ksym { type_id, is_func } = e.kind else {
                continue;
            };
            // Only kfuncs are looked up by their essential name (libbpf's rule).
            let name = if is_func {
                essential(&e.name)
            } else {
                e.name.as_str()
            };
            let typeless = !is_func && type_id == 0;
            let found = if typeless {
                if addrs.is_none() {
                    addrs = Some(kallsyms()?);
                }
                addrs
                    .as_ref()
                    .and_then(|a| a.get(name))
                    .map(|&a| Ksym::Addr(a))
            } else {
                if vmlinux.is_none() {
                    vmlinux = Some(crate::sys::kernel_btf::vmlinux()?);
                }
                let kbtf = vmlinux.as_ref().expect("loaded above");
                let want = if is_func { kind::FUNC } else { kind::VAR };
                match kbtf.find_by_name_kind(name, want) {
                    Some(kid) => {
                        let kt = kbtf.type_by_id(kid).expect("found");
                        // The local declaration must match the kernel's type
                        // (both behind modifiers; a FUNC's is its prototype).
                        let local_ty = type_id;
                        let kern_ty = kbtf
                            .skip_mods_and_typedefs(kt.size_or_type)
                            .map_or(0, |x| x.id);
                        let compat =
                            crate::btf::core::compat::types_compat(local, local_ty, kbtf, kern_ty)
                                .unwrap_or(false);
                        if !compat {
                            return Err(Error::inval(format!(
                                "extern ({}) '{}': incompatible types, expected [{}], but kernel has [{}]",
                                if is_func { "func ksym" } else { "var ksym" },
                                e.name,
                                local_ty,
                                kern_ty
                            )));
                        }
                        Some(if is_func {
                            Ksym::Func(kid)
                        } else {
                            Ksym::Var(kid)
                        })
                    }
                    None => None,
                }
            };
            match found {
                Some(k) => {
                    match k {
                        Ksym::Addr(a) => crate::debug!("extern (ksym) '{}': set to {a:#x}", e.name),
                        Ksym::Var(id) => crate::debug!(
                            "extern (var ksym) '{}': resolved to [{id}] var {name}",
                            e.name
                        ),
                        Ksym::Func(id) => crate::debug!(
                            "extern (func ksym) '{}': resolved to vmlinux [{id}]",
                            e.name
                        ),
                        _ => {}
                    }
                    self.ksyms[i] = k;
                }
                None if e.weak => crate::debug!(
                    "extern '{}' (weak): not resolved, defaulting to zero",
                    e.name
                ),
                None => {
                    return Err(Error::other(
                        Errno::ESRCH,
                        format!(
                            "extern ({}) '{}': not found in kernel BTF",
                            if is_func { "func ksym" } else { "var ksym" },
                            e.name
                        ),
                    ))
                }
            }
        }
        Ok(())
    }
}
