//! Reading a clang-built BPF ELF object into an [`ObjectSpec`]: programs with
//! their instructions and relocations, map definitions (BTF-defined `.maps` and
//! global-data sections), license, kernel version, BTF and `.BTF.ext`.
//! Pure: bytes in, a Rust model out; no syscalls, safe on any input.

pub mod describe;
pub mod externs;
pub mod maps;
pub mod secdef;
pub mod struct_ops;

mod datasec;
mod relo;

use datasec::fixup_datasecs;

use crate::btf::{self, ext::BtfExt, Btf};
use crate::error::{Error, Result};
use crate::uapi::bpf::bpf_insn;
use object::elf;
use object::read::elf::{FileHeader, Rel as _, SectionHeader, Sym as _};
use object::Endianness;

pub use maps::{MapDef, MapKind, MapSpec, Slot};

/// What an instruction relocation points at, resolved to the object model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReloTarget {
    /// `ld_imm64` of a map's fd (BTF-defined map, index into `ObjectSpec::maps`).
    Map(usize),
    /// `ld_imm64` of an address in a global-data map: map index and byte offset.
    Data { map: usize, off: u32 },
    /// A call (or `ld_imm64` of a function) into an executable section at
    /// instruction index `insn` of section `sec`.
    Call { sec: usize, insn: usize },
    /// A reference to an extern symbol (`.kconfig`/`.ksyms`): resolved at load.
    Extern(String),
}

#[derive(Clone, Debug)]
pub struct Relo {
    /// Instruction index within the program (not the section).
    pub insn: usize,
    pub target: ReloTarget,
}

/// One program or subprogram: a function symbol in an executable section.
#[derive(Clone, Debug)]
pub struct ProgSpec {
    pub name: crate::name::Name,
    pub sec_name: crate::name::Name,
    pub sec_idx: usize,
    /// Index of the first instruction within its section.
    pub sec_insn_off: usize,
    pub insns: Vec<bpf_insn>,
    pub relos: Vec<Relo>,
    /// In `.text`: only ever appended to other programs.
    pub is_subprog: bool,
    /// ELF symbol binding is global (or weak).
    pub is_global: bool,
    /// Global but hidden (`__hidden`): its BTF FUNC is made static.
    pub is_hidden: bool,
    /// False for `SEC("?...")`: the `?` only turns autoload off and is not
    /// part of `sec_name`, as in libbpf.
    pub autoload: bool,
}

/// A parsed object.
#[derive(Clone, Debug, Default)]
pub struct ObjectSpec {
    /// Also what the kernel gets (`BPF_PROG_LOAD`'s `license`).
    pub license: crate::name::Name,
    /// From the `version` section, if the object has one.
    pub kern_version: Option<u32>,
    pub progs: Vec<ProgSpec>,
    pub maps: Vec<MapSpec>,
    pub btf: Option<Btf>,
    pub btf_ext: Option<BtfExt>,
    /// `extern` variables (`.kconfig`, `.ksyms`), kconfig ones first.
    pub externs: Vec<externs::Extern>,
    /// Section names by index (for `.BTF.ext` matching and messages).
    pub sec_names: SecNames,
    /// struct_ops maps (`.struct_ops`, `.struct_ops.link`): their shadow data
    /// and the programs their function pointers name.
    pub struct_ops: Vec<struct_ops::StructOpsSpec>,
    /// The one `BPF_MAP_TYPE_ARENA` map (index into `maps`), if any.
    pub arena_map: Option<usize>,
    /// The initial image of the `__arena` globals (`.addr_space.1`).
    pub arena_data: Option<Vec<u8>>,
}

/// libbpf's `LIBBPF_ERRNO__RELOC`.
const LIBBPF_ERRNO_RELOC: i32 = 4005;

/// The section clang puts `__arena` globals in.
pub(crate) const ARENA_SEC: &str = ".addr_space.1";

/// Section names by index: a copy of the section-name string table and each
/// section's offset in it. An object has dozens of sections (most of them
/// DWARF) whose names are rarely asked for: they are found when asked.
#[derive(Clone, Debug, Default)]
pub struct SecNames {
    tab: Vec<u8>,
    offs: Vec<u32>,
}

impl SecNames {
    fn new(tab: &[u8], sections: usize) -> SecNames {
        SecNames {
            tab: tab.to_vec(),
            offs: Vec::with_capacity(sections),
        }
    }

