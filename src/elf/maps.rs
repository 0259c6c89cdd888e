//! Map definitions found in an object: global-data sections become one-entry
//! array maps; BTF-defined maps come from the `.maps` DATASEC, whose struct
//! members encode the attributes (`__uint(max_entries, 16)` is a member of
//! type pointer-to-array-of-16, `__type(key, T)` is a pointer to `T`).

use crate::btf::{kind, Btf};
use crate::error::{Error, Result};
use crate::uapi::bpf::{map_type, BPF_F_MMAPABLE, BPF_F_RDONLY_PROG};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapKind {
    /// BTF-defined in `.maps`.
    Btf,
    Data,
    Rodata,
    Bss,
    /// `.kconfig` externs, filled by the loader.
    Kconfig,
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
    pub real_name: crate::name::Name,
    pub kind: MapKind,
    pub sec_idx: usize,
    /// Offset of the definition in `.maps` (BTF maps) — how relocations find it.
    pub sec_off: u64,
    pub def: MapDef,
    /// Initial contents (global data), `value_size` bytes.
    pub init: Option<Vec<u8>>,
    /// The map's DATASEC has a non-static variable: it can be mmap'ed for user space.
    pub has_global_vars: bool,
    /// Map-in-map: the inner map's definition (`__array(values, struct {...})`).
    pub inner: Option<MapDef>,
    /// Byte offset of the `values` array within the definition.
    pub values_off: Option<u32>,
    /// Size of the definition in `.maps` (to find which map a relocation is in).
    pub def_size: u32,
    /// Static initialisation of `values[i]`, from `.maps` relocations.
    pub init_slots: Vec<(u32, Slot)>,
}

/// The `.kconfig` map holding kconfig extern values (`size` bytes).
pub fn kconfig_map(size: u32, btf: &Btf) -> MapSpec {
    MapSpec {
        real_name: ".kconfig".into(),
        kind: MapKind::Kconfig,
        sec_idx: usize::MAX,
        sec_off: 0,
        def: MapDef {
            map_type: map_type::ARRAY,
            key_size: 4,
            value_size: size,
            max_entries: 1,
            map_flags: BPF_F_RDONLY_PROG | BPF_F_MMAPABLE,
            btf_value_type_id: btf
                .find_by_name_kind(".kconfig", kind::DATASEC)
                .unwrap_or(0),
            ..Default::default()
        },
        // Zero until load fills it: the region mapped at open is zero
        // already, and is not touched (it may be huge; libbpf maps it too).
        init: None,
        has_global_vars: true,
        inner: None,
        values_off: None,
        def_size: 0,
        init_slots: Vec::new(),
    }
}

