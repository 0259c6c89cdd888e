//! `bpf_object__load` in gen-loader mode: the load pipeline's steps
//! (BTF → maps with initial values → programs) recorded into a loader
//! instead of run. Nothing is asked of the running kernel except the
//! kconfig values (as upstream): the loader resolves kernel BTF ids on the
//! target, and the kernel applies CO-RE relocations (`core_relos`).
//!
//! What a loader cannot express is refused with an error and a log line,
//! never recorded half-way: pinned or reused maps, maps left uncreated,
//! user-set inner map fds, program-array slots, exclusive maps, struct_ops,
//! freplace, custom section handlers, signed loaders (`gen_hash`).

use super::program::{Gen, KsymRelo, MapCreate, ProgLoad};
use super::GenOutput;
use crate::btf::core::CoreRelo;
use crate::btf::kind;
use crate::elf::externs::ExternKind;
use crate::elf::{MapKind, Slot};
use crate::error::{Error, Result};
use crate::name::Name;
use crate::object::ksyms::Ksym;
use crate::object::load::sanitize_name;
use crate::object::reloc::{self, Linked, MapRef, MapSlot};
use crate::object::{Map, Object};
use crate::uapi::bpf::{map_type, prog_type};

const BPF_LD_IMM64: u8 = 0x18;

fn unsupported(obj: &str, what: String) -> Error {
    Error::NotSupported(format!("object '{obj}': gen_loader: {what}"))
}

/// The create attributes of `m`, as the direct load path would pass them.
fn map_create(m: &Map, with_btf: bool) -> MapCreate {
    // Map types the kernel does not describe with BTF (as load.rs).
    const NO_BTF: [u32; 14] = [4, 8, 7, 12, 13, 14, 25, 16, 17, 15, 18, 22, 23, 33];
    let btf = with_btf && !NO_BTF.contains(&m.def.map_type);
    MapCreate {
        map_type: m.def.map_type,
        name: sanitize_name(&m.name),
        key_size: m.def.key_size,
        value_size: m.def.value_size,
        max_entries: m.def.max_entries,
        map_flags: m.def.map_flags,
        numa_node: m.def.numa_node,
        map_ifindex: m.ifindex,
        map_extra: m.def.map_extra,
        btf_key_type_id: if btf { m.def.btf_key_type_id } else { 0 },
        btf_value_type_id: if btf { m.def.btf_value_type_id } else { 0 },
    }
}

impl Object {
    /// Records the whole load. On success the loader is in
    /// `gen_loader.output`; either way the object counts as load-attempted.
    pub(in crate::object) fn load_gen(&mut self) -> Result<()> {
        self.mark_load_attempted();
        match self.record_loader() {
            Ok(out) => {
                if let Some(g) = self.gen_loader.as_mut() {
                    g.output = Some(out);
                }
                self.prepared = true;
                self.loaded = true;
                // No map exists here: bpf_map__fd shows placeholders, as upstream.
                self.reserve_map_fds()?;
                Ok(())
            }
            Err(e) => {
                crate::warn!("failed to load object '{}'", self.name);
                Err(e)
            }
        }
    }

