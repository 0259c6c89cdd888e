//! Reading one input object: its ELF structure checked as upstream's linker
//! checks it (through libelf, whose own refusals we reproduce: a truncated
//! section header table reads as no sections, a section whose data lies
//! outside the file or whose size is not a multiple of its record size has
//! no data), its BTF and `.BTF.ext` parsed (checked and fixed up in
//! [`super::btf`]).

use super::{elf, show, ByteOrder, Linker, Order, Result, Sym, EINVAL};
use crate::btf::ext::BtfExt;
use crate::btf::{self, Btf};
use crate::error::Errno;

/// A section header (`Elf64_Shdr`), decoded.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Shdr {
    pub name: u32,
    pub sh_type: u32,
    pub flags: u64,
    pub offset: u64,
    pub size: u64,
    pub link: u32,
    pub info: u32,
    pub addralign: u64,
    pub entsize: u64,
}

/// One input section (upstream's `src_sec`); ephemeral ones exist only as a
/// DATASEC in BTF and have no header.
#[derive(Clone, Debug, Default)]
pub(crate) struct SrcSec<'a> {
    pub name: Vec<u8>,
    pub dst_id: usize,
    pub dst_off: u64,
    pub skipped: bool,
    pub ephemeral: bool,
    /// ELF index (0 for ephemeral sections, matching externs' `SHN_UNDEF`).
    pub sec_idx: usize,
    pub shdr: Option<Shdr>,
    /// The section's bytes in the file's byte order (empty for NOBITS).
    pub data: &'a [u8],
    /// libelf's `d_align` for the data.
    pub d_align: u64,
    /// Its DATASEC in the object's BTF, 0 if none.
    pub sec_type_id: u32,
}

impl SrcSec<'_> {
    pub fn hdr(&self) -> Shdr {
        self.shdr.unwrap_or_default()
    }
}

/// One input object being added (upstream's `src_obj`).
pub(crate) struct SrcObj<'a> {
    pub filename: &'a str,
    pub order: Order,
    /// Index 0 is unused; then every ELF section in order; then ephemeral ones.
    pub secs: Vec<SrcSec<'a>>,
    pub symtab_idx: usize,
    pub btf: Option<Btf>,
    pub btf_ext: Option<BtfExt>,
    /// The symbol table, decoded.
    pub syms: Vec<Sym>,
    /// Input symbol index → output symbol index.
    pub sym_map: Vec<u32>,
    /// Input BTF type id → output BTF type id.
    pub btf_type_map: Vec<u32>,
}

impl SrcObj<'_> {
    /// Name of symbol `sym` (from the string table the symbol table links to).
    pub fn sym_name(&self, sym: &Sym) -> Option<&[u8]> {
        let strtab = &self.secs[self.secs[self.symtab_idx].hdr().link as usize];
        str_at(strtab, sym.name as u64)
    }

    pub fn find_sec(&self, name: &[u8]) -> Option<usize> {
        (1..self.secs.len()).find(|&i| self.secs[i].name == name)
    }
}

/// The NUL-terminated string at `off` of string section `sec` (libelf's
/// `elf_strptr`: the section must be a string table holding a NUL after `off`).
fn str_at<'a>(sec: &SrcSec<'a>, off: u64) -> Option<&'a [u8]> {
    let h = sec.shdr?;
    if h.sh_type != elf::SHT_STRTAB || off >= h.size {
        return None;
    }
    let data = sec.data.get(off as usize..)?;
    let end = data.iter().position(|&b| b == 0)?;
    Some(&data[..end])
}

const ELF_HEADER: &str = "failed to get ELF header";

