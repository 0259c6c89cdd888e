//! USDT probes: `.note.stapsdt` notes of a binary, their x86-64 argument
//! specs encoded in the v1.7 `struct __bpf_usdt_spec` layout of
//! `<bpf/usdt.bpf.h>`, written to the object's spec map, and one uprobe per
//! call site carrying the spec id as its BPF cookie (semaphores as uprobe
//! reference counters).

use super::elfsym::{resolve_binary, ElfImage};
use super::uprobe::{attach_at, UprobeOpts};
use super::{prog_fd, Link, LinkKind};
use crate::error::{Errno, Error, Result};
use crate::object::{Map, Object, Program};
use crate::sys;
use object::{Object as _, ObjectSection};
use std::collections::HashMap;
use std::sync::Mutex;

/// `BPF_USDT_MAX_SPEC_CNT` / `BPF_USDT_MAX_ARG_CNT` of usdt.bpf.h.
pub const MAX_SPEC_CNT: usize = 256;
pub const MAX_ARG_CNT: usize = 12;
/// Sizes of `struct __bpf_usdt_arg_spec` and `struct __bpf_usdt_spec` (v1.7).
const ARG_SPEC_SIZE: usize = 24;
pub const SPEC_SIZE: usize = 304;
/// The two maps usdt.bpf.h defines, by their names in the object.
const SPECS_MAP: &str = "__bpf_usdt_specs";
const IP_TO_SPEC_ID_MAP: &str = "__bpf_usdt_ip_to_spec_id";

/// `enum __bpf_usdt_arg_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    Const = 0,
    Reg = 1,
    RegDeref = 2,
    Sib = 3,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArgSpec {
    pub kind: ArgKind,
    pub val_off: u64,
    pub reg_off: i16,
    pub idx_reg_off: u16,
    pub scale_bitshift: u8,
    pub signed: bool,
    /// 64 - 8 * size.
    pub bitshift: u8,
}

/// One `.note.stapsdt` probe site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub provider: String,
    pub name: String,
    /// Virtual address of the probe (after `.stapsdt.base` adjustment).
    pub pc: u64,
    /// The probe's and `.stapsdt.base`'s addresses as the note records them.
    pub loc: u64,
    pub base: u64,
    /// Virtual address of the semaphore, 0 if none.
    pub sema: u64,
    pub args: String,
}

/// `struct pt_regs` offset of an x86-64 register by any of its names.
pub fn x86_reg_off(name: &str) -> Option<i16> {
    const REGS: &[(&[&str], i16)] = &[
        (&["r15", "r15d", "r15w", "r15b"], 0),
        (&["r14", "r14d", "r14w", "r14b"], 8),
        (&["r13", "r13d", "r13w", "r13b"], 16),
        (&["r12", "r12d", "r12w", "r12b"], 24),
        (&["rbp", "ebp", "bp", "bpl"], 32),
        (&["rbx", "ebx", "bx", "bl", "bh"], 40),
        (&["r11", "r11d", "r11w", "r11b"], 48),
        (&["r10", "r10d", "r10w", "r10b"], 56),
        (&["r9", "r9d", "r9w", "r9b"], 64),
        (&["r8", "r8d", "r8w", "r8b"], 72),
        (&["rax", "eax", "ax", "al", "ah"], 80),
        (&["rcx", "ecx", "cx", "cl", "ch"], 88),
        (&["rdx", "edx", "dx", "dl", "dh"], 96),
        (&["rsi", "esi", "si", "sil"], 104),
        (&["rdi", "edi", "di", "dil"], 112),
        (&["rip", "eip"], 128),
        (&["rsp", "esp", "sp", "spl"], 152),
    ];
    REGS.iter()
        .find(|(names, _)| names.contains(&name))
        .map(|(_, off)| *off)
}

fn parse_int(s: &str) -> Option<i64> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let v = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => i64::from_str_radix(h, 16).ok()?,
        None if s.is_empty() => 0,
        None => s.parse().ok()?,
    };
    Some(if neg { -v } else { v })
}

