//! What upstream's open reports about an object, in its words: every section
//! (debug), the sections it skips (info), programs, externs, maps and
//! relocations found (debug). Told after a successful parse, from the image
//! and the parsed [`ObjectSpec`], so the parser itself stays one quiet pass;
//! run only when INFO or DEBUG lines are wanted.

use super::{externs::ExternKind, MapKind, ObjectSpec};
use crate::btf::{kind, Btf};
use crate::log::{c_len, enabled, Level};
use object::elf;
use object::read::elf::{FileHeader, Rel as _, SectionHeader, Sym as _};
use object::Endianness;
use std::collections::HashMap;

type Shdr = elf::SectionHeader64<Endianness>;

/// Emits the lines. `path` is what upstream calls the object in them (the
/// file path, or the object name for a buffer); `map_name(i)` is the name of
/// `spec.maps[i]` as the object shows it (`minimal_.bss`).
pub fn open_lines(image: &[u8], path: &str, spec: &ObjectSpec, map_name: &dyn Fn(usize) -> String) {
    with_elf(image, |e| e.describe(path, Some(spec), map_name));
}

/// After a failed parse: the sections upstream lists before it gives up
/// (all of them, or up to a legacy `maps` section).
pub fn failed_open_lines(image: &[u8], path: &str) {
    with_elf(image, |e| e.describe(path, None, &|_| String::new()));
}

fn with_elf(image: &[u8], f: impl FnOnce(&Elf<'_>)) {
    if !enabled(Level::Info) {
        return;
    }
    // Records are read in place: they must be aligned.
    let copy;
    let data = if image.as_ptr() as usize % 8 == 0 {
        image
    } else {
        copy = super::aligned_copy(image);
        super::as_bytes(&copy, image.len())
    };
    if let Some(e) = Elf::read(data) {
        f(&e);
    }
}

struct Elf<'d> {
    data: &'d [u8],
    endian: Endianness,
    secs: object::read::elf::SectionTable<'d, elf::FileHeader64<Endianness>>,
    /// The section names' string table.
    shstrtab: &'d [u8],
    /// Read only for DEBUG lines.
    syms: Option<object::read::elf::SymbolTable<'d, elf::FileHeader64<Endianness>>>,
}

const SHT_LLVM_ADDRSIG: u32 = 0x6fff_4c03;

impl<'d> Elf<'d> {
    fn read(data: &'d [u8]) -> Option<Elf<'d>> {
        let hdr = elf::FileHeader64::<Endianness>::parse(data).ok()?;
        let endian = hdr.endian().ok()?;
        let secs = hdr.sections(endian, data).ok()?;
        let shstrtab = hdr
            .shstrndx(endian, data)
            .ok()
            .and_then(|i| secs.section(object::SectionIndex(i as usize)).ok())
            .and_then(|sh| sh.data(endian, data).ok())
            .unwrap_or(&[]);
        let syms = if enabled(Level::Debug) {
            Some(secs.symbols(endian, data, elf::SHT_SYMTAB).ok()?)
        } else {
            None
        };
        Some(Elf {
            data,
            endian,
            secs,
            shstrtab,
            syms,
        })
    }

    fn sec(&self, idx: usize) -> Option<&'d Shdr> {
        self.secs.section(object::SectionIndex(idx)).ok()
    }