/// The map of one global-data section; `datasec` is the section's DATASEC
/// type id in `btf`, if it has one.
pub fn data_map(
    kind: MapKind,
    sec_idx: usize,
    sec_name: &str,
    data: &[u8],
    size: u64,
    btf: Option<&Btf>,
    datasec: Option<(u32, bool)>,
) -> Result<MapSpec> {
    // Far beyond what the kernel accepts for an array value; refuse before allocating.
    const MAX_DATA_SECTION: u64 = 1 << 30;
    if size > MAX_DATA_SECTION || (kind != MapKind::Bss && data.len() as u64 != size) {
        return Err(Error::Elf(format!(
            "section '{sec_name}': bad size {size} for global data"
        )));
    }
    let value_size = size as u32;
    // Worked out with the DATASEC fix-ups (hidden globals already static).
    let has_global_vars = btf.is_some() && datasec.is_some_and(|d| d.1);
    let datasec = datasec.map(|d| d.0);
    // .bss is all zeros (no image needed); other sections carry their bytes.
    let init = (kind != MapKind::Bss).then(|| data.to_vec());
    Ok(MapSpec {
        real_name: sec_name.into(),
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
        inner: None,
        values_off: None,
        def_size: 0,
        init_slots: Vec::new(),
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

/// The value of a 64-bit attribute: `__uint(name, N)`, or `__ulong(name, N)`
/// (a one-constant ENUM/ENUM64 whose value is N; an ENUM's 32-bit value is
/// sign-extended, as libbpf reads it).
fn ulong_member(btf: &Btf, type_id: u32, map: &str, member: &str) -> Result<u64> {
    let t = btf
        .skip_mods_and_typedefs(type_id)
        .ok_or_else(|| Error::Btf(format!("map '{map}': attr '{member}': bad type")))?;
    match t.kind() {
        kind::PTR => uint_member(btf, type_id, map, member).map(u64::from),
        kind::ENUM | kind::ENUM64 if t.vlen() == 1 => Ok(if t.kind() == kind::ENUM {
            t.word(1) as i32 as i64 as u64
        } else {
            t.enum_value(0).1
        }),
        kind::ENUM | kind::ENUM64 => Err(Error::Btf(format!(
            "map '{map}': attr '{member}': invalid __ulong"
        ))),
        _ => Err(Error::Btf(format!(
            "map '{map}': attr '{member}': expected ENUM or ENUM64"
        ))),
    }
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

/// A static initialiser slot of a map-in-map or program array:
/// `values[index]` refers to another map of `.maps` or to a program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Index into `ObjectSpec::maps`.
    Map(usize),
    /// A program, by function name.
    Prog(String),
}

/// Attributes parsed from one BTF map definition struct.
struct ParsedDef {
    def: MapDef,
    /// The inner map's definition, for map-in-map with `__array(values, ...)`.
    inner: Option<MapDef>,
    /// Byte offset of the `values` member in the definition, if present.
    values_off: Option<u32>,
}

const MAP_IN_MAP: [u32; 2] = [map_type::ARRAY_OF_MAPS, map_type::HASH_OF_MAPS];

/// Parses a map definition struct (`struct { __uint(type, ...); ... }`).
fn parse_def(btf: &Btf, def_id: u32, name: &str, is_inner: bool) -> Result<ParsedDef> {
    let def_t = btf
        .skip_mods_and_typedefs(def_id)
        .filter(|t| t.kind() == kind::STRUCT)
        .ok_or_else(|| {
            Error::Btf(format!(
                "map '{name}': unexpected def kind, expected a struct"
            ))
        })?;
    let mut def = MapDef::default();
    let mut inner = None;
    let mut values_off = None;
    let (mut key_type, mut value_type) = (0u32, 0u32);
    for m in 0..def_t.vlen() as usize {
        let (mname_off, mtype, moff) = def_t.member(m);
        let mname = btf.str_at(mname_off).unwrap_or("");
        match mname {
            "type" => def.map_type = uint_member(btf, mtype, name, mname)?,
            "max_entries" => def.max_entries = uint_member(btf, mtype, name, mname)?,
            "map_flags" => def.map_flags = uint_member(btf, mtype, name, mname)?,
            "numa_node" => def.numa_node = uint_member(btf, mtype, name, mname)?,
            "key_size" => def.key_size = uint_member(btf, mtype, name, mname)?,
            "value_size" => def.value_size = uint_member(btf, mtype, name, mname)?,
            "pinning" if !is_inner => def.pinning = uint_member(btf, mtype, name, mname)?,
            "map_extra" => def.map_extra = ulong_member(btf, mtype, name, mname)?,
            "key" => key_type = type_member(btf, mtype, name, mname)?,
            "value" => value_type = type_member(btf, mtype, name, mname)?,
            "values" if !is_inner => {
                // `__array(values, T)`: an array of pointers to T (a map def or a function).
                let bad = || {
                    Error::Btf(format!(
                        "map '{name}': values spec is not a zero-sized array of pointers"
                    ))
                };
                let arr = btf
                    .skip_mods_and_typedefs(mtype)
                    .filter(|t| t.kind() == kind::ARRAY)
                    .ok_or_else(bad)?;
                let ptr = btf
                    .skip_mods_and_typedefs(arr.array().0)
                    .filter(|t| t.kind() == kind::PTR)
                    .ok_or_else(bad)?;
                let target = btf
                    .skip_mods_and_typedefs(ptr.size_or_type)
                    .ok_or_else(bad)?;
                if MAP_IN_MAP.contains(&def.map_type) {
                    if target.kind() != kind::STRUCT {
                        return Err(Error::Btf(format!(
                            "map '{name}': map-in-map inner def is not a struct"
                        )));
                    }
                    let inner_name = format!("{name}.inner");
                    inner = Some(parse_def(btf, target.id, &inner_name, true)?.def);
                } else if def.map_type == map_type::PROG_ARRAY {
                    if target.kind() != kind::FUNC_PROTO {
                        return Err(Error::Btf(format!(
                            "map '{name}': prog-array value def is not a function prototype"
                        )));
                    }
                } else {
                    return Err(Error::Btf(format!(
                        "map '{name}': should be map-in-map or prog-array to have 'values'"
                    )));
                }
                if moff % 8 != 0 {
                    return Err(bad());
                }
                values_off = Some(moff / 8);
                if def.value_size != 0 && def.value_size != 4 {
                    return Err(Error::Btf(format!(
                        "map '{name}': conflicting value size {} != 4",
                        def.value_size
                    )));
                }
                def.value_size = 4;
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
    Ok(ParsedDef {
        def,
        inner,
        values_off,
    })
}

/// Parses every variable of the `.maps` DATASEC.
pub fn btf_maps(btf: &Btf, sec_idx: usize, syms: &[(String, u64, u64)]) -> Result<Vec<MapSpec>> {
    let Some(ds_id) = btf.find_by_name_kind(".maps", kind::DATASEC) else {
        return Err(Error::Btf("DATASEC '.maps' not found".into()));
    };
    let ds = btf.type_by_id(ds_id).expect("found above");
    let mut out = Vec::new();
    for i in 0..ds.vlen() as usize {
        let (var_id, off, size) = ds.secinfo(i);
        let var = btf
            .type_by_id(var_id)
            .filter(|v| v.kind() == kind::VAR)
            .ok_or_else(|| Error::Btf(format!(".maps: member #{i} is not a VAR")))?;
        let name = btf.name_of(&var).to_string();
        let linkage = var.word(0);
        if linkage != crate::btf::BTF_VAR_GLOBAL_ALLOCATED {
            let what = match linkage {
                0 => "static",
                2 => "extern",
                _ => "unknown",
            };
            return Err(Error::NotSupported(format!(
                "map '{name}': unsupported map linkage {what}"
            )));
        }
        let parsed = parse_def(btf, var.size_or_type, &name, false)?;
        // The DATASEC places the definition (relocations must point there,
        // as libbpf requires); the symbol gives the real extent (with any
        // `values` initialiser).
        let sec_off = off as u64;
        let def_size = syms
            .iter()
            .find(|(n, _, _)| *n == name)
            .map_or(size, |(_, _, sz)| (*sz).max(size as u64) as u32);
        out.push(MapSpec {
            real_name: name.into(),
            kind: MapKind::Btf,
            sec_idx,
            sec_off,
            def: parsed.def,
            init: None,
            has_global_vars: false,
            inner: parsed.inner,
            values_off: parsed.values_off,
            def_size,
            init_slots: Vec::new(),
        });
    }
    Ok(out)
}

/// Records `slot` for the `values[]` entry at byte `off` of `.maps` (section `sec_idx`).
pub fn add_slot(maps: &mut [MapSpec], sec_idx: usize, off: u64, slot: Slot) -> Result<()> {
    let outer = maps
        .iter_mut()
        .find(|m| m.sec_idx == sec_idx && (m.sec_off..m.sec_off + m.def_size as u64).contains(&off))
        .ok_or_else(|| {
            Error::Elf(format!(
                ".maps: relocation at offset {off} is in no map definition"
            ))
        })?;
    let name = outer.real_name.clone();
    let values_off = outer.values_off.ok_or_else(|| {
        Error::Elf(format!(
            "map '{name}': relocation into a map without 'values'"
        ))
    })?;
    let rel = off - outer.sec_off;
    if rel < values_off as u64 || (rel - values_off as u64) % 8 != 0 {
        return Err(Error::Elf(format!(
            "map '{name}': bad slot relocation offset {off}"
        )));
    }
    let index = ((rel - values_off as u64) / 8) as u32;
    if matches!(slot, Slot::Map(_)) != MAP_IN_MAP.contains(&outer.def.map_type) {
        return Err(Error::Elf(format!(
            "map '{name}': slot kind does not match the map type"
        )));
    }
    if outer.def.max_entries != 0 && index >= outer.def.max_entries {
        return Err(Error::Elf(format!(
            "map '{name}': slot {index} beyond max_entries {}",
            outer.def.max_entries
        )));
    }
    outer.init_slots.push((index, slot));
    Ok(())
}
