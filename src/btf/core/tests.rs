use super::*;
use crate::btf::{kind, Btf};

/// Local: struct s { int a; int b; }  Target: struct s { long x; int b; int a; }
fn pair() -> (Btf, Btf) {
    let mut l = Btf::new_empty(None);
    let int = l.add_int("int", 4, 1).unwrap() as i32;
    l.add_composite(false, Some("s"), 8).unwrap();
    l.add_field(Some("a"), int, 0, 0).unwrap();
    l.add_field(Some("b"), int, 32, 0).unwrap();
    l.add_str("0:1").unwrap();
    l.add_str("0:0").unwrap();
    l.add_str("0").unwrap();
    let mut t = Btf::new_empty(None);
    let long = t.add_int("long", 8, 1).unwrap() as i32;
    let int = t.add_int("int", 4, 1).unwrap() as i32;
    t.add_composite(false, Some("s"), 16).unwrap();
    t.add_field(Some("x"), long, 0, 0).unwrap();
    t.add_field(Some("b"), int, 64, 0).unwrap();
    t.add_field(Some("a"), int, 96, 0).unwrap();
    (l, t)
}

fn insn(code: u8, off: i16, imm: i32) -> bpf_insn {
    bpf_insn {
        code,
        regs: 0x21,
        off,
        imm,
    }
}

#[test]
fn field_offsets_and_existence() {
    let (l, t) = pair();
    let s = l.find_by_name_kind("s", kind::STRUCT).unwrap();
    let acc_b = l.find_str("0:1").unwrap();
    let acc_a = l.find_str("0:0").unwrap();
    let mut insns = vec![
        insn(0x61, 4, 0), // r1 = *(u32 *)(r2 + 4)   (s.b)
        insn(0x07, 0, 0), // r1 += 0                  (s.a offset)
        insn(0xb7, 0, 1), // r0 = 1                   (exists s.a)
        insn(0xb7, 0, 8), // r0 = 8                   (sizeof s)
    ];
    let relos = [
        (
            0,
            CoreRelo {
                insn_off: 0,
                type_id: s,
                access_str_off: acc_b,
                kind: 0,
            },
        ),
        (
            1,
            CoreRelo {
                insn_off: 8,
                type_id: s,
                access_str_off: acc_a,
                kind: 0,
            },
        ),
        (
            2,
            CoreRelo {
                insn_off: 16,
                type_id: s,
                access_str_off: acc_a,
                kind: 2,
            },
        ),
        (
            3,
            CoreRelo {
                insn_off: 24,
                type_id: s,
                access_str_off: l.find_str("0").unwrap(),
                kind: 9,
            },
        ),
    ];
    let no_mods: &[(String, Btf)] = &[];
    let targets = Targets {
        main: &t,
        modules: &|| no_mods,
    };
    let fx = relocate_program(
        "p",
        &l,
        &relos,
        &mut insns,
        &targets,
        &mut CandCache::default(),
    )
    .unwrap();
    assert_eq!(fx.len(), 4);
    assert_eq!(insns[0].off, 8);
    assert_eq!(insns[1].imm, 12);
    assert_eq!(insns[2].imm, 1);
    assert_eq!(insns[3].imm, 16);
}

#[test]
fn missing_target_poisons() {
    let (l, _) = pair();
    let empty = Btf::new_empty(None);
    let s = l.find_by_name_kind("s", kind::STRUCT).unwrap();
    let acc = l.find_str("0:1").unwrap();
    let mut insns = vec![insn(0x61, 4, 0), insn(0xb7, 0, 1)];
    let relos = [
        (
            0,
            CoreRelo {
                insn_off: 0,
                type_id: s,
                access_str_off: acc,
                kind: 0,
            },
        ),
        (
            1,
            CoreRelo {
                insn_off: 8,
                type_id: s,
                access_str_off: acc,
                kind: 2,
            },
        ),
    ];
    let no_mods: &[(String, Btf)] = &[];
    let targets = Targets {
        main: &empty,
        modules: &|| no_mods,
    };
    let fx = relocate_program(
        "p",
        &l,
        &relos,
        &mut insns,
        &targets,
        &mut CandCache::default(),
    )
    .unwrap();
    assert!(fx[0].poison);
    assert_eq!(insns[0].code, 0x85);
    assert_eq!(insns[0].imm, 0xbad2310);
    assert_eq!(insns[1].imm, 0, "field_exists becomes 0");
}