    /// Refuses what a loader program cannot reproduce on another machine.
    fn check_gen_support(&self) -> Result<()> {
        let name = &self.name;
        if self.gen_loader.as_ref().is_some_and(|g| g.gen_hash) {
            return Err(unsupported(
                name,
                "gen_hash (signed loader programs) is not implemented".into(),
            ));
        }
        for m in &self.maps {
            let why = if !m.autocreate {
                "autocreate is off (a loader creates every map)"
            } else if m.pin_path.is_some() {
                "pinned maps can't be reused by a loader"
            } else if m.fd.is_some() || m.reused {
                "maps given an fd (reuse_fd) can't be recorded"
            } else if m.excl_prog.is_some() {
                "exclusive maps (bpf_map__set_exclusive_program) are not supported"
            } else if m.inner_map_fd.is_some() {
                "a caller's inner map fd can't be recorded"
            } else if m.def.map_type == map_type::STRUCT_OPS {
                "struct_ops maps are not supported"
            } else if matches!(m.def.map_type, 12 | 13) && m.inner.is_none() {
                "map-in-map without an inner map definition"
            } else if m.init_slots.iter().any(|(_, s)| matches!(s, Slot::Prog(_))) {
                "program array slots can't be initialised by a loader"
            } else {
                continue;
            };
            return Err(unsupported(name, format!("map '{}': {why}", m.name)));
        }
        for p in self.progs.iter().filter(|p| p.autoload) {
            if p.prog_type == prog_type::EXT || p.attach_prog_fd.is_some() {
                return Err(unsupported(
                    name,
                    format!("prog '{}': freplace targets can't be recorded", p.name),
                ));
            }
            if p.handler.is_some() {
                return Err(unsupported(
                    name,
                    format!(
                        "prog '{}': custom section handlers (libbpf_register_prog_handler) are not supported",
                        p.name
                    ),
                ));
            }
            if p.prog_type == prog_type::STRUCT_OPS {
                return Err(unsupported(
                    name,
                    format!("prog '{}': struct_ops programs are not supported", p.name),
                ));
            }
            if p.sec_def.is_none() && p.prog_type == 0 {
                return Err(Error::inval(format!(
                    "prog '{}': missing BPF prog type, check ELF section name '{}'",
                    p.name, p.sec_name
                )));
            }
        }
        Ok(())
    }

    fn record_loader(&mut self) -> Result<GenOutput> {
        self.check_gen_support()?;
        self.resolve_kconfig(&crate::object::RunningKernel)?;
        self.resize_datasecs()?;
        // ksyms are looked up by the loader; references keep their kind.
        self.ksyms = self
            .spec
            .externs
            .iter()
            .map(|e| match e.kind {
                ExternKind::Ksym { is_func: true, .. } => Ksym::Func(0),
                ExternKind::Ksym { type_id: 0, .. } => Ksym::Addr(0),
                ExternKind::Ksym { .. } => Ksym::Var(0),
                ExternKind::Kcfg { .. } => Ksym::Unresolved,
            })
            .collect();
        let nr_maps = self.maps.len() as u32;
        let nr_progs = self.progs.iter().filter(|p| p.autoload).count() as u32;
        let mut g = Gen::new(nr_maps, nr_progs)?;
        let with_btf = self.spec.btf.is_some();
        if let Some(btf) = &self.spec.btf {
            g.load_btf(&btf.raw())?;
        }
        for m in &mut self.maps {
            // One slot per possible CPU, recorded in the definition as a load does.
            if m.def.map_type == map_type::PERF_EVENT_ARRAY && m.def.max_entries == 0 {
                m.def.max_entries = crate::sys::cpus::possible_count()? as u32;
            }
        }
        for (i, m) in self.maps.iter().enumerate() {
            if let Some(inner) = &m.inner {
                g.map_create(&map_create(inner, with_btf), None)?;
            }
            g.map_create(&map_create(m, with_btf), Some(i as u32))?;
            if m.kind != MapKind::Btf {
                let region = m.mmaped.as_ref().ok_or_else(|| {
                    Error::inval(format!("map '{}': no initial value region", m.name))
                })?;
                g.map_update_elem(i as u32, &region.bytes()[..m.def.value_size as usize])?;
                if matches!(m.kind, MapKind::Rodata | MapKind::Kconfig) {
                    g.map_freeze(i as u32)?;
                }
            }
            crate::debug!("gen: map '{}' recorded as #{i}", m.name);
        }
        for (i, m) in self.maps.iter().enumerate() {
            for (slot, s) in &m.init_slots {
                if let Slot::Map(inner) = s {
                    g.populate_outer_map(i as u32, *slot, *inner as u32)?;
                }
            }
        }
        let license = self.spec.license.clone();
        for pi in 0..self.progs.len() {
            let p = &self.progs[pi];
            if !p.autoload {
                crate::debug!("prog '{}': skipped loading", p.name);
                continue;
            }
            let linked = if p.insns_replaced {
                Linked {
                    insns: p.insns.clone(),
                    ..Default::default()
                }
            } else {
                reloc::link(
                    &self.spec,
                    p.spec_idx,
                    &|i| match self.maps.get(i) {
                        Some(_) => MapSlot::Ref(MapRef::Idx(i as u32)),
                        None => MapSlot::Uncreated(Name::new("")),
                    },
                    &self.ksyms,
                    self.arena_data_off as u32,
                )?
            };
            let core_relos = self.core_relos_of(&linked);
            let ksyms = self.ksym_relos_of(&linked);
            let p = &self.progs[pi];
            // An id fixed before load (bpf_program__set_attach_target with a
            // name) was resolved on this machine, as upstream does; else
            // the loader looks the section's target up on the target machine.
            let attach_target = match p.sec_def.filter(|d| d.attach_btf) {
                Some(d) if p.attach_btf_id == 0 => {
                    let target = crate::elf::secdef::target(d, &p.sec_name).ok_or_else(|| {
                        Error::inval(format!(
                            "prog '{}': section '{}' names no attach target",
                            p.name, p.sec_name
                        ))
                    })?;
                    Some(crate::object::btf_id::target_name(d, target))
                }
                _ => None,
            };
            let (fi, li) = if with_btf {
                (
                    (linked.func_info_rec_size, &linked.func_info[..]),
                    (linked.line_info_rec_size, &linked.line_info[..]),
                )
            } else {
                ((0, &[][..]), (0, &[][..]))
            };
            g.prog_load(&ProgLoad {
                prog_type: p.prog_type,
                expected_attach_type: p.expected_attach_type,
                prog_flags: p.load_flags(),
                prog_ifindex: p.ifindex,
                attach_btf_id: p.attach_btf_id,
                name: sanitize_name(&p.name),
                license: &license,
                insns: &linked.insns,
                func_info: fi,
                line_info: li,
                core_relos: if with_btf { &core_relos } else { &[] },
                attach_target,
                ksyms: &ksyms,
            })?;
            crate::debug!(
                "gen: prog '{}' recorded ({} insns, {} CO-RE relocations, {} ksym references)",
                p.name,
                linked.insns.len(),
                core_relos.len(),
                ksyms.len()
            );
            self.progs[pi].insns = linked.insns;
        }
        let (insns, data) = g.finish(nr_maps)?;
        crate::debug!(
            "gen: loader for '{}': {} insns, {} bytes of data",
            self.name,
            insns.len() / 8,
            data.len()
        );
        Ok(GenOutput { insns, data })
    }

