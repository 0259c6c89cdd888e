//! Static linking of BPF object files (`bpf_linker__*`): several clang-built
//! objects become one, as libbpf v1.7.0's linker makes it, byte for byte.
//!
//! Each added object goes through the same steps, in upstream's order (a
//! failure part-way leaves what earlier steps did, as upstream's does):
//! read and check the ELF ([`input`]); append its sections' data to the
//! output sections of the same name ([`sections`]); append its symbols,
//! resolving globals, weak symbols and externs across objects ([`symbols`],
//! [`mapdef`] for `.maps` definitions); append its relocations; append its
//! BTF types ([`btf`]) and `.BTF.ext` records ([`btf_ext`]). Finalizing emits
//! the merged DATASECs and `.BTF.ext`, runs `btf__dedup`, and lays the ELF
//! file out as libelf would ([`writer`]).
//!
//! Pure: bytes in, bytes out. Errors are logged where they happen (with
//! upstream's level) and returned as the errno upstream returns.

mod btf;
mod btf_ext;
mod input;
mod mapdef;
mod sections;
mod symbols;
mod writer;

#[cfg(test)]
mod tests;

use crate::btf::Btf;
use crate::error::Errno;
use std::collections::HashMap;

/// What every linker step returns: upstream's errno on failure.
pub type Result<T> = std::result::Result<T, Errno>;

const EINVAL: Errno = Errno::EINVAL;

/// ELF section types and flags the linker looks at.
mod elf {
    pub const SHT_PROGBITS: u32 = 1;
    pub const SHT_SYMTAB: u32 = 2;
    pub const SHT_STRTAB: u32 = 3;
    pub const SHT_RELA: u32 = 4;
    pub const SHT_HASH: u32 = 5;
    pub const SHT_DYNAMIC: u32 = 6;
    pub const SHT_NOBITS: u32 = 8;
    pub const SHT_REL: u32 = 9;
    pub const SHT_DYNSYM: u32 = 11;
    pub const SHT_INIT_ARRAY: u32 = 14;
    pub const SHT_FINI_ARRAY: u32 = 15;
    pub const SHT_PREINIT_ARRAY: u32 = 16;
    pub const SHT_GROUP: u32 = 17;
    pub const SHT_SYMTAB_SHNDX: u32 = 18;
    pub const SHT_LLVM_ADDRSIG: u32 = 0x6fff_4c03;
    pub const SHT_GNU_VERSYM: u32 = 0x6fff_ffff;
    pub const SHF_STRINGS: u64 = 0x20;
    pub const SHF_EXECINSTR: u64 = 0x4;
    pub const SHN_UNDEF: u16 = 0;
    pub const SHN_LORESERVE: u16 = 0xff00;
    pub const SHN_XINDEX: u16 = 0xffff;
    pub const STB_LOCAL: u8 = 0;
    pub const STB_GLOBAL: u8 = 1;
    pub const STB_WEAK: u8 = 2;
    pub const STT_NOTYPE: u8 = 0;
    pub const STT_OBJECT: u8 = 1;
    pub const STT_SECTION: u8 = 3;
    pub const STV_DEFAULT: u8 = 0;
    pub const STV_HIDDEN: u8 = 2;
    pub const R_BPF_64_64: u32 = 1;
    pub const R_BPF_64_ABS64: u32 = 2;
    pub const R_BPF_64_ABS32: u32 = 3;
    pub const R_BPF_64_32: u32 = 10;
    pub const EM_BPF: u16 = 247;
    pub const ET_REL: u16 = 1;
    pub const SYM_SIZE: u64 = 24;
    pub const REL_SIZE: u64 = 16;
    pub const EHDR_SIZE: u64 = 64;
    pub const SHDR_SIZE: u64 = 64;
}

/// Byte order of the output (set by the first object, as upstream).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteOrder {
    Little,
    Big,
}

/// Reads and writes the fixed-size fields of ELF records in one byte order.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Order(pub bool);

impl Order {
    fn u16(self, b: &[u8], off: usize) -> u16 {
        let a = [b[off], b[off + 1]];
        if self.0 {
            u16::from_be_bytes(a)
        } else {
            u16::from_le_bytes(a)
        }
    }
    fn u32(self, b: &[u8], off: usize) -> u32 {
        let a = [b[off], b[off + 1], b[off + 2], b[off + 3]];
        if self.0 {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        }
    }
    fn u64(self, b: &[u8], off: usize) -> u64 {
        let a: [u8; 8] = b[off..off + 8].try_into().expect("8 bytes");
        if self.0 {
            u64::from_be_bytes(a)
        } else {
            u64::from_le_bytes(a)
        }
    }
    fn put16(self, out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&if self.0 {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        });
    }
    fn put32(self, out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&if self.0 {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        });
    }
    fn put64(self, out: &mut Vec<u8>, v: u64) {
        out.extend_from_slice(&if self.0 {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        });
    }
    fn set32(self, b: &mut [u8], off: usize, v: u32) {
        b[off..off + 4].copy_from_slice(&if self.0 {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        });
    }
    fn set64(self, b: &mut [u8], off: usize, v: u64) {
        b[off..off + 8].copy_from_slice(&if self.0 {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        });
    }
}

