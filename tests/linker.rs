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

/// Compiles `c-tests/linker/progs/<name>.bpf.c` into target/ (each run).
fn linker_prog(name: &str) -> Vec<u8> {
    let root = common::root();
    let out = root.join(format!(
        "target/bpf-progs/linker-{name}.{}.bpf.o",
        std::process::id()
    ));
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let st = std::process::Command::new("clang-19")
        .args(["-g", "-O2", "-target", "bpf", "-D__TARGET_ARCH_x86", "-I"])
        .arg(root.join("include"))
        .args(["-idirafter", "/usr/include/x86_64-linux-gnu", "-c"])
        .arg(root.join(format!("c-tests/linker/progs/{name}.bpf.c")))
        .arg("-o")
        .arg(&out)
        .status()
        .expect("clang-19 runs");
    assert!(st.success());
    let data = std::fs::read(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    data
}

#[test]
fn an_extern_met_in_another_section_before_its_definition_is_refused() {
    // Upstream writes out of bounds here (and crashes); we refuse cleanly.
    let (a, b) = (linker_prog("err_sec2"), linker_prog("err_sec1"));
    let mut l = Linker::new();
    l.add_obj(&a, "err_sec2").unwrap();
    assert_eq!(l.add_obj(&b, "err_sec1"), Err(bpf::Errno::EINVAL));
    l.finalize().unwrap();
}

#[test]
fn extern_functions_variables_and_maps_resolve_across_objects() {
    let objs: Vec<Vec<u8>> = [
        "funcs1", "funcs2", "vars1", "vars2", "maps1", "maps2", "maps3",
    ]
    .iter()
    .map(|n| linker_prog(n))
    .collect();
    let refs: Vec<&[u8]> = objs.iter().map(|o| &o[..]).collect();
    let out = link(&refs);
    let s = ObjectSpec::parse(&out).unwrap();
    assert!(s.externs.is_empty(), "every extern was resolved");
    let mut maps: Vec<_> = s
        .maps
        .iter()
        .filter(|m| m.kind == bpf::elf::MapKind::Btf)
        .map(|m| m.real_name.to_string())
        .collect();
    maps.sort();
    assert_eq!(maps, ["events", "outer", "shared_map", "weak_map"]);
    assert_eq!(s.progs.iter().filter(|p| !p.is_subprog).count(), 7);
}
