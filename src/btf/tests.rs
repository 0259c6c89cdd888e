use super::*;

/// Builds a little-endian BTF blob from raw type words and a string table.
pub(crate) fn build(types: &[u32], strings: &[u8]) -> Vec<u8> {
    let tbytes: Vec<u8> = types.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mut out = Vec::new();
    out.extend_from_slice(&BTF_MAGIC.to_le_bytes());
    out.extend_from_slice(&[1, 0]);
    for w in [
        24u32,
        0,
        tbytes.len() as u32,
        tbytes.len() as u32,
        strings.len() as u32,
    ] {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out.extend_from_slice(&tbytes);
    out.extend_from_slice(strings);
    out
}

fn info(kind: u32, vlen: u32) -> u32 {
    (kind << 24) | vlen
}

#[test]
fn parse_and_resolve() {
    // [1] int "int" size 4; [2] array of [1] x 10; [3] typedef "t" -> [2]; [4] ptr -> [1]
    let strings = b"\0int\0t\0";
    let raw = build(
        &[
            1,
            info(kind::INT, 0),
            4,
            32,
            0,
            info(kind::ARRAY, 0),
            0,
            1,
            1,
            10,
            5,
            info(kind::TYPEDEF, 0),
            2,
            0,
            info(kind::PTR, 0),
            1,
        ],
        strings,
    );
    let btf = Btf::parse(&raw).unwrap();
    assert_eq!(btf.type_cnt(), 5);
    assert_eq!(btf.resolve_size(3).unwrap(), 40);
    assert_eq!(btf.resolve_size(4).unwrap(), 8);
    assert_eq!(btf.find_by_name_kind("t", kind::TYPEDEF), Some(3));
    assert_eq!(btf.find_by_name_kind("int", kind::INT), Some(1));
    assert_eq!(btf.skip_mods_and_typedefs(3).unwrap().kind(), kind::ARRAY);
}

#[test]
fn rejects_bad_input() {
    assert!(Btf::parse(&[]).is_err());
    assert!(Btf::parse(&[0u8; 24]).is_err());
    // typedef loop [1] -> [2] -> [1]
    let raw = build(
        &[0, info(kind::TYPEDEF, 0), 2, 0, info(kind::TYPEDEF, 0), 1],
        b"\0",
    );
    let btf = Btf::parse(&raw).unwrap();
    assert!(btf.resolve_size(1).is_err());
    assert!(btf.skip_mods_and_typedefs(1).is_none());
    // truncated struct with huge vlen
    let raw = build(&[0, info(kind::STRUCT, 0xffff), 4], b"\0");
    assert!(Btf::parse(&raw).is_err());
    // unknown kind
    let raw = build(&[0, info(31, 0), 4], b"\0");
    assert!(Btf::parse(&raw).is_err());
    // string section not terminated
    let mut raw = build(&[1, info(kind::INT, 0), 4, 32], b"\0int");
    assert!(Btf::parse(&raw).is_err());
    raw.truncate(10);
    assert!(Btf::parse(&raw).is_err());
}

#[test]
fn datasec_fixups() {
    // [1] int; [2] var "a" -> 1 global; [3] var "b" -> 1 global; [4] datasec ".bss" {3@?, 2@?}
    let strings = b"\0int\0a\0b\0.bss\0";
    let raw = build(
        &[
            1,
            info(kind::INT, 0),
            4,
            32,
            5,
            info(kind::VAR, 0),
            1,
            1,
            7,
            info(kind::VAR, 0),
            1,
            1,
            9,
            info(kind::DATASEC, 2),
            0,
            3,
            0,
            4,
            2,
            0,
            4,
        ],
        strings,
    );
    let mut btf = Btf::parse(&raw).unwrap();
    btf.set_type_size(4, 8);
    btf.set_secinfo_offset(4, 0, 4);
    btf.set_secinfo_offset(4, 1, 0);
    btf.sort_secinfos(4);
    let t = btf.type_by_id(4).unwrap();
    assert_eq!(t.size_or_type, 8);
    assert_eq!(t.secinfo(0), (2, 0, 4));
    assert_eq!(t.secinfo(1), (3, 4, 4));
}
