//! `btf__permute`: reorders this object's own types by a caller's id map,
//! rewriting every reference (and, optionally, the type ids of a .BTF.ext)
//! to the new ids. libbpf's rules: base BTF maps every id and keeps void at
//! 0; split BTF maps only its own types, and base ids stay as they are.

use super::ext::BtfExt;
use super::write::id_slots;
use super::Btf;
use crate::error::{Error, Result};
use std::sync::OnceLock;

impl Btf {
    /// `id_map[old - first] = new`, with `first` 0 for base BTF (whose
    /// `id_map[0]` must be 0) and `start_id` for split BTF.
    pub fn permute(&mut self, id_map: &[u32], ext: Option<&mut BtfExt>) -> Result<()> {
        let bad = |m: String| Error::inval(format!("btf__permute: {m}"));
        let start = self.start_id;
        let cnt = self.type_cnt();
        let offs: u32 = if self.base.is_some() { 0 } else { 1 };
        if offs == 1 && id_map.first() != Some(&0) {
            return Err(bad("void must map to 0".into()));
        }
        let n = cnt - start + offs;
        if id_map.len() != n as usize {
            return Err(bad(format!("{} ids for {n} types", id_map.len())));
        }
        // order[new - start + offs] = old id.
        let mut order = vec![0u32; n as usize];
        for i in offs..n {
            let new = id_map[i as usize];
            if new < start || new >= cnt {
                return Err(bad(format!("new id {new} out of range")));
            }
            let slot = &mut order[(new - start + offs) as usize];
            if *slot != 0 {
                return Err(bad(format!("two types map to id {new}")));
            }
            *slot = i + start - offs;
        }
        let remap = |id: u32| -> Result<u32> {
            if id < start {
                Ok(id)
            } else if id >= cnt {
                Err(bad(format!("type id {id} out of range")))
            } else {
                Ok(id_map[(id - start + offs) as usize])
            }
        };
        let mut types = Vec::with_capacity(self.types.get().len());
        let mut offsets = Vec::with_capacity(self.index.len());
        for &old in &order[offs as usize..] {
            let t = self.type_by_id(old).expect("local id");
            let mut words: Vec<u32> = t
                .rec
                .chunks_exact(4)
                .map(|w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
                .collect();
            for slot in id_slots(t.kind(), t.vlen()) {
                words[slot] = remap(words[slot])?;
            }
            offsets.push(types.len() as u32);
            types.extend(words.iter().flat_map(|w| w.to_ne_bytes()));
        }
        if let Some(e) = ext {
            e.remap_type_ids(&mut |id| remap(id))?;
        }
        *self.types_mut() = types;
        self.index = super::index::TypeIndex::dense(offsets);
        self.names = OnceLock::new();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::kind;
    use super::*;
    use std::sync::Arc;

    #[test]
    fn permute_base_and_split() {
        // [1] int, [2] ptr -> 1, [3] struct s { ptr p; } ; reverse them.
        let mut b = Btf::new_empty(None);
        let int = b.add_int("int", 4, 1).unwrap();
        let ptr = b.add_ref_kind(kind::PTR, None, int as i32, false).unwrap();
        b.add_composite(false, Some("s"), 8).unwrap();
        b.add_field(Some("p"), ptr as i32, 0, 0).unwrap();
        assert!(
            b.clone().permute(&[1, 3, 2, 1], None).is_err(),
            "void moved"
        );
        assert!(b.clone().permute(&[0, 3, 3, 1], None).is_err(), "duplicate");
        assert!(b.clone().permute(&[0, 3, 2], None).is_err(), "short map");
        b.permute(&[0, 3, 2, 1], None).unwrap();
        let s = b.type_by_id(1).unwrap();
        assert_eq!((b.name_of(&s), s.member(0).1), ("s", 2));
        assert_eq!(b.type_by_id(2).unwrap().size_or_type, 3);
        assert_eq!(b.find_by_name("int"), Some(3));

        // Split: only its own types move; base references stay.
        let base = Arc::new(b);
        let mut sp = Btf::new_empty(Some(base.clone()));
        let a = sp.add_ref_kind(kind::TYPEDEF, Some("a"), 3, false).unwrap();
        sp.add_ref_kind(kind::TYPEDEF, Some("b"), a as i32, false)
            .unwrap();
        sp.permute(&[5, 4], None).unwrap();
        let b4 = sp.type_by_id(4).unwrap();
        assert_eq!((sp.name_of(&b4), b4.size_or_type), ("b", 5));
        assert_eq!(sp.type_by_id(5).unwrap().size_or_type, 3);
    }
}
