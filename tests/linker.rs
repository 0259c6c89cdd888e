//! The static linker on clang-built objects, without the kernel: what it
//! writes parses as an object with everything its inputs had, and linking
//! is idempotent from the second pass on (the selftests check this with
//! `bpftool gen object`). Byte identity with upstream is c-tests/linker's.

mod common;

use bpf::elf::ObjectSpec;
use bpf::linker::Linker;

fn link(inputs: &[&[u8]]) -> Vec<u8> {
    let mut l = Linker::new();
    for (i, o) in inputs.iter().enumerate() {
        l.add_obj(o, &format!("input{i}")).expect("links");
    }
    l.finalize().expect("finalizes")
}

const CORPUS: [&str; 8] = [
    "minimal",
    "globals",
    "map_in_map",
    "ringbuf",
    "kconfig",
    "ksyms",
    "core_task",
    "features",
];

#[test]
fn every_object_alone_links_and_parses_with_the_same_programs_and_maps() {
    for name in CORPUS {
        let obj = common::bpf_object(name);
        let out = link(&[&obj]);
        let a = ObjectSpec::parse(&obj).unwrap();
        let b = ObjectSpec::parse(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
        let progs = |s: &ObjectSpec| {
            s.progs
                .iter()
                .map(|p| p.name.to_string())
                .collect::<Vec<_>>()
        };
        let maps = |s: &ObjectSpec| {
            let mut m: Vec<_> = s.maps.iter().map(|m| m.real_name.to_string()).collect();
            m.sort();
            m
        };
        assert_eq!(progs(&a), progs(&b), "{name}: programs");
        assert_eq!(maps(&a), maps(&b), "{name}: maps");
        assert_eq!(a.license, b.license, "{name}: license");
    }
}

#[test]
fn linking_is_idempotent_from_the_second_pass() {
    for name in CORPUS {
        let obj = common::bpf_object(name);
        let once = link(&[&obj]);
        let twice = link(&[&once]);
        let thrice = link(&[&twice]);
        assert_eq!(twice, thrice, "{name}");
    }
}

#[test]
fn objects_with_distinct_globals_merge_their_maps_and_programs() {
    let a = common::bpf_object("globals");
    let b = common::bpf_object("ringbuf");
    let out = link(&[&a, &b]);
    let s = ObjectSpec::parse(&out).unwrap();
    let sa = ObjectSpec::parse(&a).unwrap();
    let sb = ObjectSpec::parse(&b).unwrap();
    assert_eq!(s.progs.len(), sa.progs.len() + sb.progs.len());
    for m in sa.maps.iter().chain(&sb.maps) {
        assert!(
            s.maps.iter().any(|x| x.real_name == m.real_name),
            "map {} kept",
            m.real_name
        );
    }
}

#[test]
fn a_second_strong_definition_is_refused() {
    let g = common::bpf_object("globals");
    let mut l = Linker::new();
    l.add_obj(&g, "first").unwrap();
    assert_eq!(l.add_obj(&g, "second"), Err(bpf::Errno::EINVAL));
}