/// Reads, checks and fixes up one object (upstream's `linker_load_obj_file`).
pub(crate) fn load<'a>(l: &mut Linker, data: &'a [u8], filename: &'a str) -> Result<SrcObj<'a>> {
    crate::debug!("linker: adding object file '{filename}'...");
    let is_elf = data.len() >= 16 && data[..4] == *b"\x7fELF";
    if !is_elf {
        crate::warn!("{ELF_HEADER} for {filename}: not an ELF file");
        return Err(EINVAL);
    }
    let (class, ei_data) = (data[4], data[5]);
    let bad_form = !matches!(class, 1 | 2) || !matches!(ei_data, 1 | 2);
    let hdr_size = if class == 1 { 52 } else { 64 };
    if bad_form || data.len() < hdr_size {
        crate::warn!("failed to parse ELF file '{filename}': invalid ELF file");
        return Err(EINVAL);
    }
    if class != 2 {
        crate::warn!("{ELF_HEADER} for {filename}: not a 64-bit ELF file");
        return Err(EINVAL);
    }
    let o = Order(ei_data == 2);
    let Some(scn_cnt) = section_count(data, o) else {
        crate::warn!("failed to parse ELF file '{filename}': invalid ELF file");
        return Err(EINVAL);
    };

    let obj_order = if o.0 {
        ByteOrder::Big
    } else {
        ByteOrder::Little
    };
    match l.order {
        None => {
            l.order = Some(obj_order);
            let name = if o.0 { "big" } else { "little" };
            crate::debug!("linker: set {name}-endian output byte order");
        }
        Some(cur) if cur != obj_order => {
            crate::warn!("byte order mismatch with ELF file {filename}");
            return Err(Errno::ENOTSUP);
        }
        Some(_) => {}
    }
    let (e_type, e_machine) = (o.u16(data, 16), o.u16(data, 18));
    if e_type != elf::ET_REL || e_machine != elf::EM_BPF {
        crate::warn!("unsupported kind of ELF file {filename}: type {e_type}, machine {e_machine}");
        return Err(Errno::ENOTSUP);
    }

    let shoff = o.u64(data, 40);
    let shdr = |i: usize| -> Shdr {
        let b = &data[(shoff + i as u64 * elf::SHDR_SIZE) as usize..];
        Shdr {
            name: o.u32(b, 0),
            sh_type: o.u32(b, 4),
            flags: o.u64(b, 8),
            offset: o.u64(b, 24),
            size: o.u64(b, 32),
            link: o.u32(b, 40),
            info: o.u32(b, 44),
            addralign: o.u64(b, 48),
            entsize: o.u64(b, 56),
        }
    };
    let mut shstrndx = o.u16(data, 62) as usize;
    if shstrndx == elf::SHN_XINDEX as usize {
        if scn_cnt == 0 {
            crate::warn!("failed to get SHSTRTAB section index for {filename}");
            return Err(EINVAL);
        }
        shstrndx = shdr(0).link as usize;
    }

    let mut obj = SrcObj {
        filename,
        order: o,
        secs: vec![SrcSec::default()],
        symtab_idx: 0,
        btf: None,
        btf_ext: None,
        syms: Vec::new(),
        sym_map: Vec::new(),
        btf_type_map: Vec::new(),
    };
    // The section-name table, read as libelf would when asked for a name.
    let shstr = (shstrndx < scn_cnt)
        .then(|| shdr(shstrndx))
        .and_then(|h| Some((h, section_data(data, &h)?.0)));
    for idx in 1..scn_cnt {
        let h = shdr(idx);
        let name = shstr.and_then(|(sh, d)| {
            let sec = SrcSec {
                shdr: Some(sh),
                data: d,
                ..Default::default()
            };
            str_at(&sec, h.name as u64)
        });
        let Some(name) = name else {
            crate::warn!("failed to get section #{idx} name for {filename}");
            return Err(EINVAL);
        };
        let Some((sdata, d_align)) = section_data(data, &h) else {
            crate::warn!(
                "failed to get section #{idx} ({}) data from {filename}",
                show(name)
            );
            return Err(EINVAL);
        };
        let mut sec = SrcSec {
            name: name.to_vec(),
            sec_idx: idx,
            shdr: Some(h),
            data: sdata,
            d_align,
            ..Default::default()
        };
        if is_ignored(&sec) {
            sec.skipped = true;
            obj.secs.push(sec);
            continue;
        }
        match h.sh_type {
            elf::SHT_SYMTAB => {
                if obj.symtab_idx != 0 {
                    crate::warn!("multiple SYMTAB sections found, not supported");
                    return Err(Errno::ENOTSUP);
                }
                obj.symtab_idx = idx;
            }
            elf::SHT_PROGBITS if name == b".BTF" => {
                let b = Btf::parse(sdata).map_err(|e| {
                    crate::warn!("failed to parse .BTF from {filename}: {e}");
                    e.errno()
                })?;
                obj.btf = Some(b);
                sec.skipped = true;
            }
            elf::SHT_PROGBITS if name == b".BTF.ext" => {
                let b = parse_btf_ext(sdata).inspect_err(|e| {
                    crate::warn!(
                        "failed to parse .BTF.ext from '{filename}': {}",
                        super::errstr(*e)
                    );
                })?;
                obj.btf_ext = Some(b);
                sec.skipped = true;
            }
            elf::SHT_STRTAB | elf::SHT_PROGBITS | elf::SHT_NOBITS | elf::SHT_REL => {}
            _ => {
                crate::warn!("unrecognized section #{idx} ({}) in {filename}", show(name));
                return Err(EINVAL);
            }
        }
        obj.secs.push(sec);
    }
    sanity_check_elf(&mut obj)?;
    super::btf::check_and_fixup(&mut obj)?;
    Ok(obj)
}

