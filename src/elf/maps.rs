//! Map definitions found in an object: global-data sections become one-entry
//! array maps; BTF-defined maps come from the `.maps` DATASEC, whose struct
//! members encode the attributes (`__uint(max_entries, 16)` is a member of
//! type pointer-to-array-of-16, `__type(key, T)` is a pointer to `T`).

use crate::btf::{kind, Btf, BTF_VAR_STATIC};
use crate::error::{Error, Result};
use crate::uapi::bpf::{map_type, BPF_F_MMAPABLE, BPF_F_RDONLY_PROG};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapKind {
    /// BTF-defined in `.maps`.
    Btf,
    Data,
    Rodata,
    Bss,
}

/// What `BPF_MAP_CREATE` needs, as the object defines it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapDef {
    pub map_type: u32,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub map_flags: u32,
    pub numa_node: u32,
    pub map_extra: u64,
    /// `LIBBPF_PIN_*`.
    pub pinning: u32,
    pub btf_key_type_id: u32,
    pub btf_value_type_id: u32,
}

#[derive(Clone, Debug)]
pub struct MapSpec {
    /// The section's real name for data maps (`.bss`), the variable's for BTF maps.
    pub real_name: String,
    pub kind: MapKind,
    pub sec_idx: usize,
    /// Offset of the definition in `.maps` (BTF maps) — how relocations find it.
    pub sec_off: u64,
    pub def: MapDef,
    /// Initial contents (global data), `value_size` bytes.
    pub init: Option<Vec<u8>>,
    /// The map's DATASEC has a non-static variable: it can be mmap'ed for user space.
    pub has_global_vars: bool,
}

pub fn data_map(
    kind: MapKind,
    sec_idx: usize,
    sec_name: &str,
    data: &[u8],
    size: u64,
    btf: Option<&Btf>,
) -> Result<MapSpec> {
    // Far beyond what the kernel accepts for an array value; refuse before allocating.
    const MAX_DATA_SECTION: u64 = 1 << 30;
    if size > MAX_DATA_SECTION || (kind != MapKind::Bss && data.len() as u64 != size) {
        return Err(Error::Elf(format!(
            "section '{sec_name}': bad size {size} for global data"
        )));
    }
    let value_size = size as u32;
    let datasec = btf.and_then(|b| b.find_by_name_kind(sec_name, kind::DATASEC));
    let has_global_vars = match (btf, datasec) {
        (Some(b), Some(id)) => {
            let t = b.type_by_id(id).expect("found above");
            (0..t.vlen() as usize).any(|i| {
                b.type_by_id(t.secinfo(i).0)
                    .is_some_and(|v| v.kind() == kind::VAR && v.word(0) != BTF_VAR_STATIC)
            })
        }
        _ => false,
    };
    // .bss is all zeros (no image needed); other sections carry their bytes.
    let init = (kind != MapKind::Bss).then(|| data.to_vec());
    Ok(MapSpec {
        real_name: sec_name.to_string(),
        kind,
        sec_idx,
        sec_off: 0,
        def: MapDef {
            map_type: map_type::ARRAY,
            key_size: 4,
            value_size,
            max_entries: 1,
            // mmapable when it holds global variables user space can reach.
            map_flags: if kind == MapKind::Rodata {
                BPF_F_RDONLY_PROG
            } else {
                0
            } | if has_global_vars { BPF_F_MMAPABLE } else { 0 },
            btf_value_type_id: datasec.unwrap_or(0),
            ..Default::default()
        },
        init,
        has_global_vars,
    })
}

/// The value `N` of a `__uint(name, N)` member: pointer to an array of N.
fn uint_member(btf: &Btf, type_id: u32, map: &str, member: &str) -> Result<u32> {
    let bad = || {
        Error::Btf(format!(
            "map '{map}': attr '{member}': expected __uint() (pointer to array)"
        ))
    };
    let ptr = btf
        .skip_mods_and_typedefs(type_id)
        .filter(|t| t.kind() == kind::PTR)
        .ok_or_else(bad)?;
    let arr = btf
        .type_by_id(ptr.size_or_type)
        .filter(|t| t.kind() == kind::ARRAY)
        .ok_or_else(bad)?;
    Ok(arr.array().2)
}

