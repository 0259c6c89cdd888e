//! USDT probes: `.note.stapsdt` notes of a binary, their x86-64 argument
//! specs encoded in the v1.7 `struct __bpf_usdt_spec` layout of
//! `<bpf/usdt.bpf.h>`, written to the program's spec map, and one uprobe per
//! call site carrying the spec id as its BPF cookie (semaphores as uprobe
//! reference counters).

use super::elfsym::{resolve_binary, ElfImage};
use super::uprobe::{attach_at, UprobeOpts};
use super::{prog_fd, Link, LinkKind};
use crate::error::{Errno, Error, Result};
use crate::object::Program;
use crate::sys;
use object::{Object, ObjectSection};
use std::collections::HashMap;
use std::os::fd::AsFd;
use std::sync::Mutex;

/// `BPF_USDT_MAX_SPEC_CNT` / `BPF_USDT_MAX_ARG_CNT` of usdt.bpf.h.
pub const MAX_SPEC_CNT: usize = 256;
pub const MAX_ARG_CNT: usize = 12;
/// Sizes of `struct __bpf_usdt_arg_spec` and `struct __bpf_usdt_spec` (v1.7).
const ARG_SPEC_SIZE: usize = 24;
pub const SPEC_SIZE: usize = 304;
/// Kernel names (15 bytes) of the two maps usdt.bpf.h defines.
const SPECS_MAP: &str = "__bpf_usdt_spec";

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
                sema,
                args: strs.next().unwrap_or_default(),
            });
        }
        o = next;
    }
    Ok(out)
}

/// Spec ids in use, per spec map (by kernel map id).
static SPEC_IDS: Mutex<Option<HashMap<u32, Vec<bool>>>> = Mutex::new(None);

fn alloc_ids(map_id: u32, n: usize) -> Result<Vec<u32>> {
    let mut g = SPEC_IDS.lock().unwrap_or_else(|p| p.into_inner());
    let used = g
        .get_or_insert_with(HashMap::new)
        .entry(map_id)
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
    map_id: u32,
    ids: Vec<u32>,
}

impl SpecRelease {
    pub fn release(self) {
        let mut g = SPEC_IDS.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(used) = g.as_mut().and_then(|m| m.get_mut(&self.map_id)) {
            for i in self.ids {
                used[i as usize] = false;
            }
        }
    }
}

/// The program's USDT spec map, found among the maps it uses.
fn spec_map(prog: &Program) -> Result<(u32, std::os::fd::OwnedFd)> {
    let fd = prog_fd(prog)?;
    let ids = sys::link::prog_map_ids(fd)
        .map_err(|e| Error::sys(format!("prog '{}': failed to list its maps", prog.name), e))?;
    for id in ids {
        let Ok(m) = sys::link::map_get_fd_by_id(id) else {
            continue;
        };
        if sys::link::map_name(m.as_fd()).is_ok_and(|n| n == SPECS_MAP) {
            return Ok((id, m));
        }
    }
    Err(Error::inval(format!(
        "prog '{}': uses no USDT spec map (__bpf_usdt_specs): USDT programs read their arguments through <bpf/usdt.bpf.h>",
        prog.name
    )))
}

/// Attaches to every site of `provider:name` in `binary` (`bpf_program__attach_usdt`).
pub fn attach(
    prog: &Program,
    pid: i32,
    binary: &str,
    provider: &str,
    name: &str,
    cookie: u64,
) -> Result<Link> {
    let path = resolve_binary(binary)?;
    let img = ElfImage::read(&path)?;
    let elf = img.parse()?;
    let notes = match elf.section_by_name(".note.stapsdt") {
        Some(s) => {
            let base = elf.section_by_name(".stapsdt.base").map(|b| b.address());
            parse_notes(s.data().map_err(|e| Error::Elf(e.to_string()))?, base)?
        }
        None => Vec::new(),
    };
    let sites: Vec<&Note> = notes
        .iter()
        .filter(|n| n.provider == provider && n.name == name)
        .collect();
    if sites.is_empty() {
        return Err(Error::NotFound(format!(
            "prog '{}': usdt: no USDT notes for '{provider}:{name}' in '{}'",
            prog.name,
            path.display()
        )));
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
    let (map_id, map) = spec_map(prog)?;
    let ids = alloc_ids(map_id, specs.len())?;
    let release = SpecRelease {
        map_id,
        ids: ids.clone(),
    };
    let mut links = Vec::new();
    let res = (|| -> Result<()> {
        for (id, spec) in ids.iter().zip(&encoded) {
            sys::bpf::map_update_elem(map.as_fd(), &id.to_ne_bytes(), spec, 0).map_err(|e| {
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

/// `usdt/<binary>:<provider>:<name>` auto-attach.
pub fn auto_attach(prog: &Program, target: &str) -> Result<Link> {
    let mut it = target.rsplitn(3, ':');
    let (name, provider, binary) = (it.next(), it.next(), it.next());
    match (binary, provider, name) {
        (Some(b), Some(p), Some(n)) if !b.is_empty() && !p.is_empty() && !n.is_empty() => {
            attach(prog, -1, b, p, n, 0)
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
