//! Symbols: locals are appended as they are; globals, weak symbols and
//! externs are resolved across objects by name. Two strong definitions
//! conflict; a strong one beats a weak one and resolves externs; stricter
//! visibility (`__hidden`) wins. Every global needs BTF, and the two sides'
//! BTF must agree (for `.maps`, the whole map definition).

use super::input::SrcObj;
use super::{btf_str, elf, kind_str, show, GlobSym, Linker, Result, Sym, EINVAL};
use crate::btf::{self, kind, Btf, Type};
use crate::error::Errno;

/// Bounds for malformed type graphs upstream would loop on forever.
const MAX_STEPS: usize = 4096;
const MAX_DEPTH: u32 = 64;

fn is_non_static(t: &Type<'_>) -> bool {
    (t.kind() == kind::VAR && t.word(0) != btf::BTF_VAR_STATIC)
        || (t.kind() == kind::FUNC && t.vlen() != 0)
}

fn is_static(t: &Type<'_>) -> bool {
    (t.kind() == kind::VAR && t.word(0) == btf::BTF_VAR_STATIC)
        || (t.kind() == kind::FUNC && t.vlen() == 0)
}

impl Linker {
    pub(super) fn find_glob_sym(&self, name: &[u8]) -> Option<usize> {
        self.glob_syms
            .iter()
            .position(|g| self.strtab.get(g.name_off) == name)
    }

    /// Appends every symbol of `obj` (upstream's `linker_append_elf_syms`).
    pub(super) fn append_elf_syms(&mut self, obj: &mut SrcObj<'_>) -> Result<()> {
        let n = obj.syms.len();
        obj.sym_map = vec![0; n + 1];
        for i in 1..n {
            let sym = obj.syms[i];
            let Some(name) = obj.sym_name(&sym) else {
                crate::warn!(
                    "can't fetch symbol name for symbol #{i} in '{}'",
                    obj.filename
                );
                return Err(EINVAL);
            };
            let name = name.to_vec();
            self.append_elf_sym(obj, &sym, &name, i)?;
        }
        Ok(())
    }

    fn append_elf_sym(
        &mut self,
        obj: &mut SrcObj<'_>,
        sym: &Sym,
        name: &[u8],
        src_idx: usize,
    ) -> Result<()> {
        let is_extern = sym.shndx == elf::SHN_UNDEF;
        let mut src_sec = None;
        let mut dst_sec = None;
        let mut local = sym.bind() == elf::STB_LOCAL;
        if is_extern {
            if obj.btf.is_none() {
                crate::warn!("externs without BTF info are not supported");
                return Err(Errno::ENOTSUP);
            }
        } else if sym.shndx < elf::SHN_LORESERVE {
            let s = sym.shndx as usize;
            if obj.secs[s].skipped {
                return Ok(());
            }
            let d = obj.secs[s].dst_id;
            src_sec = Some(s);
            dst_sec = Some(d);
            if sym.typ() == elf::STT_SECTION && self.secs[d].sec_sym_idx != 0 {
                obj.sym_map[src_idx] = self.secs[d].sec_sym_idx;
                return Ok(());
            }
            if obj.secs[s].name == b".jumptables" {
                local = true;
            }
        }
        if !local {
            let (btf_sec_id, btf_id) = find_glob_sym_btf(obj, name)?;
            if is_extern && btf_sec_id != 0 {
                let b = obj.btf.as_ref().expect("checked above");
                let t = b.type_by_id(btf_sec_id).expect("found");
                let sec_name = btf_str(b, t.name_off);
                if sec_name != b".extern" {
                    let Some(s) = obj.find_sec(sec_name) else {
                        crate::warn!("failed to find matching ELF sec '{}'", show(sec_name));
                        return Err(Errno::ENOENT);
                    };
                    src_sec = Some(s);
                    dst_sec = Some(obj.secs[s].dst_id);
                }
            }
            if let Some(g) = self.find_glob_sym(name) {
                return self.resolve_glob_sym(obj, g, sym, name, src_idx, btf_id, src_sec, dst_sec);
            }
        }

        let name_off = self.strtab.add(name);
        let idx = self.syms.len() as u32;
        let mut out = Sym {
            name: name_off,
            info: sym.info,
            other: sym.other,
            shndx: dst_sec.map_or(sym.shndx, |d| self.secs[d].sec_idx as u16),
            value: src_sec
                .map_or(0, |s| obj.secs[s].dst_off)
                .wrapping_add(sym.value),
            size: sym.size,
        };
        obj.sym_map[src_idx] = idx;
        if sym.typ() == elf::STT_SECTION {
            if let Some(d) = dst_sec {
                self.secs[d].sec_sym_idx = idx;
                out.value = 0;
            }
        }
        self.syms.push(out);
        if sym.bind() != elf::STB_LOCAL {
            self.glob_syms.push(GlobSym {
                sym_idx: idx,
                sec_id: dst_sec.unwrap_or(0),
                name_off,
                btf_id: 0,
                underlying_btf_id: 0,
                var_idx: None,
                is_extern,
                is_weak: sym.bind() == elf::STB_WEAK,
            });
        }
        Ok(())
    }

