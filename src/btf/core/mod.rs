//! CO-RE: relocating a program's field offsets, sizes, type ids and enum
//! values against the target kernel's BTF. Pure: the local BTF, the
//! `.BTF.ext` records and the target BTF(s) come in; a list of [`Fixup`]s
//! (data: what to write where, or which instruction to poison) comes out and
//! is applied in a separate step, so fixups can be printed and compared.

mod cands;
pub mod compat;
pub mod explain;
mod patch;
pub mod spec;

pub use cands::{add_cands, CandCache, Targets};
use cands::{find_cands, target};
pub use patch::apply_fixup;

use super::names::kind_str;
use super::Btf;
use crate::error::{Error, Result};
use crate::uapi::bpf::bpf_insn;
use spec::Spec;

/// `enum bpf_core_relo_kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ReloKind {
    FieldByteOffset = 0,
    FieldByteSize = 1,
    FieldExists = 2,
    FieldSigned = 3,
    FieldLshiftU64 = 4,
    FieldRshiftU64 = 5,
    TypeIdLocal = 6,
    TypeIdTarget = 7,
    TypeExists = 8,
    TypeSize = 9,
    EnumvalExists = 10,
    EnumvalValue = 11,
    TypeMatches = 12,
}

impl ReloKind {
    pub fn from_u32(v: u32) -> Option<ReloKind> {
        use ReloKind::*;
        Some(match v {
            0 => FieldByteOffset,
            1 => FieldByteSize,
            2 => FieldExists,
            3 => FieldSigned,
            4 => FieldLshiftU64,
            5 => FieldRshiftU64,
            6 => TypeIdLocal,
            7 => TypeIdTarget,
            8 => TypeExists,
            9 => TypeSize,
            10 => EnumvalExists,
            11 => EnumvalValue,
            12 => TypeMatches,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        use ReloKind::*;
        match self {
            FieldByteOffset => "byte_off",
            FieldByteSize => "byte_sz",
            FieldExists => "field_exists",
            FieldSigned => "signed",
            FieldLshiftU64 => "lshift_u64",
            FieldRshiftU64 => "rshift_u64",
            TypeIdLocal => "local_type_id",
            TypeIdTarget => "target_type_id",
            TypeExists => "type_exists",
            TypeMatches => "type_matches",
            TypeSize => "type_size",
            EnumvalExists => "enumval_exists",
            EnumvalValue => "enumval_value",
        }
    }
    pub fn is_field_based(self) -> bool {
        (self as u32) <= 5
    }
    pub fn is_type_based(self) -> bool {
        use ReloKind::*;
        matches!(
            self,
            TypeIdLocal | TypeIdTarget | TypeExists | TypeMatches | TypeSize
        )
    }
    pub fn is_enumval_based(self) -> bool {
        matches!(self, ReloKind::EnumvalExists | ReloKind::EnumvalValue)
    }
}

/// One `struct bpf_core_relo` record, `insn_off` in bytes from the start of
/// the instruction slice it is applied to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoreRelo {
    pub insn_off: u32,
    pub type_id: u32,
    pub access_str_off: u32,
    pub kind: u32,
}

impl CoreRelo {
    /// Decodes a 16-byte (or longer) record in host byte order.
    pub fn from_bytes(r: &[u8]) -> Option<CoreRelo> {
        let w = |i: usize| {
            r.get(i * 4..i * 4 + 4)
                .map(|b| u32::from_ne_bytes(b.try_into().unwrap()))
        };
        Some(CoreRelo {
            insn_off: w(0)?,
            type_id: w(1)?,
            access_str_off: w(2)?,
            kind: w(3)?,
        })
    }
}

/// The decision for one relocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixup {
    pub relo_idx: usize,
    pub insn_idx: usize,
    pub kind: ReloKind,
    /// Value the instruction is expected to hold (when `validate`).
    pub orig_val: u64,
    pub new_val: u64,
    /// The relocation failed: turn the instruction into a call to helper 0xbad2310.
    pub poison: bool,
    pub validate: bool,
    /// Field sizes (for load/store size adjustment); 0 when not applicable.
    pub orig_sz: u32,
    pub new_sz: u32,
    /// The fields' type ids behind those sizes (0 when not applicable).
    pub orig_type_id: u32,
    pub new_type_id: u32,
    /// Sizes differ and the load can't be adjusted safely (poisons a mem access).
    pub fail_memsz_adjust: bool,
}

/// `BPF_JMP | BPF_CALL` to this helper id marks a failed CO-RE relocation.
pub const POISON_HELPER: i32 = 0xbad2310;

