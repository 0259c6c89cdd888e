//! Applying CO-RE relocations at load time: the object's `.BTF.ext`
//! core_relo records are split per program piece (entry programs and the
//! subprograms appended to them are relocated where they sit in their
//! section, before linking), and each piece goes through the pure engine in
//! `btf::core` against the kernel's BTF (or `btf_custom_path`).

use super::Object;
use crate::btf::core::{self as co_re, CandCache, CoreRelo, Targets};
use crate::btf::ext::BtfExt;
use crate::btf::{Btf, EssentialScan};
use crate::error::{Error, Result};
use crate::sys::kernel_btf;
use std::sync::{Arc, OnceLock};

impl Object {
    /// The kernel's BTF (as [`kernel_btf::vmlinux`]) and the candidates in it
    /// for every name the object's CO-RE records ask about, found while it
    /// is parsed when nobody holds it yet (one walk over its records
    /// instead of two); no candidates without CO-RE records.
    pub(super) fn kernel_btf_for_core(&self) -> Result<(Arc<Btf>, Option<CandCache>)> {
        let (Some(local), Some(ext)) = (self.spec.btf.as_ref(), self.spec.btf_ext.as_ref()) else {
            return Ok((kernel_btf::vmlinux()?, None));
        };
        let all = core_relos(ext);
        if all.is_empty() {
            return Ok((kernel_btf::vmlinux()?, None));
        }
        let mut cache = CandCache::default();
        let (names, kinds) = cache.wanted(local, all.iter());
        let mut scan = EssentialScan::new(&names, kinds);
        let btf = kernel_btf::vmlinux_scan(&mut scan)?;
        cache.fill(&names, kinds, scan.finish());
        Ok((btf, Some(cache)))
    }

    /// Relocates every program piece that will be loaded. Kernel BTF is
    /// only touched when the object has CO-RE records; `cands` holds what
    /// [`Object::kernel_btf_for_core`] found.
    pub(super) fn relocate_core(&mut self, cands: Option<CandCache>) -> Result<()> {
        self.with_local_btf(|obj, local, ext| {
            let target: Arc<Btf> = match &obj.opts.btf_custom_path {
                Some(p) => Arc::new(load_custom(p)?),
                None => kernel_btf::vmlinux()?,
            };
            let custom = obj.opts.btf_custom_path.is_some();
            let mods: OnceLock<Vec<(String, Btf)>> = OnceLock::new();
            let modules = || -> &[(String, Btf)] {
                mods.get_or_init(|| {
                    if custom {
                        Vec::new()
                    } else {
                        kernel_btf::all_modules(&target)
                    }
                })
            };
            let targets = Targets {
                main: &target,
                modules: &modules,
            };
            // Found in the copy this object holds (the one `target` is).
            let cands = cands.filter(|_| {
                obj.kernel_btf
                    .as_ref()
                    .is_some_and(|k| Arc::ptr_eq(k, &target))
            });
            obj.relocate_core_with(local, ext, &targets, cands.unwrap_or_default())
        })
    }

    /// CO-RE against `target` alone, no kernel involved (fuzzing, tests).
    pub(crate) fn relocate_core_on(&mut self, target: &Btf) -> Result<()> {
        self.with_local_btf(|obj, local, ext| {
            let none = || -> &[(String, Btf)] { &[] };
            let targets = Targets {
                main: target,
                modules: &none,
            };
            obj.relocate_core_with(local, ext, &targets, CandCache::default())
        })
    }

    /// Runs `f` with the object's BTF and `.BTF.ext` borrowed out of the
    /// spec (not cloned) while the programs change; nothing to do without
    /// CO-RE records.
    fn with_local_btf(
        &mut self,
        f: impl FnOnce(&mut Object, &Btf, &BtfExt) -> Result<()>,
    ) -> Result<()> {
        let (Some(_), Some(ext)) = (self.spec.btf.as_ref(), self.spec.btf_ext.as_ref()) else {
            return Ok(());
        };
        if ext.core_relo.iter().all(|(_, s)| s.is_empty()) {
            return Ok(());
        }
        let (local, ext) = (self.spec.btf.take(), self.spec.btf_ext.take());
        let (Some(local), Some(ext)) = (local, ext) else {
            unreachable!("both checked above")
        };
        let r = f(self, &local, &ext);
        self.spec.btf = Some(local);
        self.spec.btf_ext = Some(ext);
        r
    }