/// libelf's section count: `e_shnum`, or section 0's `sh_size` when that is
/// 0; none at all when the header table does not fit in the file. `None`
/// where libelf refuses the file.
fn section_count(data: &[u8], o: Order) -> Option<usize> {
    let len = data.len() as u64;
    let shoff = o.u64(data, 40);
    let mut n = o.u16(data, 60) as u64;
    if n == 0 && shoff != 0 {
        if shoff >= len || shoff + elf::SHDR_SIZE > len {
            return Some(0);
        }
        let size = o.u64(data, shoff as usize + 32);
        if size > u32::MAX as u64 {
            return None;
        }
        n = size;
    }
    if shoff > len || len - shoff < elf::SHDR_SIZE * n {
        n = 0;
    }
    Some(n as usize)
}

/// libelf's record size of a section type (its `size % entsize` check).
fn type_entsize(sh_type: u32) -> u64 {
    match sh_type {
        elf::SHT_SYMTAB | elf::SHT_DYNSYM | elf::SHT_RELA => 24,
        elf::SHT_REL | elf::SHT_DYNAMIC => 16,
        elf::SHT_INIT_ARRAY | elf::SHT_FINI_ARRAY | elf::SHT_PREINIT_ARRAY => 8,
        elf::SHT_HASH | elf::SHT_GROUP | elf::SHT_SYMTAB_SHNDX => 4,
        elf::SHT_GNU_VERSYM => 2,
        _ => 1,
    }
}

/// A section's bytes and `d_align` as libelf's `elf_getdata` gives them, or
/// `None` where it fails.
fn section_data<'a>(data: &'a [u8], h: &Shdr) -> Option<(&'a [u8], u64)> {
    let mut bytes: &[u8] = &[];
    if h.size != 0 && h.sh_type != elf::SHT_NOBITS {
        if h.size % type_entsize(h.sh_type) != 0 {
            return None;
        }
        let len = data.len() as u64;
        if h.offset > len || len - h.offset < h.size {
            return None;
        }
        bytes = &data[h.offset as usize..(h.offset + h.size) as usize];
    }
    // libelf clamps an alignment beyond the data's file offset to the next
    // power of two of that offset (0 wraps to 0).
    let mut align = h.addralign.max(1);
    if h.sh_type != elf::SHT_NOBITS && align > h.offset {
        align = h.offset.checked_next_power_of_two().unwrap_or(0);
        if h.offset == 0 {
            align = 0;
        }
    }
    Some((bytes, align))
}

fn is_dwarf(name: &[u8]) -> bool {
    name.starts_with(b".debug_")
}

