//! Why a CO-RE relocation found no target, in words: the local type and
//! access string, and for every kernel candidate where matching stopped.
//! libbpf only says "no matching targets found" (at debug level) and leaves
//! the verifier to fail on the poisoned instruction; we tell the user what
//! the kernel's type lacks when that happens.

use super::super::names::kind_str;
use super::super::Btf;
use super::spec::{self, Spec};
use super::{find_cands, target, CandCache, CoreRelo, ReloKind, Targets};

/// A failed relocation told in words.
#[derive(Clone, Debug, Default)]
pub struct Explained {
    /// The local spec as libbpf formats it (its verifier-log rewrite uses it).
    pub spec: String,
    /// What was asked, then one line per candidate (or why there was none).
    pub lines: Vec<String>,
}

/// Explains failed relocation `relo` (`relo_idx` in its program).
pub fn explain(
    local: &Btf,
    relo: &CoreRelo,
    relo_idx: usize,
    targets: &Targets<'_>,
    cache: &CandCache,
) -> Explained {
    let Some(kind) = ReloKind::from_u32(relo.kind) else {
        return Explained::default();
    };
    let access = local.str_at(relo.access_str_off).unwrap_or("");
    let Ok(lspec) = spec::parse(local, relo.type_id, access, kind, "") else {
        return Explained::default();
    };
    let lines = candidates(&lspec, relo, relo_idx, access, targets, cache);
    Explained {
        spec: lspec.to_string(),
        lines,
    }
}

fn candidates(
    lspec: &Spec<'_>,
    relo: &CoreRelo,
    relo_idx: usize,
    access: &str,
    targets: &Targets<'_>,
    cache: &CandCache,
) -> Vec<String> {
    let local = lspec.btf;
    let mut out = vec![format!(
        "CO-RE relocation #{relo_idx} failed: {} (access string '{access}') has no match in the kernel",
        described(lspec)
    )];
    let cands = match cache.0.get(&relo.type_id) {
        Some(c) => c.clone(),
        None => find_cands(local, relo.type_id, targets, &cache.1).unwrap_or_default(),
    };
    let lt = local.type_by_id(relo.type_id);
    if cands.is_empty() {
        out.push(format!(
            "no {} named '{}' in the kernel's BTF (vmlinux{})",
            lt.map_or("type", |t| kind_str(t.kind())),
            super::super::names::essential(lt.map_or("", |t| local.name_of(&t))),
            if (targets.modules)().is_empty() {
                ""
            } else {
                " and modules"
            }
        ));
        return out;
    }
    for (i, &(bi, id)) in cands.iter().enumerate() {
        let tb = target(targets, bi);
        let why = match spec::matches(lspec, tb, id) {
            Ok(Ok(_)) => "matches (the relocation failed on its value)".to_string(),
            Ok(Err(partial)) => mismatch(lspec, &partial),
            Err(e) => match spec::too_deep_spec(&e) {
                Some(partial) => format!("access path deeper than 64 steps ({partial})"),
                None => format!("malformed: {e}"),
            },
        };
        let name = tb.type_by_id(id).map_or("?", |t| tb.name_of(&t));
        let kname = tb.type_by_id(id).map_or("?", |t| kind_str(t.kind()));
        let in_ = if bi == 0 {
            "vmlinux"
        } else {
            &(targets.modules)()[bi - 1].0
        };
        out.push(format!(
            "candidate #{i} [{id}] {kname} {name} in {in_}: {why}"
        ));
    }
    out
}