    fn relocate_core_with(
        &mut self,
        local: &Btf,
        ext: &BtfExt,
        targets: &Targets<'_>,
        mut cache: CandCache,
    ) -> Result<()> {
        let target = targets.main;
        cache.prefetch(local, core_relos(ext).iter(), target);
        for (sec_name_off, info) in &ext.core_relo {
            let sec_name = local.str_at(*sec_name_off).unwrap_or("");
            let Some(sec_idx) = self.spec.sec_names.position(sec_name) else {
                crate::warn!("CO-RE relocations for unknown section '{sec_name}'");
                return Err(Error::Btf(format!(
                    ".BTF.ext: section '{sec_name}' not found"
                )));
            };
            crate::debug!("sec '{sec_name}': found {} CO-RE relocations", info.len());
            // Records in their order (libbpf's: candidate pruning depends
            // on it), each applied to the program piece holding its insn.
            let pieces: Vec<(usize, u32, u32)> = (0..self.spec.progs.len())
                .filter(|&pi| {
                    let p = &self.spec.progs[pi];
                    p.sec_idx == sec_idx
                        && (p.is_subprog
                            || self
                                .progs
                                .iter()
                                .find(|q| q.spec_idx == pi)
                                .is_none_or(|q| q.autoload))
                })
                .map(|pi| {
                    let p = &self.spec.progs[pi];
                    let lo = (p.sec_insn_off * 8) as u32;
                    (pi, lo, lo + (p.insns.len() * 8) as u32)
                })
                .collect();
            for (i, rec) in info.recs().enumerate() {
                let Some(r) = CoreRelo::from_bytes(rec) else {
                    continue;
                };
                let Some(&(pi, lo, _)) = pieces
                    .iter()
                    .find(|(_, lo, hi)| (*lo..*hi).contains(&r.insn_off))
                else {
                    continue;
                };
                let relo = CoreRelo {
                    insn_off: r.insn_off - lo,
                    ..r
                };
                let name = self.spec.progs[pi].name.clone();
                let insns = &mut self.spec.progs[pi].insns;
                let fixups =
                    co_re::relocate_program(&name, local, &[(i, relo)], insns, targets, &mut cache)
                        .map_err(|e| {
                            let e = e.reported();
                            crate::warn!("failed to perform CO-RE relocations: {e}");
                            e
                        })?;
                // Kept in words for the verifier failure they may cause.
                for f in fixups.iter().filter(|f| f.poison) {
                    self.core_failures.push(super::diag::CoreFailure {
                        piece: pi,
                        insn: f.insn_idx,
                        why: co_re::explain::explain(local, &relo, i, targets, &cache),
                    });
                }
            }
        }
        Ok(())
    }
}

impl Object {
    /// Instructions of program `name` as they sit in their section, after
    /// CO-RE relocation (valid once load was attempted).
    pub fn core_relocated_insns(&self, name: &str) -> Option<&[crate::uapi::bpf::bpf_insn]> {
        self.spec
            .progs
            .iter()
            .find(|p| p.name == name)
            .map(|p| &p.insns[..])
    }
}

/// Every CO-RE record of the object, in section order.
fn core_relos(ext: &BtfExt) -> Vec<CoreRelo> {
    ext.core_relo
        .iter()
        .flat_map(|(_, info)| info.recs().filter_map(CoreRelo::from_bytes))
        .collect()
}

/// `btf_custom_path`: raw BTF or an ELF file with a `.BTF` section.
pub fn load_custom(path: &str) -> Result<Btf> {
    let data = std::fs::read(path).map_err(|e| {
        Error::other(
            crate::error::Errno(crate::error::io_errno(&e, libc::EIO)),
            format!(
                "failed to read BTF from '{path}': {}",
                crate::Errno(crate::error::io_errno(&e, libc::EIO))
            ),
        )
    })?;
    if data.starts_with(b"\x7fELF") {
        let (btf, _) = crate::btf::elf::sections(&data)?;
        return Btf::parse(
            btf.ok_or_else(|| Error::NotFound(format!("'{path}' has no .BTF section")))?,
        );
    }
    Btf::parse(&data)
}
