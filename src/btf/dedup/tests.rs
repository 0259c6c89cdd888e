//! Unit tests of `btf__dedup`'s passes (the byte-for-byte comparison with
//! libbpf is c-tests/btf-dedup).

use super::*;
use std::sync::Arc;

fn ptr(b: &mut Btf, to: u32) -> u32 {
    b.add_ref_kind(kind::PTR, None, to as i32, false).unwrap()
}

/// struct list { struct list *next; int v; } (ptr first, as clang emits).
fn add_list(b: &mut Btf, int: u32) -> u32 {
    let p = ptr(b, b.type_cnt() + 1);
    let s = b.add_composite(false, Some("list"), 16).unwrap();
    b.add_field(Some("next"), p as i32, 0, 0).unwrap();
    b.add_field(Some("v"), int as i32, 64, 0).unwrap();
    s
}

fn names(b: &Btf) -> Vec<(u32, String)> {
    (1..b.type_cnt())
        .map(|id| {
            let t = b.type_by_id(id).unwrap();
            (t.kind(), b.name_of(&t).to_string())
        })
        .collect()
}

#[test]
fn self_referencing_copies_collapse() {
    let mut b = Btf::new_empty(None);
    let int = b.add_int("int", 4, 1).unwrap();
    b.add_int("int", 4, 1).unwrap();
    add_list(&mut b, int);
    add_list(&mut b, int);
    add_list(&mut b, 2);
    b.dedup(None, &DedupOpts::default()).unwrap();
    assert_eq!(b.type_cnt(), 4, "{:?}", names(&b));
    let s = b.type_by_id(3).unwrap();
    assert_eq!((s.kind(), s.member(0).1), (kind::STRUCT, 2));
    assert_eq!(b.type_by_id(2).unwrap().size_or_type, 3);
    // Idempotent.
    let raw = b.raw();
    b.dedup(None, &DedupOpts::default()).unwrap();
    assert_eq!(b.raw(), raw);
}

#[test]
fn fwds_resolve_to_the_unique_struct_of_their_name() {
    let mut b = Btf::new_empty(None);
    let int = b.add_int("int", 4, 1).unwrap();
    let f = b.add_fwd("s", 0).unwrap();
    ptr(&mut b, f);
    let s = b.add_composite(false, Some("s"), 4).unwrap();
    b.add_field(Some("a"), int as i32, 0, 0).unwrap();
    ptr(&mut b, s);
    // a union fwd named "s" stays, and so does a fwd of an ambiguous name
    b.add_fwd("s", 1).unwrap();
    b.add_composite(false, Some("amb"), 4).unwrap();
    b.add_composite(false, Some("amb"), 8).unwrap();
    b.add_fwd("amb", 0).unwrap();
    b.dedup(None, &DedupOpts::default()).unwrap();
    // Both pointers are now one (the first, kept in place) to struct s.
    let kinds: Vec<u32> = names(&b).iter().map(|n| n.0).collect();
    assert_eq!(
        kinds,
        [
            kind::INT,
            kind::PTR,
            kind::STRUCT,
            kind::FWD,
            kind::STRUCT,
            kind::STRUCT,
            kind::FWD
        ]
    );
    assert_eq!(b.type_by_id(2).unwrap().size_or_type, 3);
}

#[test]
fn enum_fwd_collapses_into_the_full_enum() {
    let mut b = Btf::new_empty(None);
    b.add_enum(Some("e"), 4).unwrap();
    b.add_enum(Some("e"), 4).unwrap();
    b.add_enum_value("A", 1).unwrap();
    b.add_enum(Some("e"), 4).unwrap();
    b.add_enum64(Some("e"), 8, false).unwrap();
    b.add_enum64_value("B", 1 << 40).unwrap();
    b.dedup(None, &DedupOpts::default()).unwrap();
    assert_eq!(b.type_cnt(), 3, "{:?}", names(&b));
    assert_eq!(b.type_by_id(1).unwrap().vlen(), 1);
}

#[test]
fn strings_dropped_only_when_not_known_unique() {
    let mut b = Btf::new_empty(None);
    b.add_int("int", 4, 1).unwrap();
    b.add_str("unused").unwrap();
    let mut parsed = Btf::parse(&b.raw()).unwrap();
    b.dedup(None, &DedupOpts::default()).unwrap();
    assert!(
        b.find_str("unused").is_some(),
        "built BTF keeps its strings"
    );
    parsed.dedup(None, &DedupOpts::default()).unwrap();
    assert_eq!(parsed.strings_section(), b"\0int\0");
}