    fn push(&mut self, name_off: u32) {
        self.offs.push(name_off);
    }

    /// Name of section `idx` (`None` if it is not valid UTF-8).
    pub fn get(&self, idx: usize) -> Option<&str> {
        std::str::from_utf8(name_at(&self.tab, *self.offs.get(idx)?)?).ok()
    }

    /// Index of the first section named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        let n = name.as_bytes();
        self.offs.iter().position(|&o| {
            let o = o as usize;
            self.tab.get(o..o + n.len()) == Some(n) && self.tab.get(o + n.len()) == Some(&0)
        })
    }

    pub fn len(&self) -> usize {
        self.offs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.offs.is_empty()
    }
}

/// The NUL-terminated string at `off` of string table `tab`, without its NUL.
fn name_at(tab: &[u8], off: u32) -> Option<&[u8]> {
    crate::name::table_entry(tab, off as usize).map(|(b, _)| b)
}

/// Copies the image into 8-byte aligned storage: `object` reads records in
/// place, and skeletons embed the ELF as an unaligned string literal.
fn aligned_copy(data: &[u8]) -> Vec<u64> {
    let mut buf = vec![0u64; data.len().div_ceil(8)];
    // SAFETY-free: fill through a byte view of the u64 buffer.
    for (dst, src) in buf.iter_mut().zip(data.chunks(8)) {
        let mut w = [0u8; 8];
        w[..src.len()].copy_from_slice(src);
        *dst = u64::from_ne_bytes(w);
    }
    buf
}

fn as_bytes(words: &[u64], len: usize) -> &[u8] {
    let (_, bytes, _) = bytemuck_cast(words);
    &bytes[..len]
}

/// Reinterprets `[u64]` as bytes (always valid: u8 has no invalid values or alignment).
fn bytemuck_cast(words: &[u64]) -> ((), &[u8], ()) {
    #[allow(unsafe_code)]
    // SAFETY: any initialised u64 storage is valid as bytes; length scales by 8.
    let bytes = unsafe { std::slice::from_raw_parts(words.as_ptr().cast::<u8>(), words.len() * 8) };
    ((), bytes, ())
}

fn elf_err(what: &str) -> impl Fn(object::read::Error) -> Error + '_ {
    move |e| Error::Elf(format!("{what}: {e}"))
}

/// Section classification the loader cares about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SecKind {
    Other,
    /// `.addr_space.1`: `__arena` globals, placed in the object's arena map.
    Arena,
    Prog,
    Text,
    Maps,
    Data,
    Rodata,
    Bss,
}

struct Sec<'a> {
    /// Borrowed from the image unless it is not UTF-8.
    name: std::borrow::Cow<'a, str>,
    kind: SecKind,
    data: &'a [u8],
    size: u64,
    /// A struct_ops section (`.struct_ops`, `.struct_ops.link`).
    st_ops: bool,
}

/// A symbol of the object, decoded once.
struct Sym<'d> {
    /// The string table `st_name` is in: names are read only for the
    /// few symbols that need one.
    strs: &'d [u8],
    st_name: u32,
    shndx: usize,
    value: u64,
    size: u64,
    st_type: u8,
    bind: u8,
    vis: u8,
}
impl<'d> Sym<'d> {
    /// Borrowed from the image; non-UTF-8 names read as empty.
    fn name(&self) -> &'d str {
        crate::name::table_str(self.strs, self.st_name as usize).unwrap_or("")
    }
}

impl ObjectSpec {
    /// Parses an ELF BPF object.
    pub fn parse(image: &[u8]) -> Result<ObjectSpec> {
        if image.len() < 64 || &image[..4] != b"\x7fELF" {
            return Err(Error::Elf("not an ELF file".into()));
        }
        // Records are read in place: use the image as is when it is aligned
        // (files read into a Vec are), copy it otherwise (skeleton literals).
        if image.as_ptr() as usize % 8 == 0 {
            return Self::parse_aligned(image);
        }
        let words = aligned_copy(image);
        Self::parse_aligned(as_bytes(&words, image.len()))
    }

