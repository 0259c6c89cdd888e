//! Bodies of the fuzz targets, shared by `fuzz/` (cargo-fuzz) and the bounded
//! smoke run in `tests/fuzz_smoke.rs`. Each must return normally on any input.

use crate::object::{Object, OpenOpts};

/// `bpf_object__open_mem` without the C edge: parse and build the object.
pub fn open_mem(data: &[u8]) {
    let _ = Object::open(data, "fuzz", OpenOpts::default());
}

/// The C dumper (`btf_dump__*`) over whatever parsed: every call returns.
fn btf_dump(btf: &crate::btf::Btf) {
    use crate::btf::dump::{DataOpts, DeclOpts, Dumper};
    let Ok(mut d) = Dumper::new(btf) else {
        return;
    };
    // Mutated sizes ask for gigabytes of padding (libbpf would print them).
    d.set_output_limit(1 << 16);
    let mut out = Vec::new();
    let data = [0x5au8; 256];
    for id in 0..btf.type_cnt().min(512) {
        let _ = d.dump_type(btf, id, &mut out);
        let _ = d.emit_type_decl(btf, id, &DeclOpts::default(), &mut out);
        let _ = d.dump_type_data(btf, id, &data, &DataOpts::default(), &mut out);
        out.clear();
    }
}

/// `btf__dedup` on a copy: it returns, and what it leaves parses again.
fn btf_dedup(btf: &crate::btf::Btf) {
    use crate::btf::dedup::DedupOpts;
    let mut d = btf.clone();
    if d.dedup(None, &DedupOpts::default()).is_ok() {
        let raw = d.raw();
        assert!(
            crate::btf::Btf::parse(&raw).is_ok(),
            "dedup output does not parse"
        );
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
    if let Ok(btf) = crate::btf::Btf::parse(data) {
        btf_dump(&btf);
        btf_dedup(&btf);
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
    let backing: crate::btf::Backing = std::sync::Arc::new(data.to_vec());
    if let Ok(btf) = crate::btf::Btf::parse_shared_lazy(backing, None) {
        for id in 0..btf.type_cnt().min(4096) {
            let _ = btf.resolve_size(id);
            let _ = btf.align_of(id);
            let _ = btf.resolve_type(id);
            let _ = btf.skip_mods_and_typedefs(id);
        }
        btf_dump(&btf);
        let _ = btf.find_by_name("task_struct");
        let _ = btf.known_pointer_size();
        let _ = btf.validate_all();
    }
}

/// `.BTF.ext` parsing.
pub fn btf_ext_new(data: &[u8]) {
    let _ = crate::btf::ext::BtfExt::parse(data);
}

/// The static linker over two objects: the first four bytes give where the
/// rest splits into the two inputs.
pub fn linker(data: &[u8]) {
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
