//! The lazy name index: built on the first lookup by name, so parsing
//! vmlinux BTF stays a single pass over the records. Keyed by the hash of a
//! name's *essential* part (without a `___flavor` suffix), it answers both
//! exact lookups and CO-RE candidate searches.

use super::Btf;

/// A kind as libbpf names it in messages (`btf_kind_str`).
pub fn kind_str(kind: u32) -> &'static str {
    use super::kind::*;
    match kind {
        0 => "void",
        INT => "int",
        PTR => "ptr",
        ARRAY => "array",
        STRUCT => "struct",
        UNION => "union",
        ENUM => "enum",
        FWD => "fwd",
        TYPEDEF => "typedef",
        VOLATILE => "volatile",
        CONST => "const",
        RESTRICT => "restrict",
        FUNC => "func",
        FUNC_PROTO => "func_proto",
        VAR => "var",
        DATASEC => "datasec",
        FLOAT => "float",
        DECL_TAG => "decl_tag",
        TYPE_TAG => "type_tag",
        ENUM64 => "enum64",
        _ => "unknown",
    }
}

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
        let mut v = Vec::with_capacity(btf.index.len());
        // Unchecked records are fine here: only names are read, and every
        // lookup's hit goes through `type_by_id` (checked) afterwards.
        for t in btf.local_types() {
            let id = t.id;
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

/// One pass over the local types collecting, for each of `wanted` (essential
/// names), the ids of kinds in the bit set `kinds` (bit `1 << kind`) whose
/// essential name it is, ascending. CO-RE asks for a few dozen names per
/// object: skipping other kinds (vmlinux's 56 000 named FUNCs) before any
/// string is read, filtering each name by its first two bytes, then
/// comparing lengths and bytes, costs far less than hashing and sorting
/// every name of vmlinux to build the index.
pub fn scan_essential(btf: &Btf, wanted: &[&str], kinds: u32) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); wanted.len()];
    // Bit set of the wanted names' first two bytes (a one-byte name's
    // second "byte" is its NUL).
    let mut pairs = vec![0u64; 65536 / 64];
    let pair = |b: &[u8]| (b[0] as usize) << 8 | *b.get(1).unwrap_or(&0) as usize;
    for w in wanted {
        if w.is_empty() {
            return out;
        }
        let p = pair(w.as_bytes());
        pairs[p / 64] |= 1 << (p % 64);
    }
    let (types, strs, s0) = (btf.types.get(), btf.strs.get(), btf.start_str_off);
    for (i, (name_off, info)) in btf.index.heads(types).enumerate() {
        if name_off == 0 || kinds >> ((info >> 24) & 0x1f) & 1 == 0 {
            continue;
        }
        // The string's tail, not cut at its NUL: the pair test looks first.
        let tail: &[u8] = if name_off >= s0 {
            strs.get((name_off - s0) as usize..).unwrap_or_default()
        } else {
            btf.cstr_at(name_off).unwrap_or_default()
        };
        if tail.first().is_none_or(|&c| c == 0) {
            continue;
        }
        let p = pair(tail);
        if pairs[p / 64] & 1 << (p % 64) == 0 {
            continue;
        }
        let name = &tail[..tail.iter().position(|&b| b == 0).unwrap_or(tail.len())];
        let ess = match name.windows(3).position(|w| w == b"___") {
            Some(e) => &name[..e],
            None => name,
        };
        for (k, w) in wanted.iter().enumerate() {
            if w.len() == ess.len() && w.as_bytes() == ess {
                out[k].push(btf.start_id + i as u32);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_matches_the_index() {
        let mut b = Btf::new_empty(None);
        let int = b.add_int("int", 4, 1).unwrap() as i32;
        for n in [
            "task",
            "task___v2",
            "task_struct",
            "tas",
            "task___a___b",
            "xtask",
        ] {
            b.add_ref_kind(super::super::kind::TYPEDEF, Some(n), int, false)
                .unwrap();
        }
        let got = scan_essential(&b, &["task", "int", "nope"], !0);
        let only_int = 1 << super::super::kind::INT;
        assert_eq!(
            scan_essential(&b, &["task", "int"], only_int),
            vec![vec![], vec![int as u32]]
        );
        let idx = NameIndex::build(&b);
        for (k, w) in ["task", "int", "nope"].iter().enumerate() {
            let want: Vec<u32> = idx
                .lookup(w)
                .filter(|&id| essential(b.name_of(&b.type_by_id(id).unwrap())) == *w)
                .collect();
            assert_eq!(got[k], want, "{w}");
        }
        assert_eq!(got[0].len(), 3);
    }
}