    /// The object's CO-RE records for every piece of a linked program, with
    /// instruction offsets in the final layout (the kernel applies them).
    fn core_relos_of(&self, linked: &Linked) -> Vec<CoreRelo> {
        let (Some(btf), Some(ext)) = (self.spec.btf.as_ref(), self.spec.btf_ext.as_ref()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (sec_name_off, info) in &ext.core_relo {
            let sec_name = btf.str_at(*sec_name_off).unwrap_or("");
            let Some(sec_idx) = self.spec.sec_names.position(sec_name) else {
                continue;
            };
            for &(pi, start) in &linked.pieces {
                let piece = &self.spec.progs[pi];
                if piece.sec_idx != sec_idx {
                    continue;
                }
                let lo = (piece.sec_insn_off * 8) as u32;
                let hi = lo + (piece.insns.len() * 8) as u32;
                for r in info.recs().filter_map(CoreRelo::from_bytes) {
                    if (lo..hi).contains(&r.insn_off) {
                        out.push(CoreRelo {
                            insn_off: start as u32 * 8 + (r.insn_off - lo),
                            ..r
                        });
                    }
                }
            }
        }
        out.sort_by_key(|r| r.insn_off);
        out
    }

    /// The `.ksyms` references of a linked program, for the loader to patch.
    fn ksym_relos_of(&self, linked: &Linked) -> Vec<KsymRelo> {
        linked
            .externs
            .iter()
            .filter_map(|&(at, x)| {
                let e = &self.spec.externs[x];
                let ExternKind::Ksym { type_id, is_func } = e.kind else {
                    return None;
                };
                // kfuncs are looked up by their essential name (`f___flavor` → `f`)
                let name = if is_func {
                    crate::btf::essential(&e.name)
                } else {
                    &e.name[..]
                };
                Some(KsymRelo {
                    name: name.to_string(),
                    kind: if is_func { kind::FUNC } else { kind::VAR },
                    insn_idx: at,
                    is_weak: e.weak,
                    is_typeless: !is_func && type_id == 0,
                    is_ld64: linked.insns[at].code == BPF_LD_IMM64,
                })
            })
            .collect()
    }
}
