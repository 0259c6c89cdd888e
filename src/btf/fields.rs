//! Which words of a type record hold type ids, or string offsets, as byte
//! offsets: libbpf's `btf_field_iter` description (once in the record, then
//! once per member), which tools walk through the C iterator.

use super::kind;

/// Byte offsets of the fields: `t_offs` from the record's start; `m_offs`
/// within each of its members of `m_sz` bytes, which follow the 12-byte
/// header (`m_sz` 0: none walked).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldDesc {
    pub t_offs: &'static [u32],
    pub m_sz: u32,
    pub m_offs: &'static [u32],
}

const fn desc(t_offs: &'static [u32], m_sz: u32, m_offs: &'static [u32]) -> FieldDesc {
    FieldDesc {
        t_offs,
        m_sz,
        m_offs,
    }
}

/// The type-id fields of a record of kind `k` (None: unknown kind). The
/// `type` word (offset 8) counts for FWD too, as libbpf's iterator has it.
pub fn id_fields(k: u32) -> Option<FieldDesc> {
    Some(match k {
        kind::UNKN | kind::INT | kind::FLOAT | kind::ENUM | kind::ENUM64 => desc(&[], 0, &[]),
        kind::FWD
        | kind::CONST
        | kind::VOLATILE
        | kind::RESTRICT
        | kind::PTR
        | kind::TYPEDEF
        | kind::FUNC
        | kind::VAR
        | kind::DECL_TAG
        | kind::TYPE_TAG => desc(&[8], 0, &[]),
        // struct btf_array { type, index_type, nelems } after the header.
        kind::ARRAY => desc(&[12, 16], 0, &[]),
        // struct btf_member { name_off, type, offset }.
        kind::STRUCT | kind::UNION => desc(&[], 12, &[4]),
        // return type, then struct btf_param { name_off, type }.
        kind::FUNC_PROTO => desc(&[8], 8, &[4]),
        // struct btf_var_secinfo { type, offset, size }.
        kind::DATASEC => desc(&[], 12, &[0]),
        _ => return None,
    })
}

/// The string-offset fields of a record of kind `k` (None: unknown kind).
pub fn str_fields(k: u32) -> Option<FieldDesc> {
    Some(match k {
        kind::UNKN => desc(&[], 0, &[]),
        kind::INT
        | kind::FLOAT
        | kind::FWD
        | kind::ARRAY
        | kind::CONST
        | kind::VOLATILE
        | kind::RESTRICT
        | kind::PTR
        | kind::TYPEDEF
        | kind::FUNC
        | kind::VAR
        | kind::DECL_TAG
        | kind::TYPE_TAG
        | kind::DATASEC => desc(&[0], 0, &[]),
        // struct btf_enum { name_off, val }.
        kind::ENUM => desc(&[0], 8, &[0]),
        // struct btf_enum64 { name_off, val_lo32, val_hi32 }.
        kind::ENUM64 => desc(&[0], 12, &[0]),
        kind::STRUCT | kind::UNION => desc(&[0], 12, &[0]),
        kind::FUNC_PROTO => desc(&[0], 8, &[0]),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::write::{id_slots, str_slots};
    use super::*;

    /// Word indices a description yields for a record with `vlen` members.
    fn words(d: FieldDesc, vlen: u32) -> Vec<usize> {
        let mut v: Vec<usize> = d.t_offs.iter().map(|&o| o as usize / 4).collect();
        if d.m_sz > 0 {
            for m in 0..vlen {
                for &o in d.m_offs {
                    v.push((12 + m * d.m_sz + o) as usize / 4);
                }
            }
        }
        v
    }

    #[test]
    fn agrees_with_the_writers_slots() {
        for k in 0..=kind::ENUM64 {
            let ids = words(id_fields(k).unwrap(), 3);
            // The writer does not remap a FWD's (always 0) type word.
            if k != kind::FWD {
                assert_eq!(ids, id_slots(k, 3), "ids of kind {k}");
            }
            // Nor does it read a name of void.
            if k != kind::UNKN {
                assert_eq!(
                    words(str_fields(k).unwrap(), 3),
                    str_slots(k, 3),
                    "strs of kind {k}"
                );
            }
        }
        assert!(id_fields(kind::ENUM64 + 1).is_none());
        assert!(str_fields(kind::ENUM64 + 1).is_none());
    }
}