/// Sections the linker drops (upstream's `is_ignored_sec`).
fn is_ignored(sec: &SrcSec<'_>) -> bool {
    let h = sec.hdr();
    let name = &sec.name[..];
    if h.sh_type == elf::SHT_STRTAB || h.sh_type == elf::SHT_LLVM_ADDRSIG {
        return true;
    }
    if h.sh_type == elf::SHT_PROGBITS && h.size == 0 && name == b".text" {
        return true;
    }
    if is_dwarf(name) {
        return true;
    }
    if let Some(rest) = name.strip_prefix(b".rel") {
        if is_dwarf(rest) || rest == b".BTF" || rest == b".BTF.ext" {
            return true;
        }
    }
    false
}

/// `btf_ext__new`'s header checks first (its -ENOTSUP cases), then ours.
fn parse_btf_ext(d: &[u8]) -> Result<BtfExt> {
    if d.len() >= 8 {
        let m = [d[0], d[1]];
        let magic_ok =
            u16::from_le_bytes(m) == btf::BTF_MAGIC || u16::from_be_bytes(m) == btf::BTF_MAGIC;
        if magic_ok && (d[2] != 1 || d[3] != 0) {
            return Err(Errno::ENOTSUP);
        }
    }
    BtfExt::parse(d).map_err(|e| e.errno())
}

fn sanity_check_elf(obj: &mut SrcObj<'_>) -> Result<()> {
    let f = obj.filename;
    if obj.symtab_idx == 0 {
        crate::warn!("ELF is missing SYMTAB section in {f}");
        return Err(EINVAL);
    }
    for i in 1..obj.secs.len() {
        let sec = &obj.secs[i];
        let h = sec.hdr();
        let idx = sec.sec_idx;
        if sec.name.is_empty() {
            crate::warn!("ELF section #{idx} has empty name in {f}");
            return Err(EINVAL);
        }
        if is_dwarf(&sec.name) {
            continue;
        }
        if h.addralign != 0 && !h.addralign.is_power_of_two() {
            crate::warn!(
                "ELF section #{idx} alignment {} is non pow-of-2 alignment in {f}",
                h.addralign
            );
            return Err(EINVAL);
        }
        if h.addralign != sec.d_align {
            crate::warn!(
                "ELF section #{idx} has inconsistent alignment addr={} != d={} in {f}",
                h.addralign,
                sec.d_align
            );
            return Err(EINVAL);
        }
        match h.sh_type {
            elf::SHT_SYMTAB => check_symtab(obj, i)?,
            elf::SHT_STRTAB | elf::SHT_NOBITS | elf::SHT_LLVM_ADDRSIG => {}
            elf::SHT_PROGBITS => {
                if h.flags & elf::SHF_EXECINSTR != 0 && h.size % 8 != 0 {
                    crate::warn!(
                        "ELF section #{idx} has unexpected size alignment {} in {f}",
                        h.size
                    );
                    return Err(EINVAL);
                }
            }
            elf::SHT_REL => check_relos(obj, i)?,
            t => {
                crate::warn!(
                    "ELF section #{idx} ({}) has unrecognized type {t} in {f}",
                    show(&sec.name)
                );
                return Err(EINVAL);
            }
        }
    }
    Ok(())
}