fn reg(s: &str) -> Result<i16> {
    let r = s.trim().strip_prefix('%').unwrap_or(s.trim());
    x86_reg_off(r).ok_or_else(|| Error::inval(format!("usdt: unrecognized register '{s}'")))
}

/// Parses one x86-64 argument (`-4@%eax`, `8@-8(%rbp)`, `4@$5`, `8@(%rdx,%rax,8)`).
pub fn parse_arg(arg: &str) -> Result<ArgSpec> {
    let bad = || Error::inval(format!("usdt: unrecognized argument spec '{arg}'"));
    let (size, op) = arg.split_once('@').ok_or_else(bad)?;
    let size = parse_int(size).ok_or_else(bad)?;
    let bytes = size.unsigned_abs();
    if !matches!(bytes, 1 | 2 | 4 | 8) {
        return Err(Error::inval(format!("usdt: bad argument size in '{arg}'")));
    }
    let mut spec = ArgSpec {
        kind: ArgKind::Const,
        val_off: 0,
        reg_off: 0,
        idx_reg_off: 0,
        scale_bitshift: 0,
        signed: size < 0,
        bitshift: (64 - 8 * bytes) as u8,
    };
    if let Some(imm) = op.strip_prefix('$') {
        spec.val_off = parse_int(imm).ok_or_else(bad)? as u64;
    } else if op.starts_with('%') {
        spec.kind = ArgKind::Reg;
        spec.reg_off = reg(op)?;
    } else if let Some((disp, rest)) = op.split_once('(') {
        let inner = rest.strip_suffix(')').ok_or_else(bad)?;
        spec.val_off = parse_int(disp).ok_or_else(bad)? as u64;
        let parts: Vec<&str> = inner.split(',').collect();
        spec.reg_off = reg(parts[0])?;
        match parts.len() {
            1 => spec.kind = ArgKind::RegDeref,
            2 | 3 => {
                spec.kind = ArgKind::Sib;
                spec.idx_reg_off = reg(parts[1])? as u16;
                let scale = if parts.len() == 3 {
                    parse_int(parts[2].trim()).ok_or_else(bad)?
                } else {
                    1
                };
                spec.scale_bitshift = match scale {
                    1 => 0,
                    2 => 1,
                    4 => 2,
                    8 => 3,
                    _ => return Err(bad()),
                };
            }
            _ => return Err(bad()),
        }
    } else {
        return Err(bad());
    }
    Ok(spec)
}

/// Encodes a whole `struct __bpf_usdt_spec` (v1.7 layout, little-endian).
pub fn encode_spec(args: &[ArgSpec], cookie: u64) -> Result<[u8; SPEC_SIZE]> {
    if args.len() > MAX_ARG_CNT {
        return Err(Error::other(
            Errno::E2BIG,
            format!("usdt: too many arguments ({} > {MAX_ARG_CNT})", args.len()),
        ));
    }
    let mut b = [0u8; SPEC_SIZE];
    for (i, a) in args.iter().enumerate() {
        let o = i * ARG_SPEC_SIZE;
        b[o..o + 8].copy_from_slice(&a.val_off.to_le_bytes());
        b[o + 8] = a.kind as u8;
        let packed = (a.idx_reg_off & 0xfff) | (u16::from(a.scale_bitshift) << 12);
        b[o + 10..o + 12].copy_from_slice(&packed.to_le_bytes());
        b[o + 14..o + 16].copy_from_slice(&a.reg_off.to_le_bytes());
        b[o + 16] = u8::from(a.signed);
        b[o + 17] = a.bitshift;
    }
    b[288..296].copy_from_slice(&cookie.to_le_bytes());
    b[296..298].copy_from_slice(&(args.len() as i16).to_le_bytes());
    Ok(b)
}

fn rd64(b: &[u8], o: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(o..o + 8)?.try_into().ok()?))
}

