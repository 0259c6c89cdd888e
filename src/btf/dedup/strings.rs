//! The string pass of `btf__dedup`: every referenced string once, in
//! first-use order (types, then .BTF.ext); split BTF refers to strings its
//! base holds by their base offsets.

use super::table::FxBuild;
use super::types::{kind_of, vlen, Types};
use crate::btf::{kind, Btf};
use crate::error::{Error, Result};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// The string pass's result: the new string section and old → new offsets.
pub(super) struct StrRemap {
    pub(super) data: Vec<u8>,
    pub(super) new_off: HashMap<u32, u32, FxBuild>,
}

/// Keeps each referenced string once, in first-use order; split BTF
/// refers to strings of its base by their base offsets.
pub(super) fn dedup_strings(btf: &Btf, types: &mut Types, ext_offs: &[u32]) -> Result<StrRemap> {
    let start = btf.start_str_off;
    let mut chain = Vec::new();
    let mut b = btf.base.as_deref();
    while let Some(x) = b {
        chain.push(x);
        b = x.base.as_deref();
    }
    let base_len: usize = chain.iter().map(|x| x.strs.get().len()).sum();
    let mut base_strs: HashMap<&[u8], u32, FxBuild> =
        HashMap::with_capacity_and_hasher(base_len / 16, FxBuild);
    // Lowest base first: libbpf asks the base's base before the base.
    for x in chain.iter().rev() {
        let s = x.strs.get();
        let mut o = 0usize;
        while o < s.len() {
            let e = s[o..]
                .iter()
                .position(|&c| c == 0)
                .map_or(s.len(), |e| o + e);
            base_strs
                .entry(&s[o..e])
                .or_insert(x.start_str_off + o as u32);
            o = e + 1;
        }
    }
    // Room for about as many strings as the section holds (one per ~16 bytes).
    let guess = btf.strs.get().len() / 16;
    let mut data: Vec<u8> = Vec::with_capacity(btf.strs.get().len());
    let mut set: HashMap<&[u8], u32, FxBuild> = HashMap::with_capacity_and_hasher(guess, FxBuild);
    if btf.base.is_none() {
        data.push(0);
        set.insert(&[], 0);
    }
    let mut new_off: HashMap<u32, u32, FxBuild> = HashMap::with_capacity_and_hasher(guess, FxBuild);
    let mut visit = |off: u32| -> Result<u32> {
        if off == 0 || off < start {
            return Ok(off);
        }
        let slot = match new_off.entry(off) {
            Entry::Occupied(o) => return Ok(*o.get()),
            Entry::Vacant(v) => v,
        };
        let s = btf
            .cstr_at(off)
            .ok_or_else(|| Error::inval(format!("btf__dedup: invalid string offset {off}")))?;
        let n = match base_strs.get(s) {
            Some(&o) => o,
            None => {
                start
                    + *set.entry(s).or_insert_with(|| {
                        let o = data.len() as u32;
                        data.extend_from_slice(s);
                        data.push(0);
                        o
                    })
            }
        };
        slot.insert(n);
        Ok(n)
    };
    for id in types.start_id..types.cnt() {
        let rec = types.rec_mut(id);
        // The name, then each member's, enumerator's or parameter's.
        let per = match kind_of(rec) {
            kind::STRUCT | kind::UNION | kind::ENUM64 => 3,
            kind::ENUM | kind::FUNC_PROTO => 2,
            _ => 0,
        };
        let n = if per > 0 { vlen(rec) } else { 0 };
        for slot in std::iter::once(0).chain((0..n).map(|i| 3 + i * per)) {
            if let Some(x) = rec.get_mut(slot) {
                *x = visit(*x)?;
            }
        }
    }
    for &o in ext_offs {
        visit(o)?;
    }
    Ok(StrRemap { data, new_off })
}
