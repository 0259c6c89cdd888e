//! BTF: each object's types are appended to the output BTF (a global VAR or
//! FUNC only once, shared by every object that names it), with type ids
//! remapped; DATASECs are not copied but collected per output section, with
//! variable offsets moved to where the section's data landed. At the end the
//! merged DATASECs are added, `.BTF.ext` is built, and `btf__dedup` folds
//! the copies together. Also each object's BTF checks and DATASEC fix-ups.

use super::input::{SrcObj, SrcSec};
use super::{btf_str, elf, show, Linker, Result, SecVar, Sym, EINVAL};
use crate::btf::dedup::DedupOpts;
use crate::btf::{self, kind, Btf, Endian};
use crate::error::Errno;

fn is_non_static(t: &btf::Type<'_>) -> bool {
    (t.kind() == kind::VAR && t.word(0) != btf::BTF_VAR_STATIC)
        || (t.kind() == kind::FUNC && t.vlen() != 0)
}

/// Sections the finished output has besides the linker's own: `.BTF` and
/// `.BTF.ext`, as (name offset in `.strtab`, bytes).
pub(crate) type Extra = Vec<(u32, Vec<u8>)>;

impl Linker {
    /// Appends `obj`'s BTF types (upstream's `linker_append_btf`).
    pub(super) fn append_btf(&mut self, obj: &mut SrcObj<'_>) -> Result<()> {
        let Some(src) = obj.btf.as_ref() else {
            return Ok(());
        };
        let start_id = self.btf.type_cnt();
        let n = src.type_cnt();
        let mut map = vec![0u32; n as usize + 1];
        for i in 1..n {
            let t = src.type_by_id(i).expect("in range");
            if t.kind() == kind::DATASEC {
                continue;
            }
            let mut glob = None;
            if is_non_static(&t) {
                // VARs of deduplicated sections (license, version) have none.
                let Some(g) = self.find_glob_sym(btf_str(src, t.name_off)) else {
                    continue;
                };
                glob = Some(g);
                let gs = &mut self.glob_syms[g];
                if gs.underlying_btf_id == 0 {
                    gs.underlying_btf_id = -(t.size_or_type as i64);
                }
                if gs.btf_id != 0 {
                    map[i as usize] = gs.btf_id;
                    continue;
                }
            }
            let id = self.btf.add_type(src, &t).map_err(|e| {
                crate::warn!(
                    "failed to append BTF type #{i} from file '{}': {e}",
                    obj.filename
                );
                e.errno()
            })?;
            map[i as usize] = id;
            if let Some(g) = glob {
                self.glob_syms[g].btf_id = id;
                self.glob_syms[g].underlying_btf_id = -(t.size_or_type as i64);
            }
        }

        // Remap the appended types' references into the output's ids.
        for id in start_id..self.btf.type_cnt() {
            let t = self.btf.type_by_id(id).expect("just added");
            let words = record_words(&t);
            for slot in btf::id_slots(t.kind(), t.vlen()) {
                let old = words[slot];
                let new = map.get(old as usize).copied().unwrap_or(0);
                if new == 0 && old != 0 {
                    crate::warn!("failed to find new ID mapping for original BTF type ID {old}");
                    return Err(EINVAL);
                }
                self.btf.set_word(id, slot, new);
            }
        }

        // Point globals' VAR/FUNC at their (new) underlying types.
        for g in &mut self.glob_syms {
            if g.underlying_btf_id >= 0 {
                continue;
            }
            let src_id = g.underlying_btf_id.unsigned_abs() as usize;
            let new = map.get(src_id).copied().ok_or(EINVAL)?;
            g.underlying_btf_id = new as i64;
            if g.btf_id != 0 {
                self.btf.set_type_ref(g.btf_id, new);
            }
        }

        // Collect DATASEC variables per output section.
        for si in 1..obj.secs.len() {
            let s = &obj.secs[si];
            if s.sec_type_id == 0 || s.skipped {
                continue;
            }
            let dst = s.dst_id;
            self.secs[dst].has_btf = true;
            let ds = src.type_by_id(s.sec_type_id).expect("found at fix-up");
            for j in 0..ds.vlen() as usize {
                let (var, off, size) = ds.secinfo(j);
                let new_id = map.get(var as usize).copied().unwrap_or(0);
                let t = self.btf.type_by_id(new_id).ok_or(EINVAL)?;
                let mut glob = None;
                if is_non_static(&t) {
                    let name = btf_str(&self.btf, t.name_off).to_vec();
                    let Some(g) = self.find_glob_sym(&name) else {
                        crate::warn!("global '{}': no symbol for it", show(&name));
                        return Err(EINVAL);
                    };
                    let sec_id = self.glob_syms[g].sec_id;
                    if sec_id != self.secs[dst].id {
                        crate::warn!(
                            "global '{}': section mismatch {sec_id} vs {}",
                            show(&name),
                            self.secs[dst].id
                        );
                        return Err(EINVAL);
                    }
                    glob = Some((g, name));
                }
                if let Some((g, name)) = &glob {
                    if let Some(vi) = self.glob_syms[*g].var_idx {
                        if t.kind() == kind::FUNC {
                            continue;
                        }
                        // The underlying type may have changed, and its size.
                        let under = self.glob_syms[*g].underlying_btf_id as u32;
                        let sz = self.btf.resolve_size(under).map_err(|e| {
                            crate::warn!(
                                "global '{}': failed to resolve size of underlying type: {e}",
                                show(name)
                            );
                            EINVAL
                        })?;
                        // Upstream indexes the section's variables with an
                        // index taken in another section (a variable met
                        // first as an extern elsewhere): beyond them it
                        // writes out of bounds; we refuse.
                        let Some(v) = self.secs[dst].sec_vars.get_mut(vi) else {
                            crate::warn!(
                                "global '{}': section mismatch for its variable",
                                show(name)
                            );
                            return Err(EINVAL);
                        };
                        v.size = sz;
                        continue;
                    }
                }
                let d = &mut self.secs[dst];
                d.sec_vars.push(SecVar {
                    type_id: new_id,
                    offset: (obj.secs[si].dst_off as u32).wrapping_add(off),
                    size,
                });
                if let Some((g, _)) = glob {
                    self.glob_syms[g].var_idx = Some(d.sec_vars.len() - 1);
                }
            }
        }
        obj.btf_type_map = map;
        Ok(())
    }