/// Parses the notes of a `.note.stapsdt` section; `base_fix` is
/// `.stapsdt.base`'s address (the notes record the link-time one).
pub fn parse_notes(data: &[u8], base_fix: Option<u64>) -> Result<Vec<Note>> {
    let mut out = Vec::new();
    let mut o = 0usize;
    let al = |n: usize| (n + 3) & !3;
    let rd32 = |o: usize| -> Option<usize> {
        Some(u32::from_le_bytes(data.get(o..o + 4)?.try_into().ok()?) as usize)
    };
    while o + 12 <= data.len() {
        let bad = || Error::Elf("usdt: truncated .note.stapsdt".into());
        let (namesz, descsz, ty) = (
            rd32(o).ok_or_else(bad)?,
            rd32(o + 4).ok_or_else(bad)?,
            rd32(o + 8).ok_or_else(bad)?,
        );
        let name_at = o + 12;
        let desc_at = name_at + al(namesz);
        let next = desc_at + al(descsz);
        if next > data.len() {
            return Err(bad());
        }
        let name = &data[name_at..name_at + namesz];
        if ty == 3 && name == b"stapsdt\0" && descsz >= 24 {
            let d = &data[desc_at..desc_at + descsz];
            let (mut pc, base, mut sema) = (
                rd64(d, 0).ok_or_else(bad)?,
                rd64(d, 8).ok_or_else(bad)?,
                rd64(d, 16).ok_or_else(bad)?,
            );
            if let Some(fix) = base_fix {
                pc = pc.wrapping_add(fix).wrapping_sub(base);
                if sema != 0 {
                    sema = sema.wrapping_add(fix).wrapping_sub(base);
                }
            }
            let mut strs = d[24..]
                .split(|&b| b == 0)
                .map(|s| String::from_utf8_lossy(s).into_owned());
            out.push(Note {
                provider: strs.next().unwrap_or_default(),
                name: strs.next().unwrap_or_default(),
                pc,
                loc: rd64(d, 0).ok_or_else(bad)?,
                base,
                sema,
                args: strs.next().unwrap_or_default(),
            });
        }
        o = next;
    }
    Ok(out)
}

/// Spec ids in use, per object (by [`Object::id`]), as libbpf's USDT
/// manager keeps them for its object.
static SPEC_IDS: Mutex<Option<HashMap<u64, Vec<bool>>>> = Mutex::new(None);

fn alloc_ids(obj_id: u64, n: usize) -> Result<Vec<u32>> {
    let mut g = SPEC_IDS.lock().unwrap_or_else(|p| p.into_inner());
    let used = g
        .get_or_insert_with(HashMap::new)
        .entry(obj_id)
        .or_insert_with(|| vec![false; MAX_SPEC_CNT]);
    let free: Vec<u32> = (0..MAX_SPEC_CNT as u32)
        .filter(|&i| !used[i as usize])
        .take(n)
        .collect();
    if free.len() < n {
        return Err(Error::other(
            Errno::E2BIG,
            format!("usdt: out of spec ids (BPF_USDT_MAX_SPEC_CNT = {MAX_SPEC_CNT})"),
        ));
    }
    for &i in &free {
        used[i as usize] = true;
    }
    Ok(free)
}

/// Spec ids a USDT link gives back when destroyed.
#[derive(Debug)]
pub struct SpecRelease {
    obj_id: u64,
    ids: Vec<u32>,
}

impl SpecRelease {
    pub fn release(self) {
        let mut g = SPEC_IDS.lock().unwrap_or_else(|p| p.into_inner());
        let Some(all) = g.as_mut() else { return };
        if let Some(used) = all.get_mut(&self.obj_id) {
            for i in self.ids {
                used[i as usize] = false;
            }
            if !used.contains(&true) {
                all.remove(&self.obj_id);
            }
        }
    }
}

