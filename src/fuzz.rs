//! Bodies of the fuzz targets, shared by `fuzz/` (cargo-fuzz) and the
//! replay of corpora and regressions in `make test` (tests/fuzz_smoke.rs,
//! tests/fuzz_replay.rs). Each must return normally on any input: no panic,
//! no abort, no hang. One body per parser or transformer of input bytes.

use crate::btf::Btf;
use crate::error::Result;
use crate::object::{KernelFacts, Object, OpenOpts};
use std::sync::Arc;

/// Log lines are formatted (that code runs too) but not printed: the
/// default printer would write every warning of every input to stderr.
fn quiet() {
    fn drop_line(_: crate::log::Level, _: &crate::log::Line) {}
    crate::log::set_target(crate::log::Target::Sink(drop_line));
}

/// Kernel answers for the offline prepare: fixed, and the kconfig text is
/// the one the input carries.
struct Facts<'a>(&'a str);

impl KernelFacts for Facts<'_> {
    fn kernel_version(&self) -> u32 {
        0x0006_1200
    }
    fn has_bpf_cookie(&self) -> bool {
        true
    }
    fn has_syscall_wrapper(&self) -> bool {
        true
    }
    fn kconfig(&self) -> Result<String> {
        Ok(self.0.to_string())
    }
}

/// `bpf_object__open_mem` without the C edge: parse and build the object.
pub fn open_mem(data: &[u8]) {
    quiet();
    let _ = Object::open(data, "fuzz", OpenOpts::default());
}

/// Open, then everything `bpf_object__prepare` does that needs no kernel:
/// kconfig externs, resized sections, BTF sanitized for an old kernel, CO-RE
/// against the object's own BTF, programs linked with their subprograms.
pub fn object_prepare(data: &[u8]) {
    quiet();
    let Ok(mut obj) = Object::open(data, "fuzz", OpenOpts::default()) else {
        return;
    };
    // The object's own BTF as the CO-RE target: every local type has a candidate.
    let target = obj.spec.btf.clone().unwrap_or_else(|| Btf::new_empty(None));
    let old_kernel = crate::btf::sanitize::Features {
        func: false,
        func_global: false,
        datasec: false,
        qmark_datasec: false,
        float: false,
        decl_tag: false,
        type_tag: false,
        enum64: false,
    };
    let facts = Facts("CONFIG_BPF=y\nCONFIG_HZ=250\nCONFIG_LOCALVERSION=\"-fuzz\"\n");
    let _ = obj.prepare_offline(&facts, &target, &old_kernel);
}

/// The C dumper (`btf_dump__*`) over whatever parsed: every call returns.
fn btf_dump(btf: &Btf) {
    use crate::btf::dump::{DataOpts, DeclOpts, Dumper};
    let Ok(mut d) = Dumper::new(btf) else {
        return;
    };
    // Mutated sizes ask for gigabytes of padding (libbpf would print them);
    // 4 KiB per call still reaches every loop's limit check, and keeps the
    // target at thousands of executions a second.
    d.set_output_limit(1 << 12);
    let mut out = Vec::new();
    // Enough for every base type and a few elements; aggregates past it
    // read as zeros, and each byte more is another element per array.
    let data = [0x5au8; 64];
    for id in 0..btf.type_cnt().min(512) {
        let _ = d.dump_type(btf, id, &mut out);
        // Both declarator modes (stripped modifiers take another path).
        let decl = DeclOpts {
            strip_mods: id % 2 == 1,
            ..Default::default()
        };
        let _ = d.emit_type_decl(btf, id, &decl, &mut out);
        let _ = d.dump_type_data(btf, id, &data, &DataOpts::default(), &mut out);
        out.clear();
    }
}

/// `btf__dedup` on a copy: it returns, and what it leaves parses again.
fn btf_dedup(btf: &Btf) {
    use crate::btf::dedup::DedupOpts;
    let mut d = btf.clone();
    if d.dedup(None, &DedupOpts::default()).is_ok() {
        let raw = d.raw();
        let again = match d.base() {
            Some(b) => Btf::parse_split(&raw, Some(b.clone())),
            None => Btf::parse(&raw),
        };
        assert!(again.is_ok(), "dedup output does not parse");
        let _ = d.dedup(
            None,
            &DedupOpts {
                force_collisions: true,
            },
        );
    }
}

