//! Output sections: each input data/code section is appended, aligned, to
//! the output section of the same name (created on first sight, in ELF
//! index order of first appearance); `license` and `version` must be
//! identical and are kept once; relocation sections follow their sections,
//! with symbol indices and offsets rewritten.

use super::input::{SrcObj, SrcSec};
use super::{elf, show, Linker, Result, EINVAL};
use crate::error::Errno;

/// Sections whose bytes (or, ephemeral, BTF) go to an output section.
fn is_data_sec(s: &SrcSec<'_>) -> bool {
    if s.skipped {
        return false;
    }
    s.ephemeral || matches!(s.hdr().sh_type, elf::SHT_PROGBITS | elf::SHT_NOBITS)
}

fn is_relo_sec(s: &SrcSec<'_>) -> bool {
    !s.skipped && !s.ephemeral && s.hdr().sh_type == elf::SHT_REL
}

/// Tries to grow `v` by `extra` bytes of capacity; sizes come from input.
fn reserve(v: &mut Vec<u8>, extra: u64) -> Result<()> {
    let extra = usize::try_from(extra).map_err(|_| Errno::ENOMEM)?;
    v.try_reserve(extra).map_err(|_| Errno::ENOMEM)
}

impl Linker {
    pub(super) fn find_dst_sec(&self, name: &[u8]) -> Option<usize> {
        (1..self.secs.len()).find(|&i| self.secs[i].name == name)
    }

    /// Gives output section `dst` its ELF section, shaped like `src`'s
    /// (ephemeral sources make an ephemeral shell only).
    fn init_sec(&mut self, dst: usize, src: &SrcSec<'_>) {
        let d = &mut self.secs[dst];
        d.sec_sz = 0;
        d.sec_idx = 0;
        d.ephemeral = src.ephemeral;
        if src.ephemeral {
            return;
        }
        let h = src.hdr();
        let sec_idx = self.new_elf_idx();
        let name = self.strtab.add(&src.name);
        let d = &mut self.secs[dst];
        d.sec_idx = sec_idx;
        d.sh_name = name;
        d.sh_type = h.sh_type;
        d.sh_flags = h.flags;
        d.sh_link = 0;
        d.sh_info = 0;
        d.sh_addralign = h.addralign;
        d.sh_entsize = h.entsize;
    }

    /// Appends `src`'s data at the next offset both alignments allow;
    /// records that offset in `src.dst_off`.
    fn extend_sec(&mut self, dst: usize, src: &mut SrcSec<'_>) -> Result<()> {
        if src.ephemeral {
            return Ok(());
        }
        if self.secs[dst].ephemeral {
            self.init_sec(dst, src);
        }
        let h = src.hdr();
        let d = &mut self.secs[dst];
        let align = d.sh_addralign.max(1).max(h.addralign);
        let aligned = d.sec_sz.div_ceil(align).wrapping_mul(align);
        let final_sz = aligned.wrapping_add(h.size);
        if h.sh_type != elf::SHT_NOBITS {
            let pad = aligned.saturating_sub(d.raw.len() as u64);
            reserve(&mut d.raw, pad.saturating_add(src.data.len() as u64))?;
            d.raw.resize(d.raw.len() + pad as usize, 0);
            d.raw.extend_from_slice(src.data);
        }
        d.sec_sz = final_sz;
        d.sh_addralign = align;
        src.dst_off = aligned;
        Ok(())
    }

    fn secs_match(&self, dst: usize, src: &SrcSec<'_>) -> bool {
        let d = &self.secs[dst];
        if d.ephemeral || src.ephemeral {
            return true;
        }
        let h = src.hdr();
        let what = if d.sh_type != h.sh_type {
            "types"
        } else if d.sh_flags != h.flags {
            "flags"
        } else if d.sh_entsize != h.entsize {
            "entsize"
        } else {
            return true;
        };
        crate::warn!("sec {} {what} mismatch", show(&d.name));
        false
    }