/// The object's USDT spec map, found by name as libbpf's USDT manager
/// does: whether the program itself reads it or not (a program that only
/// counts hits never does), both maps of usdt.bpf.h must be there.
fn spec_map(obj: &Object) -> Result<&Map> {
    match (
        obj.map_by_name(SPECS_MAP),
        obj.map_by_name(IP_TO_SPEC_ID_MAP),
    ) {
        (Some(specs), Some(_)) => Ok(specs),
        _ => {
            crate::warn!(
                "usdt: failed to find USDT support BPF maps, did you forget to include bpf/usdt.bpf.h?"
            );
            Err(Error::Reported(Errno::ESRCH))
        }
    }
}

/// Attaches to every site of `provider:name` in `binary` (`bpf_program__attach_usdt`).
pub fn attach(
    prog: &Program,
    obj: &Object,
    pid: i32,
    binary: &str,
    provider: &str,
    name: &str,
    cookie: u64,
) -> Result<Link> {
    prog_fd(prog)?;
    let path = resolve_binary(binary).map_err(|e| {
        crate::warn!(
            "prog '{}': failed to resolve full path for '{binary}': {}",
            prog.name,
            e.errno()
        );
        Error::Reported(e.errno())
    })?;
    let specs_map = spec_map(obj)?;
    let img = ElfImage::read(&path)?;
    let elf = img.parse()?;
    let shown = path.display().to_string();
    let Some(sec) = elf.section_by_name(".note.stapsdt") else {
        crate::warn!("usdt: no USDT notes section (.note.stapsdt) found in '{shown}'");
        return Err(Error::Reported(Errno::ENOENT));
    };
    let base = elf.section_by_name(".stapsdt.base").map(|b| b.address());
    let notes = parse_notes(sec.data().map_err(|e| Error::Elf(e.to_string()))?, base)?;
    let segs = load_segments(&elf, &shown);
    let sites: Vec<&Note> = notes
        .iter()
        .filter(|n| n.provider == provider && n.name == name)
        .collect();
    if sites.is_empty() {
        // libbpf says nothing here (-ENOENT); a debug line says why.
        crate::debug!("usdt: no USDT notes for '{provider}:{name}' in '{shown}'");
        return Err(Error::Reported(Errno::ENOENT));
    }
    if crate::log::enabled(crate::log::Level::Debug) {
        use object::read::elf::FileHeader;
        let exec = elf.elf_header().e_type(elf.endian()) == object::elf::ET_EXEC;
        for n in &sites {
            log_site(n, &segs, &shown, if exec { "exec" } else { "lib " });
        }
    }
    // One spec per distinct argument string.
    let mut specs: Vec<&str> = sites.iter().map(|n| n.args.as_str()).collect();
    specs.sort_unstable();
    specs.dedup();
    let encoded: Vec<[u8; SPEC_SIZE]> = specs
        .iter()
        .map(|a| {
            let args = a
                .split_whitespace()
                .map(parse_arg)
                .collect::<Result<Vec<_>>>()
                .map_err(|e| {
                    Error::inval(format!(
                        "prog '{}': usdt '{provider}:{name}': {e}",
                        prog.name
                    ))
                })?;
            encode_spec(&args, cookie)
        })
        .collect::<Result<_>>()?;
    let map = specs_map.fd().ok_or_else(|| {
        Error::other(
            Errno::EBADF,
            format!(
                "prog '{}': usdt: map '{SPECS_MAP}' was not created",
                prog.name
            ),
        )
    })?;
    let ids = alloc_ids(obj.id, specs.len())?;
    let release = SpecRelease {
        obj_id: obj.id,
        ids: ids.clone(),
    };
    let mut links = Vec::new();
    let res = (|| -> Result<()> {
        for (id, spec) in ids.iter().zip(&encoded) {
            sys::bpf::map_update_elem(map, &id.to_ne_bytes(), spec, 0).map_err(|e| {
                Error::sys(
                    format!("prog '{}': usdt: failed to write spec #{id}", prog.name),
                    e,
                )
            })?;
        }
        let path_s = path.to_string_lossy().into_owned();
        if prog.expected_attach_type == super::multi::TRACE_UPROBE_MULTI {
            // Loaded for uprobe.multi (see Program::use_uprobe_multi_for_usdt):
            // one link for every site, as libbpf.
            let mut o = super::multi::UprobeMultiOpts::default();
            for n in &sites {
                o.offsets.push(img.addr_to_offset(&elf, n.pc)?);
                o.ref_ctr_offsets.push(if n.sema != 0 {
                    img.addr_to_offset(&elf, n.sema)?
                } else {
                    0
                });
                let idx = specs.iter().position(|a| *a == n.args).unwrap_or(0);
                o.cookies.push(u64::from(ids[idx]));
            }
            links.push(super::multi::attach_uprobe_multi(
                prog, pid, &path_s, None, &o,
            )?);
            return Ok(());
        }
        for n in &sites {
            let off = img.addr_to_offset(&elf, n.pc)?;
            let sema = if n.sema != 0 {
                img.addr_to_offset(&elf, n.sema)?
            } else {
                0
            };
            let idx = specs.iter().position(|a| *a == n.args).unwrap_or(0);
            let opts = UprobeOpts {
                ref_ctr_offset: sema,
                cookie: u64::from(ids[idx]),
                ..Default::default()
            };
            links.push(attach_at(prog, pid, &path_s, off, &opts)?);
        }
        Ok(())
    })();
    if let Err(e) = res {
        for l in links {
            l.destroy();
        }
        release.release();
        return Err(e);
    }
    Ok(Link::new(LinkKind::Group {
        links,
        usdt: Some(release),
    }))
}