/// BTF parsing and the lookups the loader makes on it.
pub fn btf_new(data: &[u8]) {
    quiet();
    let checked = Btf::parse(data);
    if let Ok(btf) = &checked {
        btf_dump(btf);
        btf_dedup(btf);
        for id in 0..btf.type_cnt().min(4096) {
            let _ = btf.resolve_size(id);
            let _ = btf.skip_mods_and_typedefs(id);
            if let Some(t) = btf.type_by_id(id) {
                let _ = btf.name_of(&t);
            }
        }
    }
    // The lazily checked form (how vmlinux BTF is read): types are checked
    // only when read, so every accessor must cope with the unchecked rest.
    let backing: crate::btf::Backing = Arc::new(data.to_vec());
    if let Ok(btf) = Btf::parse_shared_lazy(backing, None) {
        for id in 0..btf.type_cnt().min(4096) {
            let _ = btf.resolve_size(id);
            let _ = btf.align_of(id);
            let _ = btf.resolve_type(id);
            let _ = btf.skip_mods_and_typedefs(id);
        }
        // Where every type passed the checks above, the dumper has met
        // them already: only unchecked types are new to it here.
        if checked.is_err() {
            btf_dump(&btf);
        }
        let _ = btf.find_by_name("task_struct");
        let _ = btf.known_pointer_size();
        let _ = btf.validate_all();
    }
}

