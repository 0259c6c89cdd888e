//! BTF: each object's types are appended to the output BTF (a global VAR or
//! FUNC only once, shared by every object that names it), with type ids
//! remapped; DATASECs are not copied but collected per output section, with
//! variable offsets moved to where the section's data landed. At the end the
//! merged DATASECs are added, `.BTF.ext` is built, and `btf__dedup` folds
//! the copies together.

use super::input::SrcObj;
use super::{btf_str, show, Linker, Result, SecVar, EINVAL};
use crate::btf::dedup::DedupOpts;
use crate::btf::{self, kind, Endian};

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
            let words = super::input::record_words(&t);
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
            let words = super::input::record_words(&t);
            btf::id_slots(t.kind(), t.vlen())
                .into_iter()
                .any(|i| words.get(i).is_none_or(|&w| w >= n))
        })
    }
}