/// A `PT_LOAD` segment: `[start, end)` of virtual addresses at file `offset`.
struct Seg {
    start: u64,
    end: u64,
    offset: u64,
}

/// The binary's loadable segments, each program header told at debug level
/// as libbpf does.
fn load_segments(
    elf: &object::read::elf::ElfFile64<'_, object::Endianness>,
    path: &str,
) -> Vec<Seg> {
    use object::read::elf::ProgramHeader;
    let e = elf.endian();
    let mut segs = Vec::new();
    for (i, ph) in elf.elf_program_headers().iter().enumerate() {
        let (vaddr, memsz, offset) = (ph.p_vaddr(e), ph.p_memsz(e), ph.p_offset(e));
        crate::debug!(
            "usdt: discovered PHDR #{i} in '{path}': vaddr {vaddr:#x} memsz {memsz:#x} offset {offset:#x} type {:#x} flags {:#x}",
            ph.p_type(e),
            ph.p_flags(e)
        );
        if ph.p_type(e) == object::elf::PT_LOAD {
            segs.push(Seg {
                start: vaddr,
                end: vaddr + memsz,
                offset,
            });
        }
    }
    segs
}

/// libbpf's debug lines for one probe site (and its semaphore).
fn log_site(n: &Note, segs: &[Seg], path: &str, kind: &str) {
    let seg_of = |a: u64| segs.iter().find(|s| (s.start..s.end).contains(&a));
    let (provider, name) = (&n.provider, &n.name);
    if let Some(s) = seg_of(n.pc) {
        crate::debug!(
            "usdt: probe for '{provider}:{name}' in {kind} '{path}': addr {:#x} base {:#x} (resolved abs_ip {:#x} rel_ip {:#x}) args '{}' in segment [{:#x}, {:#x}) at offset {:#x}",
            n.loc,
            n.base,
            n.pc,
            n.pc - s.start + s.offset,
            n.args,
            s.start,
            s.end,
            s.offset
        );
    }
    if n.sema == 0 {
        return;
    }
    if let Some(s) = seg_of(n.sema) {
        crate::debug!(
            "usdt: sema  for '{provider}:{name}' in {kind} '{path}': addr {:#x} base {:#x} (resolved {:#x}) in segment [{:#x}, {:#x}] at offset {:#x}",
            n.sema,
            n.base,
            n.sema - s.start + s.offset,
            s.start,
            s.end,
            s.offset
        );
    }
}