#[test]
fn split_copies_map_to_base_and_base_fwds_stay() {
    let mut base = Btf::new_empty(None);
    let int = base.add_int("int", 4, 1).unwrap();
    let s = base.add_composite(false, Some("s"), 4).unwrap();
    base.add_field(Some("a"), int as i32, 0, 0).unwrap();
    base.add_fwd("x", 0).unwrap();
    let base = Arc::new(base);
    let mut sp = Btf::new_empty(Some(base.clone()));
    let i2 = sp.add_int("int", 4, 1).unwrap();
    let s2 = sp.add_composite(false, Some("s"), 4).unwrap();
    sp.add_field(Some("a"), i2 as i32, 0, 0).unwrap();
    ptr(&mut sp, s2);
    let x = sp.add_composite(false, Some("x"), 4).unwrap();
    sp.add_field(Some("a"), i2 as i32, 0, 0).unwrap();
    ptr(&mut sp, x);
    sp.dedup(None, &DedupOpts::default()).unwrap();
    // left: ptr -> base s, struct x, ptr -> x
    assert_eq!(sp.type_cnt(), 7, "{:?}", names(&sp));
    assert_eq!(sp.type_by_id(4).unwrap().size_or_type, s);
    assert_eq!(sp.type_by_id(5).unwrap().kind(), kind::STRUCT);
    assert_eq!(sp.type_by_id(5).unwrap().member(0).1, int);
}

#[test]
fn too_deep_graphs_fail_cleanly_on_a_small_stack() {
    // Two copies of a chain of structs, each holding the next (a later
    // id): one walk covers a whole chain. Run on a 2 MiB thread (release).
    let build = |n: u32| {
        let mut b = Btf::new_empty(None);
        for _ in 0..2 {
            let base = b.type_cnt();
            for i in 0..n {
                let to = if i + 1 < n { base + i + 1 } else { 0 };
                b.add_composite(false, Some(&format!("s{i}")), 4).unwrap();
                b.add_field(Some("m"), to as i32, 0, 0).unwrap();
            }
        }
        b
    };
    // Unoptimised builds use several times the stack per level.
    let stack = if cfg!(debug_assertions) {
        32 << 20
    } else {
        2 << 20
    };
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let mut ok = build(MAX_DEPTH - 10);
            ok.dedup(None, &DedupOpts::default()).unwrap();
            assert_eq!(ok.type_cnt(), MAX_DEPTH - 10 + 1);
            let mut deep = build(MAX_DEPTH + 10);
            let e = deep.dedup(None, &DedupOpts::default()).unwrap_err();
            assert_eq!(e.errno(), Errno(libc::E2BIG));
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn reference_loops_fail_with_eloop() {
    let mut b = Btf::new_empty(None);
    b.add_ref_kind(kind::PTR, None, 2, false).unwrap();
    b.add_ref_kind(kind::CONST, None, 1, false).unwrap();
    let raw = b.raw();
    let e = b.dedup(None, &DedupOpts::default()).unwrap_err();
    assert_eq!(e.errno(), Errno(libc::ELOOP));
    assert_eq!(b.raw(), raw, "a failed dedup leaves the BTF as it was");
}

#[test]
fn candidates_follow_libbpf_hashmap_order() {
    for collide in [false, true] {
        let mut t = CandTable::new(collide, 0);
        t.add(7, 1); // grows to 4 buckets
        t.add(7, 2);
        assert_eq!(t.cands(7).collect::<Vec<_>>(), [2, 1], "newest first");
        t.add(8, 3);
        t.add(9, 4); // grows to 8: chains reversed, then prepended
        assert_eq!(t.cands(7).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(t.cands(9).collect::<Vec<_>>(), [4]);
        assert_eq!(t.cands(10).count(), 0);
    }
}

#[test]
fn force_collisions_gives_the_same_bytes() {
    let build = || {
        let mut b = Btf::new_empty(None);
        let int = b.add_int("int", 4, 1).unwrap();
        for _ in 0..3 {
            add_list(&mut b, int);
            let f = b.add_func_proto(int as i32).unwrap();
            b.add_func_param(Some("x"), int as i32).unwrap();
            b.add_func("f", 1, f as i32).unwrap();
        }
        b
    };
    let (mut a, mut c) = (build(), build());
    a.dedup(None, &DedupOpts::default()).unwrap();
    c.dedup(
        None,
        &DedupOpts {
            force_collisions: true,
        },
    )
    .unwrap();
    assert_eq!(a.raw(), c.raw());
    assert_eq!(a.type_cnt(), 6);
}
