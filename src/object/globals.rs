//! Global variables by name: where a variable of a global-data map lives
//! inside the map's region (what subskeletons expose as `skel->bss.x`).

use super::{Map, Object};
use crate::btf::kind;
use crate::error::{Error, Result};

impl Object {
    /// Byte offset of the variable `var` in the global-data map `m`, from the
    /// map's DATASEC in the object's BTF (the layout the compiler chose).
    pub fn global_var_offset(&self, m: &Map, var: &str) -> Result<u32> {
        let btf = self.spec.btf.as_ref().ok_or_else(|| {
            Error::inval(format!(
                "object '{}': global variables by name need the object's BTF",
                self.name
            ))
        })?;
        // The open-time value type: a failed BTF load may clear the map's own.
        let id = self
            .spec
            .maps
            .get(m.spec_idx)
            .map_or(m.def.btf_value_type_id, |s| s.def.btf_value_type_id);
        let sec = btf
            .type_by_id(id)
            .filter(|t| id != 0 && t.kind() == kind::DATASEC)
            .ok_or_else(|| {
                Error::inval(format!(
                    "map '{}': value type [{id}] is not a DATASEC",
                    m.name
                ))
            })?;
        (0..sec.vlen() as usize)
            .map(|i| sec.secinfo(i))
            .find(|&(ty, _, _)| btf.type_by_id(ty).is_some_and(|v| btf.name_of(&v) == var))
            .map(|(_, off, _)| off)
            .ok_or_else(|| {
                Error::other(
                    crate::Errno::ESRCH,
                    format!("map '{}': no variable '{var}' in its DATASEC", m.name),
                )
            })
    }
}

/// What resizing a global-data section (`bpf_map__set_value_size`) does to
/// its BTF: libbpf can only describe a resized section whose last variable
/// is an array (its length follows the new size); otherwise the map loses
/// its BTF key/value types.
#[derive(Clone, Debug)]
pub enum DatasecResize {
    /// The object has no BTF: nothing to adjust.
    NoBtf,
    /// The section can't be described at another size (why).
    Fixed(&'static str),
    /// The last variable is an array of `elem_size`-byte elements.
    ArrayTail(ArrayTail),
}

#[derive(Clone, Copy, Debug)]
pub struct ArrayTail {
    pub datasec_id: u32,
    /// Index of the last var_secinfo, and its VAR type id and offset.
    pub var_idx: usize,
    pub var_id: u32,
    pub var_off: u32,
    pub elem_id: u32,
    pub index_id: u32,
    pub elem_size: u32,
}

impl ArrayTail {
    /// Elements of the array when the section is `size` bytes, if it fits exactly.
    pub fn nelems(&self, size: u32) -> Option<u32> {
        let tail = size.checked_sub(self.var_off)?;
        (self.elem_size > 0 && tail % self.elem_size == 0).then(|| tail / self.elem_size)
    }
}

/// How the DATASEC `datasec_id` of `btf` can follow a resize.
pub fn datasec_resize(btf: Option<&crate::btf::Btf>, datasec_id: u32) -> DatasecResize {
    let Some(btf) = btf else {
        return DatasecResize::NoBtf;
    };
    let fixed = DatasecResize::Fixed;
    let Some(sec) = btf
        .type_by_id(datasec_id)
        .filter(|t| datasec_id != 0 && t.kind() == kind::DATASEC)
    else {
        return fixed("map value type is not a datasec");
    };
    let vlen = sec.vlen() as usize;
    if vlen == 0 {
        return fixed("map value datasec is empty");
    }
    let (var_id, var_off, _) = sec.secinfo(vlen - 1);
    let Some(arr) = btf
        .type_by_id(var_id)
        .and_then(|v| btf.skip_mods_and_typedefs(v.size_or_type))
        .filter(|t| t.kind() == kind::ARRAY)
    else {
        return fixed("last var must be an array");
    };
    let (elem_id, index_id, _) = arr.array();
    DatasecResize::ArrayTail(ArrayTail {
        datasec_id,
        var_idx: vlen - 1,
        var_id,
        var_off,
        elem_id,
        index_id,
        elem_size: btf.resolve_size(elem_id).unwrap_or(0),
    })
}

impl Object {
    /// Makes the object's BTF describe resized global-data sections (before
    /// the BTF is loaded): the DATASEC's size, and its last variable's
    /// array length. Maps whose section couldn't follow had their BTF types
    /// cleared when resized.
    pub(super) fn resize_datasecs(&mut self) -> Result<()> {
        let Some(btf) = self.spec.btf.as_mut() else {
            return Ok(());
        };
        for m in &self.maps {
            let DatasecResize::ArrayTail(t) = &m.datasec_resize else {
                continue;
            };
            if m.def.btf_value_type_id != t.datasec_id {
                continue;
            }
            let size = m.def.value_size;
            let current = btf.type_by_id(t.datasec_id).map(|s| s.size_or_type);
            if current == Some(size) {
                continue;
            }
            let Some(n) = t.nelems(size) else { continue };
            let arr = btf.add_array(t.index_id as i32, t.elem_id as i32, n)?;
            btf.set_type_size(t.datasec_id, size);
            btf.set_secinfo_size(t.datasec_id, t.var_idx, size - t.var_off);
            btf.set_type_ref(t.var_id, arr);
            crate::debug!(
                "map '{}': BTF of resized section now has {n} elements in its last array",
                m.name
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::btf::Btf;

    /// `.data.x` holding `int a; int arr[2];` (or `int a; int b;`).
    fn section(last_is_array: bool) -> (Btf, u32) {
        let mut b = Btf::new_empty(None);
        let int = b.add_int("int", 4, 1).unwrap() as i32;
        let u32_t = b.add_int("unsigned int", 4, 0).unwrap() as i32;
        let arr = b.add_array(u32_t, int, 2).unwrap() as i32;
        let va = b.add_var("a", 1, int).unwrap() as i32;
        let vb = b
            .add_var("b", 1, if last_is_array { arr } else { int })
            .unwrap() as i32;
        let size = if last_is_array { 12 } else { 8 };
        let sec = b.add_datasec(".data.x", size).unwrap();
        b.add_datasec_var_info(va, 0, 4).unwrap();
        b.add_datasec_var_info(vb, 4, size - 4).unwrap();
        (b, sec)
    }

    #[test]
    fn resize_rules() {
        let (b, sec) = section(true);
        let DatasecResize::ArrayTail(t) = datasec_resize(Some(&b), sec) else {
            panic!("array tail expected");
        };
        assert_eq!((t.var_off, t.elem_size, t.var_idx), (4, 4, 1));
        assert_eq!(t.nelems(4 + 4 * 100), Some(100));
        assert_eq!(t.nelems(6), None, "not a whole number of elements");
        assert_eq!(t.nelems(2), None, "smaller than the array's offset");
        let (b, sec) = section(false);
        assert!(
            matches!(datasec_resize(Some(&b), sec), DatasecResize::Fixed(w) if w.contains("array"))
        );
        assert!(
            matches!(datasec_resize(Some(&b), 1), DatasecResize::Fixed(w) if w.contains("datasec"))
        );
        assert!(matches!(datasec_resize(None, sec), DatasecResize::NoBtf));
    }
}