    fn sec_name(&self, idx: usize) -> &'d str {
        self.sec(idx)
            .and_then(|sh| crate::name::table_str(self.shstrtab, sh.sh_name(self.endian) as usize))
            .unwrap_or("<?>")
    }

    fn syms(&self) -> &object::read::elf::SymbolTable<'d, elf::FileHeader64<Endianness>> {
        self.syms
            .as_ref()
            .expect("read when DEBUG lines are wanted")
    }

    fn sym(&self, idx: usize) -> Option<&'d elf::Sym64<Endianness>> {
        self.syms().symbol(object::SymbolIndex(idx)).ok()
    }

    fn sym_name(&self, sym: &elf::Sym64<Endianness>) -> &'d str {
        let strs = self.syms().strings();
        sym.name(self.endian, strs)
            .ok()
            .and_then(|n| std::str::from_utf8(n).ok())
            .unwrap_or("")
    }

    fn is_exec(&self, idx: usize) -> bool {
        self.sec(idx)
            .is_some_and(|sh| sh.sh_flags(self.endian) & u64::from(elf::SHF_EXECINSTR) != 0)
    }

    fn describe(&self, path: &str, spec: Option<&ObjectSpec>, map_name: &dyn Fn(usize) -> String) {
        let e = self.endian;
        let funcs = self.funcs_by_section();
        for (idx, sh) in self.secs.enumerate().skip(1) {
            let idx = idx.0;
            let name = self.sec_name(idx);
            let (ty, size, flags) = (sh.sh_type(e), sh.sh_size(e), sh.sh_flags(e));
            if ignored(ty, size, name) {
                continue;
            }
            crate::c_debug!(
                c"libbpf: elf: section(%zu) %.*s, size %llu, link %u, flags %llx, type=%u\n",
                idx,
                c_len(name),
                name.as_ptr(),
                size,
                sh.sh_link(e),
                flags,
                ty
            );
            let st_ops = matches!(
                name,
                ".struct_ops" | ".struct_ops.link" | "?.struct_ops" | "?.struct_ops.link"
            );
            let family = |f: &str| {
                name.strip_prefix(f)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            };
            match name {
                "license" => {
                    let text = sh.data(e, self.data).unwrap_or(&[]);
                    let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
                    let text = String::from_utf8_lossy(&text[..end.min(63)]);
                    crate::c_debug!(
                        c"libbpf: license of %.*s is %.*s\n",
                        c_len(path),
                        path.as_ptr(),
                        c_len(&text),
                        text.as_ptr()
                    )
                }
                "version" => {
                    if let Some(v) = spec.and_then(|s| s.kern_version) {
                        crate::debug!("kernel version of {path} is {v:x}")
                    }
                }
                // Upstream stops there (legacy map definitions).
                "maps" if spec.is_none() => return,
                "maps" | ".maps" | ".BTF" | ".BTF.ext" => {}
                _ if ty == elf::SHT_SYMTAB => {}
                _ if ty == elf::SHT_PROGBITS && size > 0 => {
                    if flags & u64::from(elf::SHF_EXECINSTR) != 0 {
                        self.programs(idx, name, &funcs);
                    } else if !(family(".data")
                        || family(".rodata")
                        || st_ops
                        || name == ".addr_space.1"
                        || name == ".jumptables")
                    {
                        crate::info!("elf: skipping unrecognized data section({idx}) {name}");
                    }
                }
                _ if ty == elf::SHT_REL => {
                    let target = sh.sh_info(e) as usize;
                    let rel_ok = matches!(
                        name,
                        ".rel.struct_ops"
                            | ".rel.struct_ops.link"
                            | ".rel?.struct_ops"
                            | ".rel?.struct_ops.link"
                            | ".rel.maps"
                    );
                    if !self.is_exec(target) && !rel_ok {
                        crate::info!(
                            "elf: skipping relo section({idx}) {name} for section({target}) {}",
                            self.sec_name(target)
                        );
                    }
                }
                _ if ty == elf::SHT_NOBITS && family(".bss") => {}
                _ => crate::info!("elf: skipping section({idx}) {name} (size {size})"),
            }
        }
        // What follows prints only debug lines: skip its indexes at info.
        let Some(spec) = spec.filter(|_| self.syms.is_some() && enabled(Level::Debug)) else {
            return;
        };
        self.externs(spec);
        self.maps(spec, map_name);
        self.relos(spec, map_name);
    }

    /// Indices of the FUNC symbols of each section, in symbol order: one
    /// pass over the symbols, not one per executable section. Empty when
    /// nothing would print.
    fn funcs_by_section(&self) -> Vec<Vec<usize>> {
        let e = self.endian;
        let mut out = Vec::new();
        if self.syms.is_none() || !enabled(Level::Debug) {
            return out;
        }
        out.resize(self.secs.len(), Vec::new());
        for (i, sym) in self.syms().iter().enumerate() {
            if sym.st_type() != elf::STT_FUNC {
                continue;
            }
            if let Some(v) = out.get_mut(sym.st_shndx(e) as usize) {
                v.push(i);
            }
        }
        out
    }

    /// `sec 'x': found program ...`, in symbol order as upstream walks them.
    fn programs(&self, idx: usize, sec: &str, funcs: &[Vec<usize>]) {
        let e = self.endian;
        for sym in funcs
            .get(idx)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.sym(i))
        {
            let (off, size) = (sym.st_value(e), sym.st_size(e));
            let name = self.sym_name(sym);
            crate::c_debug!(
                c"libbpf: sec '%.*s': found program '%.*s' at insn offset %llu (%llu bytes), code size %llu insns (%llu bytes)\n",
                c_len(sec),
                sec.as_ptr(),
                c_len(name),
                name.as_ptr(),
                off / 8,
                off,
                size / 8,
                size
            );
        }
    }

    /// The symbol index of extern `name` (an undefined global symbol).
    fn extern_sym(&self, name: &str) -> usize {
        let e = self.endian;
        self.syms()
            .iter()
            .position(|s| {
                s.st_shndx(e) == elf::SHN_UNDEF
                    && s.st_bind() != elf::STB_LOCAL
                    && self.sym_name(s) == name
            })
            .unwrap_or(0)
    }

    fn externs(&self, spec: &ObjectSpec) {
        crate::c_debug!(
            c"libbpf: looking for externs among %zu symbols...\n",
            self.syms().len()
        );
        crate::c_debug!(c"libbpf: collected %zu externs total\n", spec.externs.len());
        for (i, x) in spec.externs.iter().enumerate() {
            if let ExternKind::Ksym { .. } = x.kind {
                let sym = self.extern_sym(&x.name);
                crate::debug!("extern (ksym) #{i}: symbol {sym}, name {}", x.name);
            }
        }
        for (i, x) in spec.externs.iter().enumerate() {
            if let ExternKind::Kcfg { data_off, .. } = x.kind {
                let sym = self.extern_sym(&x.name);
                crate::debug!(
                    "extern (kcfg) #{i}: symbol {sym}, off {data_off}, name {}",
                    x.name
                );
            }
        }
    }

    fn maps(&self, spec: &ObjectSpec, map_name: &dyn Fn(usize) -> String) {
        let btf = spec.btf.as_ref();
        let defs = btf.map(map_def_structs).unwrap_or_default();
        for (i, m) in spec.maps.iter().enumerate() {
            let name = map_name(i);
            match m.kind {
                MapKind::Btf if m.def.map_type == crate::uapi::bpf::map_type::STRUCT_OPS => {}
                MapKind::Btf => {
                    crate::c_debug!(
                        c"libbpf: map '%.*s': at sec_idx %zu, offset %llu.\n",
                        c_len(&name),
                        name.as_ptr(),
                        m.sec_idx,
                        m.sec_off
                    );
                    let Some(btf) = btf else { continue };
                    let Some(&Some(def_id)) = defs.get(&*m.real_name) else {
                        continue;
                    };
                    def_lines(btf, def_id, &name, &m.def);
                    if let Some(inner) = &m.inner {
                        if let Some(inner_id) = inner_def_struct(btf, def_id) {
                            def_lines(btf, inner_id, &format!("{name}.inner"), inner);
                        }
                    }
                }
                _ => {
                    // The `.kconfig` map stands at the symbol table's index, as upstream's.
                    let sec_idx = if m.kind == MapKind::Kconfig {
                        self.syms().section().0
                    } else {
                        m.sec_idx
                    };
                    crate::c_debug!(
                        c"libbpf: map '%.*s' (global data): at sec_idx %zu, offset 0, flags %x.\n",
                        c_len(&name),
                        name.as_ptr(),
                        sec_idx,
                        m.def.map_flags
                    );
                    crate::c_debug!(
                        c"libbpf: map %zu is \"%.*s\"\n",
                        i,
                        c_len(&name),
                        name.as_ptr()
                    );
                }
            }
        }
    }

    fn relos(&self, spec: &ObjectSpec, map_name: &dyn Fn(usize) -> String) {
        let e = self.endian;
        let progs = ProgRanges::new(spec);
        for (idx, sh) in self.secs.enumerate() {
            if sh.sh_type(e) != elf::SHT_REL {
                continue;
            }
            let target = sh.sh_info(e) as usize;
            let Ok(rels) = sh.data_as_array::<elf::Rel64<Endianness>, _>(e, self.data) else {
                continue;
            };
            let rel_name = self.sec_name(idx.0);
            let tname = self.sec_name(target);
            if spec.struct_ops.iter().any(|s| s.sec_idx == target) {
                self.struct_ops_relos(spec, rels, target, map_name);
            } else if tname == ".maps" {
                self.maps_relos(spec, rels, target, map_name);
            } else if self.is_exec(target) {
                crate::c_debug!(
                    c"libbpf: sec '%.*s': collecting relocation for section(%zu) '%.*s'\n",
                    c_len(rel_name),
                    rel_name.as_ptr(),
                    target,
                    c_len(tname),
                    tname.as_ptr()
                );
                for (i, rel) in rels.iter().enumerate() {
                    let at = (rel_name, target, tname);
                    self.prog_relo(spec, &progs, i, rel, at, map_name);
                }
            }
        }
    }

    fn prog_relo(
        &self,
        spec: &ObjectSpec,
        progs: &ProgRanges,
        i: usize,
        rel: &elf::Rel64<Endianness>,
        (rel_name, target, tname): (&str, usize, &str),
        map_name: &dyn Fn(usize) -> String,
    ) {
        let e = self.endian;
        let sym_idx = rel.r_sym(e) as usize;
        let Some(sym) = self.sym(sym_idx) else { return };
        let insn = (rel.r_offset(e) / 8) as usize;
        let sym_name = if sym.st_type() == elf::STT_SECTION && sym.st_name(e) == 0 {
            self.sec_name(sym.st_shndx(e) as usize)
        } else {
            self.sym_name(sym)
        };
        crate::c_debug!(
            c"libbpf: sec '%.*s': relo #%zu: insn #%zu against '%.*s'\n",
            c_len(rel_name),
            rel_name.as_ptr(),
            i,
            insn,
            c_len(sym_name),
            sym_name.as_ptr()
        );
        let Some(prog) = progs.find(target, insn).map(|pi| &spec.progs[pi]) else {
            crate::debug!(
                "sec '{rel_name}': relo #{i}: couldn't find program in section '{tname}' for insn #{insn}, probably overridden weak function, skipping..."
            );
            return;
        };
        let pi = insn - prog.sec_insn_off;
        let shndx = sym.st_shndx(e) as usize;
        if shndx == elf::SHN_UNDEF as usize {
            if let Some(x) = spec.externs.iter().position(|x| x.name == sym_name) {
                crate::debug!(
                    "prog '{}': found extern #{x} '{sym_name}' (sym {sym_idx}) for insn #{pi}",
                    prog.name
                );
            }
            return;
        }
        if prog.insns.get(pi).is_some_and(|i| i.code == 0x85) || self.is_exec(shndx) {
            return; // calls and subprogram addresses: nothing to report
        }
        let value = sym.st_value(e);
        // `__arena` globals: a reference into the arena map.
        let arena = spec
            .arena_map
            .filter(|_| spec.sec_names.position(super::ARENA_SEC) == Some(shndx));
        if let Some(ai) = arena {
            let m = &spec.maps[ai];
            crate::debug!(
                "prog '{}': found arena map {ai} ({}, sec {}, off {}) for insn {pi}",
                prog.name,
                map_name(ai),
                m.sec_idx,
                m.sec_off
            );
            return;
        }
        let found =
            spec.maps.iter().enumerate().find(|(_, m)| {
                m.sec_idx == shndx && (m.kind != MapKind::Btf || m.sec_off == value)
            });
        let Some((mi, m)) = found else { return };
        let (prog_name, mname) = (prog.name.as_str(), map_name(mi));
        if m.kind == MapKind::Btf {
            crate::c_debug!(
                c"libbpf: prog '%.*s': found map %zu (%.*s, sec %zu, off %llu) for insn #%zu\n",
                c_len(prog_name),
                prog_name.as_ptr(),
                mi,
                c_len(&mname),
                mname.as_ptr(),
                shndx,
                value,
                pi
            );
        } else {
            crate::c_debug!(
                c"libbpf: prog '%.*s': found data map %zu (%.*s, sec %zu, off 0) for insn %zu\n",
                c_len(prog_name),
                prog_name.as_ptr(),
                mi,
                c_len(&mname),
                mname.as_ptr(),
                shndx,
                pi
            );
        }
    }

    fn maps_relos(
        &self,
        spec: &ObjectSpec,
        rels: &[elf::Rel64<Endianness>],
        target: usize,
        map_name: &dyn Fn(usize) -> String,
    ) {
        let e = self.endian;
        for (i, rel) in rels.iter().enumerate() {
            let Some(sym) = self.sym(rel.r_sym(e) as usize) else {
                return;
            };
            let name = self.sym_name(sym);
            let off = rel.r_offset(e);
            crate::debug!(
                ".maps relo #{i}: for {} value {} rel->r_offset {off} name {} ('{name}')",
                rel.r_sym(e),
                sym.st_value(e),
                sym.st_name(e)
            );
            let outer = spec.maps.iter().enumerate().find(|(_, m)| {
                m.sec_idx == target && (m.sec_off..m.sec_off + u64::from(m.def_size)).contains(&off)
            });
            let Some((mi, m)) = outer else { continue };
            let Some(values_off) = m.values_off else {
                continue;
            };
            let slot = off.saturating_sub(m.sec_off + u64::from(values_off)) / 8;
            let what = if sym.st_type() == elf::STT_FUNC {
                "prog"
            } else {
                "map"
            };
            crate::debug!(
                ".maps relo #{i}: map '{}' slot [{slot}] points to {what} '{name}'",
                map_name(mi)
            );
        }
    }

    fn struct_ops_relos(
        &self,
        spec: &ObjectSpec,
        rels: &[elf::Rel64<Endianness>],
        target: usize,
        map_name: &dyn Fn(usize) -> String,
    ) {
        let e = self.endian;
        for rel in rels {
            let Some(sym) = self.sym(rel.r_sym(e) as usize) else {
                return;
            };
            let off = rel.r_offset(e);
            let Some(st) = spec.struct_ops.iter().find(|s| {
                s.sec_idx == target && (s.sec_off..s.sec_off + s.data.len() as u64).contains(&off)
            }) else {
                continue;
            };
            crate::debug!(
                "struct_ops reloc {}: for {} value {} shdr_idx {} rel->r_offset {off} map->sec_offset {} name {} ('{}')",
                map_name(st.map_idx),
                rel.r_sym(e),
                sym.st_value(e),
                sym.st_shndx(e),
                st.sec_off,
                sym.st_name(e),
                self.sym_name(sym)
            );
        }
    }
}

