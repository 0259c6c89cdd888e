//! `.maps` definitions met twice (a map and its `extern` declaration, or two
//! weak definitions) must agree attribute by attribute, as upstream checks:
//! both are parsed strictly (libbpf's `parse_btf_map_def`) and compared.

use super::symbols::btf_matches;
use super::{kind_str, show};
use crate::btf::{kind, Btf, Type};
use crate::uapi::bpf::map_type;

const PART_KEY_TYPE: u32 = 1 << 5;
const PART_VALUE_TYPE: u32 = 1 << 7;
const PART_INNER_MAP: u32 = 1 << 8;

/// A parsed BTF map definition (libbpf's `struct btf_map_def`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct MapDef {
    parts: u32,
    map_type: u32,
    key_type_id: u32,
    key_size: u32,
    value_type_id: u32,
    value_size: u32,
    max_entries: u32,
    map_flags: u32,
    numa_node: u32,
    pinning: u32,
    map_extra: u64,
}

/// `__uint(name, N)`: a pointer to an array of N.
fn field_int(map: &str, b: &Btf, mname: &str, mtype: u32) -> Option<u32> {
    let t = b.skip_mods_and_typedefs(mtype)?;
    if t.kind() != kind::PTR {
        crate::warn!(
            "map '{map}': attr '{mname}': expected PTR, got {}.",
            kind_str(t.kind())
        );
        return None;
    }
    let Some(arr) = b.type_by_id(t.size_or_type) else {
        crate::warn!(
            "map '{map}': attr '{mname}': type [{}] not found.",
            t.size_or_type
        );
        return None;
    };
    if arr.kind() != kind::ARRAY {
        crate::warn!(
            "map '{map}': attr '{mname}': expected ARRAY, got {}.",
            kind_str(arr.kind())
        );
        return None;
    }
    Some(arr.array().2)
}

/// `__ulong(name, N)`: a `__uint` or a one-value enum.
fn field_long(map: &str, b: &Btf, mname: &str, mtype: u32) -> Option<u64> {
    let t = b.skip_mods_and_typedefs(mtype)?;
    if t.kind() == kind::PTR {
        return field_int(map, b, mname, mtype).map(u64::from);
    }
    if !t.is_any_enum() {
        crate::warn!(
            "map '{map}': attr '{mname}': expected ENUM or ENUM64, got {}.",
            kind_str(t.kind())
        );
        return None;
    }
    if t.vlen() != 1 {
        crate::warn!("map '{map}': attr '{mname}': invalid __ulong");
        return None;
    }
    Some(t.enum_value(0).1)
}

/// `__type(name, T)`: a pointer to T, whose size it gives.
fn field_type(map: &str, b: &Btf, what: &str, mtype: u32) -> Option<(u32, u32)> {
    let Some(t) = b.type_by_id(mtype) else {
        crate::warn!("map '{map}': {what} type [{mtype}] not found.");
        return None;
    };
    if t.kind() != kind::PTR {
        crate::warn!(
            "map '{map}': {what} spec is not PTR: {}.",
            kind_str(t.kind())
        );
        return None;
    }
    let Ok(sz) = b.resolve_size(t.size_or_type) else {
        crate::warn!(
            "map '{map}': can't determine {what} size for type [{}].",
            t.size_or_type
        );
        return None;
    };
    Some((t.size_or_type, sz))
}

