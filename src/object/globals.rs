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