    /// Appends every data and code section of `obj` (upstream's `linker_append_sec_data`).
    pub(super) fn append_sec_data(&mut self, obj: &mut SrcObj<'_>) -> Result<()> {
        for i in 1..obj.secs.len() {
            if !is_data_sec(&obj.secs[i]) {
                continue;
            }
            let name = obj.secs[i].name.clone();
            let dst = match self.find_dst_sec(&name) {
                None => {
                    let dst = self.add_dst_sec(&name);
                    self.init_sec(dst, &obj.secs[i]);
                    dst
                }
                Some(dst) => {
                    if !self.secs_match(dst, &obj.secs[i]) {
                        crate::warn!("ELF sections {} are incompatible", show(&name));
                        return Err(EINVAL);
                    }
                    if name == b"license" || name == b"version" {
                        let d = &self.secs[dst];
                        let s = &obj.secs[i];
                        if d.sec_sz != s.hdr().size || d.raw != s.data {
                            crate::warn!(
                                "non-identical contents of section '{}' are not supported",
                                show(&name)
                            );
                            return Err(EINVAL);
                        }
                        obj.secs[i].skipped = true;
                        obj.secs[i].dst_id = dst;
                        continue;
                    }
                    dst
                }
            };
            obj.secs[i].dst_id = dst;
            self.extend_sec(dst, &mut obj.secs[i])?;
        }
        Ok(())
    }

    /// Appends `obj`'s relocations with symbol indices mapped to the output
    /// symbols and offsets moved by where their section landed. A call or
    /// load through a section symbol (the first static function of `.text`,
    /// static data) gets the section's new offset added to its immediate.
    pub(super) fn append_elf_relos(&mut self, obj: &mut SrcObj<'_>) -> Result<()> {
        let o = obj.order;
        for i in 1..obj.secs.len() {
            if !is_relo_sec(&obj.secs[i]) {
                continue;
            }
            let target = obj.secs[i].hdr().info as usize;
            if obj.secs[target].skipped {
                continue;
            }
            let name = obj.secs[i].name.clone();
            let dst = match self.find_dst_sec(&name) {
                None => {
                    let dst = self.add_dst_sec(&name);
                    self.init_sec(dst, &obj.secs[i]);
                    dst
                }
                Some(dst) => {
                    if !self.secs_match(dst, &obj.secs[i]) {
                        crate::warn!("sections {} are not compatible", show(&name));
                        return Err(EINVAL);
                    }
                    dst
                }
            };
            let linked_dst = obj.secs[target].dst_id;
            let symtab_idx = self.secs[super::SYMTAB_ID].sec_idx;
            let linked_idx = self.secs[linked_dst].sec_idx;
            self.secs[dst].sh_link = symtab_idx;
            self.secs[dst].sh_info = linked_idx;
            obj.secs[i].dst_id = dst;
            self.extend_sec(dst, &mut obj.secs[i])?;

            let base = obj.secs[i].dst_off as usize;
            let linked_off = obj.secs[target].dst_off;
            let exec = obj.secs[target].hdr().flags & elf::SHF_EXECINSTR != 0;
            let n = obj.secs[i].data.len() / elf::REL_SIZE as usize;
            for j in 0..n {
                let at = base + j * elf::REL_SIZE as usize;
                let raw = &mut self.secs[dst].raw;
                let (r_off, r_info) = (o.u64(raw, at), o.u64(raw, at + 8));
                let src_sym = (r_info >> 32) as usize;
                let r_type = r_info as u32;
                let dst_sym = obj.sym_map.get(src_sym).copied().unwrap_or(0);
                let new_off = r_off.wrapping_add(linked_off);
                o.set64(raw, at, new_off);
                o.set64(raw, at + 8, (dst_sym as u64) << 32 | r_type as u64);

                let Some(sym) = obj.syms.get(src_sym).copied() else {
                    continue;
                };
                if sym.typ() != elf::STT_SECTION {
                    continue;
                }
                if !exec {
                    crate::warn!(
                        "relocation against STT_SECTION in non-exec section is not supported!"
                    );
                    return Err(EINVAL);
                }
                let sec_off = obj.secs.get(sym.shndx as usize).map_or(0, |s| s.dst_off);
                let code = &mut self.secs[linked_dst].raw;
                let at = usize::try_from(new_off).unwrap_or(usize::MAX);
                if at.checked_add(8).is_none_or(|e| e > code.len()) {
                    crate::warn!(
                        "relocation #{j} of section '{}' is beyond its section",
                        show(&name)
                    );
                    return Err(EINVAL);
                }
                // BPF_JMP | BPF_CALL: the immediate counts instructions.
                let add = if code[at] == 0x85 {
                    sec_off / 8
                } else {
                    sec_off
                };
                let imm = o.u32(code, at + 4).wrapping_add(add as u32);
                o.set32(code, at + 4, imm);
            }
        }
        Ok(())
    }
}
