//! The lazy name index: built on the first lookup by name, so parsing
//! vmlinux BTF stays a single pass over the records. Keyed by the hash of a
//! name's *essential* part (without a `___flavor` suffix), it answers both
//! exact lookups and CO-RE candidate searches.

use super::Btf;

/// Name without its CO-RE flavor suffix: `task_struct___old` → `task_struct`.
pub fn essential(name: &str) -> &str {
    match name.find("___") {
        Some(i) => &name[..i],
        None => name,
    }
}

fn hash(s: &[u8]) -> u32 {
    // FNV-1a: tiny, no dependency, good enough spread for identifiers.
    let mut h: u32 = 0x811c_9dc5;
    for &b in s {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// (hash of essential name, id), sorted; named local types only.
#[derive(Clone, Debug, Default)]
pub struct NameIndex(Vec<(u32, u32)>);

impl NameIndex {
    pub fn build(btf: &Btf) -> NameIndex {
        let mut v = Vec::with_capacity(btf.offsets.len());
        for id in btf.start_id..btf.type_cnt() {
            let Some(t) = btf.type_by_id(id) else {
                continue;
            };
            let Some(n) = btf.cstr_at(t.name_off) else {
                continue;
            };
            if n.is_empty() {
                continue;
            }
            let ess = match n.windows(3).position(|w| w == b"___") {
                Some(i) => &n[..i],
                None => n,
            };
            v.push((hash(ess), id));
        }
        v.sort_unstable();
        NameIndex(v)
    }

    /// Candidate ids (ascending) whose essential name may be `ess`; callers check.
    pub fn lookup(&self, ess: &str) -> impl Iterator<Item = u32> + '_ {
        let h = hash(ess.as_bytes());
        let lo = self.0.partition_point(|&(k, _)| k < h);
        self.0[lo..]
            .iter()
            .take_while(move |&&(k, _)| k == h)
            .map(|&(_, id)| id)
    }
}