/// One ELF symbol (`Elf64_Sym`), decoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Sym {
    pub name: u32,
    pub info: u8,
    pub other: u8,
    pub shndx: u16,
    pub value: u64,
    pub size: u64,
}

impl Sym {
    fn bind(&self) -> u8 {
        self.info >> 4
    }
    fn typ(&self) -> u8 {
        self.info & 0xf
    }
    fn vis(&self) -> u8 {
        self.other & 0x3
    }
}

/// A string table built like upstream's `strset`: each distinct string once,
/// in order of first insertion, after the initial empty string.
#[derive(Debug)]
pub(crate) struct StrSet {
    data: Vec<u8>,
    offs: HashMap<Vec<u8>, u32>,
}

impl StrSet {
    fn new() -> StrSet {
        let mut offs = HashMap::new();
        offs.insert(Vec::new(), 0);
        StrSet {
            data: vec![0],
            offs,
        }
    }

    fn add(&mut self, s: &[u8]) -> u32 {
        if let Some(&o) = self.offs.get(s) {
            return o;
        }
        let off = self.data.len() as u32;
        self.data.extend_from_slice(s);
        self.data.push(0);
        self.offs.insert(s.to_vec(), off);
        off
    }

    fn get(&self, off: u32) -> &[u8] {
        let rest = self.data.get(off as usize..).unwrap_or(&[]);
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        &rest[..end]
    }
}

/// `.BTF.ext` records of one output section for one kind of info.
#[derive(Clone, Debug, Default)]
pub(crate) struct ExtRecs {
    pub rec_sz: u32,
    pub cnt: usize,
    /// Records in host byte order.
    pub recs: Vec<u8>,
}

/// A DATASEC variable of an output section.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SecVar {
    pub type_id: u32,
    pub offset: u32,
    pub size: u32,
}

/// One output section (upstream's `dst_sec`). Index 0 of `Linker::secs` is
/// an unused slot, as upstream's.
#[derive(Clone, Debug, Default)]
pub(crate) struct DstSec {
    pub name: Vec<u8>,
    pub id: usize,
    /// Exists only as BTF (`.kconfig`, `.ksyms`, extern-only `.maps`).
    pub ephemeral: bool,
    /// ELF section index, 0 while it has no ELF section.
    pub sec_idx: u32,
    pub sh_name: u32,
    pub sh_type: u32,
    pub sh_flags: u64,
    pub sh_link: u32,
    pub sh_info: u32,
    pub sh_addralign: u64,
    pub sh_entsize: u64,
    pub sec_sz: u64,
    /// Contents in the output's byte order (none for NOBITS).
    pub raw: Vec<u8>,
    /// Index of its STT_SECTION symbol, 0 while none.
    pub sec_sym_idx: u32,
    pub has_btf: bool,
    pub sec_vars: Vec<SecVar>,
    pub func_info: ExtRecs,
    pub line_info: ExtRecs,
    pub core_relo_info: ExtRecs,
}

/// A global or extern symbol, resolved across objects.
#[derive(Clone, Copy, Debug)]
pub(crate) struct GlobSym {
    pub sym_idx: u32,
    /// Output section id (not ELF index): ephemeral sections have one too.
    pub sec_id: usize,
    pub name_off: u32,
    /// Its VAR or FUNC in the output BTF (0 until the object's BTF is appended).
    pub btf_id: u32,
    /// What the VAR/FUNC points to: > 0 an output BTF id; < 0 a type id of
    /// the object being appended, to remap; 0 asks to be set from the next
    /// appended VAR/FUNC (an extern was resolved to a definition).
    pub underlying_btf_id: i64,
    /// Its entry in the section's DATASEC variables.
    pub var_idx: Option<usize>,
    pub is_extern: bool,
    pub is_weak: bool,
}

/// The static linker's state (upstream's `struct bpf_linker`, less the file).
pub struct Linker {
    order: Option<ByteOrder>,
    pub(crate) secs: Vec<DstSec>,
    /// ELF sections made so far (index 0 is the null section).
    elf_cnt: u32,
    strtab: StrSet,
    syms: Vec<Sym>,
    btf: Btf,
    glob_syms: Vec<GlobSym>,
    /// `finalize` succeeded: nothing more can be added.
    done: bool,
}

/// Section ids of the two sections every output starts with.
const STRTAB_ID: usize = 1;
const SYMTAB_ID: usize = 2;

impl Default for Linker {
    fn default() -> Self {
        Self::new()
    }
}