    fn parse_aligned(data: &[u8]) -> Result<ObjectSpec> {
        let hdr =
            elf::FileHeader64::<Endianness>::parse(data).map_err(elf_err("bad ELF header"))?;
        let endian = hdr.endian().map_err(elf_err("bad ELF endianness"))?;
        if endian != Endianness::Little {
            return Err(Error::Elf(
                "big-endian objects are not supported yet".into(),
            ));
        }
        let machine = hdr.e_machine(endian);
        if machine != elf::EM_BPF && machine != elf::EM_NONE {
            return Err(Error::Elf(format!(
                "not a BPF object (e_machine {machine})"
            )));
        }
        let sections = hdr
            .sections(endian, data)
            .map_err(elf_err("bad section table"))?;
        let symbols = sections
            .symbols(endian, data, elf::SHT_SYMTAB)
            .map_err(elf_err("bad symbol table"))?;
        if symbols.is_empty() {
            return Err(Error::Elf("no symbol table".into()));
        }

        let mut spec = ObjectSpec::default();
        let mut secs: Vec<Sec<'_>> = Vec::with_capacity(sections.len());
        let shstrtab = hdr
            .shstrndx(endian, data)
            .ok()
            .and_then(|i| sections.section(object::SectionIndex(i as usize)).ok())
            .and_then(|sh| sh.data(endian, data).ok())
            .unwrap_or(&[]);
        spec.sec_names = SecNames::new(shstrtab, sections.len());
        // Noted on the way: the first `.maps` section, and whether any
        // section holds struct_ops variables.
        let (mut maps_idx, mut any_st_ops) = (None, false);
        for sh in sections.iter() {
            let ty = sh.sh_type(endian);
            let flags = sh.sh_flags(endian);
            let name_off = sh.sh_name(endian);
            spec.sec_names.push(name_off);
            let name_of = || {
                // Valid UTF-8 (every real name) is borrowed.
                match crate::name::table_str(shstrtab, name_off as usize) {
                    Some(n) => std::borrow::Cow::Borrowed(n),
                    None => String::from_utf8_lossy(name_at(shstrtab, name_off).unwrap_or(b"")),
                }
            };
            // Only sections with contents are told apart by name (code, data,
            // maps, license, BTF, ...); relocation, symbol and string tables
            // go by type, and DWARF (`.debug_*`, most sections of a `-g`
            // object) by prefix: all are named only in messages.
            let named = match ty {
                elf::SHT_PROGBITS => {
                    flags & u64::from(elf::SHF_EXECINSTR) != 0
                        || !shstrtab
                            .get(name_off as usize..)
                            .is_some_and(|n| n.starts_with(b".debug_"))
                }
                elf::SHT_NOBITS => true,
                _ => false,
            };
            let name = if named {
                name_of()
            } else {
                std::borrow::Cow::Borrowed("")
            };
            let sec_data: &[u8] = if ty == elf::SHT_NOBITS {
                &[]
            } else {
                sh.data(endian, data).map_err(|_| {
                    Error::Elf(format!("section '{}': data out of bounds", name_of()))
                })?
            };
            // `.bss`, `.bss.foo`, ... (a section family named by its prefix).
            let family = |f: &str| {
                name.strip_prefix(f)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            };
            let kind = match ty {
                elf::SHT_PROGBITS if flags & u64::from(elf::SHF_EXECINSTR) != 0 => {
                    if name == ".text" {
                        SecKind::Text
                    } else {
                        SecKind::Prog
                    }
                }
                _ if name == ".maps" => SecKind::Maps,
                elf::SHT_NOBITS if family(".bss") => SecKind::Bss,
                elf::SHT_PROGBITS if family(".data") => SecKind::Data,
                elf::SHT_PROGBITS if family(".rodata") => SecKind::Rodata,
                elf::SHT_PROGBITS if name == ARENA_SEC && !sec_data.is_empty() => SecKind::Arena,
                _ => SecKind::Other,
            };
            match &*name {
                "license" => {
                    let end = sec_data
                        .iter()
                        .position(|&b| b == 0)
                        .unwrap_or(sec_data.len());
                    spec.license =
                        crate::name::Name::new(&String::from_utf8_lossy(&sec_data[..end]));
                }
                "version" => {
                    let v: [u8; 4] = sec_data.try_into().map_err(|_| {
                        Error::Elf(format!(
                            "invalid size of version section: {}",
                            sec_data.len()
                        ))
                    })?;
                    spec.kern_version = Some(u32::from_le_bytes(v));
                }
                ".BTF" => match Btf::parse(sec_data) {
                    Ok(mut b) => {
                        // BPF targets have 8-byte pointers, whatever the
                        // types say (libbpf sets it at open).
                        b.set_pointer_size(8)?;
                        spec.btf = Some(b)
                    }
                    Err(e) => crate::warn!("Error loading ELF section .BTF: {e}."),
                },
                ".BTF.ext" => match BtfExt::parse(sec_data) {
                    Ok(b) => spec.btf_ext = Some(b),
                    Err(e) => crate::warn!(
                        "Error loading ELF section .BTF.ext: {e}. Ignored and continue."
                    ),
                },
                "maps" => {
                    crate::warn!("elf: legacy map definitions in 'maps' section are not supported by libbpf v1.0+");
                    return Err(Error::Reported(crate::Errno::ENOTSUP));
                }
                _ => {}
            }
            let st_ops = named && name.len() >= 11 && struct_ops::section(&name).is_some();
            any_st_ops |= st_ops;
            if kind == SecKind::Maps && maps_idx.is_none() {
                maps_idx = Some(secs.len());
            }
            secs.push(Sec {
                st_ops,
                name,
                kind,
                data: sec_data,
                size: sh.sh_size(endian),
            });
        }

        // Symbols, decoded once.
        let strs = sections
            .section(symbols.string_section())
            .and_then(|sh| sh.data(endian, data))
            .unwrap_or(&[]);
        let syms: Vec<Sym<'_>> = symbols
            .iter()
            .map(|sym| Sym {
                strs,
                st_name: sym.st_name(endian),
                shndx: sym.st_shndx(endian) as usize,
                value: sym.st_value(endian),
                size: sym.st_size(endian),
                st_type: sym.st_type(),
                bind: sym.st_bind(),
                vis: sym.st_visibility(),
            })
            .collect();

        // Externs before the DATASEC fix-ups, as libbpf (its refusals come first).
        let undef: Vec<externs::UndefSym<'_>> = syms
            .iter()
            .skip(1)
            .filter(|s| {
                // libbpf's sym_is_extern: NOTYPE, GLOBAL or WEAK, undefined.
                s.shndx == elf::SHN_UNDEF as usize
                    && s.bind != elf::STB_LOCAL
                    && s.st_type == elf::STT_NOTYPE
            })
            .map(|s| (s.name(), s.bind == elf::STB_WEAK))
            .collect();
        let mut kcfg_size = 0;
        if let Some(&(first, _)) = undef.iter().find(|(n, _)| !n.is_empty()) {
            let Some(btf) = spec.btf.as_mut() else {
                // libbpf: no BTF to describe an extern is -ESRCH.
                crate::warn!("failed to find BTF for extern '{first}': {}", -libc::ESRCH);
                return Err(Error::Reported(crate::Errno::ESRCH));
            };
            let (exts, size) = externs::collect(btf, &undef)?;
            spec.externs = exts;
            kcfg_size = size;
        }

        // DATASEC fix-ups: sizes and variable offsets clang leaves as zero.
        let mut datasecs = Vec::new();
        if let Some(btf) = spec.btf.as_mut() {
            // Global variables by name: searched in place when few, else
            // sorted (stable: the first of equal names wins either way).
            let mut globals: Vec<(&str, u64, u8)> = syms
                .iter()
                .filter(|s| s.st_type == elf::STT_OBJECT && s.bind != elf::STB_LOCAL)
                .map(|s| (s.name(), s.value, s.vis))
                .collect();
            let few = globals.len() <= 16;
            if !few {
                globals.sort_by_key(|g| g.0);
            }
            let sym_of = |name: &str| {
                let g = if few {
                    globals.iter().find(|g| g.0 == name)
                } else {
                    let i = globals.partition_point(|g| g.0 < name);
                    globals.get(i).filter(|g| g.0 == name)
                };
                g.map(|g| (g.1, g.2))
            };
            datasecs = fixup_datasecs(btf, &secs, &sym_of)?;
        }

        // Programs: function symbols in executable sections, by section and
        // offset (one pass over the symbols, then one sort).
        for sec in &secs {
            if matches!(sec.kind, SecKind::Prog | SecKind::Text)
                && sec.data.len() % bpf_insn::SIZE != 0
            {
                return Err(Error::Elf(format!(
                    "section '{}': size is not a multiple of 8",
                    sec.name
                )));
            }
        }
        for f in syms.iter().filter(|s| s.st_type == elf::STT_FUNC) {
            let idx = f.shndx;
            let Some(sec) = secs.get(idx) else { continue };
            if !matches!(sec.kind, SecKind::Prog | SecKind::Text) || sec.data.is_empty() {
                continue;
            }
            let is_subprog = sec.kind == SecKind::Text;
            if !is_subprog && f.bind == elf::STB_LOCAL {
                return Err(Error::NotSupported(format!(
                    "sec '{}': program '{}' is static and not supported",
                    sec.name,
                    f.name()
                )));
            }
            let start = f.value as usize;
            let end = start
                .checked_add(f.size as usize)
                .filter(|&e| e <= sec.data.len());
            let Some(end) = end.filter(|&e| start % 8 == 0 && e % 8 == 0 && e > start) else {
                return Err(Error::Elf(format!(
                    "sec '{}': corrupted program '{}', offset {}, size {}",
                    sec.name,
                    f.name(),
                    f.value,
                    f.size
                )));
            };
            let insns = sec.data[start..end]
                .chunks_exact(8)
                .map(|c| bpf_insn::from_bytes(c.try_into().unwrap()))
                .collect();
            spec.progs.push(ProgSpec {
                name: f.name().into(),
                // Set below, one shared name per section.
                sec_name: Default::default(),
                sec_idx: idx,
                sec_insn_off: start / 8,
                insns,
                relos: Vec::new(),
                is_subprog,
                is_global: f.bind != elf::STB_LOCAL,
                is_hidden: f.bind != elf::STB_LOCAL
                    && (f.vis == elf::STV_HIDDEN || f.vis == elf::STV_INTERNAL),
                autoload: true,
            });
        }
        spec.progs.sort_by_key(|p| (p.sec_idx, p.sec_insn_off));
        let mut shared: Option<(usize, crate::name::Name)> = None;
        for p in &mut spec.progs {
            if shared.as_ref().is_none_or(|(i, _)| *i != p.sec_idx) {
                let full = &secs[p.sec_idx].name;
                let name = full.strip_prefix('?').unwrap_or(full);
                shared = Some((p.sec_idx, crate::name::Name::new(name)));
            }
            if let Some((_, n)) = &shared {
                p.sec_name = n.clone();
            }
            p.autoload = !secs[p.sec_idx].name.starts_with('?');
        }

        // The kernel verifies a global function on its own, but a hidden one
        // (`__hidden`, as in usdt.bpf.h) must be checked in its caller's
        // context: its BTF FUNC is made static, as libbpf does.
        if let Some(btf) = spec.btf.as_mut() {
            let hidden: Vec<&str> = syms
                .iter()
                .filter(|s| s.st_type == elf::STT_FUNC && s.bind != elf::STB_LOCAL)
                .filter(|s| s.vis == elf::STV_HIDDEN || s.vis == elf::STV_INTERNAL)
                .filter(|s| {
                    secs.get(s.shndx)
                        .is_some_and(|sec| sec.kind == SecKind::Text)
                })
                .map(|s| s.name())
                .collect();
            for name in hidden {
                if let Some(id) = btf.find_by_name_kind(name, btf::kind::FUNC) {
                    let linkage = btf.type_by_id(id).map_or(0, |t| t.vlen());
                    if linkage == btf::BTF_FUNC_GLOBAL {
                        btf.set_type_info(id, (btf::kind::FUNC << 24) | btf::BTF_FUNC_STATIC);
                    }
                }
            }
        }

        // Maps in libbpf's order: BTF-defined maps first.
        if let Some(maps_idx) = maps_idx {
            let btf = spec.btf.as_ref().ok_or_else(|| {
                Error::Elf("BTF is required for BTF-defined maps in SEC(\".maps\"), but the object has none".into())
            })?;
            let map_syms: Vec<(String, u64, u64)> = syms
                .iter()
                .filter(|s| s.shndx == maps_idx && s.st_type == elf::STT_OBJECT)
                .map(|s| (s.name().to_string(), s.value, s.size))
                .collect();
            for m in maps::btf_maps(btf, maps_idx, &map_syms)? {
                spec.maps.push(m);
            }
            // As libbpf: one ARENA map at most; `__arena` globals need it.
            for (i, m) in spec.maps.iter().enumerate() {
                if m.def.map_type != crate::uapi::bpf::map_type::ARENA {
                    continue;
                }
                if let Some(first) = spec.arena_map {
                    return Err(Error::inval(format!(
                        "map '{}': only single ARENA map is supported (map '{}' is also ARENA)",
                        m.real_name, spec.maps[first].real_name
                    )));
                }
                spec.arena_map = Some(i);
            }
            if let Some(sec) = secs.iter().find(|s| s.kind == SecKind::Arena) {
                let Some(i) = spec.arena_map else {
                    return Err(Error::other(
                        crate::Errno::ENOENT,
                        format!("elf: sec '{ARENA_SEC}': to use global __arena variables the ARENA map should be explicitly declared in SEC(\".maps\")"),
                    ));
                };
                spec.arena_data = Some(sec.data.to_vec());
                spec.maps[i].init = spec.arena_data.clone();
            }
        }

        // Then one map per global-data section.
        for (idx, sec) in secs.iter().enumerate() {
            let kind = match sec.kind {
                SecKind::Data => MapKind::Data,
                SecKind::Rodata => MapKind::Rodata,
                SecKind::Bss => MapKind::Bss,
                _ => continue,
            };
            if sec.size == 0 {
                continue;
            }
            // The section's DATASEC: the first of that name.
            let btf = spec.btf.as_ref();
            let datasec = btf.and_then(|b| {
                datasecs
                    .iter()
                    .find(|d| b.str_at(d.name_off) == Some(&*sec.name))
                    .map(|d| (d.id, d.has_globals))
            });
            spec.maps.push(maps::data_map(
                kind, idx, &sec.name, sec.data, sec.size, btf, datasec,
            )?);
        }
        // Externs: undefined global symbols described in BTF.
        if kcfg_size > 0 {
            let btf = spec.btf.as_ref().expect("externs had BTF");
            spec.maps.push(maps::kconfig_map(kcfg_size, btf));
        }

        // struct_ops maps come last, as in libbpf.
        for (idx, sec) in secs.iter().enumerate().filter(|_| any_st_ops) {
            if !sec.st_ops {
                continue;
            }
            let btf = spec.btf.as_ref().ok_or_else(|| {
                Error::Elf(format!("sec '{}': struct_ops maps need BTF", sec.name))
            })?;
            let ops = struct_ops::collect(btf, &sec.name, idx, sec.data, &mut spec.maps)?;
            spec.struct_ops.extend(ops);
        }

        // Relocations: of code, of `.maps` slots and of struct_ops.
        relo::collect(&mut spec, &sections, endian, data, &secs, &syms)?;
        Ok(spec)
    }

