//! ELF lookups for uprobes and USDT: find a binary by name (PATH, library
//! paths), a function's file offset, and a virtual address's file offset.

use crate::error::{Errno, Error, Result};
use object::read::elf::ElfFile64;
use object::{Endianness, Object, ObjectSegment, ObjectSymbol, SymbolKind};
use std::path::{Path, PathBuf};

/// Directories searched for a shared library given by bare name, after
/// `LD_LIBRARY_PATH` (Debian's multiarch ones first).
const LIB_DIRS: &[&str] = &[
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib64",
    "/usr/lib64",
    "/lib",
    "/usr/lib",
    "/usr/local/lib",
];

fn is_lib(name: &str) -> bool {
    name.ends_with(".so") || name.contains(".so.")
}

/// Resolves `name` like libbpf does: a path (anything with '/') as is; a
/// library name through `LD_LIBRARY_PATH` and the usual library directories;
/// anything else through `PATH`.
pub fn resolve_binary(name: &str) -> Result<PathBuf> {
    if name.is_empty() {
        return Err(Error::inval("empty binary path"));
    }
    if name.contains('/') {
        return Ok(PathBuf::from(name));
    }
    let dirs: Vec<String> = if is_lib(name) {
        let mut v: Vec<String> = std::env::var("LD_LIBRARY_PATH")
            .unwrap_or_default()
            .split(':')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        v.extend(LIB_DIRS.iter().map(|s| s.to_string()));
        v
    } else {
        std::env::var("PATH")
            .unwrap_or_else(|_| "/usr/bin:/bin".into())
            .split(':')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let found = dirs
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| Error::NotFound(format!("failed to resolve full path for '{name}'")))?;
    crate::debug!("resolved '{name}' to '{}'", found.display());
    Ok(found)
}

/// A parsed ELF file held in memory.
pub struct ElfImage {
    pub path: PathBuf,
    data: Vec<u8>,
}

impl ElfImage {
    pub fn read(path: &Path) -> Result<ElfImage> {
        let data = std::fs::read(path).map_err(|e| {
            Error::other(
                Errno(crate::error::io_errno(&e, libc::ENOENT)),
                format!(
                    "failed to open '{}': {}",
                    path.display(),
                    crate::Errno(crate::error::io_errno(&e, libc::ENOENT))
                ),
            )
        })?;
        Ok(ElfImage {
            path: path.to_path_buf(),
            data,
        })
    }

    pub fn parse(&self) -> Result<ElfFile64<'_, Endianness>> {
        ElfFile64::parse(&self.data[..]).map_err(|e| {
            Error::Elf(format!(
                "'{}' is not a 64-bit ELF file: {e}",
                self.path.display()
            ))
        })
    }

    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// File offset of function `name` (base name; a `@VERSION` suffix in the
    /// symbol table is ignored). Global definitions win over weak ones; two
    /// different addresses for one name is an error.
    pub fn func_offset(&self, name: &str) -> Result<u64> {
        use object::read::elf::SectionHeader;
        let elf = self.parse()?;
        let e = elf.endian();
        let has = |ty: u32| elf.elf_section_table().iter().any(|sh| sh.sh_type(e) == ty);
        // As libbpf: the dynamic symbols first (all a stripped binary has),
        // then the full symbol table.
        let mut found: Option<(u64, bool)> = None;
        for dynamic in [true, false] {
            if !has(if dynamic {
                object::elf::SHT_DYNSYM
            } else {
                object::elf::SHT_SYMTAB
            }) {
                crate::debug!(
                    "elf: failed to find symbol table ELF sections in '{}'",
                    self.path.display()
                );
                continue;
            }
            let syms: Box<dyn Iterator<Item = _>> = if dynamic {
                Box::new(elf.dynamic_symbols())
            } else {
                Box::new(elf.symbols())
            };
            for s in syms {
                if !matches!(s.kind(), SymbolKind::Text) || s.is_undefined() || s.address() == 0 {
                    continue;
                }
                let Ok(sname) = s.name() else { continue };
                let base = sname.split('@').next().unwrap_or(sname);
                if base != name {
                    continue;
                }
                let weak = s.is_weak();
                match found {
                    None => found = Some((s.address(), weak)),
                    Some((a, _)) if a == s.address() => {}
                    Some((_, true)) if !weak => found = Some((s.address(), weak)),
                    Some((_, false)) if weak => {}
                    Some((a, _)) => {
                        return Err(Error::other(
                            Errno::ENOTSUP,
                            format!(
                                "elf: ambiguous match for '{name}' in '{}': {a:#x} and {:#x}",
                                self.path.display(),
                                s.address()
                            ),
                        ))
                    }
                }
            }
            if found.is_some() {
                break;
            }
        }
        let Some((addr, _)) = found else {
            crate::warn!(
                "elf: failed to find symbol '{name}' in '{}'",
                self.path.display()
            );
            return Err(Error::Reported(Errno::ENOENT));
        };
        let off = self.addr_to_offset(&elf, addr)?;
        crate::debug!(
            "elf: symbol address match for '{name}' in '{}': {off:#x}",
            self.path.display()
        );
        Ok(off)
    }

    /// File offset of virtual address `addr`, through the segment mapping it.
    pub fn addr_to_offset(&self, elf: &ElfFile64<'_, Endianness>, addr: u64) -> Result<u64> {
        for seg in elf.segments() {
            let (foff, fsize) = seg.file_range();
            if addr >= seg.address() && addr < seg.address() + fsize.max(seg.size()) {
                return Ok(addr - seg.address() + foff);
            }
        }
        Err(Error::NotFound(format!(
            "elf: no segment of '{}' maps address {addr:#x}",
            self.path.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_libc_and_a_function_in_it() {
        let p = resolve_binary("libc.so.6").unwrap();
        let img = ElfImage::read(&p).unwrap();
        let off = img.func_offset("getpid").unwrap();
        assert!(off > 0);
        assert!(img.func_offset("no_such_function_xyz").is_err());
    }

    #[test]
    fn path_search() {
        assert!(resolve_binary("sh").unwrap().is_absolute());
        assert_eq!(resolve_binary("/x/y").unwrap(), PathBuf::from("/x/y"));
    }
}