/// Why a value could not be computed.
enum Calc {
    /// Request poisoning (no target for a kind that needs one).
    Poison,
    Err(Error),
}

impl From<Error> for Calc {
    fn from(e: Error) -> Calc {
        Calc::Err(e)
    }
}

#[derive(Default)]
struct FieldVal {
    val: u64,
    sz: u32,
    type_id: u32,
    validate: bool,
}

fn calc_field(
    spec: Option<&Spec<'_>>,
    kind: ReloKind,
    prog: &str,
    insn: usize,
) -> std::result::Result<FieldVal, Calc> {
    let mut out = FieldVal::default();
    if kind == ReloKind::FieldExists {
        out.val = spec.is_some() as u64;
        out.validate = true;
        return Ok(out);
    }
    let spec = spec.ok_or(Calc::Poison)?;
    let btf = spec.btf;
    let acc = spec
        .acc
        .last()
        .ok_or_else(|| Error::Btf("empty access spec".into()))?;
    let elem_size = |id: u32| -> Result<u32> {
        let mut t = btf
            .skip_mods_and_typedefs(id)
            .ok_or_else(|| Error::Btf("bad type".into()))?;
        for _ in 0..32 {
            if t.kind() != super::kind::ARRAY {
                break;
            }
            t = btf
                .skip_mods_and_typedefs(t.array().0)
                .ok_or_else(|| Error::Btf("bad type".into()))?;
        }
        btf.resolve_size(t.id)
    };
    if acc.name.is_none() {
        match kind {
            ReloKind::FieldByteOffset => {
                out.val = (spec.bit_offset / 8) as u64;
                out.sz = elem_size(acc.type_id)?;
                out.type_id = acc.type_id;
            }
            ReloKind::FieldByteSize => out.val = btf.resolve_size(acc.type_id)? as u64,
            _ => {
                crate::warn!(
                    "prog '{prog}': relo {} at insn #{insn} can't be applied to array access",
                    kind as u32
                );
                return Err(Error::Reported(crate::Errno::EINVAL).into());
            }
        }
        out.validate = true;
        return Ok(out);
    }
    let t = btf
        .type_by_id(acc.type_id)
        .ok_or_else(|| Error::Btf("bad type".into()))?;
    let (_, mtype, _) = t.member(acc.idx as usize);
    let mt = btf
        .skip_mods_and_typedefs(mtype)
        .ok_or_else(|| Error::Btf("bad type".into()))?;
    let field_type_id = mt.id;
    let bit_off = spec.bit_offset;
    let mut bit_sz = t.member_bitfield_size(acc.idx as usize);
    let bitfield = bit_sz > 0;
    let (mut byte_sz, mut byte_off);
    if bitfield {
        byte_sz = mt.size_or_type.max(1);
        byte_off = bit_off / 8 / byte_sz * byte_sz;
        // u32 arithmetic that wraps, as libbpf's (hostile sizes and offsets).
        while bit_off
            .wrapping_add(bit_sz)
            .wrapping_sub(byte_off.wrapping_mul(8))
            > byte_sz.wrapping_mul(8)
        {
            if byte_sz >= 8 {
                crate::warn!(
                    "prog '{prog}': relo {} at insn #{insn} can't be satisfied for bitfield",
                    kind as u32
                );
                return Err(Error::Reported(crate::Errno::E2BIG).into());
            }
            byte_sz *= 2;
            byte_off = bit_off / 8 / byte_sz * byte_sz;
        }
    } else {
        byte_sz = btf.resolve_size(field_type_id)?;
        byte_off = bit_off / 8;
        bit_sz = byte_sz.wrapping_mul(8);
    }
    out.validate = !bitfield;
    match kind {
        ReloKind::FieldByteOffset => {
            out.val = byte_off as u64;
            if !bitfield {
                out.sz = elem_size(field_type_id)?;
                out.type_id = field_type_id;
            }
        }
        ReloKind::FieldByteSize => out.val = byte_sz as u64,
        ReloKind::FieldSigned => {
            let signed = (mt.is_any_enum() && mt.kflag())
                || (mt.kind() == super::kind::INT && mt.int_info().0 & super::BTF_INT_SIGNED != 0);
            out.val = signed as u64;
            out.validate = true;
        }
        ReloKind::FieldLshiftU64 => {
            out.val = if cfg!(target_endian = "little") {
                64u64.wrapping_sub(
                    bit_off
                        .wrapping_add(bit_sz)
                        .wrapping_sub(byte_off.wrapping_mul(8)) as u64,
                )
            } else {
                (8u64.wrapping_sub(byte_sz as u64).wrapping_mul(8))
                    .wrapping_add(bit_off.wrapping_sub(byte_off.wrapping_mul(8)) as u64)
            };
        }
        ReloKind::FieldRshiftU64 => {
            out.val = 64u64.wrapping_sub(bit_sz as u64);
            out.validate = true;
        }
        _ => {
            return Err(
                Error::NotSupported(format!("CO-RE relocation kind {}", kind as u32)).into(),
            )
        }
    }
    Ok(out)
}