/// Sections upstream does not even list.
/// Programs by section and instruction range, to find the one holding a
/// relocated instruction by binary search (a scan per relocation was
/// quadratic in large objects).
struct ProgRanges(HashMap<usize, Vec<Range>>);

/// A program's instructions `start..end` in its section, its index in the
/// spec, and the largest `end` of the ranges sorted up to it.
#[derive(Clone, Copy)]
struct Range {
    start: usize,
    end: usize,
    prog: usize,
    max_end: usize,
}

impl ProgRanges {
    fn new(spec: &ObjectSpec) -> ProgRanges {
        let mut by_sec: HashMap<usize, Vec<Range>> = HashMap::new();
        for (prog, p) in spec.progs.iter().enumerate() {
            let (start, end) = (p.sec_insn_off, p.sec_insn_off + p.insns.len());
            by_sec.entry(p.sec_idx).or_default().push(Range {
                start,
                end,
                prog,
                max_end: end,
            });
        }
        for v in by_sec.values_mut() {
            v.sort_by_key(|r| (r.start, r.prog));
            let mut max_end = 0;
            for r in v.iter_mut() {
                max_end = max_end.max(r.end);
                r.max_end = max_end;
            }
        }
        ProgRanges(by_sec)
    }

    /// The first program (in spec order) of section `sec` holding `insn`:
    /// only ranges starting at or before it, walked back while one of them
    /// may still reach it (one step when programs do not overlap).
    fn find(&self, sec: usize, insn: usize) -> Option<usize> {
        let v = self.0.get(&sec)?;
        let n = v.partition_point(|r| r.start <= insn);
        v[..n]
            .iter()
            .rev()
            .take_while(|r| r.max_end > insn)
            .filter(|r| insn < r.end)
            .map(|r| r.prog)
            .min()
    }
}

