//! Malformed objects: each gives a clear error naming the problem (and a log
//! line at the C edge), never a crash.

mod common;

use bpf::object::{Object, OpenOpts};

fn open(image: &[u8]) -> Result<Object, bpf::Error> {
    Object::open(image, "bad", OpenOpts::default())
}

fn err_text(image: &[u8]) -> String {
    match open(image) {
        Ok(_) => panic!("malformed object was accepted"),
        Err(e) => e.to_string(),
    }
}

fn le16(b: &mut [u8], off: usize, v: u16) {
    b[off..off + 2].copy_from_slice(&v.to_le_bytes());
}
fn le64(b: &mut [u8], off: usize, v: u64) {
    b[off..off + 8].copy_from_slice(&v.to_le_bytes());
}

#[test]
fn not_elf_and_truncated() {
    assert!(err_text(b"").contains("not an ELF"));
    assert!(err_text(
        b"hello, this is not an ELF object at all; it is long enough to look at......"
    )
    .contains("not an ELF"));
    let good = common::bpf_object("minimal");
    for cut in [64, 100, good.len() / 2, good.len() - 1] {
        let e = err_text(&good[..cut]);
        assert!(e.starts_with("elf:"), "truncated at {cut}: {e}");
    }
}

#[test]
fn bad_section_table() {
    let good = common::bpf_object("minimal");
    // e_shoff beyond the file.
    let mut b = good.clone();
    le64(&mut b, 0x28, 1 << 40);
    assert!(err_text(&b).contains("section table"), "{}", err_text(&b));
    // e_shstrndx out of range.
    let mut b = good.clone();
    le16(&mut b, 0x3e, 0xfff0);
    let e = err_text(&b);
    assert!(e.starts_with("elf:"), "{e}");
    // Wrong machine.
    let mut b = good.clone();
    le16(&mut b, 0x12, 62); // EM_X86_64
    assert!(err_text(&b).contains("not a BPF object"));
}

#[test]
fn huge_section_sizes_are_refused_not_allocated() {
    let good = common::bpf_object("globals");
    let f = object::File::parse(&*good).unwrap();
    use object::{Object as _, ObjectSection};
    let bss = f.section_by_name(".bss").unwrap();
    let (shoff, idx) = (
        u64::from_le_bytes(good[0x28..0x30].try_into().unwrap()) as usize,
        bss.index().0,
    );
    let mut b = good.clone();
    // sh_size of .bss (NOBITS: no file data) set to 64 GiB.
    le64(&mut b, shoff + idx * 64 + 0x20, 64 << 30);
    let e = err_text(&b);
    assert!(
        e.contains(".bss") && (e.contains("bad size") || e.contains("size")),
        "{e}"
    );
}

#[test]
fn unknown_section_fails_at_load_with_the_name() {
    let obj = open(&common::bpf_object("bad_unknown_sec")).expect("open succeeds, as with libbpf");
    assert_eq!(obj.progs[0].prog_type, 0);
    let mut obj = obj;
    if common::is_root() {
        let (r, log) = common::logged(|| obj.load());
        assert_eq!(r.unwrap_err().errno(), bpf::Errno::EINVAL);
        assert!(
            common::warned(
                &log,
                "missing BPF prog type, check ELF section name 'no_such_kind/foo'"
            ),
            "{log:?}"
        );
    }
}

#[test]
fn legacy_maps_section_is_not_supported() {
    let (e, log) = common::logged(|| err_text(&common::bpf_object("bad_legacy_maps")));
    assert!(e.contains("EOPNOTSUPP"), "{e}");
    assert!(
        common::warned(&log, "legacy map definitions in 'maps' section"),
        "{log:?}"
    );
}

#[test]
fn bad_btf_is_ignored_with_a_warning() {
    // Corrupt the BTF magic: libbpf warns and continues without BTF.
    let good = common::bpf_object("minimal");
    let f = object::File::parse(&*good).unwrap();
    use object::{Object as _, ObjectSection};
    let (off, _) = f.section_by_name(".BTF").unwrap().file_range().unwrap();
    let mut b = good.clone();
    b[off as usize] ^= 0xff;
    let obj = open(&b).expect("open without BTF");
    assert_eq!(obj.progs.len(), 1);
}

#[test]
fn c_edge_reports_errno_and_logs() {
    use bpf::capi::object::bpf_object__open_mem;
    let junk = [0u8; 128];
    // SAFETY: valid buffer and NULL opts.
    let ((p, errno), log) = common::logged(|| {
        let p = unsafe { bpf_object__open_mem(junk.as_ptr().cast(), junk.len(), std::ptr::null()) };
        (p, std::io::Error::last_os_error().raw_os_error())
    });
    let logged: String = log.iter().map(|(l, s)| format!("{l:?} {s}")).collect();
    assert!(p.is_null());
    assert_eq!(errno, Some(libc::EINVAL));
    assert!(
        logged.contains("libbpf: bpf_object__open_mem: elf:") && logged.contains("not an ELF file"),
        "{logged}"
    );
    // NULL buffer.
    // SAFETY: NULL is rejected before use.
    let p = unsafe { bpf_object__open_mem(std::ptr::null(), 10, std::ptr::null()) };
    assert!(p.is_null());
}