    /// Adds the merged DATASECs, builds `.BTF.ext`, deduplicates, and returns
    /// the `.BTF` and `.BTF.ext` sections to emit (none without any type).
    pub(super) fn finalize_btf(&mut self) -> Result<Extra> {
        let mut extra = Extra::new();
        if self.btf.type_cnt() == 1 {
            return Ok(extra);
        }
        for i in 1..self.secs.len() {
            if !self.secs[i].has_btf {
                continue;
            }
            let s = &self.secs[i];
            if let Err(e) = self.btf.add_datasec_bytes(&s.name, s.sec_sz as u32) {
                crate::warn!(
                    "failed to add consolidated BTF type for datasec '{}': {}",
                    show(&s.name),
                    -e.errno().0
                );
                return Err(e.errno());
            }
            for v in &self.secs[i].sec_vars {
                self.btf
                    .add_datasec_var_info(v.type_id as i32, v.offset, v.size)
                    .map_err(|_| EINVAL)?;
            }
        }
        let mut ext = self.finalize_btf_ext().inspect_err(|e| {
            crate::warn!(".BTF.ext generation failed: {}", super::errstr(*e));
        })?;
        // An object that failed half-way may have left types not remapped.
        if let Some(id) = self.first_bad_type() {
            crate::warn!("BTF dedup failed: type [{id}] refers to a missing type");
            return Err(EINVAL);
        }
        self.btf
            .dedup(ext.as_mut(), &DedupOpts::default())
            .map_err(|e| {
                crate::warn!("BTF dedup failed: {e}");
                e.errno()
            })?;
        let big = self.out_order().0;
        self.btf
            .set_endianness(if big { Endian::Big } else { Endian::Little });
        let name = self.strtab.add(b".BTF");
        extra.push((name, self.btf.raw()));
        if let Some(ext) = ext {
            let mut raw = ext.raw.to_vec();
            if big != cfg!(target_endian = "big") {
                swap_btf_ext(&mut raw);
            }
            let name = self.strtab.add(b".BTF.ext");
            extra.push((name, raw));
        }
        Ok(extra)
    }
}

/// `.BTF.ext` in the other byte order: the 16-bit magic, then 32-bit words.
fn swap_btf_ext(raw: &mut [u8]) {
    if raw.len() >= 2 {
        raw.swap(0, 1);
    }
    for w in raw.get_mut(4..).unwrap_or_default().chunks_exact_mut(4) {
        w.reverse();
    }
}

impl Linker {
    /// The first output type referring to a type id that does not exist.
    fn first_bad_type(&self) -> Option<u32> {
        let n = self.btf.type_cnt();
        (1..n).find(|&id| {
            let Some(t) = self.btf.type_by_id(id) else {
                return true;
            };
            let words = record_words(&t);
            btf::id_slots(t.kind(), t.vlen())
                .into_iter()
                .any(|i| words.get(i).is_none_or(|&w| w >= n))
        })
    }
}

/// Checks the object's BTF and `.BTF.ext` (ids and strings in range) and
/// fixes its DATASECs up (upstream's sanity checks and `linker_fixup_btf`).
pub(super) fn check_and_fixup(obj: &mut SrcObj<'_>) -> Result<()> {
    sanity_check_btf(obj)?;
    sanity_check_btf_ext(obj)?;
    fixup_btf(obj)
}