fn calc_type(spec: Option<&Spec<'_>>, kind: ReloKind) -> Result<(u64, bool)> {
    let Some(spec) = spec else {
        return Ok((0, true));
    };
    Ok(match kind {
        ReloKind::TypeIdLocal | ReloKind::TypeIdTarget => (spec.root_type_id as u64, false),
        ReloKind::TypeExists | ReloKind::TypeMatches => (1, true),
        ReloKind::TypeSize => (spec.btf.resolve_size(spec.root_type_id)? as u64, true),
        _ => {
            return Err(Error::NotSupported(format!(
                "CO-RE relocation kind {}",
                kind as u32
            )))
        }
    })
}

fn calc_enumval(spec: Option<&Spec<'_>>, kind: ReloKind) -> std::result::Result<u64, Calc> {
    match kind {
        ReloKind::EnumvalExists => Ok(spec.is_some() as u64),
        ReloKind::EnumvalValue => {
            let spec = spec.ok_or(Calc::Poison)?;
            let a = &spec.acc[0];
            let t = spec
                .btf
                .type_by_id(a.type_id)
                .ok_or_else(|| Error::Btf("bad type".into()))?;
            Ok(t.enum_value(a.idx as usize).1)
        }
        _ => Err(Error::NotSupported(format!("CO-RE relocation kind {}", kind as u32)).into()),
    }
}

/// Computes the fixup for `local` spec vs target spec `targ` (None: no target).
fn calc(
    prog: &str,
    relo_idx: usize,
    insn_idx: usize,
    local: &Spec<'_>,
    targ: Option<&Spec<'_>>,
) -> Result<Fixup> {
    let kind = local.kind;
    let mut f = Fixup {
        relo_idx,
        insn_idx,
        kind,
        orig_val: 0,
        new_val: 0,
        poison: false,
        validate: true,
        orig_sz: 0,
        new_sz: 0,
        orig_type_id: 0,
        new_type_id: 0,
        fail_memsz_adjust: false,
    };
    let res: std::result::Result<(), Calc> = (|| {
        if kind.is_field_based() {
            // The local side is kept even when the target's poisons (as
            // libbpf's result shows it).
            let l = calc_field(Some(local), kind, prog, insn_idx)?;
            (f.orig_val, f.orig_sz, f.validate) = (l.val, l.sz, l.validate);
            f.orig_type_id = l.type_id;
            let t = calc_field(targ, kind, prog, insn_idx)?;
            (f.new_val, f.new_sz) = (t.val, t.sz);
            f.new_type_id = t.type_id;
            if f.orig_sz != f.new_sz {
                let lt = local.btf.type_by_id(l.type_id);
                let tt = targ.and_then(|s| s.btf.type_by_id(t.type_id));
                let ok = match (lt, tt) {
                    (Some(a), Some(b))
                        if a.kind() == super::kind::PTR && b.kind() == super::kind::PTR =>
                    {
                        true
                    }
                    (Some(a), Some(b))
                        if a.kind() == super::kind::INT && b.kind() == super::kind::INT =>
                    {
                        a.int_info().0 != super::BTF_INT_SIGNED
                            && b.int_info().0 != super::BTF_INT_SIGNED
                    }
                    _ => false,
                };
                f.fail_memsz_adjust = !ok;
            }
        } else if kind.is_type_based() {
            (f.orig_val, f.validate) = calc_type(Some(local), kind)?;
            f.new_val = calc_type(targ, kind)?.0;
        } else {
            f.orig_val = calc_enumval(Some(local), kind)?;
            f.new_val = calc_enumval(targ, kind)?;
        }
        Ok(())
    })();
    match res {
        Ok(()) => Ok(f),
        Err(Calc::Poison) => {
            f.poison = true;
            Ok(f)
        }
        Err(Calc::Err(e)) => {
            if let Error::NotSupported(_) = e {
                crate::warn!(
                    "prog '{prog}': relo #{relo_idx}: unrecognized CO-RE relocation {} ({}) at insn #{insn_idx}",
                    kind.name(),
                    kind as u32
                );
                return Err(Error::Reported(e.errno()));
            }
            Err(e)
        }
    }
}

