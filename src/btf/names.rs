//! The lazy name index: built on the first lookup by name, so parsing
//! vmlinux BTF stays a single pass over the records. Keyed by the hash of a
//! name's *essential* part (without a `___flavor` suffix), it answers both
//! exact lookups and CO-RE candidate searches.

use super::Btf;

/// A kind as libbpf names it in messages (`btf_kind_str`); "unknown" past
/// the known kinds.
pub fn kind_str(kind: u32) -> &'static str {
    super::kind::NAMES_NUL
        .get(kind as usize)
        .map_or("unknown", |n| &n[..n.len() - 1])
}

/// Name without its CO-RE flavor suffix: `task_struct___old` → `task_struct`.
pub fn essential(name: &str) -> &str {
    // The cut is at an ASCII '_', so on a char boundary.
    &name[..essential_len(name.as_bytes())]
}

/// Length of the essential part of a name, libbpf's rule: up to the *last*
/// `X___Y` separator whose X and Y are not underscores (`a___b___c` keeps
/// `a___b`; `a____b` has no flavor).
pub fn essential_len(n: &[u8]) -> usize {
    (0..n.len().saturating_sub(4))
        .rev()
        .find(|&i| n[i] != b'_' && &n[i + 1..i + 4] == b"___" && n[i + 4] != b'_')
        .map_or(n.len(), |i| i + 1)
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
            let ess = &n[..essential_len(n)];
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
    let mut scan = EssentialScan::new(wanted, kinds);
    scan.run(btf);
    scan.finish()
}

/// [`scan_essential`] one record at a time, so that it can also run inside
/// the framing pass of a parse ([`Btf::parse_shared_lazy_scan`]): the
/// kernel's 3 MB of type records are then walked once at start-up, not twice.
pub struct EssentialScan<'w> {
    wanted: &'w [&'w str],
    /// Per wanted name: it is its own essential name (`a___b` is not: a
    /// type named exactly so is flavor `b` of `a`).
    plain: Vec<bool>,
    kinds: u32,
    /// Bit set of the wanted names' first two bytes (a one-byte name's
    /// second "byte" is its NUL).
    pairs: Vec<u64>,
    out: Vec<Vec<u32>>,
}

fn pair(b: &[u8]) -> usize {
    (b[0] as usize) << 8 | *b.get(1).unwrap_or(&0) as usize
}

impl<'w> EssentialScan<'w> {
    pub fn new(wanted: &'w [&'w str], kinds: u32) -> EssentialScan<'w> {
        let mut s = EssentialScan {
            wanted,
            plain: wanted
                .iter()
                .map(|w| essential_len(w.as_bytes()) == w.len())
                .collect(),
            kinds,
            pairs: Vec::new(),
            out: vec![Vec::new(); wanted.len()],
        };
        // An empty name matches nothing: nothing to look for.
        if !wanted.is_empty() && wanted.iter().all(|w| !w.is_empty()) {
            s.pairs = vec![0u64; 65536 / 64];
            for w in wanted {
                let p = pair(w.as_bytes());
                s.pairs[p / 64] |= 1 << (p % 64);
            }
        }
        s
    }

    /// Nothing to look for: a walk would find nothing.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Walks every local type of an already parsed `btf`.
    pub fn run(&mut self, btf: &Btf) {
        if self.is_empty() {
            return;
        }
        let strs = btf.strs.get();
        for (i, (name_off, info)) in btf.index.heads(btf.types.get()).enumerate() {
            self.visit(btf, strs, i, name_off, info);
        }
    }

    /// Local type `i` of `btf`, whose header words are `name_off` and
    /// `info`; `strs` is `btf`'s own string section. Only for a non-empty
    /// scan ([`EssentialScan::is_empty`]).
    #[inline(always)]
    pub fn visit(&mut self, btf: &Btf, strs: &[u8], i: usize, name_off: u32, info: u32) {
        if name_off != 0 && self.kinds >> ((info >> 24) & 0x1f) & 1 != 0 {
            self.visit_named(btf, strs, i, name_off);
        }
    }

    fn visit_named(&mut self, btf: &Btf, strs: &[u8], i: usize, name_off: u32) {
        let s0 = btf.start_str_off;
        // The string's tail, not cut at its NUL: the pair test looks first.
        let tail: &[u8] = if name_off >= s0 {
            strs.get((name_off - s0) as usize..).unwrap_or_default()
        } else {
            btf.cstr_at(name_off).unwrap_or_default()
        };
        if tail.first().is_none_or(|&c| c == 0) {
            return;
        }
        let p = pair(tail);
        if self.pairs[p / 64] & 1 << (p % 64) == 0 {
            return;
        }
        // The essential name is `w` when the name is `w` itself (and `w`
        // has no flavor of its own) or `w` followed by a flavor suffix.
        for (k, w) in self.wanted.iter().enumerate() {
            let w = w.as_bytes();
            let Some(rest) = tail.strip_prefix(w) else {
                continue;
            };
            let hit = match rest.first() {
                None | Some(0) => self.plain[k],
                Some(b'_') if rest.starts_with(b"___") => {
                    let name = &tail[..tail.iter().position(|&b| b == 0).unwrap_or(tail.len())];
                    essential_len(name) == w.len()
                }
                _ => false,
            };
            if hit {
                self.out[k].push(btf.start_id + i as u32);
            }
        }
    }

    /// The ids found per wanted name, in `wanted`'s order.
    pub fn finish(self) -> Vec<Vec<u32>> {
        self.out
    }
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
        // "task", "task___v2"; "task___a___b" is flavor "b" of "task___a".
        assert_eq!(got[0].len(), 2);
    }

    #[test]
    fn scan_during_parse_matches_scan_after() {
        let mut b = Btf::new_empty(None);
        let int = b.add_int("int", 4, 1).unwrap() as i32;
        for n in ["task", "task___v2", "a___b", "a___b___c", "a", "ab", "x"] {
            b.add_ref_kind(super::super::kind::TYPEDEF, Some(n), int, false)
                .unwrap();
        }
        let raw: super::super::Backing = std::sync::Arc::new(b.raw());
        for wanted in [
            &["task", "a___b", "a", "int"][..],
            &["x"][..],
            &["a", ""][..],
            &[][..],
        ] {
            let mut scan = EssentialScan::new(wanted, !0);
            let parsed = Btf::parse_shared_lazy_scan(raw.clone(), None, &mut scan).unwrap();
            assert_eq!(
                scan.finish(),
                scan_essential(&parsed, wanted, !0),
                "{wanted:?}"
            );
        }
        let got = scan_essential(&b, &["task", "a___b", "a"], !0);
        // "a___b" is flavor "b" of "a"; "a___b___c" is flavor "c" of "a___b".
        assert_eq!(got[0].len(), 2);
        assert_eq!(got[1].len(), 1);
        assert_eq!(got[2].len(), 2);
    }

    #[test]
    fn essential_cuts_at_the_last_flavor_separator() {
        assert_eq!(essential("task_struct___old"), "task_struct");
        assert_eq!(essential("a___b___c"), "a___b");
        assert_eq!(essential("a____b"), "a____b");
        assert_eq!(essential("___x"), "___x");
        assert_eq!(essential("x___"), "x___");
        assert_eq!(essential("ab"), "ab");
    }
}