/// Parses a map definition strictly (unknown attributes refused); the
/// inner definition of a map-in-map goes to `inner`.
fn parse(map: &str, b: &Btf, def: &Type<'_>, inner: Option<&mut MapDef>) -> Option<MapDef> {
    let mut d = MapDef::default();
    let is_inner = inner.is_none();
    let mut inner = inner;
    let vlen = if def.is_composite() { def.vlen() } else { 0 } as usize;
    for i in 0..vlen {
        let (name_off, mtype, _) = def.member(i);
        let Some(name) = b.str_at(name_off) else {
            crate::warn!("map '{map}': invalid field #{i}.");
            return None;
        };
        match name {
            "type" => d.map_type = field_int(map, b, name, mtype)?,
            "max_entries" => d.max_entries = field_int(map, b, name, mtype)?,
            "map_flags" => d.map_flags = field_int(map, b, name, mtype)?,
            "numa_node" => d.numa_node = field_int(map, b, name, mtype)?,
            "key_size" | "value_size" => {
                let sz = field_int(map, b, name, mtype)?;
                let cur = if name == "key_size" {
                    &mut d.key_size
                } else {
                    &mut d.value_size
                };
                if *cur != 0 && *cur != sz {
                    crate::warn!("map '{map}': conflicting {name} {} != {sz}.", *cur);
                    return None;
                }
                *cur = sz;
            }
            "key" | "value" => {
                let (id, sz) = field_type(map, b, name, mtype)?;
                let (cur, tid, part) = if name == "key" {
                    (&mut d.key_size, &mut d.key_type_id, PART_KEY_TYPE)
                } else {
                    (&mut d.value_size, &mut d.value_type_id, PART_VALUE_TYPE)
                };
                if *cur != 0 && *cur != sz {
                    crate::warn!("map '{map}': conflicting {name} size {} != {sz}.", *cur);
                    return None;
                }
                *cur = sz;
                *tid = id;
                d.parts |= part;
            }
            "values" => {
                let is_mim = matches!(d.map_type, map_type::ARRAY_OF_MAPS | map_type::HASH_OF_MAPS);
                let is_prog_array = d.map_type == map_type::PROG_ARRAY;
                let desc = if is_mim {
                    "map-in-map inner"
                } else {
                    "prog-array value"
                };
                if is_inner {
                    crate::warn!("map '{map}': multi-level inner maps not supported.");
                    return None;
                }
                if i != vlen - 1 {
                    crate::warn!("map '{map}': '{name}' member should be last.");
                    return None;
                }
                if !is_mim && !is_prog_array {
                    crate::warn!("map '{map}': should be map-in-map or prog-array.");
                    return None;
                }
                if d.value_size != 0 && d.value_size != 4 {
                    crate::warn!("map '{map}': conflicting value size {} != 4.", d.value_size);
                    return None;
                }
                d.value_size = 4;
                let Some(t) = b.type_by_id(mtype) else {
                    crate::warn!("map '{map}': {desc} type [{mtype}] not found.");
                    return None;
                };
                if t.kind() != kind::ARRAY || t.array().2 != 0 {
                    crate::warn!("map '{map}': {desc} spec is not a zero-sized array.");
                    return None;
                }
                let p = b.skip_mods_and_typedefs(t.array().0)?;
                if p.kind() != kind::PTR {
                    crate::warn!(
                        "map '{map}': {desc} def is of unexpected kind {}.",
                        kind_str(p.kind())
                    );
                    return None;
                }
                let target = b.skip_mods_and_typedefs(p.size_or_type)?;
                if is_prog_array {
                    if target.kind() != kind::FUNC_PROTO {
                        crate::warn!(
                            "map '{map}': prog-array value def is of unexpected kind {}.",
                            kind_str(target.kind())
                        );
                        return None;
                    }
                    continue;
                }
                if target.kind() != kind::STRUCT {
                    crate::warn!(
                        "map '{map}': map-in-map inner def is of unexpected kind {}.",
                        kind_str(target.kind())
                    );
                    return None;
                }
                let inner_name = format!("{map}.inner");
                let parsed = parse(&inner_name, b, &target, None)?;
                if let Some(slot) = inner.as_deref_mut() {
                    *slot = parsed;
                }
                d.parts |= PART_INNER_MAP;
            }
            "pinning" => {
                if is_inner {
                    crate::warn!("map '{map}': inner def can't be pinned.");
                    return None;
                }
                let v = field_int(map, b, name, mtype)?;
                if v > 1 {
                    crate::warn!("map '{map}': invalid pinning value {v}.");
                    return None;
                }
                d.pinning = v;
            }
            "map_extra" => d.map_extra = field_long(map, b, name, mtype)?,
            _ => {
                crate::warn!("map '{map}': unknown field '{name}'.");
                return None;
            }
        }
    }
    if d.map_type == 0 {
        crate::warn!("map '{map}': map type isn't specified.");
        return None;
    }
    Some(d)
}

