//! Relocation sections: what each relocation of code refers to (maps,
//! global data, externs, subprograms), the static slots of `.maps`
//! (map-in-map, program arrays) and struct_ops function pointers.

use super::*;
use object::read::elf::SectionTable;

/// Reads every `SHT_REL` section into the programs' relocation lists, the
/// maps' slots and the struct_ops function pointers.
pub(super) fn collect(
    spec: &mut ObjectSpec,
    sections: &SectionTable<'_, elf::FileHeader64<Endianness>>,
    endian: Endianness,
    data: &[u8],
    secs: &[Sec<'_>],
    syms: &[Sym<'_>],
) -> Result<()> {
    for sh in sections.iter() {
        if sh.sh_type(endian) != elf::SHT_REL {
            continue;
        }
        let target = sh.sh_info(endian) as usize;
        let Some(tsec) = secs.get(target) else {
            continue;
        };
        if tsec.st_ops {
            let rels: &[elf::Rel64<Endianness>] = sh.data_as_array(endian, data).map_err(|_| {
                Error::Elf(format!("section '{}': bad relocation section", tsec.name))
            })?;
            let btf = spec
                .btf
                .as_ref()
                .expect("struct_ops sections were parsed with BTF");
            for rel in rels {
                let sym = syms
                    .get(rel.r_sym(endian) as usize)
                    .ok_or_else(|| Error::Elf("struct_ops reloc: symbol not found".into()))?;
                if sym.shndx == 0 || sym.shndx >= elf::SHN_LORESERVE as usize {
                    return Err(Error::Elf(format!(
                        "struct_ops reloc: '{}' is not a function of this object",
                        sym.name()
                    )));
                }
                let prog = spec
                    .progs
                    .iter()
                    .position(|p| {
                        !p.is_subprog
                            && p.sec_idx == sym.shndx
                            && (p.sec_insn_off * 8) as u64 == sym.value
                    })
                    .ok_or_else(|| {
                        Error::Elf(format!(
                            "struct_ops reloc: cannot find prog '{}' to relocate func ptr",
                            sym.name()
                        ))
                    })?;
                let sec_name = &spec.progs[prog].sec_name;
                if !sec_name.starts_with("struct_ops") {
                    return Err(Error::Elf(format!(
                        "struct_ops reloc: prog {} is not struct_ops BPF program",
                        spec.progs[prog].name
                    )));
                }
                let name = spec.progs[prog].name.clone();
                struct_ops::relocate(
                    btf,
                    &mut spec.struct_ops,
                    target,
                    rel.r_offset(endian),
                    prog,
                    &name,
                )?;
            }
            continue;
        }
        if !matches!(tsec.kind, SecKind::Prog | SecKind::Text | SecKind::Maps) {
            continue;
        }
        let rels: &[elf::Rel64<Endianness>] = sh
            .data_as_array(endian, data)
            .map_err(|_| Error::Elf(format!("section '{}': bad relocation section", tsec.name)))?;
        if tsec.kind == SecKind::Maps {
            // Static initialisation of map-in-map and program array slots.
            for rel in rels {
                let sym = syms
                    .get(rel.r_sym(endian) as usize)
                    .ok_or_else(|| Error::Elf(".maps: relocation against a bad symbol".into()))?;
                let slot = if sym.shndx == target {
                    let inner = spec
                        .maps
                        .iter()
                        .position(|m| m.sec_idx == target && m.sec_off == sym.value)
                        .ok_or_else(|| {
                            Error::Elf(format!(".maps: no map '{}' to put in a slot", sym.name()))
                        })?;
                    maps::Slot::Map(inner)
                } else if sym.st_type == elf::STT_FUNC {
                    maps::Slot::Prog(sym.name().to_string())
                } else {
                    return Err(Error::Elf(format!(
                        ".maps: slot refers to '{}', neither map nor program",
                        sym.name()
                    )));
                };
                maps::add_slot(&mut spec.maps, target, rel.r_offset(endian), slot)?;
            }
            continue;
        }
        for rel in rels {
            let off = rel.r_offset(endian) as usize;
            let sym_idx = rel.r_sym(endian) as usize;
            let sym = syms.get(sym_idx).ok_or_else(|| {
                Error::Elf(format!(
                    "sec '{}': relocation against bad symbol #{sym_idx}",
                    tsec.name
                ))
            })?;
            if off % 8 != 0 || off >= tsec.data.len() {
                return Err(Error::Elf(format!(
                    "sec '{}': bad relocation offset {off}",
                    tsec.name
                )));
            }
            let sec_insn = off / 8;
            // A section's programs are contiguous and sorted by offset.
            let first = spec.progs.partition_point(|p| p.sec_idx < target);
            let last = first + spec.progs[first..].partition_point(|p| p.sec_idx == target);
            let k = first + spec.progs[first..last].partition_point(|p| p.sec_insn_off <= sec_insn);
            let prog = (k > first)
                .then(|| &mut spec.progs[k - 1])
                .filter(|p| sec_insn < p.sec_insn_off + p.insns.len());
            let Some(prog) = prog else {
                // Relocations in code no function symbol covers are dropped with the code.
                continue;
            };
            let insn_idx = sec_insn - prog.sec_insn_off;
            let insn = prog.insns[insn_idx];
            let t = resolve_relo(
                &spec.maps,
                &spec.externs,
                secs,
                &spec.sec_names,
                (sym.name(), sym.shndx, sym.value, sym.st_type),
                &insn,
                &prog.name,
            )?;
            prog.relos.push(Relo {
                insn: insn_idx,
                target: t,
            });
        }
    }
    for p in &mut spec.progs {
        p.relos.sort_by_key(|r| r.insn);
    }
    Ok(())
}

const BPF_LD_IMM64: u8 = 0x18;
const BPF_CALL: u8 = 0x85;
const BPF_PSEUDO_CALL: u8 = 1;
const BPF_PSEUDO_FUNC: u8 = 4;

/// What a relocation in program `prog` at `insn` refers to; `sym` is its
/// symbol's (name, section index, value, type).
fn resolve_relo(
    maps: &[MapSpec],
    exts: &[externs::Extern],
    secs: &[Sec<'_>],
    sec_names: &SecNames,
    sym: (&str, usize, u64, u8),
    insn: &bpf_insn,
    prog: &str,
) -> Result<ReloTarget> {
    let (name, shndx, value, st_type) = sym;
    // libbpf answers every relocation it cannot record with LIBBPF_ERRNO__RELOC.
    let bad = |why: &str| {
        Error::other(
            crate::Errno(4005),
            format!("prog '{prog}': relo for symbol '{name}': {why}"),
        )
    };
    if shndx == elf::SHN_UNDEF as usize {
        let ext = exts
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| bad("extern without BTF"))?;
        return match ext.kind {
            externs::ExternKind::Kcfg { data_off, .. } if insn.code == BPF_LD_IMM64 => {
                let map = maps
                    .iter()
                    .position(|m| m.kind == MapKind::Kconfig)
                    .ok_or_else(|| bad("no .kconfig map"))?;
                Ok(ReloTarget::Data { map, off: data_off })
            }
            externs::ExternKind::Kcfg { .. } => {
                Err(bad("kconfig extern used by a non-ld_imm64 instruction"))
            }
            externs::ExternKind::Ksym { .. } => Ok(ReloTarget::Extern(name.to_string())),
        };
    }
    if insn.code == BPF_CALL {
        if insn.src_reg() != BPF_PSEUDO_CALL {
            return Err(bad("call instruction is not a BPF-to-BPF call"));
        }
        let sec = secs
            .get(shndx)
            .filter(|s| matches!(s.kind, SecKind::Text | SecKind::Prog));
        if sec.is_none() || value % 8 != 0 {
            return Err(bad("bad call target"));
        }
        // The callee is at (symbol + imm + 1) instructions, in the symbol's section.
        let target = (value / 8) as i64 + insn.imm as i64 + 1;
        let insn = usize::try_from(target).map_err(|_| bad("call target out of range"))?;
        return Ok(ReloTarget::Call { sec: shndx, insn });
    }
    if insn.code != BPF_LD_IMM64 {
        return Err(bad(&format!("invalid relo for insn code {:#x}", insn.code)));
    }
    let sec = secs
        .get(shndx)
        .ok_or_else(|| bad("symbol in bad section"))?;
    match sec.kind {
        SecKind::Text | SecKind::Prog => {
            if insn.src_reg() != BPF_PSEUDO_FUNC
                && st_type != elf::STT_SECTION
                && st_type != elf::STT_FUNC
            {
                return Err(bad("reference to code is not a function pointer"));
            }
            let target = (value as i64 + insn.imm as i64) / 8;
            let insn = usize::try_from(target).map_err(|_| bad("function offset out of range"))?;
            Ok(ReloTarget::Call { sec: shndx, insn })
        }
        SecKind::Maps => {
            let map = maps
                .iter()
                .position(|m| m.sec_idx == shndx && m.sec_off == value)
                .ok_or_else(|| bad("no map at this offset in .maps"))?;
            Ok(ReloTarget::Map(map))
        }
        SecKind::Data | SecKind::Rodata | SecKind::Bss => {
            let map = maps
                .iter()
                .position(|m| m.sec_idx == shndx && m.kind != MapKind::Btf)
                .ok_or_else(|| bad("global data section has no map"))?;
            let off = value as i64 + insn.imm as i64;
            let off = u32::try_from(off).map_err(|_| bad("global data offset out of range"))?;
            Ok(ReloTarget::Data { map, off })
        }
        SecKind::Arena => {
            let map = maps
                .iter()
                .position(|m| m.def.map_type == crate::uapi::bpf::map_type::ARENA)
                .ok_or_else(|| {
                    Error::other(
                        crate::Errno(LIBBPF_ERRNO_RELOC),
                        format!("prog '{prog}': bad arena data relocation, no arena maps defined"),
                    )
                })?;
            let off = value as i64 + insn.imm as i64;
            let off = u32::try_from(off).map_err(|_| bad("arena data offset out of range"))?;
            Ok(ReloTarget::Data { map, off })
        }
        SecKind::Other => Err(bad(&format!(
            "reference to unsupported section '{}'",
            sec_names.get(shndx).unwrap_or("?")
        ))),
    }
}
