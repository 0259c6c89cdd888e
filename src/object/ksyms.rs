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

/// Addresses of the `wanted` symbols in `/proc/kallsyms`, read in one
/// streaming pass that keeps nothing else (the file has 100k+ lines): a
/// typeless ksym only needs its own. LTO-renamed local data (`name.llvm.N`)
/// answers to its plain name. A name seen at two addresses is ambiguous, an
/// error as in libbpf.
fn kallsyms(wanted: &[&str]) -> Result<Vec<Option<u64>>> {
    use std::io::BufRead;
    let io = |e: std::io::Error| {
        Error::other(
            Errno(crate::error::io_errno(&e, libc::EIO)),
            format!(
                "failed to read /proc/kallsyms: {}",
                crate::Errno(crate::error::io_errno(&e, libc::EIO))
            ),
        )
    };
    let f = std::fs::File::open("/proc/kallsyms").map_err(io)?;
    let mut r = std::io::BufReader::with_capacity(64 << 10, f);
    let mut out = vec![None; wanted.len()];
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line).map_err(io)? == 0 {
            break;
        }
        if let Some((addr, name)) = match_line(&line, wanted) {
            let slot = &mut out[name];
            match *slot {
                Some(prev) if prev != addr => {
                    crate::warn!(
                        "extern (ksym) '{}': resolution is ambiguous: {prev:#x} or {addr:#x}",
                        wanted[name]
                    );
                    return Err(Error::inval(format!(
                        "extern (ksym) '{}': ambiguous kallsyms resolution",
                        wanted[name]
                    )));
                }
                _ => *slot = Some(addr),
            }
        }
    }
    Ok(out)
}

/// `addr type name[\t[module]]`: (address, index in `wanted`) when the
/// line's name is one of them. Cheap on the 100k lines that do not match:
/// the address is parsed, and `.llvm.` looked for, only when it may.
fn match_line(line: &[u8], wanted: &[&str]) -> Option<(u64, usize)> {
    let sp = line.iter().position(|&b| b == b' ')?;
    let (addr, ty) = (&line[..sp], *line.get(sp + 1)?);
    let rest = line.get(sp + 3..)?;
    let end = rest
        .iter()
        .position(|&b| b == b'\t' || b == b'\n' || b == b' ')
        .unwrap_or(rest.len());
    let mut name = &rest[..end];
    if ty == b'd' {
        if let Some(i) = name.windows(6).position(|w| w == b".llvm.") {
            name = &name[..i];
        }
    }
    let k = wanted.iter().position(|w| w.as_bytes() == name)?;
    let addr = u64::from_str_radix(std::str::from_utf8(addr).ok()?, 16).ok()?;
    Some((addr, k))
}

impl Object {
    /// Resolves every `.ksyms` extern (one entry per `spec.externs`), in
    /// libbpf's order and with its errors: typeless ones from kallsyms,
    /// then typed ones from vmlinux BTF (any failure there is `-EINVAL`),
    /// then a strong one still unresolved is `-ESRCH`.
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
        let typeless = |k: &ExternKind| {
            matches!(
                k,
                ExternKind::Ksym {
                    type_id: 0,
                    is_func: false
                }
            )
        };
        // Typeless ksyms are looked up by address, all in one pass.
        let wanted: Vec<&str> = exts
            .iter()
            .filter(|e| typeless(&e.kind))
            .map(|e| e.name.as_str())
            .collect();
        if !wanted.is_empty() {
            let addrs = kallsyms(&wanted)?;
            let typeless_exts = exts.iter().enumerate().filter(|(_, e)| typeless(&e.kind));
            for ((i, e), addr) in typeless_exts.zip(addrs) {
                if let Some(a) = addr {
                    crate::debug!("extern (ksym) '{}': set to {a:#x}", e.name);
                    self.ksyms[i] = Ksym::Addr(a);
                }
            }
        }
        let mut vmlinux: Option<std::sync::Arc<Btf>> = None;
        for (i, e) in exts.iter().enumerate() {
            let ExternKind::Ksym { type_id, is_func } = e.kind else {
                continue;
            };
            if typeless(&e.kind) {
                continue;
            }
            let what = if is_func { "func ksym" } else { "var ksym" };
            if vmlinux.is_none() {
                vmlinux =
                    Some(crate::sys::kernel_btf::vmlinux().map_err(|err| {
                        Error::inval(format!("extern ({what}) '{}': {err}", e.name))
                    })?);
            }
            let kbtf = vmlinux.as_ref().expect("loaded above");
            // Only kfuncs are looked up by their essential name (libbpf's rule).
            let name = if is_func {
                essential(&e.name)
            } else {
                e.name.as_str()
            };
            let want = if is_func { kind::FUNC } else { kind::VAR };
            let Some(kid) = kbtf.find_by_name_kind(name, want) else {
                // A weak one stays unset (reported below, as libbpf).
                if e.weak {
                    continue;
                }
                let whence = if is_func {
                    "kernel or module BTFs"
                } else {
                    "kernel BTF"
                };
                return Err(Error::inval(format!(
                    "extern ({what}) '{}': not found in {whence}",
                    e.name
                )));
            };
            let kt = kbtf.type_by_id(kid).expect("found");
            // The local declaration must match the kernel's type (a FUNC's
            // is its prototype; a VAR's behind modifiers and typedefs).
            let kern_ty = if is_func {
                kt.size_or_type
            } else {
                kbtf.skip_mods_and_typedefs(kt.size_or_type)
                    .map_or(0, |x| x.id)
            };
            let compat = crate::btf::core::compat::types_compat(local, type_id, kbtf, kern_ty)
                .unwrap_or(false);
            if !compat {
                // A weak kfunc whose prototype differs stays unresolved;
                // a variable of the wrong type is an error even if weak.
                if is_func && e.weak {
                    continue;
                }
                return Err(Error::inval(format!(
                    "extern ({what}) '{}': incompatible types, expected [{type_id}], but kernel has [{kern_ty}]",
                    e.name
                )));
            }
            self.ksyms[i] = if is_func {
                crate::debug!("extern ({what}) '{}': resolved to vmlinux [{kid}]", e.name);
                Ksym::Func(kid)
            } else {
                crate::debug!(
                    "extern ({what}) '{}': resolved to [{kid}] var {name}",
                    e.name
                );
                Ksym::Var(kid)
            };
        }
        for (i, e) in exts.iter().enumerate() {
            // libbpf's last pass: every ksym extern left unset.
            if matches!(e.kind, ExternKind::Ksym { .. }) && self.ksyms[i] == Ksym::Unresolved {
                if !e.weak {
                    return Err(Error::other(
                        Errno::ESRCH,
                        format!("extern '{}' (strong): not resolved", e.name),
                    ));
                }
                crate::debug!(
                    "extern '{}' (weak): not resolved, defaulting to zero",
                    e.name
                );
            }
        }
        Ok(())
    }
}