/// The definition behind map VAR `var_id` (`None`, logged, if it does not parse).
fn parse_var(map: &str, b: &Btf, var_id: u32, inner: &mut MapDef) -> Option<MapDef> {
    let var = b.type_by_id(var_id)?;
    let def = b.skip_mods_and_typedefs(var.size_or_type)?;
    parse(map, b, &def, Some(inner))
}

/// One side of a comparison: a map definition (and its inner map's) and
/// the BTF its type ids refer to.
struct Side<'a> {
    btf: &'a Btf,
    def: MapDef,
    inner: MapDef,
}

fn defs_match(sym: &str, a: &Side<'_>, b: &Side<'_>, top: bool) -> bool {
    let (d1, d2) = (&a.def, &b.def);
    let types_match = |t1: u32, t2: u32| btf_matches(sym.as_bytes(), true, a.btf, t1, b.btf, t2, 0);
    let reason = if d1.map_type != d2.map_type {
        "type"
    } else if d1.key_size != d2.key_size {
        "key_size"
    } else if (d1.key_type_id != 0) != (d2.key_type_id != 0)
        || (d1.parts & PART_KEY_TYPE != 0 && !types_match(d1.key_type_id, d2.key_type_id))
    {
        "key type"
    } else if d1.value_size != d2.value_size {
        "value_size"
    } else if (d1.value_type_id != 0) != (d2.value_type_id != 0) {
        "value type"
    } else if d1.parts & PART_VALUE_TYPE != 0 && !types_match(d1.value_type_id, d2.value_type_id) {
        // upstream names this case "key type" too
        "key type"
    } else if d1.max_entries != d2.max_entries {
        "max_entries"
    } else if d1.map_flags != d2.map_flags {
        "map_flags"
    } else if d1.numa_node != d2.numa_node {
        "numa_node"
    } else if d1.pinning != d2.pinning {
        "pinning"
    } else if d1.parts & PART_INNER_MAP != d2.parts & PART_INNER_MAP {
        "inner map"
    } else {
        if top && d1.parts & PART_INNER_MAP != 0 {
            let inner = format!("{sym}.inner");
            let ia = Side {
                btf: a.btf,
                def: a.inner,
                inner: MapDef::default(),
            };
            let ib = Side {
                btf: b.btf,
                def: b.inner,
                inner: MapDef::default(),
            };
            return defs_match(&inner, &ia, &ib, false);
        }
        return true;
    };
    crate::warn!("global '{sym}': map {reason} mismatch");
    false
}

/// Whether map `sym` as defined in the output (`dst_id`) and as the new
/// object defines or declares it (`src_id`) agree.
pub(super) fn glob_map_defs_match(
    sym: &[u8],
    dst: &Btf,
    dst_id: u32,
    src: &Btf,
    src_id: u32,
) -> bool {
    let name = show(sym);
    let st = src.type_by_id(src_id).expect("found in this BTF");
    if st.kind() != kind::VAR {
        crate::warn!("global '{name}': invalid map definition type [{src_id}]");
        return false;
    }
    let mut src_inner = MapDef::default();
    let Some(src_def) = parse_var(&name, src, src_id, &mut src_inner) else {
        crate::warn!("global '{name}': invalid map definition");
        return false;
    };
    let mut dst_inner = MapDef::default();
    let Some(dst_def) = parse_var(&name, dst, dst_id, &mut dst_inner) else {
        crate::warn!("global '{name}': invalid dst map definition");
        return false;
    };
    let dst = Side {
        btf: dst,
        def: dst_def,
        inner: dst_inner,
    };
    let src = Side {
        btf: src,
        def: src_def,
        inner: src_inner,
    };
    defs_match(&name, &dst, &src, true)
}