/// Split BTF: the input is `[n: u16 le][base: n bytes][split: rest]`; the
/// split part is parsed on the base, then deduplicated, dumped, distilled
/// (`btf__distill_base`) and relocated back onto the full base (`btf__relocate`).
pub fn btf_split(data: &[u8]) {
    quiet();
    let Some((n, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let n = (u16::from_le_bytes(*n) as usize).min(rest.len());
    let (base, split) = rest.split_at(n);
    let Ok(base) = Btf::parse(base) else { return };
    let base = Arc::new(base);
    let Ok(split) = Btf::parse_split(split, Some(base.clone())) else {
        return;
    };
    btf_dump(&split);
    btf_dedup(&split);
    if let Ok((dist, mut moved)) = crate::btf::distill::distill_base(&split) {
        let _ = dist.raw();
        let _ = moved.raw();
        let _ = crate::btf::distill::relocate(&mut moved, base);
    }
}

/// `.BTF.ext` parsing, and every record the loader reads from it.
pub fn btf_ext_new(data: &[u8]) {
    quiet();
    let Ok(mut ext) = crate::btf::ext::BtfExt::parse(data) else {
        return;
    };
    for (_, info) in ext.core_relo.iter() {
        for r in info.recs() {
            let _ = crate::btf::core::CoreRelo::from_bytes(r);
        }
    }
    let offs = ext.str_offs();
    ext.set_str_offs(&offs);
    let _ = ext.remap_type_ids(&mut |id| Ok(id.wrapping_add(1)));
}

/// USDT: `.note.stapsdt` notes (with and without a `.stapsdt.base` fix-up),
/// then each note's argument string parsed and encoded as a spec.
pub fn usdt(data: &[u8]) {
    quiet();
    use crate::attach::usdt::{encode_spec, parse_arg, parse_notes};
    for base in [None, Some(0x1000)] {
        let Ok(notes) = parse_notes(data, base) else {
            continue;
        };
        for n in &notes {
            let args: Result<Vec<_>> = n.args.split_whitespace().map(parse_arg).collect();
            if let Ok(args) = args {
                let _ = encode_spec(&args, 7);
            }
        }
    }
    // The input as one argument string too (what the notes' strings hold).
    let text = String::from_utf8_lossy(data);
    for a in text.split_whitespace() {
        let _ = parse_arg(a);
    }
}

/// Kconfig text (`CONFIG_X=value` lines, as in /proc/config.gz or the
/// `kconfig` open option) applied to externs of every kcfg type.
pub fn kconfig(data: &[u8]) {
    quiet();
    use crate::elf::externs::{apply_kconfig, Extern, ExternKind, KcfgType};
    let ext = |name: &str, ty, size, data_off| Extern {
        name: name.into(),
        weak: true,
        kind: ExternKind::Kcfg {
            ty,
            size,
            align: size.min(8),
            data_off,
        },
    };
    let exts = [
        ext("CONFIG_BOOL", KcfgType::Bool, 1, 0),
        ext("CONFIG_CHAR", KcfgType::Char, 1, 1),
        ext("CONFIG_TRI", KcfgType::Tristate, 4, 4),
        ext("CONFIG_S8", KcfgType::Int { signed: true }, 1, 8),
        ext("CONFIG_U16", KcfgType::Int { signed: false }, 2, 10),
        ext("CONFIG_S32", KcfgType::Int { signed: true }, 4, 12),
        ext("CONFIG_U64", KcfgType::Int { signed: false }, 8, 16),
        ext("CONFIG_STR", KcfgType::CharArr, 16, 24),
        ext("CONFIG_STR1", KcfgType::CharArr, 1, 40),
    ];
    let text = String::from_utf8_lossy(data);
    let mut set = [false; 9];
    let mut value = [0u8; 41];
    let _ = apply_kconfig(&text, &exts, &mut set, &mut value);
}

/// `bpf_prog_linfo__new` and its lookups. The input is a small header
/// `[nr: u16][rec_size: u8][jited_rec_size: u8][nr_funcs: u8]`, then the
/// line records, the jited address records, the functions' start
/// addresses (u64) and lengths (u32).
pub fn prog_linfo(data: &[u8]) {
    quiet();
    use crate::btf::linfo::ProgLineInfo;
    let Some((h, rest)) = data.split_first_chunk::<5>() else {
        return;
    };
    let nr = u16::from_le_bytes([h[0], h[1]]) as u32;
    let (rs, jrs, nf) = (h[2] as u32, h[3] as u32, h[4] as usize);
    let take = |b: &mut &[u8], n: usize| {
        let (a, r) = b.split_at(n.min(b.len()));
        *b = r;
        a.to_vec()
    };
    let mut b = rest;
    let raw = take(&mut b, nr as usize * rs as usize);
    let jraw = take(&mut b, nr as usize * jrs as usize);
    let ksyms: Vec<u64> = take(&mut b, nf * 8)
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    let lens: Vec<u32> = take(&mut b, nf * 4)
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    let Ok(l) = ProgLineInfo::new(&raw, rs, nr) else {
        return;
    };
    for off in [0, 1, 7, 100, u32::MAX] {
        for skip in [0, 1, nr] {
            if let Some(i) = l.lfind(off, skip) {
                let _ = l.record(i);
            }
        }
    }
    let Ok(l) = l.with_jited(&jraw, jrs, &ksyms, &lens) else {
        return;
    };
    for (f, &addr) in ksyms.iter().enumerate() {
        for a in [addr, addr.wrapping_add(1), addr.wrapping_add(64), u64::MAX] {
            for skip in [0, 1] {
                if let Some(i) = l.lfind_addr_func(a, f as u32, skip) {
                    let _ = l.record(i);
                }
            }
        }
    }
}

/// The static linker over two objects: the first four bytes give where the
/// rest splits into the two inputs.
pub fn linker(data: &[u8]) {
    quiet();
    let Some((head, rest)) = data.split_first_chunk::<4>() else {
        return;
    };
    let at = (u32::from_le_bytes(*head) as usize).min(rest.len());
    let (a, b) = rest.split_at(at);
    linker_pair(a, b);
}

/// Links `a` and `b`; whatever comes out is linked once more.
pub fn linker_pair(a: &[u8], b: &[u8]) {
    use crate::linker::Linker;
    let mut l = Linker::new();
    let _ = l.add_obj(a, "a");
    let _ = l.add_obj(b, "b");
    if let Ok(out) = l.finalize() {
        let mut again = Linker::new();
        let _ = again.add_obj(&out, "out");
        let _ = again.finalize();
    }
}