/// Decides one relocation: parse the local spec, match every candidate,
/// check they agree, and compute the values.
pub fn compute_fixup(
    prog: &str,
    local: &Btf,
    relo: &CoreRelo,
    relo_idx: usize,
    targets: &Targets<'_>,
    cache: &mut CandCache,
) -> Result<Fixup> {
    let mut asked = Vec::new();
    let d = calc_relo(prog, local, relo, relo_idx, || {
        asked = match cache.0.get(&relo.type_id) {
            Some(c) => c.clone(),
            None => {
                let c = find_cands(local, relo.type_id, targets, &cache.1)?;
                cache.0.insert(relo.type_id, c.clone());
                c
            }
        };
        Ok(asked
            .iter()
            .map(|&(bi, id)| (target(targets, bi), id))
            .collect())
    })?;
    // As libbpf: candidates that didn't match drop out of the cache for the
    // relocations that follow (unless none matched: then nothing changes).
    if !d.matching.is_empty() && d.matching.len() != asked.len() {
        let kept = d.matching.iter().map(|&i| asked[i]).collect();
        cache.0.insert(relo.type_id, kept);
    }
    Ok(d.fixup)
}

/// One relocation decided (libbpf's `bpf_core_calc_relo_insn`).
pub struct Decision<'l, 't> {
    pub local: Spec<'l>,
    pub fixup: Fixup,
    /// The chosen candidate's spec; None when none matched (or none needed).
    pub target: Option<Spec<'t>>,
    /// Positions of the candidates that matched.
    pub matching: Vec<usize>,
}

/// Decides relocation `relo` of `local` against the candidates `cands`
/// yields, asked only when a search is needed (not for local type ids):
/// every matching candidate must lead to the same decision.
pub fn calc_relo<'l, 't>(
    prog: &str,
    local: &'l Btf,
    relo: &CoreRelo,
    relo_idx: usize,
    cands: impl FnOnce() -> Result<Vec<(&'t Btf, u32)>>,
) -> Result<Decision<'l, 't>> {
    let insn_idx = (relo.insn_off / 8) as usize;
    let lspec = local_spec(prog, local, relo, relo_idx)?;
    let kind = lspec.kind;
    if kind == ReloKind::TypeIdLocal {
        let mut f = calc(prog, relo_idx, insn_idx, &lspec, None)?;
        (f.orig_val, f.new_val, f.validate, f.poison) =
            (relo.type_id as u64, relo.type_id as u64, false, false);
        return Ok(Decision {
            local: lspec,
            fixup: f,
            target: None,
            matching: Vec::new(),
        });
    }
    let anon = local
        .type_by_id(relo.type_id)
        .is_none_or(|t| local.name_of(&t).is_empty());
    if anon {
        crate::warn!(
            "prog '{prog}': relo #{relo_idx}: <{}> ({}) relocation doesn't support anonymous types",
            kind.name(),
            kind as u32
        );
        return Err(Error::Reported(crate::Errno::ENOTSUP));
    }
    let list = cands()?;
    let (fixup, target, matching) = decide(prog, relo_idx, insn_idx, &lspec, list.into_iter())?;
    Ok(Decision {
        local: lspec,
        fixup,
        target,
        matching,
    })
}

/// Parses the local side of a relocation (logging as libbpf on failure).
pub fn local_spec<'a>(
    prog: &str,
    local: &'a Btf,
    relo: &CoreRelo,
    relo_idx: usize,
) -> Result<Spec<'a>> {
    let insn_idx = (relo.insn_off / 8) as usize;
    let kind = ReloKind::from_u32(relo.kind).ok_or_else(|| {
        crate::warn!(
            "prog '{prog}': relo #{relo_idx}: unrecognized CO-RE relocation <unknown> ({}) at insn #{insn_idx}",
            relo.kind
        );
        Error::Reported(crate::Errno::ENOTSUP)
    })?;
    let access = local.str_at(relo.access_str_off).ok_or_else(|| {
        Error::Btf(format!(
            "prog '{prog}': relo #{relo_idx}: bad access string offset"
        ))
    })?;
    let lt = local.type_by_id(relo.type_id).ok_or_else(|| {
        Error::Btf(format!(
            "prog '{prog}': relo #{relo_idx}: bad type id {}",
            relo.type_id
        ))
    })?;
    let local_name = local.name_of(&lt);
    let lspec = spec::parse(local, relo.type_id, access, kind, prog).map_err(|e| {
        crate::warn!(
            "prog '{prog}': relo #{relo_idx}: parsing [{}] {} {} + {access} failed: {}",
            relo.type_id,
            kind_str(lt.kind()),
            if local_name.is_empty() {
                "<anon>"
            } else {
                local_name
            },
            -e.errno().0
        );
        crate::debug!("prog '{prog}': relo #{relo_idx}: {e}");
        Error::Reported(crate::Errno::EINVAL)
    })?;
    crate::debug!("prog '{prog}': relo #{relo_idx}: {lspec}");
    Ok(lspec)
}