fn ignored(ty: u32, size: u64, name: &str) -> bool {
    let dwarf = |n: &str| n.starts_with(".debug_");
    ty == elf::SHT_STRTAB
        || ty == SHT_LLVM_ADDRSIG
        || (ty == elf::SHT_PROGBITS && size == 0 && name == ".text")
        || dwarf(name)
        || name
            .strip_prefix(".rel")
            .is_some_and(|n| dwarf(n) || n == ".BTF" || n == ".BTF.ext")
}

/// The definition structs of BTF-defined maps by variable name, from one
/// pass over `.maps` (the first variable of a name wins, as a lookup by
/// name would find it): a lookup per map was quadratic in the map count.
fn map_def_structs(btf: &Btf) -> HashMap<&str, Option<u32>> {
    let mut out = HashMap::new();
    let Some(ds) = btf
        .find_by_name_kind(".maps", kind::DATASEC)
        .and_then(|id| btf.type_by_id(id))
    else {
        return out;
    };
    for v in (0..ds.vlen() as usize).filter_map(|i| btf.type_by_id(ds.secinfo(i).0)) {
        if v.kind() != kind::VAR {
            continue;
        }
        let def = btf.skip_mods_and_typedefs(v.size_or_type).map(|t| t.id);
        out.entry(btf.name_of(&v)).or_insert(def);
    }
    out
}