/// A failed relocation in words: a missing field, a field of another type,
/// no candidate at all.
#[test]
fn failures_explained() {
    // Local: struct s { int a; struct in { int z; } n; }; struct gone { int q; }
    let mut l = Btf::new_empty(None);
    let int = l.add_int("int", 4, 1).unwrap() as i32;
    let inner = l.add_composite(false, Some("in"), 4).unwrap() as i32;
    l.add_field(Some("z"), int, 0, 0).unwrap();
    l.add_composite(false, Some("s"), 8).unwrap();
    l.add_field(Some("a"), int, 0, 0).unwrap();
    l.add_field(Some("n"), inner, 32, 0).unwrap();
    let gone = l.add_composite(false, Some("gone"), 4).unwrap();
    l.add_field(Some("q"), int, 0, 0).unwrap();
    // Target: struct s { long a; int other; }
    let mut t = Btf::new_empty(None);
    let long = t.add_int("long", 8, 1).unwrap() as i32;
    let tint = t.add_int("int", 4, 1).unwrap() as i32;
    t.add_composite(false, Some("s"), 16).unwrap();
    t.add_field(Some("a"), long, 0, 0).unwrap();
    t.add_field(Some("other"), tint, 64, 0).unwrap();
    let s = l.find_by_name_kind("s", kind::STRUCT).unwrap();
    let no_mods: &[(String, Btf)] = &[];
    let targets = Targets {
        main: &t,
        modules: &|| no_mods,
    };
    let explain = |type_id: u32, access: &str| {
        let mut l2 = l.clone();
        let off = l2.add_str(access).unwrap();
        let relo = CoreRelo {
            insn_off: 0,
            type_id,
            access_str_off: off,
            kind: 0,
        };
        let cache = CandCache::default();
        explain::explain(&l2, &relo, 3, &targets, &cache)
    };
    // s.n.z: the kernel's s has no field 'n'.
    let e = explain(s, "0:1:0");
    assert_eq!(e.spec, "<byte_off> [3] struct s.n.z (0:1:0 @ offset 4)");
    assert!(
        e.lines[0].starts_with("CO-RE relocation #3 failed: <byte_off> struct s.n.z"),
        "{e:?}"
    );
    assert!(
        e.lines[1].ends_with("struct s in vmlinux: 's' has no field 'n'"),
        "{e:?}"
    );
    // gone.q: no candidate at all.
    let e = explain(gone, "0:0");
    assert_eq!(e.lines.len(), 2, "{e:?}");
    assert!(e.lines[1].starts_with("no struct named 'gone'"), "{e:?}");
}

/// A target nesting the field deeper than libbpf's 64 access steps: matching
/// fails with -E2BIG (not a plain mismatch), carrying the partial target
/// spec libbpf prints in "error matching candidate".
#[test]
fn too_deep_target_is_e2big() {
    let mut l = Btf::new_empty(None);
    let int = l.add_int("int", 4, 1).unwrap() as i32;
    let s = l.add_composite(false, Some("d"), 4).unwrap();
    l.add_field(Some("y"), int, 0, 0).unwrap();
    let mut t = Btf::new_empty(None);
    let tint = t.add_int("int", 4, 1).unwrap() as i32;
    let mut inner = t.add_composite(false, None, 4).unwrap();
    t.add_field(Some("y"), tint, 0, 0).unwrap();
    for _ in 0..70 {
        let outer = t.add_composite(false, None, 4).unwrap();
        t.add_field(None, inner as i32, 0, 0).unwrap();
        inner = outer;
    }
    let root = t.add_composite(false, Some("d"), 4).unwrap();
    t.add_field(None, inner as i32, 0, 0).unwrap();
    let ls = spec::parse(&l, s, "0:0", ReloKind::FieldByteOffset, "p").unwrap();
    let e = spec::matches(&ls, &t, root).unwrap_err();
    assert_eq!(e.errno(), crate::Errno::E2BIG);
    let partial = spec::too_deep_spec(&e).unwrap();
    assert!(partial.contains("struct d (0:0:0:"), "{partial}");
    // Shallow enough, the same field matches.
    let mut t = Btf::new_empty(None);
    let tint = t.add_int("int", 4, 1).unwrap() as i32;
    let inner = t.add_composite(false, None, 4).unwrap();
    t.add_field(Some("y"), tint, 0, 0).unwrap();
    let root = t.add_composite(false, Some("d"), 4).unwrap();
    t.add_field(None, inner as i32, 0, 0).unwrap();
    assert!(spec::matches(&ls, &t, root).unwrap().is_ok());
}