/// Every type id and string offset of the object's BTF is in range.
fn sanity_check_btf(obj: &SrcObj<'_>) -> Result<()> {
    let Some(b) = &obj.btf else { return Ok(()) };
    let n = b.type_cnt();
    for id in 1..n {
        let t = b.type_by_id(id).ok_or(EINVAL)?;
        let words = record_words(&t);
        for i in btf::id_slots(t.kind(), t.vlen()) {
            if words.get(i).is_some_and(|&w| w >= n) {
                return Err(EINVAL);
            }
        }
        for i in btf::str_slots(t.kind(), t.vlen()) {
            if words.get(i).is_some_and(|&w| b.cstr_with_nul(w).is_none()) {
                return Err(EINVAL);
            }
        }
    }
    Ok(())
}

/// A type record as 32-bit words (header first).
pub(crate) fn record_words(t: &btf::Type<'_>) -> Vec<u32> {
    t.rec
        .chunks_exact(4)
        .map(|w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
        .collect()
}

/// `.BTF.ext` needs `.BTF`, and its type ids and strings must exist there.
fn sanity_check_btf_ext(obj: &SrcObj<'_>) -> Result<()> {
    let Some(ext) = &obj.btf_ext else {
        return Ok(());
    };
    let Some(b) = &obj.btf else {
        return Err(EINVAL);
    };
    let n = b.type_cnt();
    for block in [&ext.func_info, &ext.core_relo] {
        for (_, info) in block {
            for r in info.recs() {
                if rd32(r, 4) >= n {
                    return Err(EINVAL);
                }
            }
        }
    }
    if ext.str_offs().iter().any(|&o| b.cstr_with_nul(o).is_none()) {
        return Err(EINVAL);
    }
    Ok(())
}

/// Host-order `u32` at `off` of a `.BTF.ext` record.
pub(crate) fn rd32(r: &[u8], off: usize) -> u32 {
    u32::from_ne_bytes([r[off], r[off + 1], r[off + 2], r[off + 3]])
}

/// DATASECs get their section's real size and their global variables'
/// offsets from the symbols; BTF-only sections (`.kconfig`, `.ksyms`…)
/// become ephemeral sections (upstream's `linker_fixup_btf`).
fn fixup_btf(obj: &mut SrcObj<'_>) -> Result<()> {
    let Some(mut b) = obj.btf.take() else {
        return Ok(());
    };
    let r = fixup_datasecs(obj, &mut b);
    obj.btf = Some(b);
    r
}

fn fixup_datasecs(obj: &mut SrcObj<'_>, b: &mut Btf) -> Result<()> {
    for id in 1..b.type_cnt() {
        let Some(t) = b.type_by_id(id) else { continue };
        if t.kind() != kind::DATASEC {
            continue;
        }
        let sec_name = btf_str(b, t.name_off).to_vec();
        let si = match obj.find_sec(&sec_name) {
            Some(si) => {
                if let Some(h) = obj.secs[si].shdr {
                    b.set_type_size(id, h.size as u32);
                }
                si
            }
            None if sec_name == b".extern" => continue,
            None => {
                obj.secs.push(SrcSec {
                    name: sec_name.clone(),
                    ephemeral: true,
                    ..Default::default()
                });
                obj.secs.len() - 1
            }
        };
        obj.secs[si].sec_type_id = id;
        let t = b.type_by_id(id).expect("still there");
        for j in 0..t.vlen() as usize {
            let (var_id, _, _) = b.type_by_id(id).expect("still there").secinfo(j);
            let Some(vt) = b.type_by_id(var_id) else {
                continue;
            };
            if vt.kind() != kind::VAR || vt.word(0) != btf::BTF_VAR_GLOBAL_ALLOCATED {
                continue;
            }
            let var_name = btf_str(b, vt.name_off);
            let Some(sym) = find_sym(obj, obj.secs[si].sec_idx, var_name) else {
                crate::warn!(
                    "failed to find symbol for variable '{}' in section '{}'",
                    show(var_name),
                    show(&sec_name)
                );
                return Err(Errno::ENOENT);
            };
            b.set_secinfo_offset(id, j, sym.value as u32);
        }
    }
    Ok(())
}

/// The STT_OBJECT symbol `name` in section `sec_idx` (upstream's
/// `find_sym_by_name`: a symbol whose name cannot be read ends the search).
fn find_sym(obj: &SrcObj<'_>, sec_idx: usize, name: &[u8]) -> Option<Sym> {
    for s in &obj.syms {
        if s.shndx as usize != sec_idx || s.typ() != elf::STT_OBJECT {
            continue;
        }
        if obj.sym_name(s)? == name {
            return Some(*s);
        }
    }
    None
}