/// The pointee of a `__type(name, T)` member.
fn type_member(btf: &Btf, type_id: u32, map: &str, member: &str) -> Result<u32> {
    let bad = || Error::Btf(format!("map '{map}': {member} type is not a pointer"));
    let ptr = btf
        .skip_mods_and_typedefs(type_id)
        .filter(|t| t.kind() == kind::PTR)
        .ok_or_else(bad)?;
    Ok(ptr.size_or_type)
}

/// Parses every variable of the `.maps` DATASEC.
pub fn btf_maps(btf: &Btf, sec_idx: usize, syms: &[(String, u64)]) -> Result<Vec<MapSpec>> {
    let Some(ds_id) = btf.find_by_name_kind(".maps", kind::DATASEC) else {
        return Err(Error::Btf("DATASEC '.maps' not found".into()));
    };
    let ds = btf.type_by_id(ds_id).expect("found above");
    let mut out = Vec::new();
    for i in 0..ds.vlen() as usize {
        let (var_id, off, _) = ds.secinfo(i);
        let var = btf
            .type_by_id(var_id)
            .filter(|v| v.kind() == kind::VAR)
            .ok_or_else(|| Error::Btf(format!(".maps: member #{i} is not a VAR")))?;
        let name = btf.name_of(&var).to_string();
        let def_t = btf
            .skip_mods_and_typedefs(var.size_or_type)
            .filter(|t| t.kind() == kind::STRUCT)
            .ok_or_else(|| {
                Error::Btf(format!(
                    "map '{name}': unexpected def kind, expected a struct"
                ))
            })?;
        let mut def = MapDef::default();
        let (mut key_type, mut value_type) = (0u32, 0u32);
        for m in 0..def_t.vlen() as usize {
            let (mname_off, mtype, _) = def_t.member(m);
            let mname = btf.str_at(mname_off).unwrap_or("");
            match mname {
                "type" => def.map_type = uint_member(btf, mtype, &name, mname)?,
                "max_entries" => def.max_entries = uint_member(btf, mtype, &name, mname)?,
                "map_flags" => def.map_flags = uint_member(btf, mtype, &name, mname)?,
                "numa_node" => def.numa_node = uint_member(btf, mtype, &name, mname)?,
                "key_size" => def.key_size = uint_member(btf, mtype, &name, mname)?,
                "value_size" => def.value_size = uint_member(btf, mtype, &name, mname)?,
                "pinning" => def.pinning = uint_member(btf, mtype, &name, mname)?,
                "map_extra" => def.map_extra = uint_member(btf, mtype, &name, mname)? as u64,
                "key" => key_type = type_member(btf, mtype, &name, mname)?,
                "value" => value_type = type_member(btf, mtype, &name, mname)?,
                "values" => {
                    return Err(Error::NotSupported(format!(
                        "map '{name}': map-in-map / prog-array initialisation ('values')"
                    )))
                }
                other => {
                    return Err(Error::Btf(format!(
                        "map '{name}': unknown map attribute '{other}'"
                    )));
                }
            }
        }
        if key_type != 0 {
            let sz = btf.resolve_size(key_type)?;
            if def.key_size != 0 && def.key_size != sz {
                return Err(Error::Btf(format!(
                    "map '{name}': conflicting key size {} != {sz}",
                    def.key_size
                )));
            }
            def.key_size = sz;
            def.btf_key_type_id = key_type;
        }
        if value_type != 0 {
            let sz = btf.resolve_size(value_type)?;
            if def.value_size != 0 && def.value_size != sz {
                return Err(Error::Btf(format!(
                    "map '{name}': conflicting value size {} != {sz}",
                    def.value_size
                )));
            }
            def.value_size = sz;
            def.btf_value_type_id = value_type;
        }
        let sec_off = syms
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(off as u64, |(_, v)| *v);
        out.push(MapSpec {
            real_name: name,
            kind: MapKind::Btf,
            sec_idx,
            sec_off,
            def,
            init: None,
            has_global_vars: false,
        });
    }
    Ok(out)
}