/// Matches the local spec against each candidate in turn: every matching
/// candidate must lead to the same decision (and, for fields, the same bit
/// offset). Returns the decision, the chosen target's spec (None when no
/// candidate matched) and the positions of the candidates that matched.
fn decide<'t>(
    prog: &str,
    relo_idx: usize,
    insn_idx: usize,
    lspec: &Spec<'_>,
    cands: impl Iterator<Item = (&'t Btf, u32)>,
) -> Result<(Fixup, Option<Spec<'t>>, Vec<usize>)> {
    let kind = lspec.kind;
    let mut chosen: Option<(Fixup, Spec<'t>)> = None;
    let mut matching = Vec::new();
    for (i, (tb, id)) in cands.enumerate() {
        let m = spec::matches(lspec, tb, id).map_err(|e| match spec::too_deep_spec(&e) {
            Some(partial) => {
                crate::warn!(
                    "prog '{prog}': relo #{relo_idx}: error matching candidate #{i} {partial}: {}",
                    -libc::E2BIG
                );
                Error::Reported(crate::Errno::E2BIG)
            }
            None => e,
        })?;
        let tspec = match m {
            Ok(t) => t,
            Err(partial) => {
                crate::debug!(
                    "prog '{prog}': relo #{relo_idx}: non-matching candidate #{i} {partial}"
                );
                continue;
            }
        };
        matching.push(i);
        crate::debug!("prog '{prog}': relo #{relo_idx}: matching candidate #{i} {tspec}");
        let f = calc(prog, relo_idx, insn_idx, lspec, Some(&tspec))?;
        match &chosen {
            None => chosen = Some((f, tspec)),
            Some((_, c)) if kind.is_field_based() && c.bit_offset != tspec.bit_offset => {
                crate::warn!(
                    "prog '{prog}': relo #{relo_idx}: field offset ambiguity: {} != {}",
                    tspec.bit_offset,
                    c.bit_offset
                );
                return Err(Error::Reported(crate::Errno::EINVAL));
            }
            Some((c, _)) if c.poison != f.poison || c.new_val != f.new_val => {
                let word = |p: bool| if p { "failure" } else { "success" };
                crate::warn!(
                    "prog '{prog}': relo #{relo_idx}: relocation decision ambiguity: {} {} != {} {}",
                    word(f.poison),
                    f.new_val,
                    word(c.poison),
                    c.new_val
                );
                return Err(Error::Reported(crate::Errno::EINVAL));
            }
            Some(_) => {}
        }
    }
    match chosen {
        Some((f, tspec)) => Ok((f, Some(tspec), matching)),
        None => {
            crate::debug!("prog '{prog}': relo #{relo_idx}: no matching targets found");
            Ok((calc(prog, relo_idx, insn_idx, lspec, None)?, None, matching))
        }
    }
}

/// Relocates one instruction slice (a program or subprogram as it sits in its
/// section): `relos` have `insn_off` relative to `insns[0]`. Returns the
/// fixups applied, in record order.
pub fn relocate_program(
    prog: &str,
    local: &Btf,
    relos: &[(usize, CoreRelo)],
    insns: &mut [bpf_insn],
    targets: &Targets<'_>,
    cache: &mut CandCache,
) -> Result<Vec<Fixup>> {
    let mut out = Vec::with_capacity(relos.len());
    for (idx, relo) in relos {
        let f = compute_fixup(prog, local, relo, *idx, targets, cache).map_err(|e| {
            let e = e.reported();
            crate::warn!("prog '{prog}': relo #{idx}: failed to relocate: {e}");
            e
        })?;
        apply_fixup(prog, insns, &f).map_err(|e| {
            let e = e.reported();
            crate::warn!(
                "prog '{prog}': relo #{idx}: failed to patch insn #{}: {e}",
                f.insn_idx
            );
            e
        })?;
        out.push(f);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
