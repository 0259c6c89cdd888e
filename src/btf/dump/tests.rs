//! Unit tests of the C dumper on hand-built BTF (the byte-for-byte
//! comparison with libbpf is c-tests/btf-dump).

use super::floatfmt::{fmt_f64, fmt_long_double};
use super::{DataOpts, DeclOpts, Dumper};
use crate::btf::{kind, Btf};

fn c_of(b: &Btf) -> String {
    let mut d = Dumper::new(b).unwrap();
    let mut out = Vec::new();
    for id in 1..b.type_cnt() {
        d.dump_type(b, id, &mut out).unwrap();
    }
    String::from_utf8(out).unwrap()
}

fn decl(b: &Btf, id: u32, name: &str, strip: bool) -> String {
    let mut d = Dumper::new(b).unwrap();
    let mut out = Vec::new();
    let o = DeclOpts {
        field_name: name.as_bytes().to_vec(),
        indent_level: 0,
        strip_mods: strip,
    };
    d.emit_type_decl(b, id, &o, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn base() -> (Btf, u32, u32, u32) {
    let mut b = Btf::new_empty(None);
    let int = b.add_int("int", 4, 1).unwrap();
    let uint = b.add_int("unsigned int", 4, 0).unwrap();
    let long = b.add_int("long", 8, 1).unwrap();
    (b, int, uint, long)
}

#[test]
fn bitfields_and_padding() {
    let (mut b, int, uint, long) = base();
    b.add_composite(false, Some("s"), 24).unwrap();
    b.add_field(Some("a"), uint as i32, 0, 3).unwrap();
    b.add_field(Some("c"), int as i32, 13, 7).unwrap();
    b.add_field(Some("l"), long as i32, 128, 0).unwrap();
    assert_eq!(
        c_of(&b),
        // bits 3..13: up to the next byte boundary, then the rest
        "struct s {\n\tunsigned int a: 3;\n\tchar: 5;\n\tchar: 5;\n\tint c: 7;\n\tlong: 64;\n\tlong l;\n};\n\n"
    );
}

#[test]
fn packed_struct() {
    let (mut b, int, _, _) = base();
    let ch = b.add_int("char", 1, 1).unwrap();
    b.add_composite(false, Some("p"), 5).unwrap();
    b.add_field(Some("c"), ch as i32, 0, 0).unwrap();
    b.add_field(Some("i"), int as i32, 8, 0).unwrap();
    assert_eq!(
        c_of(&b),
        "struct p {\n\tchar c;\n\tint i;\n} __attribute__((packed));\n\n"
    );
}

#[test]
fn cycle_gets_forward_declaration() {
    let (mut b, _, _, long) = base();
    // [4] struct A { struct B *b; }  [5] struct B { struct A a; }  [6] B *
    let a = b.add_composite(false, Some("A"), 8).unwrap();
    b.add_field(Some("b"), a as i32 + 2, 0, 0).unwrap();
    let sb = b.add_composite(false, Some("B"), 8).unwrap();
    b.add_field(Some("a"), a as i32, 0, 0).unwrap();
    b.add_ref_kind(kind::PTR, None, sb as i32, false).unwrap();
    let _ = long;
    assert_eq!(
        c_of(&b),
        "struct B;\n\nstruct A {\n\tstruct B *b;\n};\n\nstruct B {\n\tstruct A a;\n};\n\n"
    );
}

#[test]
fn duplicate_names_get_suffixes() {
    let (mut b, int, _, long) = base();
    b.add_composite(false, Some("d"), 4).unwrap();
    b.add_field(Some("x"), int as i32, 0, 0).unwrap();
    b.add_composite(false, Some("d"), 8).unwrap();
    b.add_field(Some("y"), long as i32, 0, 0).unwrap();
    let c = c_of(&b);
    assert!(c.contains("struct d {\n\tint x;\n};"), "{c}");
    assert!(c.contains("struct d___2 {\n\tlong y;\n};"), "{c}");
}

#[test]
fn declarators() {
    let (mut b, int, _, _) = base();
    let cst = b
        .add_ref_kind(kind::CONST, None, int as i32, false)
        .unwrap();
    let p = b.add_ref_kind(kind::PTR, None, cst as i32, false).unwrap();
    let proto = b.add_func_proto(int as i32).unwrap();
    b.add_func_param(Some("x"), p as i32).unwrap();
    let fp = b
        .add_ref_kind(kind::PTR, None, proto as i32, false)
        .unwrap();
    let arr = b.add_array(int as i32, fp as i32, 4).unwrap();
    let tag = b
        .add_ref_kind(kind::TYPE_TAG, Some("user"), int as i32, false)
        .unwrap();
    let tp = b.add_ref_kind(kind::PTR, None, tag as i32, false).unwrap();
    assert_eq!(decl(&b, p, "v", false), "const int *v");
    assert_eq!(decl(&b, p, "v", true), "int *v");
    assert_eq!(decl(&b, fp, "f", false), "int (*f)(const int *x)");
    assert_eq!(decl(&b, arr, "fns", false), "int (*fns[4])(const int *x)");
    assert_eq!(decl(&b, arr, "", false), "int (*[4])(const int *x)");
    assert_eq!(
        decl(&b, tp, "u", false),
        "int __attribute__((btf_type_tag(\"user\"))) *u"
    );
    assert_eq!(decl(&b, 0, "", false), "void");
}

#[test]
fn enums_signed_and_64bit() {
    let mut b = Btf::new_empty(None);
    b.add_enum(Some("e"), 4).unwrap();
    b.add_enum_value("NEG", -1).unwrap();
    b.add_enum64(Some("e64"), 8, false).unwrap();
    b.add_enum64_value("BIG", 1 << 40).unwrap();
    assert_eq!(
        c_of(&b),
        "enum e {\n\tNEG = -1,\n};\n\nenum e64 {\n\tBIG = 1099511627776ULL,\n};\n\n"
    );
}

#[test]
fn types_added_later_are_picked_up() {
    let (mut b, int, _, _) = base();
    let mut d = Dumper::new(&b).unwrap();
    let mut out = Vec::new();
    d.dump_type(&b, int, &mut out).unwrap();
    let s = b.add_composite(false, Some("late"), 4).unwrap();
    b.add_field(Some("x"), int as i32, 0, 0).unwrap();
    d.dump_type(&b, s, &mut out).unwrap();
    d.dump_type(&b, s, &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "struct late {\n\tint x;\n};\n\n"
    );
    assert!(d.dump_type(&b, b.type_cnt(), &mut Vec::new()).is_err());
}

#[test]
fn looping_btf_does_not_hang() {
    // [1] PTR -> [2], [2] PTR -> [1]; [3] anonymous struct holding itself by value
    let raw = crate::btf::tests::build(
        &[
            0,
            kind::PTR << 24,
            2,
            0,
            kind::PTR << 24,
            1,
            0,
            kind::STRUCT << 24 | 1,
            4,
            1,
            3,
            0,
        ],
        b"\0x\0",
    );
    let b = Btf::parse(&raw).unwrap();
    let mut d = Dumper::new(&b).unwrap();
    let mut out = Vec::new();
    for id in 1..b.type_cnt() {
        let _ = d.dump_type(&b, id, &mut out);
        let _ = d.emit_type_decl(&b, id, &DeclOpts::default(), &mut out);
        let _ = d.dump_type_data(&b, id, &[1; 64], &DataOpts::default(), &mut out);
    }
}

#[test]
fn modifier_loop_with_strip_mods_returns() {
    // [1] CONST -> [2], [2] VOLATILE -> [1]: stripped modifiers are not
    // pushed, so only a step count can see the loop.
    let raw = crate::btf::tests::build(
        &[0, kind::CONST << 24, 2, 0, kind::VOLATILE << 24, 1],
        b"\0",
    );
    let b = Btf::parse(&raw).unwrap();
    for strip in [false, true] {
        let mut d = Dumper::new(&b).unwrap();
        let o = DeclOpts {
            strip_mods: strip,
            ..Default::default()
        };
        let mut out = Vec::new();
        let _ = d.emit_type_decl(&b, 1, &o, &mut out);
    }
}

fn data(b: &Btf, id: u32, bytes: &[u8], o: &DataOpts) -> (String, i32) {
    let mut d = Dumper::new(b).unwrap();
    let mut out = Vec::new();
    let r = match d.dump_type_data(b, id, bytes, o, &mut out) {
        Ok(n) => n,
        Err(e) => -e.errno().0,
    };
    (String::from_utf8(out).unwrap(), r)
}

#[test]
fn typed_data() {
    let (mut b, int, uint, _) = base();
    let ch = b.add_int("char", 1, 1).unwrap();
    let arr = b.add_array(int as i32, ch as i32, 4).unwrap();
    let s = b.add_composite(false, Some("s"), 12).unwrap();
    b.add_field(Some("a"), uint as i32, 0, 3).unwrap();
    b.add_field(Some("z"), int as i32, 32, 0).unwrap();
    b.add_field(Some("n"), arr as i32, 64, 0).unwrap();
    let mut v = [0u8; 12];
    v[0] = 5;
    v[8..11].copy_from_slice(b"hi\0");
    let o = DataOpts {
        compact: true,
        ..Default::default()
    };
    assert_eq!(
        data(&b, s, &v, &o),
        (
            // zero members and the terminating NUL are left out
            "(struct s){.a = (unsigned int)0x5,.n = (char[4])['h','i',],}".into(),
            12
        )
    );
    let o = DataOpts {
        compact: true,
        emit_strings: true,
        skip_names: true,
        ..Default::default()
    };
    assert_eq!(data(&b, s, &v, &o), ("{0x5,\"hi\"}".into(), 12));
    // a base type that does not fit: -E2BIG
    assert_eq!(data(&b, int, &[1, 2], &DataOpts::default()).1, -libc::E2BIG);
    assert_eq!(
        data(&b, int, &(-7i32).to_le_bytes(), &DataOpts::default()),
        ("(int)-7".into(), 4)
    );
}

#[test]
fn float_formatting_matches_printf() {
    assert_eq!(fmt_f64(1.0 / 128.0), "0.007812"); // tie: to even
    assert_eq!(fmt_f64(3.0 / 128.0), "0.023438");
    assert_eq!(fmt_f64(-0.0), "-0.000000");
    assert_eq!(fmt_f64(123_456_789.123_456_79), "123456789.123457");
    assert_eq!(fmt_f64(1e20), "100000000000000000000.000000");
    assert_eq!(fmt_f64(f64::INFINITY), "inf");
    assert_eq!(fmt_f64(-f64::NAN), "-nan");
    // 80-bit 2.5: mantissa 0xa000..., exponent 16384
    let mut ld = [0u8; 16];
    ld[..8].copy_from_slice(&0xa000_0000_0000_0000u64.to_le_bytes());
    ld[8..10].copy_from_slice(&16384u16.to_le_bytes());
    assert_eq!(fmt_long_double(&ld), "2.500000");
}

#[test]
fn deep_chains_stay_on_the_stack() {
    // 20 000 nested arrays and function prototypes, then a self-embedding
    // anonymous struct 5 000 levels deep: must return, not overflow.
    let (mut b, int, _, _) = base();
    let mut id = int;
    for i in 0..20_000 {
        id = if i % 2 == 0 {
            b.add_array(int as i32, id as i32, 1).unwrap()
        } else {
            b.add_func_proto(id as i32).unwrap()
        };
    }
    for _ in 0..5_000 {
        let s = b.add_composite(false, None, 4).unwrap();
        b.add_field(Some("x"), s as i32 - 1, 0, 0).unwrap();
    }
    let top = b.type_cnt() - 1;
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || {
            let mut d = Dumper::new(&b).unwrap();
            let mut out = Vec::new();
            for target in [id, top] {
                let _ = d.dump_type(&b, target, &mut out);
                let _ = d.emit_type_decl(&b, target, &DeclOpts::default(), &mut out);
                let _ = d.dump_type_data(&b, target, &[1; 64], &DataOpts::default(), &mut out);
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn a_dumper_on_recycled_buffers_prints_the_same() {
    // Duplicate names and alignment/size caches exercise every recycled
    // array; dumpers freed in turn hand them on (see `spare`).
    let (mut b, int, _, long) = base();
    for name in ["s", "s", "t"] {
        b.add_composite(false, Some(name), 16).unwrap();
        b.add_field(Some("a"), int as i32, 0, 0).unwrap();
        b.add_field(Some("b"), long as i32, 64, 0).unwrap();
    }
    b.add_enum(Some("e"), 4).unwrap();
    b.add_enum_value("s", 1).unwrap();
    let first = c_of(&b);
    assert!(first.contains("struct s___2 {"), "{first}");
    for _ in 0..3 {
        assert_eq!(c_of(&b), first);
    }
    // A smaller BTF after a larger one.
    let (small, ..) = base();
    assert_eq!(c_of(&small), "");
}

#[test]
fn array_reaching_past_the_data_stops_at_the_first_silent_element() {
    // struct s { int a[1 << 28]; } declared 8 bytes long: the two elements
    // in the data print, the rest (past the end) print nothing, as in
    // libbpf, which visits all 2^28 of them; here the walk stops at the
    // first one.
    let (mut b, int, _, _) = base();
    let arr = b.add_array(int as i32, int as i32, 1 << 28).unwrap();
    let s = b.add_composite(false, Some("s"), 8).unwrap();
    b.add_field(Some("a"), arr as i32, 0, 0).unwrap();
    let mut v = [0u8; 8];
    v[0] = 1;
    v[4] = 2;
    let o = DataOpts {
        compact: true,
        ..Default::default()
    };
    let t = std::time::Instant::now();
    assert_eq!(
        data(&b, s, &v, &o),
        ("(struct s){.a = (int[268435456])[1,2,],}".into(), 8)
    );
    assert!(t.elapsed() < std::time::Duration::from_secs(1));
}

#[test]
fn zero_cache_empties_every_entry() {
    let mut a: Vec<u32> = (0..1000).map(|i| if i % 97 == 0 { i } else { 0 }).collect();
    a[999] = 7;
    super::zero_cache(&mut a);
    assert_eq!(a.len(), 1000);
    assert!(a.iter().all(|&v| v == 0));
    let mut b = vec![0u8; 130];
    b[129] = 1;
    b[0] = 3;
    super::zero_cache(&mut b);
    assert!(b.iter().all(|&v| v == 0));
}

#[test]
fn masked_rem_and_roundup_match_division() {
    for x in 0..300u32 {
        for m in 1..70u32 {
            assert_eq!(super::rem(x, m), x % m, "{x} % {m}");
            let (x, y) = (x as i64, m as i64);
            assert_eq!(super::roundup(x, y), (x + y - 1) / y * y, "{x} up to {y}");
        }
        assert_eq!(super::roundup(x as i64, 0), x as i64);
    }
    assert_eq!(super::roundup(1 << 40, 64), 1 << 40);
    assert_eq!(super::roundup(-5, 8), 0);
}
