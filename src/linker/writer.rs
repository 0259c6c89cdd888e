//! The output ELF file, laid out as libelf's `elf_update` lays out a file
//! it builds: the header, then every section in index order at the next
//! offset its alignment allows (NOBITS take no room), gaps zero-filled, and
//! the section header table last, 8-byte aligned. `.strtab` doubles as the
//! section-name table; `.symtab`'s `sh_info` stays 0, as upstream leaves it.

use super::btf::Extra;
use super::{elf, Linker, Order, Result, EINVAL, STRTAB_ID, SYMTAB_ID};
use crate::error::Errno;

/// One section header to write and the bytes it covers.
struct Out<'a> {
    name: u32,
    sh_type: u32,
    flags: u64,
    link: u32,
    info: u32,
    align: u64,
    entsize: u64,
    size: u64,
    data: &'a [u8],
    offset: u64,
}

/// libelf's entry size for the section types it knows the records of.
fn fixed_entsize(sh_type: u32, entsize: u64) -> u64 {
    match sh_type {
        elf::SHT_SYMTAB | elf::SHT_RELA | elf::SHT_DYNSYM => elf::SYM_SIZE,
        elf::SHT_REL | elf::SHT_DYNAMIC => elf::REL_SIZE,
        elf::SHT_GROUP | elf::SHT_SYMTAB_SHNDX | elf::SHT_HASH => 4,
        _ => entsize,
    }
}

fn align_up(v: u64, a: u64) -> Option<u64> {
    Some(v.checked_add(a - 1)? & !(a - 1))
}

fn symtab_bytes(l: &Linker, o: Order) -> Vec<u8> {
    let mut out = Vec::with_capacity(l.syms.len() * elf::SYM_SIZE as usize);
    for s in &l.syms {
        o.put32(&mut out, s.name);
        out.push(s.info);
        out.push(s.other);
        o.put16(&mut out, s.shndx);
        o.put64(&mut out, s.value);
        o.put64(&mut out, s.size);
    }
    out
}

/// The whole output file.
pub(super) fn write(l: &Linker, extra: &Extra) -> Result<Vec<u8>> {
    let o = l.out_order();
    let symtab = symtab_bytes(l, o);
    let mut by_idx: Vec<Option<usize>> = vec![None; l.elf_cnt as usize];
    for (id, s) in l.secs.iter().enumerate().skip(1) {
        if s.sec_idx != 0 {
            by_idx[s.sec_idx as usize] = Some(id);
        }
    }
    let mut outs = Vec::new();
    for id in by_idx.into_iter().skip(1) {
        let s = &l.secs[id.ok_or(EINVAL)?];
        let data: &[u8] = match s.id {
            STRTAB_ID => &l.strtab.data,
            SYMTAB_ID => &symtab,
            _ => &s.raw,
        };
        let size = if s.id == STRTAB_ID || s.id == SYMTAB_ID {
            data.len() as u64
        } else {
            s.sec_sz
        };
        outs.push(Out {
            name: s.sh_name,
            sh_type: s.sh_type,
            flags: s.sh_flags,
            link: s.sh_link,
            info: s.sh_info,
            align: s.sh_addralign.max(1),
            entsize: fixed_entsize(s.sh_type, s.sh_entsize),
            size,
            data,
            offset: 0,
        });
    }
    for (name, data) in extra {
        outs.push(Out {
            name: *name,
            sh_type: elf::SHT_PROGBITS,
            flags: 0,
            link: 0,
            info: 0,
            align: 8,
            entsize: 0,
            size: data.len() as u64,
            data,
            offset: 0,
        });
    }

    let mut off = elf::EHDR_SIZE;
    for s in &mut outs {
        if s.entsize > 1 && s.size % s.entsize != 0 {
            crate::warn!(
                "failed to finalize ELF layout: section size is not a multiple of its entry size"
            );
            return Err(EINVAL);
        }
        off = align_up(off, s.align).ok_or(EINVAL)?;
        s.offset = off;
        if s.sh_type != elf::SHT_NOBITS {
            off = off.checked_add(s.size).ok_or(EINVAL)?;
        }
    }
    let shnum = outs.len() as u64 + 1;
    let shoff = align_up(off, 8).ok_or(EINVAL)?;
    let total = shnum
        .checked_mul(elf::SHDR_SIZE)
        .and_then(|h| h.checked_add(shoff))
        .and_then(|t| usize::try_from(t).ok())
        .ok_or(Errno::ENOMEM)?;
    let mut img = Vec::new();
    img.try_reserve_exact(total).map_err(|_| Errno::ENOMEM)?;

    // ELF header.
    img.extend_from_slice(b"\x7fELF");
    img.extend_from_slice(&[2, if o.0 { 2 } else { 1 }, 1]);
    img.resize(16, 0);
    o.put16(&mut img, elf::ET_REL);
    o.put16(&mut img, elf::EM_BPF);
    o.put32(&mut img, 1);
    o.put64(&mut img, 0);
    o.put64(&mut img, 0);
    o.put64(&mut img, shoff);
    o.put32(&mut img, 0);
    o.put16(&mut img, elf::EHDR_SIZE as u16);
    o.put16(&mut img, 0);
    o.put16(&mut img, 0);
    o.put16(&mut img, elf::SHDR_SIZE as u16);
    let big_count = shnum >= elf::SHN_LORESERVE as u64;
    o.put16(&mut img, if big_count { 0 } else { shnum as u16 });
    o.put16(&mut img, l.secs[STRTAB_ID].sec_idx as u16);

    for s in &outs {
        if s.sh_type == elf::SHT_NOBITS {
            continue;
        }
        img.resize(s.offset as usize, 0);
        img.extend_from_slice(s.data);
    }
    img.resize(shoff as usize, 0);
    // Section 0 carries the section count when e_shnum cannot.
    img.resize(img.len() + 32, 0);
    o.put64(&mut img, if big_count { shnum } else { 0 });
    img.resize(img.len() + 24, 0);
    for s in &outs {
        o.put32(&mut img, s.name);
        o.put32(&mut img, s.sh_type);
        o.put64(&mut img, s.flags);
        o.put64(&mut img, 0);
        o.put64(&mut img, s.offset);
        o.put64(&mut img, s.size);
        o.put32(&mut img, s.link);
        o.put32(&mut img, s.info);
        o.put64(&mut img, s.align);
        o.put64(&mut img, s.entsize);
    }
    debug_assert_eq!(img.len(), total);
    Ok(img)
}
