//! Unit tests of the linker on hand-built objects (clang-built ones are in
//! `tests/linker.rs`; byte identity with upstream is `c-tests/linker`).

use super::*;

/// Upstream v1.7.0's output when nothing was added: `.strtab`, `.symtab`
/// with the null symbol, laid out by libelf.
const EMPTY_OUTPUT: &str = concat!(
    "7f454c460201010000000000000000000100f700010000000000000000000000",
    "0000000000000000700000000000000000000000400000000000400003000100",
    "002e737472746162002e73796d74616200000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000001000000030000002000000000000000",
    "0000000000000000400000000000000011000000000000000000000000000000",
    "0100000000000000000000000000000009000000020000000000000000000000",
    "0000000000000000580000000000000018000000000000000100000000000000",
    "08000000000000001800000000000000",
);

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn empty_output_is_upstreams() {
    let mut l = Linker::new();
    assert_eq!(l.finalize().unwrap(), unhex(EMPTY_OUTPUT));
    assert!(l.is_finalized());
    assert_eq!(l.finalize(), Err(EINVAL), "finalize twice");
    assert_eq!(l.add_obj(&[], "x"), Err(EINVAL), "add after finalize");
}

#[test]
fn strset_keeps_first_insertion_order_and_dedups() {
    let mut s = StrSet::new();
    assert_eq!(s.add(b""), 0);
    assert_eq!(s.add(b"abc"), 1);
    assert_eq!(s.add(b"bc"), 5, "a suffix is not shared");
    assert_eq!(s.add(b"abc"), 1);
    assert_eq!(s.get(5), b"bc");
    assert_eq!(s.data, b"\0abc\0bc\0");
}

/// A minimal relocatable ELF64 built by hand: `.text` with one local
/// function `f` of two instructions, `license`, `.symtab`, `.strtab`.
fn tiny_object(machine: u16, big: bool) -> Vec<u8> {
    let o = Order(big);
    let text = [0xb7u8, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0];
    let license = b"GPL\0";
    let strtab = b"\0.text\0license\0.symtab\0.strtab\0f\0";
    let mut syms = Vec::new();
    for (name, info, shndx, size) in [(0u32, 0u8, 0u16, 0u64), (31, 0x02, 1, 16)] {
        o.put32(&mut syms, name);
        syms.extend_from_slice(&[info, 0]);
        o.put16(&mut syms, shndx);
        o.put64(&mut syms, 0);
        o.put64(&mut syms, size);
    }
    let mut img = vec![0u8; 64];
    let place = |img: &mut Vec<u8>, data: &[u8], align: usize| {
        img.resize(img.len().next_multiple_of(align), 0);
        let off = img.len();
        img.extend_from_slice(data);
        off as u64
    };
    let offs = [
        place(&mut img, &text, 8),
        place(&mut img, license, 1),
        place(&mut img, &syms, 8),
        place(&mut img, strtab, 1),
    ];
    img.resize(img.len().next_multiple_of(8), 0);
    let shoff = img.len() as u64;
    img.extend_from_slice(&[0; 64]);
    // (name, type, flags, size, link, info, align, entsize)
    let hdrs = [
        (1u32, elf::SHT_PROGBITS, 6u64, 16u64, 0u32, 0u32, 8u64, 0u64),
        (7, elf::SHT_PROGBITS, 3, 4, 0, 0, 1, 0),
        (15, elf::SHT_SYMTAB, 0, syms.len() as u64, 4, 1, 8, 24),
        (23, elf::SHT_STRTAB, 0, strtab.len() as u64, 0, 0, 1, 0),
    ];
    for (i, h) in hdrs.iter().enumerate() {
        o.put32(&mut img, h.0);
        o.put32(&mut img, h.1);
        o.put64(&mut img, h.2);
        o.put64(&mut img, 0);
        o.put64(&mut img, offs[i]);
        o.put64(&mut img, h.3);
        o.put32(&mut img, h.4);
        o.put32(&mut img, h.5);
        o.put64(&mut img, h.6);
        o.put64(&mut img, h.7);
    }
    let mut ehdr = b"\x7fELF\x02\x01\x01".to_vec();
    ehdr[5] = if big { 2 } else { 1 };
    ehdr.resize(16, 0);
    o.put16(&mut ehdr, elf::ET_REL);
    o.put16(&mut ehdr, machine);
    o.put32(&mut ehdr, 1);
    o.put64(&mut ehdr, 0);
    o.put64(&mut ehdr, 0);
    o.put64(&mut ehdr, shoff);
    o.put32(&mut ehdr, 0);
    for v in [64u16, 0, 0, 64, 5, 4] {
        o.put16(&mut ehdr, v);
    }
    img[..64].copy_from_slice(&ehdr);
    img
}

#[test]
fn two_objects_append_code_and_keep_one_license() {
    let obj = tiny_object(elf::EM_BPF, false);
    let mut l = Linker::new();
    l.add_obj(&obj, "a").unwrap();
    l.add_obj(&obj, "b").unwrap();
    let text = l.find_dst_sec(b".text").unwrap();
    assert_eq!(l.secs[text].raw.len(), 32, "both functions");
    let lic = l.find_dst_sec(b"license").unwrap();
    assert_eq!(l.secs[lic].raw, b"GPL\0", "license kept once");
    // null symbol, then `f` of each object (locals: both kept).
    let fs: Vec<_> = l
        .syms
        .iter()
        .filter(|s| l.strtab.get(s.name) == b"f")
        .collect();
    assert_eq!(fs.len(), 2);
    assert_eq!((fs[0].value, fs[1].value), (0, 16));
    let img = l.finalize().unwrap();
    assert_eq!(&img[..6], b"\x7fELF\x02\x01");
    // What we wrote reads back.
    let mut again = Linker::new();
    again.add_obj(&img, "out").unwrap();
}

#[test]
fn other_licenses_are_refused() {
    let a = tiny_object(elf::EM_BPF, false);
    let mut b = a.clone();
    let at = b.windows(4).position(|w| w == b"GPL\0").unwrap();
    b[at..at + 3].copy_from_slice(b"BSD");
    let mut l = Linker::new();
    l.add_obj(&a, "a").unwrap();
    assert_eq!(l.add_obj(&b, "b"), Err(EINVAL));
}

#[test]
fn refusals_have_upstreams_errno() {
    let mut l = Linker::new();
    assert_eq!(l.add_obj(b"not an object", "text"), Err(EINVAL));
    assert_eq!(l.add_obj(&[], "empty"), Err(EINVAL));
    let mut elf32 = tiny_object(elf::EM_BPF, false);
    elf32[4] = 1;
    assert_eq!(l.add_obj(&elf32, "elf32"), Err(EINVAL));
    let x86 = tiny_object(62, false);
    assert_eq!(l.add_obj(&x86, "x86"), Err(Errno::ENOTSUP));
    // The first object fixed the byte order (even though it was refused).
    let be = tiny_object(elf::EM_BPF, true);
    assert_eq!(l.add_obj(&be, "be"), Err(Errno::ENOTSUP));
    let obj = tiny_object(elf::EM_BPF, false);
    assert_eq!(l.add_obj(&obj[..200], "truncated"), Err(EINVAL));
}

#[test]
fn big_endian_objects_give_big_endian_output() {
    let be = tiny_object(elf::EM_BPF, true);
    let mut l = Linker::new();
    l.add_obj(&be, "be").unwrap();
    let img = l.finalize().unwrap();
    assert_eq!(img[5], 2, "ELFDATA2MSB");
    let mut again = Linker::new();
    again.add_obj(&img, "out").unwrap();
}
