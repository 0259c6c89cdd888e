//! CO-RE candidates: the target types a local type may be relocated to (same
//! kind family, same essential name), searched in the kernel's BTF, then in
//! module BTFs; cached per local type across a program's relocations.

use super::super::names::{essential, kind_str};
use super::super::Btf;
use super::{compat, CoreRelo, ReloKind};
use crate::error::{Error, Result};
use std::collections::HashMap;

/// Where candidates are searched: the kernel (or `btf_custom_path`) BTF
/// first, then module BTFs only when the first had none.
pub struct Targets<'a> {
    pub main: &'a Btf,
    /// Loaded on demand (the first time a type has no candidate in `main`),
    /// with their names.
    pub modules: &'a dyn Fn() -> &'a [(String, Btf)],
}

/// Candidates per local type id (`(target index, type id)`; index 0 is main),
/// and main-target ids per essential name found by [`CandCache::prefetch`]
/// (with the bit set of kinds that scan kept).
#[derive(Default)]
pub struct CandCache(
    pub(super) HashMap<u32, Vec<(usize, u32)>>,
    pub(super) HashMap<String, (u32, Vec<u32>)>,
);

impl CandCache {
    /// Finds the main target's ids for every essential name the given
    /// relocations will ask about, in one pass over the target (instead of
    /// building its full name index on the start-up path).
    pub fn prefetch<'r>(
        &mut self,
        local: &Btf,
        relos: impl Iterator<Item = &'r CoreRelo>,
        main: &Btf,
    ) {
        let (names, kinds) = self.wanted(local, relos);
        let found = super::super::names::scan_essential(main, &names, kinds);
        self.fill(&names, kinds, found);
    }

    /// The essential names (sorted, once each) the relocations will look up
    /// and are not cached yet, and the kinds a candidate may have (the scan
    /// skips every other kind without reading its name: compat::kinds_compat).
    pub fn wanted<'l, 'r>(
        &self,
        local: &'l Btf,
        relos: impl Iterator<Item = &'r CoreRelo>,
    ) -> (Vec<&'l str>, u32) {
        let mut kinds = 0u32;
        let mut names: Vec<&str> = relos
            .filter(|r| r.kind != ReloKind::TypeIdLocal as u32)
            .filter_map(|r| local.type_by_id(r.type_id))
            .inspect(|t| {
                kinds |= 1 << t.kind();
                if t.is_any_enum() {
                    kinds |= 1 << super::super::kind::ENUM | 1 << super::super::kind::ENUM64;
                }
            })
            .map(|t| essential(local.name_of(&t)))
            .filter(|n| !n.is_empty() && !self.1.contains_key(*n))
            .collect();
        names.sort_unstable();
        names.dedup();
        (names, kinds)
    }

    /// Records what a scan for [`CandCache::wanted`]'s names found.
    pub fn fill(&mut self, names: &[&str], kinds: u32, found: Vec<Vec<u32>>) {
        for (n, ids) in names.iter().zip(found) {
            self.1.insert(n.to_string(), (kinds, ids));
        }
    }
}

pub(super) fn find_cands(
    local: &Btf,
    local_id: u32,
    targets: &Targets<'_>,
    prefetched: &HashMap<String, (u32, Vec<u32>)>,
) -> Result<Vec<(usize, u32)>> {
    let lt = local
        .type_by_id(local_id)
        .ok_or_else(|| Error::Btf(format!("CO-RE relocating [{local_id}]: type not found")))?;
    let name = essential(local.name_of(&lt)).to_string();
    let keep = |btf: &Btf, id: u32| {
        btf.type_by_id(id)
            .is_some_and(|t| compat::kinds_compat(&lt, &t))
    };
    let search = |btf: &Btf, idx: usize| -> Vec<(usize, u32)> {
        btf.ids_with_essential_name(&name)
            .filter(|&id| keep(btf, id))
            .map(|id| (idx, id))
            .collect()
    };
    let mut c = match prefetched
        .get(&name)
        .filter(|(k, _)| k >> lt.kind() & 1 != 0)
    {
        Some((_, ids)) => ids
            .iter()
            .filter(|&&id| keep(targets.main, id))
            .map(|&id| (0, id))
            .collect(),
        None => search(targets.main, 0),
    };
    if c.is_empty() {
        for (i, (_, m)) in (targets.modules)().iter().enumerate() {
            c.extend(search(m, i + 1));
        }
    }
    if crate::log::enabled(crate::log::Level::Debug) {
        let lname = local.name_of(&lt);
        for &(bi, id) in &c {
            let tb = target(targets, bi);
            let Some(t) = tb.type_by_id(id) else { continue };
            let where_ = if bi == 0 {
                "vmlinux"
            } else {
                &(targets.modules)()[bi - 1].0
            };
            crate::debug!(
                "CO-RE relocating [{local_id}] {} {lname}: found target candidate [{id}] {} {} in [{where_}]",
                kind_str(lt.kind()),
                kind_str(t.kind()),
                tb.name_of(&t)
            );
        }
    }
    Ok(c)
}

/// libbpf's `bpf_core_add_cands`: the ids (ascending, from `start_id`) of
/// `targ`'s types whose kind suits local type `local_id`'s and whose
/// essential name is the local name's first `essent_len` bytes.
pub fn add_cands(
    local: &Btf,
    local_id: u32,
    essent_len: usize,
    targ: &Btf,
    start_id: i32,
    targ_name: &str,
) -> Result<Vec<u32>> {
    let lt = local.type_by_id(local_id).ok_or_else(|| {
        Error::inval(format!(
            "CO-RE candidates: local type [{local_id}] not found"
        ))
    })?;
    let lname = local.name_of(&lt).as_bytes();
    let want = lname.get(..essent_len).unwrap_or(lname);
    let mut out = Vec::new();
    for id in start_id.max(0) as u32..targ.type_cnt() {
        let Some(t) = targ.type_by_id(id) else {
            continue;
        };
        if !compat::kinds_compat(&t, &lt) {
            continue;
        }
        let name = targ.name_of(&t).as_bytes();
        if name.is_empty()
            || super::super::essential_len(name) != essent_len
            || !name.starts_with(want)
        {
            continue;
        }
        crate::debug!(
            "CO-RE relocating [{local_id}] {} {}: found target candidate [{id}] {} {} in [{targ_name}]",
            kind_str(lt.kind()),
            local.name_of(&lt),
            kind_str(t.kind()),
            targ.name_of(&t)
        );
        out.push(id);
    }
    Ok(out)
}

pub(super) fn target<'a>(targets: &Targets<'a>, idx: usize) -> &'a Btf {
    if idx == 0 {
        targets.main
    } else {
        &(targets.modules)()[idx - 1].1
    }
}