/// The inner map's definition struct of a map-in-map (`__array(values, ...)`).
fn inner_def_struct(btf: &Btf, def_id: u32) -> Option<u32> {
    let t = btf.type_by_id(def_id)?;
    let values = (0..t.vlen() as usize).find(|&i| btf.str_at(t.member(i).0) == Some("values"))?;
    let arr = btf.skip_mods_and_typedefs(t.member(values).1)?;
    let ptr = btf.skip_mods_and_typedefs(arr.array().0)?;
    btf.skip_mods_and_typedefs(ptr.size_or_type).map(|t| t.id)
}

/// `map 'x': found ...`: one line per attribute the definition spells out.
fn def_lines(btf: &Btf, def_id: u32, name: &str, def: &super::MapDef) {
    let Some(t) = btf.type_by_id(def_id) else {
        return;
    };
    let has = |m: &str| (0..t.vlen() as usize).any(|i| btf.str_at(t.member(i).0) == Some(m));
    if has("type") {
        crate::debug!("map '{name}': found type = {}.", def.map_type);
    }
    if has("key") {
        crate::debug!(
            "map '{name}': found key [{}], sz = {}.",
            def.btf_key_type_id,
            def.key_size
        );
    } else if has("key_size") {
        crate::debug!("map '{name}': found key_size = {}.", def.key_size);
    }
    if has("value") {
        crate::debug!(
            "map '{name}': found value [{}], sz = {}.",
            def.btf_value_type_id,
            def.value_size
        );
    } else if has("value_size") {
        crate::debug!("map '{name}': found value_size = {}.", def.value_size);
    }
    if has("max_entries") {
        crate::debug!("map '{name}': found max_entries = {}.", def.max_entries);
    }
    if has("map_flags") {
        crate::debug!("map '{name}': found map_flags = {:#x}.", def.map_flags);
    }
    if has("map_extra") {
        crate::debug!("map '{name}': found map_extra = {:#x}.", def.map_extra);
    }
    if has("pinning") {
        crate::debug!("map '{name}': found pinning = {}.", def.pinning);
    }
    if has("numa_node") {
        crate::debug!("map '{name}': found numa_node = {}.", def.numa_node);
    }
    let map_in_map = [
        crate::uapi::bpf::map_type::ARRAY_OF_MAPS,
        crate::uapi::bpf::map_type::HASH_OF_MAPS,
    ];
    if has("values") && map_in_map.contains(&def.map_type) {
        crate::debug!("map '{name}': found inner map definition.");
    }
}