    /// Records of `.BTF.ext` block `block` for section `sec_idx`, if any.
    pub fn ext_records(
        &self,
        block: fn(&BtfExt) -> &Vec<(u32, btf::ext::SecInfo)>,
        sec_idx: usize,
    ) -> Option<&btf::ext::SecInfo> {
        let (btf, ext) = (self.btf.as_ref()?, self.btf_ext.as_ref()?);
        let name = self.sec_names.get(sec_idx)?;
        block(ext)
            .iter()
            .find(|(off, _)| btf.str_at(*off) == Some(name))
            .map(|(_, s)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sec_names_by_index_and_name() {
        let mut n = SecNames::new(b"\0.text\0tp/x\0\xff\0", 5);
        for off in [0, 1, 7, 1] {
            n.push(off);
        }
        assert_eq!(n.len(), 4);
        assert_eq!(n.get(0), Some(""));
        assert_eq!(n.get(2), Some("tp/x"));
        assert_eq!(n.get(4), None);
        assert_eq!(n.position(".text"), Some(1));
        assert_eq!(n.position("none"), None);
        assert_eq!(n.position("tp"), None, "a prefix is not a name");
        n.push(12);
        assert_eq!(n.get(4), None, "not UTF-8");
        n.push(99);
        assert_eq!(n.get(5), None, "out of the table");
    }

    #[test]
    fn utf8_names() {
        let tab = "\0license\0é\0\u{ff}".as_bytes();
        assert_eq!(crate::name::table_str(tab, 1), Some("license"));
        assert_eq!(crate::name::table_str(b"x\xc3\xa9\0", 1), Some("é"));
        assert_eq!(crate::name::table_str(b"\xff\0", 0), None);
        assert_eq!(name_at(tab, 1), Some(&b"license"[..]));
    }
}
