//! Bounded, deterministic fuzzing of the parsers in `make test`: real objects
//! mutated (bit flips, byte stores, truncation, splices) and fed to the same
//! bodies the cargo-fuzz targets use. A panic or hang fails the test.

mod common;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut d = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        match rng.below(5) {
            0 => {
                let i = rng.below(d.len());
                d[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(d.len());
                d[i] = [0u8, 0xff, 0x7f, 0x80, 1][rng.below(5)];
            }
            2 if d.len() >= 4 => {
                // A 32-bit field set to an extreme value.
                let i = rng.below(d.len() - 3);
                let v = [0u32, u32::MAX, 0x7fff_ffff, 0x10000, 8][rng.below(5)];
                d[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
            3 => {
                let n = rng.below(d.len());
                d.truncate(n.max(1));
            }
            _ => {
                let (a, b) = (rng.below(d.len()), rng.below(d.len()));
                let len = rng.below(64).min(d.len() - a.max(b));
                let chunk = d[a..a + len].to_vec();
                d[b..b + len].copy_from_slice(&chunk);
            }
        }
        if d.is_empty() {
            d.push(0);
        }
    }
    d
}

fn section(image: &[u8], name: &str) -> Option<Vec<u8>> {
    use object::{Object, ObjectSection};
    let f = object::File::parse(image).ok()?;
    Some(f.section_by_name(name)?.data().ok()?.to_vec())
}

#[test]
fn parsers_survive_mutated_objects() {
    let seeds: Vec<Vec<u8>> = ["minimal", "minimal_legacy", "globals", "features"]
        .iter()
        .map(|n| common::bpf_object(n))
        .collect();
    let iterations: usize = std::env::var("OXBPF_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut rng = Rng(0x0b9f_2024_1125);
    for i in 0..iterations {
        let seed = &seeds[i % seeds.len()];
        bpf::fuzz::open_mem(&mutate(&mut rng, seed));
    }
    for seed in &seeds {
        let btf = section(seed, ".BTF").unwrap();
        let ext = section(seed, ".BTF.ext").unwrap();
        for _ in 0..iterations / 4 {
            bpf::fuzz::btf_new(&mutate(&mut rng, &btf));
            bpf::fuzz::btf_ext_new(&mutate(&mut rng, &ext));
        }
    }
}

#[test]
fn linker_survives_mutated_object_pairs() {
    let seeds: Vec<Vec<u8>> = ["minimal", "globals", "map_in_map", "ksyms", "core_task"]
        .iter()
        .map(|n| common::bpf_object(n))
        .collect();
    let iterations: usize = std::env::var("OXBPF_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
        / 4;
    let mut rng = Rng(0x11b7_e2fe_0b1e_c7a5);
    for i in 0..iterations {
        let a = &seeds[i % seeds.len()];
        let b = &seeds[(i / seeds.len()) % seeds.len()];
        let (x, y) = match i % 3 {
            0 => (mutate(&mut rng, a), b.clone()),
            1 => (a.clone(), mutate(&mut rng, b)),
            _ => (mutate(&mut rng, a), mutate(&mut rng, b)),
        };
        bpf::fuzz::linker_pair(&x, &y);
    }
}
