//! Replays the committed fuzz corpora (`fuzz/corpus/<target>/`) and every
//! input that once crashed, ran out of memory or hung a target
//! (`fuzz/regressions/<target>/`) through the same bodies the cargo-fuzz
//! targets run. A panic fails the test; so does an input slower than
//! `SLOW` (a hang the fuzzer reported as a timeout must stay fixed).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SLOW: Duration = Duration::from_secs(10);

type Body = fn(&[u8]);

const TARGETS: &[(&str, Body)] = &[
    ("object_prepare", bpf::fuzz::object_prepare),
    ("btf_new", bpf::fuzz::btf_new),
    ("btf_split", bpf::fuzz::btf_split),
    ("btf_ext_new", bpf::fuzz::btf_ext_new),
    ("usdt", bpf::fuzz::usdt),
    ("kconfig", bpf::fuzz::kconfig),
    ("prog_linfo", bpf::fuzz::prog_linfo),
    ("linker", bpf::fuzz::linker),
];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.is_file());
    v.sort();
    v
}

fn replay(kind: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind);
    let mut n = 0;
    for (name, body) in TARGETS {
        for f in files(&root.join(name)) {
            let data = std::fs::read(&f).unwrap();
            let t = Instant::now();
            body(&data);
            let took = t.elapsed();
            assert!(took < SLOW, "{}: took {took:?}", f.display());
            n += 1;
        }
    }
    n
}

#[test]
fn corpora_replay_cleanly() {
    let n = replay("corpus");
    println!("{n} corpus inputs replayed");
    assert!(n > 0, "no corpus under fuzz/corpus");
}

#[test]
fn regressions_stay_fixed() {
    let n = replay("regressions");
    println!("{n} regression inputs replayed");
}

#[test]
fn every_target_has_a_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, _) in TARGETS {
        assert!(
            !files(&root.join(name)).is_empty(),
            "fuzz/corpus/{name} is empty"
        );
    }
}
