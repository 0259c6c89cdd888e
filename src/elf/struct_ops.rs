//! `.struct_ops` and `.struct_ops.link` sections: each global variable there
//! is one `BPF_MAP_TYPE_STRUCT_OPS` map whose value is a kernel ops struct
//! (`struct tcp_congestion_ops`, ...). Its function-pointer members are
//! relocated to `SEC("struct_ops/...")` programs. `?.struct_ops` maps are
//! not created unless the user turns them on.

use super::maps::{MapDef, MapKind, MapSpec};
use crate::btf::{kind, Btf};
use crate::error::{Error, Result};
use crate::uapi::bpf::map_type;

/// `BPF_F_LINK`: the map is registered through a BPF link.
pub const BPF_F_LINK: u32 = 1 << 13;

/// What the object says about one struct_ops map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructOpsSpec {
    /// Index of the map in `ObjectSpec::maps`.
    pub map_idx: usize,
    /// The struct type (in the object's BTF) the variable has.
    pub type_id: u32,
    pub sec_idx: usize,
    pub sec_off: u64,
    /// The variable's bytes as compiled (function pointers read as zero).
    pub data: Vec<u8>,
    /// Per struct member: the program (index into `ObjectSpec::progs`) its
    /// function pointer is relocated to.
    pub progs: Vec<Option<usize>>,
    pub autocreate: bool,
}

/// Whether a section holds struct_ops variables: `(is .struct_ops.link, autocreate)`.
pub fn section(name: &str) -> Option<(bool, bool)> {
    let (base, autocreate) = match name.strip_prefix('?') {
        Some(n) => (n, false),
        None => (name, true),
    };
    match base {
        ".struct_ops" => Some((false, autocreate)),
        ".struct_ops.link" => Some((true, autocreate)),
        _ => None,
    }
}

/// One map per variable of the section's DATASEC, appended to `maps`.
pub fn collect(
    btf: &Btf,
    sec_name: &str,
    sec_idx: usize,
    data: &[u8],
    maps: &mut Vec<MapSpec>,
) -> Result<Vec<StructOpsSpec>> {
    let (link, autocreate) =
        section(sec_name).ok_or_else(|| Error::Elf(format!("'{sec_name}' is not struct_ops")))?;
    let err = |m: String| Error::Elf(format!("struct_ops init: {m}"));
    let ds_id = btf
        .find_by_name_kind(sec_name, kind::DATASEC)
        .ok_or_else(|| err(format!("DATASEC {sec_name} not found")))?;
    let ds = btf.type_by_id(ds_id).expect("found");
    let mut out = Vec::new();
    for i in 0..ds.vlen() as usize {
        let (var_id, off, _) = ds.secinfo(i);
        let var = btf
            .type_by_id(var_id)
            .ok_or_else(|| err(format!("bad var [{var_id}] in DATASEC {sec_name}")))?;
        let var_name = btf.name_of(&var).to_string();
        let type_id = btf.resolve_type(var_id).map_err(|_| {
            err(format!(
                "Cannot resolve var type_id {var_id} in DATASEC {sec_name}"
            ))
        })?;
        let t = btf.type_by_id(type_id).expect("resolved");
        let tname = btf.name_of(&t);
        if tname.is_empty() {
            return Err(Error::NotSupported(
                "struct_ops init: anonymous type is not supported".into(),
            ));
        }
        if t.kind() != kind::STRUCT {
            return Err(err(format!("{tname} is not a struct")));
        }
        let size = t.size_or_type;
        let bytes = data
            .get(off as usize..off as usize + size as usize)
            .ok_or_else(|| {
                err(format!(
                    "var {var_name} is beyond the end of DATASEC {sec_name}"
                ))
            })?;
        crate::debug!(
            "struct_ops init: struct {tname}(type_id={type_id}) {var_name} found at offset {off}"
        );
        out.push(StructOpsSpec {
            map_idx: maps.len(),
            type_id,
            sec_idx,
            sec_off: off as u64,
            data: bytes.to_vec(),
            progs: vec![None; t.vlen() as usize],
            autocreate,
        });
        maps.push(MapSpec {
            real_name: var_name.into(),
            kind: MapKind::Btf,
            sec_idx,
            sec_off: off as u64,
            def: MapDef {
                map_type: map_type::STRUCT_OPS,
                key_size: 4,
                value_size: size,
                max_entries: 1,
                map_flags: if link { BPF_F_LINK } else { 0 },
                btf_value_type_id: type_id,
                ..Default::default()
            },
            init: None,
            has_global_vars: false,
            inner: None,
            values_off: None,
            def_size: size,
            init_slots: Vec::new(),
        });
    }
    Ok(out)
}