    /// A symbol named like an earlier global: check they may meet, tighten
    /// binding and visibility, and let a strong definition take over.
    #[allow(clippy::too_many_arguments)]
    fn resolve_glob_sym(
        &mut self,
        obj: &mut SrcObj<'_>,
        g: usize,
        sym: &Sym,
        name: &[u8],
        src_idx: usize,
        btf_id: u32,
        src_sec: Option<usize>,
        dst_sec: Option<usize>,
    ) -> Result<()> {
        let is_extern = sym.shndx == elf::SHN_UNDEF;
        let glob = self.glob_syms[g];
        obj.sym_map[src_idx] = glob.sym_idx;
        if !is_extern && !glob.is_extern && !glob.is_weak && sym.bind() != elf::STB_WEAK {
            crate::warn!(
                "conflicting non-weak symbol #{src_idx} ({}) definition in '{}'",
                show(name),
                obj.filename
            );
            return Err(EINVAL);
        }
        if !self.glob_syms_match(name, &glob, obj, btf_id) {
            return Err(EINVAL);
        }
        let dst = &mut self.syms[glob.sym_idx as usize];
        if sym.bind() == elf::STB_GLOBAL {
            dst.info = elf::STB_GLOBAL << 4 | dst.typ();
            self.glob_syms[g].is_weak = false;
        }
        if sym.vis() > dst.vis() {
            dst.other = (dst.other & !0x3) | sym.vis();
        }
        if is_extern || (!glob.is_extern && sym.bind() == elf::STB_WEAK) {
            return Ok(());
        }
        // A strong definition: it becomes the symbol (binding and
        // visibility as tightened above).
        dst.info = dst.bind() << 4 | sym.typ();
        dst.shndx = dst_sec.map_or(sym.shndx, |d| self.secs[d].sec_idx as u16);
        dst.value = src_sec
            .map_or(0, |s| obj.secs[s].dst_off)
            .wrapping_add(sym.value);
        dst.size = sym.size;
        self.glob_syms[g].sec_id = dst_sec.unwrap_or(0);
        self.glob_syms[g].is_extern = false;
        let src_btf = obj.btf.as_ref().ok_or(EINVAL)?;
        complete_extern_btf_info(&mut self.btf, glob.btf_id, src_btf, btf_id)?;
        self.glob_syms[g].underlying_btf_id = 0;
        obj.sym_map[src_idx] = glob.sym_idx;
        Ok(())
    }

    fn glob_syms_match(&self, name: &[u8], g: &GlobSym, obj: &SrcObj<'_>, btf_id: u32) -> bool {
        if g.btf_id == 0 || btf_id == 0 {
            crate::warn!("BTF info is missing for global symbol '{}'", show(name));
            return false;
        }
        let Some(src_btf) = obj.btf.as_ref() else {
            return false;
        };
        let src_t = src_btf.type_by_id(btf_id).expect("found in this BTF");
        if src_t.kind() != kind::VAR && src_t.kind() != kind::FUNC {
            crate::warn!(
                "only extern variables and functions are supported, but got '{}' for '{}'",
                kind_str(src_t.kind()),
                show(name)
            );
            return false;
        }
        if g.sec_id != 0 && self.secs[g.sec_id].name == b".maps" {
            return super::mapdef::glob_map_defs_match(name, &self.btf, g.btf_id, src_btf, btf_id);
        }
        btf_matches(name, true, &self.btf, g.btf_id, src_btf, btf_id, 0)
    }
}