/// `usdt/<binary>:<provider>:<name>` auto-attach.
pub fn auto_attach(prog: &Program, obj: &Object, target: &str) -> Result<Link> {
    let mut it = target.rsplitn(3, ':');
    let (name, provider, binary) = (it.next(), it.next(), it.next());
    match (binary, provider, name) {
        (Some(b), Some(p), Some(n)) if !b.is_empty() && !p.is_empty() && !n.is_empty() => {
            attach(prog, obj, -1, b, p, n, 0)
        }
        _ => Err(Error::inval(format!(
            "prog '{}': invalid USDT section '{}': expected usdt/binary:provider:name",
            prog.name, prog.sec_name
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x86_args() {
        let a = parse_arg("-4@%eax").unwrap();
        assert_eq!(
            (a.kind, a.reg_off, a.signed, a.bitshift),
            (ArgKind::Reg, 80, true, 32)
        );
        let a = parse_arg("8@-8(%rbp)").unwrap();
        assert_eq!(
            (a.kind, a.reg_off, a.val_off as i64),
            (ArgKind::RegDeref, 32, -8)
        );
        let a = parse_arg("4@$5").unwrap();
        assert_eq!((a.kind, a.val_off), (ArgKind::Const, 5));
        let a = parse_arg("8@(%rdx,%rax,8)").unwrap();
        assert_eq!(
            (a.kind, a.reg_off, a.idx_reg_off, a.scale_bitshift),
            (ArgKind::Sib, 96, 80, 3)
        );
        let a = parse_arg("1@0x10(%rip)").unwrap();
        assert_eq!((a.reg_off, a.val_off, a.bitshift), (128, 16, 56));
        assert!(parse_arg("3@%eax").is_err());
        assert!(parse_arg("8@%xmm0").is_err());
        assert!(parse_arg("8@counter(%rip)").is_err());
    }

    #[test]
    fn spec_layout_matches_usdt_bpf_h() {
        // Same bytes the C compiler lays out for the v1.7 struct (checked
        // against usdt.bpf.h with clang): val_off, type, idx|scale<<12,
        // reg_off, signed, bitshift; cookie at 288, arg_cnt at 296.
        let a = ArgSpec {
            kind: ArgKind::Sib,
            val_off: 0x1122334455667788,
            reg_off: 0x1234,
            idx_reg_off: 0xabc,
            scale_bitshift: 0xd,
            signed: true,
            bitshift: 0x38,
        };
        let b = encode_spec(&[a], 7).unwrap();
        assert_eq!(
            &b[..24],
            &[
                0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 3, 0, 0xbc, 0xda, 0, 0, 0x34, 0x12,
                1, 0x38, 0, 0, 0, 0, 0, 0
            ]
        );
        assert_eq!(u64::from_le_bytes(b[288..296].try_into().unwrap()), 7);
        assert_eq!(i16::from_le_bytes(b[296..298].try_into().unwrap()), 1);
    }

    #[test]
    fn notes() {
        let mut d = Vec::new();
        let desc: Vec<u8> = [0x1010u64, 0x2000, 0x3000]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .chain(b"prov\0probe\0-4@%edi 8@%rsi\0".iter().copied())
            .collect();
        d.extend_from_slice(&8u32.to_le_bytes());
        d.extend_from_slice(&(desc.len() as u32).to_le_bytes());
        d.extend_from_slice(&3u32.to_le_bytes());
        d.extend_from_slice(b"stapsdt\0");
        d.extend_from_slice(&desc);
        while d.len() % 4 != 0 {
            d.push(0);
        }
        let n = parse_notes(&d, Some(0x2100)).unwrap();
        assert_eq!(n.len(), 1);
        assert_eq!((n[0].pc, n[0].sema), (0x1110, 0x3100));
        assert_eq!(
            (n[0].provider.as_str(), n[0].name.as_str()),
            ("prov", "probe")
        );
        assert_eq!(n[0].args, "-4@%edi 8@%rsi");
    }
}