/// Whether `id` is a pointer to a function prototype.
fn is_func_ptr(btf: &Btf, id: u32) -> bool {
    btf.skip_mods_and_typedefs(id)
        .filter(|t| t.kind() == kind::PTR)
        .and_then(|t| btf.skip_mods_and_typedefs(t.size_or_type))
        .is_some_and(|t| t.kind() == kind::FUNC_PROTO)
}

/// Records that the function pointer at `r_offset` of section `sec_idx`
/// points at `prog` (a relocation of `.rel.struct_ops`).
pub fn relocate(
    btf: &Btf,
    ops: &mut [StructOpsSpec],
    sec_idx: usize,
    r_offset: u64,
    prog: usize,
    prog_name: &str,
) -> Result<()> {
    let err = |m: String| Error::Elf(format!("struct_ops reloc: {m}"));
    let st = ops
        .iter_mut()
        .find(|s| {
            s.sec_idx == sec_idx
                && r_offset >= s.sec_off
                && r_offset < s.sec_off + s.data.len() as u64
        })
        .ok_or_else(|| err(format!("cannot find map at rel->r_offset {r_offset}")))?;
    let moff = (r_offset - st.sec_off) as u32;
    let t = btf.type_by_id(st.type_id).expect("checked at collect");
    let member = (0..t.vlen() as usize)
        .find(|&i| t.member_bit_offset(i) == moff * 8)
        .ok_or_else(|| err(format!("cannot find member at moff {moff}")))?;
    let (name_off, mtype, _) = t.member(member);
    if !is_func_ptr(btf, mtype) {
        return Err(err(format!(
            "cannot relocate non func ptr {} to prog '{prog_name}'",
            btf.str_at(name_off).unwrap_or("")
        )));
    }
    st.progs[member] = Some(prog);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An object's BTF: `struct foo_ops { int x; int (*run)(void); }` as var
    /// `ops` in DATASEC `.struct_ops.link`.
    fn obj_btf() -> Btf {
        let mut b = Btf::new_empty(None);
        let int = b.add_int("int", 4, 1).unwrap() as i32;
        let proto = b.add_func_proto(int).unwrap() as i32;
        let ptr = b.add_ref_kind(kind::PTR, None, proto, false).unwrap() as i32;
        let st = b.add_composite(false, Some("foo_ops"), 16).unwrap() as i32;
        b.add_field(Some("x"), int, 0, 0).unwrap();
        b.add_field(Some("run"), ptr, 64, 0).unwrap();
        let var = b.add_var("ops", 1, st).unwrap() as i32;
        b.add_datasec(".struct_ops.link", 16).unwrap();
        b.add_datasec_var_info(var, 0, 16).unwrap();
        b
    }

    #[test]
    fn sections() {
        assert_eq!(section(".struct_ops"), Some((false, true)));
        assert_eq!(section(".struct_ops.link"), Some((true, true)));
        assert_eq!(section("?.struct_ops"), Some((false, false)));
        assert_eq!(section(".struct_opsx"), None);
        assert_eq!(section(".data"), None);
    }

    #[test]
    fn maps_and_relocations() {
        let btf = obj_btf();
        let mut data = vec![0u8; 16];
        data[0] = 7;
        let mut maps = Vec::new();
        let mut ops = collect(&btf, ".struct_ops.link", 5, &data, &mut maps).unwrap();
        assert_eq!(maps.len(), 1);
        let m = &maps[0];
        assert_eq!(m.real_name, "ops");
        assert_eq!(
            (
                m.def.map_type,
                m.def.key_size,
                m.def.value_size,
                m.def.max_entries
            ),
            (map_type::STRUCT_OPS, 4, 16, 1)
        );
        assert_eq!(m.def.map_flags, BPF_F_LINK);
        assert_eq!(ops[0].data[0], 7);
        assert_eq!(ops[0].progs, vec![None, None]);
        relocate(&btf, &mut ops, 5, 8, 3, "run_impl").unwrap();
        assert_eq!(ops[0].progs, vec![None, Some(3)]);
        // `x` is not a function pointer; offset 32 is no member; other section.
        assert!(relocate(&btf, &mut ops, 5, 0, 3, "p").is_err());
        assert!(relocate(&btf, &mut ops, 5, 4, 3, "p").is_err());
        assert!(relocate(&btf, &mut ops, 6, 8, 3, "p").is_err());
        // Data shorter than the struct.
        assert!(collect(&btf, ".struct_ops.link", 5, &data[..8], &mut maps).is_err());
        assert!(collect(&btf, ".struct_ops", 5, &data, &mut maps).is_err());
    }
}