/// The BTF VAR or FUNC describing global `name`, and the DATASEC holding it
/// (0 for a free-floating FUNC or VAR).
fn find_glob_sym_btf(obj: &SrcObj<'_>, name: &[u8]) -> Result<(u32, u32)> {
    let Some(b) = &obj.btf else {
        crate::warn!("failed to find BTF info for object '{}'", obj.filename);
        return Err(EINVAL);
    };
    let mut btf_id = 0;
    for i in 1..b.type_cnt() {
        let t = b.type_by_id(i).expect("in range");
        if is_non_static(&t) {
            if btf_str(b, t.name_off) == name {
                btf_id = i;
            }
            continue;
        }
        if t.kind() != kind::DATASEC {
            continue;
        }
        for j in 0..t.vlen() as usize {
            let (var_id, _, _) = t.secinfo(j);
            let Some(vt) = b.type_by_id(var_id) else {
                continue;
            };
            if btf_str(b, vt.name_off) != name || is_static(&vt) {
                continue;
            }
            if btf_id != 0 && btf_id != var_id {
                crate::warn!(
                    "global/extern '{}' BTF is ambiguous: both types #{btf_id} and #{var_id} match",
                    show(name)
                );
                return Err(EINVAL);
            }
            return Ok((i, var_id));
        }
    }
    if btf_id != 0 {
        return Ok((0, btf_id));
    }
    crate::warn!(
        "failed to find BTF info for global/extern symbol '{}'",
        show(name)
    );
    Err(Errno::ENOENT)
}

/// An extern VAR becomes a defined global; an extern FUNC a global one whose
/// prototype takes the definition's parameter names (so dedup can merge them).
fn complete_extern_btf_info(dst: &mut Btf, dst_id: u32, src: &Btf, src_id: u32) -> Result<()> {
    let dt = dst.type_by_id(dst_id).ok_or(EINVAL)?;
    if dt.kind() == kind::VAR {
        dst.set_var_linkage(dst_id, btf::BTF_VAR_GLOBAL_ALLOCATED);
        return Ok(());
    }
    let dst_proto = dt.size_or_type;
    dst.set_type_info(dst_id, kind::FUNC << 24 | 1);
    let st = src.type_by_id(src_id).ok_or(EINVAL)?;
    let sp = src.type_by_id(st.size_or_type).ok_or(EINVAL)?;
    let Some(dp) = dst.type_by_id(dst_proto) else {
        return Err(EINVAL);
    };
    if dp.kind() != kind::FUNC_PROTO || sp.kind() != kind::FUNC_PROTO {
        return Err(EINVAL);
    }
    let n = dp.vlen().min(sp.vlen()) as usize;
    for i in 0..n {
        let (name_off, _) = sp.param(i);
        if name_off == 0 {
            continue;
        }
        let off = dst
            .add_str_bytes(btf_str(src, name_off))
            .map_err(|_| EINVAL)?;
        dst.set_param_name(dst_proto, i, off);
    }
    Ok(())
}

fn fwd_is_union(t: &Type<'_>) -> bool {
    t.kflag()
}