impl Linker {
    /// An empty output: `.strtab` (also the section-name table), `.symtab`
    /// with its null symbol, empty BTF.
    pub fn new() -> Linker {
        let mut l = Linker {
            order: None,
            secs: vec![DstSec::default()],
            elf_cnt: 1,
            strtab: StrSet::new(),
            syms: vec![Sym::default()],
            btf: Btf::new_empty(None),
            glob_syms: Vec::new(),
            done: false,
        };
        let strtab = l.add_dst_sec(b".strtab");
        l.secs[strtab].sec_idx = l.new_elf_idx();
        l.secs[strtab].sh_name = l.strtab.add(b".strtab");
        l.secs[strtab].sh_type = elf::SHT_STRTAB;
        l.secs[strtab].sh_flags = elf::SHF_STRINGS;
        l.secs[strtab].sh_addralign = 1;
        let symtab = l.add_dst_sec(b".symtab");
        l.secs[symtab].sec_idx = l.new_elf_idx();
        l.secs[symtab].sh_name = l.strtab.add(b".symtab");
        l.secs[symtab].sh_type = elf::SHT_SYMTAB;
        l.secs[symtab].sh_link = l.secs[strtab].sec_idx;
        l.secs[symtab].sh_addralign = 8;
        l.secs[symtab].sh_entsize = elf::SYM_SIZE;
        l
    }

    /// Whether [`Linker::finalize`] already wrote the output.
    pub fn is_finalized(&self) -> bool {
        self.done
    }

    fn new_elf_idx(&mut self) -> u32 {
        let i = self.elf_cnt;
        self.elf_cnt += 1;
        i
    }

    fn add_dst_sec(&mut self, name: &[u8]) -> usize {
        let id = self.secs.len();
        self.secs.push(DstSec {
            name: name.to_vec(),
            id,
            ..Default::default()
        });
        id
    }

    fn out_order(&self) -> Order {
        Order(self.order == Some(ByteOrder::Big))
    }

    /// Adds one object file image (`filename` names it in log lines).
    pub fn add_obj(&mut self, data: &[u8], filename: &str) -> Result<()> {
        if self.done {
            return Err(EINVAL);
        }
        let mut obj = input::load(self, data, filename)?;
        self.append_sec_data(&mut obj)?;
        self.append_elf_syms(&mut obj)?;
        self.append_elf_relos(&mut obj)?;
        self.append_btf(&mut obj)?;
        self.append_btf_ext(&mut obj)
    }

    /// Merges and deduplicates BTF, and returns the output ELF image. After
    /// success nothing more can be added (upstream's `linker->elf` is gone).
    pub fn finalize(&mut self) -> Result<Vec<u8>> {
        if self.done {
            return Err(EINVAL);
        }
        let extra = self.finalize_btf()?;
        let image = writer::write(self, &extra)?;
        self.done = true;
        Ok(image)
    }
}

/// libbpf's `btf_kind_str`, for messages.
pub(crate) fn kind_str(k: u32) -> &'static str {
    const NAMES: [&str; 20] = [
        "void",
        "int",
        "ptr",
        "array",
        "struct",
        "union",
        "enum",
        "fwd",
        "typedef",
        "volatile",
        "const",
        "restrict",
        "func",
        "func_proto",
        "var",
        "datasec",
        "float",
        "decl_tag",
        "type_tag",
        "enum64",
    ];
    NAMES.get(k as usize).copied().unwrap_or("unknown")
}

/// A BTF string as bytes (empty when the offset is bad).
pub(crate) fn btf_str(btf: &Btf, off: u32) -> &[u8] {
    btf.cstr_with_nul(off)
        .map(|s| &s[..s.len().saturating_sub(1)])
        .unwrap_or(&[])
}

/// Bytes for a log line.
pub(crate) fn show(s: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(s)
}

/// An errno as upstream prints it (`-ENOENT`).
pub fn errstr(e: Errno) -> String {
    let name = match e.0 {
        libc::EPERM => "EPERM",
        libc::ENOENT => "ENOENT",
        libc::EIO => "EIO",
        libc::EBADF => "EBADF",
        libc::ENOMEM => "ENOMEM",
        libc::EACCES => "EACCES",
        libc::EFAULT => "EFAULT",
        libc::EEXIST => "EEXIST",
        libc::ENOTDIR => "ENOTDIR",
        libc::EISDIR => "EISDIR",
        libc::EINVAL => "EINVAL",
        libc::ENOSPC => "ENOSPC",
        libc::ESPIPE => "ESPIPE",
        libc::EROFS => "EROFS",
        libc::E2BIG => "E2BIG",
        libc::ENAMETOOLONG => "ENAMETOOLONG",
        libc::EOPNOTSUPP => "EOPNOTSUPP",
        n => return format!("-{n}"),
    };
    format!("-{name}")
}