/// `struct task_struct.comm[3]` style: the root type and its access path.
fn described(s: &Spec<'_>) -> String {
    let t = s.btf.type_by_id(s.root_type_id);
    let mut text = format!(
        "{} {}",
        kind_str(t.map_or(0, |t| t.kind())),
        t.map_or("", |t| s.btf.name_of(&t))
    );
    if s.kind.is_enumval_based() {
        if let Some(a) = s.acc.first() {
            text.push_str(&format!("::{}", a.name.as_deref().unwrap_or("")));
        }
    } else if s.kind.is_field_based() {
        for (i, a) in s.acc.iter().enumerate() {
            match &a.name {
                Some(n) => text.push_str(&format!(".{n}")),
                None if i > 0 || a.idx > 0 => text.push_str(&format!("[{}]", a.idx)),
                None => {}
            }
        }
    }
    format!("<{}> {text}", s.kind.name())
}

/// Where and why matching `local` against a candidate stopped, from the
/// part of the target spec that did match.
fn mismatch(local: &Spec<'_>, partial: &Spec<'_>) -> String {
    let tb = partial.btf;
    if local.kind.is_type_based() {
        return if local.kind == ReloKind::TypeMatches {
            "the kernel's type does not match the local one".into()
        } else {
            "the kernel's type is not compatible with the local one".into()
        };
    }
    if local.kind.is_enumval_based() {
        let name = local
            .acc
            .first()
            .and_then(|a| a.name.as_deref())
            .unwrap_or("");
        return match tb.skip_mods_and_typedefs(partial.root_type_id) {
            Some(t) if t.is_any_enum() => format!("has no enumerator '{name}'"),
            _ => "is not an enum".into(),
        };
    }
    // The target type the first unmatched accessor applies to.
    let k = partial.acc.len();
    let mut tid = partial.root_type_id;
    for (j, a) in partial.acc.iter().enumerate() {
        if j == 0 && a.name.is_none() {
            continue;
        }
        tid = match &a.name {
            Some(_) => tb
                .type_by_id(a.type_id)
                .map_or(0, |t| t.member(a.idx as usize).1),
            None => a.type_id,
        };
    }
    let Some(la) = local.acc.get(k) else {
        return "the access path matched, but not the field's type".into();
    };
    // Named as the kernel names them (flavors and all).
    let path = path_upto(partial, k);
    let Some(t) = tb.skip_mods_and_typedefs(tid) else {
        return "malformed kernel BTF".into();
    };
    match &la.name {
        Some(n) if !t.is_composite() => {
            format!(
                "'{path}' is a {} there, not a struct or union, so it has no field '{n}'",
                kind_str(t.kind())
            )
        }
        Some(n) if has_member(tb, t.id, n, 0) => {
            format!("field '{path}.{n}' has an incompatible type")
        }
        Some(n) => format!("'{path}' has no field '{n}'"),
        None if t.kind() != super::super::kind::ARRAY => {
            format!("'{path}' is a {} there, not an array", kind_str(t.kind()))
        }
        None => format!(
            "index {} is beyond '{path}', an array of {} elements there",
            la.idx,
            t.array().2
        ),
    }
}

/// The access path of `s` up to (not including) accessor `k`.
fn path_upto(s: &Spec<'_>, k: usize) -> String {
    let t = s.btf.type_by_id(s.root_type_id);
    let mut p = t.map_or(String::new(), |t| s.btf.name_of(&t).to_string());
    for (i, a) in s.acc.iter().take(k).enumerate() {
        match &a.name {
            Some(n) => p.push_str(&format!(".{n}")),
            None if i > 0 || a.idx > 0 => p.push_str(&format!("[{}]", a.idx)),
            None => {}
        }
    }
    p
}

/// Whether composite `id` has a member `name`, looking through anonymous
/// members as CO-RE matching does.
fn has_member(btf: &Btf, id: u32, name: &str, depth: usize) -> bool {
    let Some(t) = btf.skip_mods_and_typedefs(id).filter(|t| t.is_composite()) else {
        return false;
    };
    depth < 64
        && (0..t.vlen() as usize).any(|i| {
            let (n, ty, _) = t.member(i);
            match btf.str_at(n).unwrap_or("") {
                "" => has_member(btf, ty, name, depth + 1),
                m => m == name,
            }
        })
}