/// Whether two BTF types may describe the same global (upstream's
/// `glob_sym_btf_matches`): same shape, with a forward declaration allowed
/// to stand for a struct or union behind a pointer; `exact` compares
/// struct and union members too.
pub(super) fn btf_matches(
    sym: &[u8],
    mut exact: bool,
    b1: &Btf,
    mut id1: u32,
    b2: &Btf,
    mut id2: u32,
    depth: u32,
) -> bool {
    let sym = show(sym);
    if depth > MAX_DEPTH {
        crate::warn!("global '{sym}': types nest too deep to compare");
        return false;
    }
    for _ in 0..MAX_STEPS {
        let (Some(t1), Some(t2)) = (
            b1.skip_mods_and_typedefs(id1),
            b2.skip_mods_and_typedefs(id2),
        ) else {
            crate::warn!("global '{sym}': invalid type chain");
            return false;
        };
        let (k1, k2) = (t1.kind(), t2.kind());
        let (r1, r2) = (btf_str(b1, t1.name_off), btf_str(b2, t2.name_off));
        let (n1, n2) = (show(r1), show(r2));
        if !exact && (k1 == kind::FWD) != (k2 == kind::FWD) {
            if r1 != r2 {
                crate::warn!(
                    "global '{sym}': incompatible forward declaration names '{n1}' and '{n2}'"
                );
                return false;
            }
            let (fwd, other) = if k1 == kind::FWD {
                (&t1, &t2)
            } else {
                (&t2, &t1)
            };
            let union = fwd_is_union(fwd);
            if (union && other.kind() == kind::UNION) || (!union && other.kind() == kind::STRUCT) {
                return true;
            }
            crate::warn!(
                "global '{sym}': incompatible {} forward declaration and concrete kind {}",
                if union { "union" } else { "struct" },
                kind_str(other.kind())
            );
            return false;
        }
        if k1 != k2 {
            crate::warn!(
                "global '{sym}': incompatible BTF kinds {} and {}",
                kind_str(k1),
                kind_str(k2)
            );
            return false;
        }
        let named = matches!(
            k1,
            kind::STRUCT
                | kind::UNION
                | kind::ENUM
                | kind::ENUM64
                | kind::FWD
                | kind::FUNC
                | kind::VAR
        );
        if named && r1 != r2 {
            crate::warn!(
                "global '{sym}': incompatible {} names '{n1}' and '{n2}'",
                kind_str(k1)
            );
            return false;
        }
        match k1 {
            kind::UNKN | kind::FWD => return true,
            kind::INT | kind::FLOAT | kind::ENUM | kind::ENUM64 => {
                if t1.size_or_type != t2.size_or_type {
                    let n = if named { &n1[..] } else { "(null)" };
                    crate::warn!(
                        "global '{sym}': incompatible {} '{n}' size {} and {}",
                        kind_str(k1),
                        t1.size_or_type,
                        t2.size_or_type
                    );
                    return false;
                }
                return true;
            }
            kind::PTR => {
                exact = false;
                id1 = t1.size_or_type;
                id2 = t2.size_or_type;
            }
            kind::ARRAY => {
                id1 = t1.array().0;
                id2 = t2.array().0;
            }
            kind::FUNC | kind::VAR => {
                let (s1, s2) = if k1 == kind::FUNC {
                    (t1.vlen() == 0, t2.vlen() == 0)
                } else {
                    (t1.word(0) == 0, t2.word(0) == 0)
                };
                if s1 != s2 {
                    crate::warn!(
                        "global '{sym}': incompatible {} '{n1}' linkage",
                        kind_str(k1)
                    );
                    return false;
                }
                id1 = t1.size_or_type;
                id2 = t2.size_or_type;
            }
            kind::STRUCT | kind::UNION => {
                if !exact {
                    return true;
                }
                if t1.vlen() != t2.vlen() {
                    crate::warn!(
                        "global '{sym}': incompatible number of {} fields {} and {}",
                        kind_str(k1),
                        t1.vlen(),
                        t2.vlen()
                    );
                    return false;
                }
                for i in 0..t1.vlen() as usize {
                    let (m1n, m1t, m1o) = t1.member(i);
                    let (m2n, m2t, m2o) = t2.member(i);
                    let (mr1, mr2) = (btf_str(b1, m1n), btf_str(b2, m2n));
                    let (mn1, mn2) = (show(mr1), show(mr2));
                    if mr1 != mr2 {
                        crate::warn!(
                            "global '{sym}': incompatible field #{i} names '{mn1}' and '{mn2}'"
                        );
                        return false;
                    }
                    if m1o != m2o {
                        crate::warn!("global '{sym}': incompatible field #{i} ('{mn1}') offsets");
                        return false;
                    }
                    if !btf_matches(sym.as_bytes(), exact, b1, m1t, b2, m2t, depth + 1) {
                        return false;
                    }
                }
                return true;
            }
            kind::FUNC_PROTO => {
                if t1.vlen() != t2.vlen() {
                    crate::warn!(
                        "global '{sym}': incompatible number of {} params {} and {}",
                        kind_str(k1),
                        t1.vlen(),
                        t2.vlen()
                    );
                    return false;
                }
                for i in 0..t1.vlen() as usize {
                    let (_, p1) = t1.param(i);
                    let (_, p2) = t2.param(i);
                    if !btf_matches(sym.as_bytes(), exact, b1, p1, b2, p2, depth + 1) {
                        return false;
                    }
                }
                id1 = t1.size_or_type;
                id2 = t2.size_or_type;
            }
            _ => {
                crate::warn!("global '{sym}': unsupported BTF kind {}", kind_str(k1));
                return false;
            }
        }
    }
    crate::warn!("global '{sym}': type chain too long to compare");
    false
}