fn check_symtab(obj: &mut SrcObj<'_>, i: usize) -> Result<()> {
    let f = obj.filename;
    let sec = &obj.secs[i];
    let h = sec.hdr();
    let idx = sec.sec_idx;
    if h.entsize != elf::SYM_SIZE {
        return Err(EINVAL);
    }
    let link = h.link as usize;
    if link == 0 || link >= obj.secs.len() {
        crate::warn!("ELF SYMTAB section #{idx} points to missing STRTAB section #{link} in {f}");
        return Err(EINVAL);
    }
    if obj.secs[link].hdr().sh_type != elf::SHT_STRTAB {
        crate::warn!("ELF SYMTAB section #{idx} points to invalid STRTAB section #{link} in {f}");
        return Err(EINVAL);
    }
    let o = obj.order;
    let syms: Vec<Sym> = sec
        .data
        .chunks_exact(elf::SYM_SIZE as usize)
        .map(|b| Sym {
            name: o.u32(b, 0),
            info: b[4],
            other: b[5],
            shndx: o.u16(b, 6),
            value: o.u64(b, 8),
            size: o.u64(b, 16),
        })
        .collect();
    for (n, s) in syms.iter().enumerate() {
        if n == 0 {
            if *s != Sym::default() {
                crate::warn!("ELF sym #0 is invalid in {f}");
                return Err(EINVAL);
            }
            continue;
        }
        let bind = s.bind();
        if !matches!(bind, elf::STB_LOCAL | elf::STB_GLOBAL | elf::STB_WEAK) {
            crate::warn!("ELF sym #{n} in section #{idx} has unsupported symbol binding {bind}");
            return Err(EINVAL);
        }
        let vis = s.vis();
        if vis != elf::STV_DEFAULT && vis != elf::STV_HIDDEN {
            crate::warn!("ELF sym #{n} in section #{idx} has unsupported symbol visibility {vis}");
            return Err(EINVAL);
        }
        if s.shndx == elf::SHN_UNDEF {
            if s.typ() != elf::STT_NOTYPE || bind == elf::STB_LOCAL || s.value != 0 || s.size != 0 {
                crate::warn!("ELF sym #{n} is invalid extern symbol in {f}");
                return Err(EINVAL);
            }
            continue;
        }
        if s.shndx < elf::SHN_LORESERVE && s.shndx as usize >= obj.secs.len() {
            crate::warn!(
                "ELF sym #{n} in section #{idx} points to missing section #{} in {f}",
                s.shndx
            );
            return Err(EINVAL);
        }
        if s.typ() == elf::STT_SECTION && s.value != 0 {
            return Err(EINVAL);
        }
    }
    obj.syms = syms;
    Ok(())
}

fn check_relos(obj: &SrcObj<'_>, i: usize) -> Result<()> {
    let f = obj.filename;
    let sec = &obj.secs[i];
    let h = sec.hdr();
    let idx = sec.sec_idx;
    if h.entsize != elf::REL_SIZE {
        return Err(EINVAL);
    }
    if h.link as usize != obj.symtab_idx {
        crate::warn!(
            "ELF relo section #{idx} points to invalid SYMTAB section #{} in {f}",
            h.link
        );
        return Err(EINVAL);
    }
    let target = h.info as usize;
    if target == 0 || target >= obj.secs.len() {
        crate::warn!("ELF relo section #{idx} points to missing section #{target} in {f}");
        return Err(EINVAL);
    }
    let link_sec = &obj.secs[target];
    if sec.name.strip_prefix(b".rel") != Some(&link_sec.name[..]) {
        crate::warn!("ELF relo section #{idx} name has invalid name in {f}");
        return Err(EINVAL);
    }
    if link_sec.skipped {
        return Ok(());
    }
    let lh = link_sec.hdr();
    if lh.sh_type != elf::SHT_PROGBITS && lh.sh_type != elf::SHT_NOBITS {
        crate::warn!("ELF relo section #{idx} points to invalid section #{target} in {f}");
        return Err(EINVAL);
    }
    let symtab_size = obj.secs[obj.symtab_idx].hdr().size;
    let o = obj.order;
    for (n, r) in sec.data.chunks_exact(elf::REL_SIZE as usize).enumerate() {
        let (offset, info) = (o.u64(r, 0), o.u64(r, 8));
        let (sym, typ) = (info >> 32, info as u32);
        if !matches!(
            typ,
            elf::R_BPF_64_64 | elf::R_BPF_64_32 | elf::R_BPF_64_ABS64 | elf::R_BPF_64_ABS32
        ) {
            crate::warn!("ELF relo #{n} in section #{idx} has unexpected type {typ} in {f}");
            return Err(EINVAL);
        }
        if sym == 0 || sym.saturating_mul(elf::SYM_SIZE) >= symtab_size {
            crate::warn!("ELF relo #{n} in section #{idx} points to invalid symbol #{sym} in {f}");
            return Err(EINVAL);
        }
        if lh.flags & elf::SHF_EXECINSTR != 0 && offset % 8 != 0 {
            crate::warn!("ELF relo #{n} in section #{idx} points to missing symbol #{sym} in {f}");
            return Err(EINVAL);
        }
    }
    Ok(())
}
