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
fn rejects_dangling_references_by_name() {
    let err = |types: &[u32]| {
        Btf::parse(&build(types, b"\0int\0"))
            .unwrap_err()
            .to_string()
    };
    let int = [1, info(kind::INT, 0), 4, 32];
    // Each reference kind out of range, named with the offending type.
    assert!(
        err(&[&int[..], &[0, info(kind::PTR, 0), 9]].concat()).contains("[2]: invalid type id 9")
    );
    assert!(err(&[0, info(kind::ARRAY, 0), 0, 1, 7, 2]).contains("invalid array type id 7"));
    let member = [0, info(kind::STRUCT, 1), 4, 1, 8, 0];
    assert!(err(&[&int[..], &member[..]].concat()).contains("invalid member type id 8"));
    let member_name = [0, info(kind::STRUCT, 1), 4, 77, 1, 0];
    assert!(err(&[&int[..], &member_name[..]].concat()).contains("member name offset 77"));
    let proto = [0, info(kind::FUNC_PROTO, 1), 1, 0, 6];
    assert!(err(&[&int[..], &proto[..]].concat()).contains("invalid parameter 0"));
    let en = [1, info(kind::ENUM, 1), 4, 40, 0];
    assert!(err(&en).contains("enumerator name offset 40"));
    let datasec = [1, info(kind::DATASEC, 1), 4, 3, 0, 4];
    assert!(err(&datasec).contains("[1]: invalid member type id"));
    assert!(err(&[99, info(kind::INT, 0), 4, 32]).contains("name offset 99"));
    // In range: the same shapes parse.
    assert!(Btf::parse(&build(
        &[&int[..], &[0, info(kind::PTR, 0), 1]].concat(),
        b"\0int\0"
    ))
    .is_ok());
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

/// `build` with every header field and type word big-endian (written out by
/// hand here, not by `Btf::raw`, so reader and writer are checked separately).
fn build_be(types: &[u32], strings: &[u8]) -> Vec<u8> {
    let tbytes: Vec<u8> = types.iter().flat_map(|w| w.to_be_bytes()).collect();
    let mut out = vec![0xeb, 0x9f, 1, 0];
    for w in [
        24u32,
        0,
        tbytes.len() as u32,
        tbytes.len() as u32,
        strings.len() as u32,
    ] {
        out.extend_from_slice(&w.to_be_bytes());
    }
    out.extend_from_slice(&tbytes);
    out.extend_from_slice(strings);
    out
}

#[test]
fn big_endian_btf_reads_and_round_trips() {
    // [1] int "int" (signed, 32 bits); [2] struct "s" size 16 { int a; u64-ish enum64 e at 64 }
    // [3] enum64 "e" size 8 { V = 0x1122334455667788 }
    let strings = b"\0int\0s\0a\0e\0V\0";
    let words = [
        1,
        info(kind::INT, 0),
        4,
        BTF_INT_SIGNED << 24 | 32,
        5,
        info(kind::STRUCT, 2),
        16,
        7,
        1,
        0,
        9,
        3,
        64,
        9,
        info(kind::ENUM64, 1),
        8,
        11,
        0x5566_7788,
        0x1122_3344,
    ];
    let be = build_be(&words, strings);
    let btf = Btf::parse(&be).unwrap();
    assert_eq!(btf.endianness(), Endian::Big);
    let int = btf.type_by_id(1).unwrap();
    assert_eq!((btf.name_of(&int), int.size_or_type), ("int", 4));
    assert_eq!(int.int_info(), (BTF_INT_SIGNED, 0, 32));
    let s = btf.type_by_id(btf.find_by_name("s").unwrap()).unwrap();
    assert_eq!((s.vlen(), s.member(1)), (2, (9, 3, 64)));
    assert_eq!(btf.resolve_size(2).unwrap(), 16);
    let e = btf.type_by_id(3).unwrap();
    // Enum64 value: low word then high word, each in host order now.
    assert_eq!(
        (e.word(2) as u64) << 32 | e.word(1) as u64,
        0x1122_3344_5566_7788
    );
    // Written back: the same bytes; switched to little-endian: the LE blob.
    assert_eq!(btf.raw(), be);
    let mut le = btf.clone();
    le.set_endianness(Endian::Little);
    assert_eq!(le.raw(), build(&words, strings));
    let back = Btf::parse(&le.raw()).unwrap();
    assert_eq!(back.endianness(), Endian::Little);
    assert_eq!(back.types_section(), btf.types_section());
}

#[test]
fn big_endian_btf_ext() {
    // .BTF.ext header (32 bytes) + func_info block: rec_size 8, one section
    // (name off 5) with one record {insn_off 16, type_id 2}.
    let mut b = vec![0xeb, 0x9f, 1, 0];
    let func: Vec<u32> = vec![8, 5, 1, 16, 2];
    for w in [32u32, 0, (func.len() * 4) as u32, 0, 0, 0, 0] {
        b.extend_from_slice(&w.to_be_bytes());
    }
    for w in &func {
        b.extend_from_slice(&w.to_be_bytes());
    }
    let ext = super::ext::BtfExt::parse(&b).unwrap();
    assert!(ext.big_endian);
    let (sec, info) = &ext.func_info[0];
    assert_eq!((*sec, info.rec_size, info.len()), (5, 8, 1));
    let rec = info.recs().next().unwrap();
    assert_eq!(
        (
            u32::from_ne_bytes(rec[0..4].try_into().unwrap()),
            u32::from_ne_bytes(rec[4..8].try_into().unwrap())
        ),
        (16, 2)
    );
    assert_eq!(*ext.raw, b[..], "raw data kept in its original byte order");
}

/// A little-endian .BTF.ext: 32-byte header, then a func_info block.
fn btf_ext_le(version: u8, flags: u8, func: &[u32]) -> Vec<u8> {
    let mut b = vec![0x9f, 0xeb, version, flags];
    for w in [32u32, 0, (func.len() * 4) as u32, 0, 0, 0, 0] {
        b.extend_from_slice(&w.to_le_bytes());
    }
    for w in func {
        b.extend_from_slice(&w.to_le_bytes());
    }
    b
}

#[test]
fn btf_ext_checks_as_libbpf() {
    use crate::Errno;
    let parse = |b: &[u8]| {
        super::ext::BtfExt::parse(b)
            .map(|_| ())
            .map_err(|e| e.errno())
    };
    assert_eq!(parse(&btf_ext_le(1, 0, &[8, 5, 1, 16, 2])), Ok(()));
    assert_eq!(
        parse(&btf_ext_le(2, 0, &[8, 5, 1, 16, 2])),
        Err(Errno::ENOTSUP)
    );
    assert_eq!(
        parse(&btf_ext_le(1, 1, &[8, 5, 1, 16, 2])),
        Err(Errno::ENOTSUP)
    );
    // A section with no records, a block with no sections, no data at all.
    assert_eq!(parse(&btf_ext_le(1, 0, &[8, 5, 0])), Err(Errno::EINVAL));
    assert_eq!(parse(&btf_ext_le(1, 0, &[8])), Err(Errno::EINVAL));
    assert_eq!(parse(&btf_ext_le(1, 0, &[])), Err(Errno::EINVAL));
    // Larger records than libbpf knows are fine in native order.
    assert_eq!(parse(&btf_ext_le(1, 0, &[12, 5, 1, 16, 2, 0])), Ok(()));
}

fn lazy(raw: &[u8]) -> Result<Btf> {
    Btf::parse_shared_lazy(Arc::new(raw.to_vec()), None)
}

#[test]
fn lazy_parse_matches_eager_on_many_types() {
    // 100 types (more than a few sparse-index steps): ints, pointers to the
    // previous type and two-member structs, each named.
    let mut strings = b"\0".to_vec();
    let mut words = Vec::new();
    for i in 1..=100u32 {
        let name = strings.len() as u32;
        strings.extend_from_slice(format!("t{i}\0").as_bytes());
        match i % 3 {
            1 => words.extend([name, info(kind::INT, 0), 4, 32]),
            2 => words.extend([name, info(kind::PTR, 0), i - 1]),
            _ => words.extend([name, info(kind::STRUCT, 2), 8, name, 1, 0, name, 1, 32]),
        }
    }
    let raw = build(&words, &strings);
    let eager = Btf::parse(&raw).unwrap();
    let lazy = lazy(&raw).unwrap();
    assert_eq!(lazy.type_cnt(), 101);
    for id in 0..=101 {
        let (a, b) = (eager.type_by_id(id), lazy.type_by_id(id));
        assert_eq!(a.map(|t| t.rec), b.map(|t| t.rec), "type {id}");
    }
    assert_eq!(lazy.find_by_name("t99"), eager.find_by_name("t99"));
    assert_eq!(lazy.resolve_size(98).unwrap(), 8);
    assert!(lazy.validate_all().is_ok());
    // Editing a lazily parsed object makes its index dense and keeps ids.
    let mut edited = lazy.clone();
    let new = edited.add_int("extra", 8, 0).unwrap();
    assert_eq!(new, 101);
    assert_eq!(
        edited.type_by_id(50).unwrap().rec,
        eager.type_by_id(50).unwrap().rec
    );
}

#[test]
fn lazy_parse_checks_types_when_read() {
    // [1] int "int"; [2] ptr -> [9] (no such type); [3] typedef with a name
    // offset past the strings; [4] ptr -> [1].
    let raw = build(
        &[
            1,
            info(kind::INT, 0),
            4,
            32,
            0,
            info(kind::PTR, 0),
            9,
            100,
            info(kind::TYPEDEF, 0),
            1,
            0,
            info(kind::PTR, 0),
            1,
        ],
        b"\0int\0",
    );
    assert!(Btf::parse(&raw).is_err(), "eager parse rejects it");
    let btf = lazy(&raw).unwrap();
    assert_eq!(btf.type_cnt(), 5);
    assert!(btf.type_by_id(1).is_some());
    assert!(btf.type_by_id(2).is_none(), "dangling type id");
    assert!(btf.type_by_id(3).is_none(), "bad name offset");
    assert_eq!(btf.resolve_size(4).unwrap(), 8);
    assert!(btf.resolve_size(2).is_err());
    assert!(btf.validate_all().is_err());
    assert!(btf.validate_all().is_err(), "verdict is cached");
    // Framing errors are still found up front.
    assert!(lazy(&build(&[0, info(kind::STRUCT, 0xffff), 4], b"\0")).is_err());
    assert!(lazy(&build(&[0, info(31, 0), 4], b"\0")).is_err());
}
