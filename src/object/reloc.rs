//! Turning one program of the object into the instruction stream the kernel
//! loads: subprograms it calls are appended (each once), calls and function
//! pointers are patched to the new offsets, map references get their fds, and
//! `.BTF.ext` func/line info is rebased onto the final layout.

use super::ksyms::Ksym;
use crate::btf::ext::BtfExt;
use crate::elf::{ObjectSpec, ReloTarget};
use crate::error::{Error, Result};
use crate::uapi::bpf::bpf_insn;
use std::os::fd::RawFd;

const BPF_LD_IMM64: u8 = 0x18;
const BPF_CALL: u8 = 0x85;
const PSEUDO_MAP_FD: u8 = 1;
const PSEUDO_MAP_VALUE: u8 = 2;
const PSEUDO_MAP_IDX: u8 = 5;
const PSEUDO_MAP_IDX_VALUE: u8 = 6;
const PSEUDO_CALL: u8 = 1;
/// `LIBBPF_ERRNO__RELOC`: what libbpf returns for relocations it cannot apply.
const LIBBPF_ERRNO_RELOC: crate::Errno = crate::Errno(4005);
const PSEUDO_FUNC: u8 = 4;

/// A program ready for `BPF_PROG_LOAD`.
#[derive(Debug, Default)]
pub struct Linked {
    pub insns: Vec<bpf_insn>,
    pub func_info_rec_size: u32,
    pub func_info: Vec<u8>,
    pub line_info_rec_size: u32,
    pub line_info: Vec<u8>,
    /// Where each piece sits: (index in `spec.progs`, first instruction).
    pub pieces: Vec<(usize, usize)>,
    /// `.ksyms` references: (instruction, index in `spec.externs`).
    pub externs: Vec<(usize, usize)>,
}

/// How an `ld_imm64` names a map: by fd (loading now), or by its index in
/// the object, resolved by the kernel through `fd_array` (gen-loader).
#[derive(Clone, Copy, Debug)]
pub enum MapRef {
    Fd(RawFd),
    Idx(u32),
}

/// What a map reference becomes: the map, or (not created) a poisoned
/// load that names the map if the verifier reaches it.
#[derive(Clone, Debug)]
pub enum MapSlot {
    Ref(MapRef),
    Uncreated(crate::name::Name),
}

impl MapRef {
    /// (src_reg, imm) of the `ld_imm64` for a map (`value` = into its value).
    fn encode(self, value: bool) -> (u8, i32) {
        match (self, value) {
            (MapRef::Fd(fd), false) => (PSEUDO_MAP_FD, fd),
            (MapRef::Fd(fd), true) => (PSEUDO_MAP_VALUE, fd),
            (MapRef::Idx(i), false) => (PSEUDO_MAP_IDX, i as i32),
            (MapRef::Idx(i), true) => (PSEUDO_MAP_IDX_VALUE, i as i32),
        }
    }
}

const PSEUDO_BTF_ID: u8 = 3;
const PSEUDO_KFUNC_CALL: u8 = 2;
/// Unresolved weak kfunc calls become calls of this helper id (+ extern
/// index): harmless if never reached, clearly named by the verifier if reached.
pub const POISON_CALL_KFUNC_BASE: i32 = 2_002_000_000;

/// Rewrites a reference to a `.ksyms` extern (libbpf's rules).
fn patch_ksym(
    insns: &mut [bpf_insn],
    at: usize,
    k: Ksym,
    ext_idx: usize,
) -> std::result::Result<(), &'static str> {
    let insn = &mut insns[at];
    if insn.code == BPF_CALL {
        match k {
            Ksym::Func(id) => {
                insn.set_src_reg(PSEUDO_KFUNC_CALL);
                insn.imm = id as i32;
                insn.off = 0;
            }
            _ => {
                *insn = bpf_insn {
                    code: BPF_CALL,
                    regs: 0,
                    off: 0,
                    imm: POISON_CALL_KFUNC_BASE + ext_idx as i32,
                };
            }
        }
        return Ok(());
    }
    if insn.code != BPF_LD_IMM64 || at + 1 >= insns.len() {
        return Err("not a call or ld_imm64");
    }
    let (src, lo, hi) = match k {
        // A kfunc's address (`bpf_ksym_exists(f)`) is a BTF id load too.
        Ksym::Var(id) | Ksym::Func(id) => (PSEUDO_BTF_ID, id as i32, 0),
        Ksym::Addr(a) => (0, a as u32 as i32, (a >> 32) as u32 as i32),
        Ksym::Unresolved => (0, 0, 0),
    };
    insns[at].set_src_reg(src);
    insns[at].imm = lo;
    insns[at + 1].imm = hi;
    Ok(())
}

/// Poisoned map loads call helper `POISON_LDIMM64_MAP_BASE + map index`.
pub const POISON_LDIMM64_MAP_BASE: i32 = 2_001_000_000;

/// An `ld_imm64` of a map that is not created (autocreate off) becomes two
/// calls of an invalid helper, as libbpf does: the program still loads when
/// the reference sits on a path CO-RE or `.kconfig` made dead (the verifier
/// drops it); if reached, the verifier names the helper and the log fixup
/// ([`super::verifier_log`]) names the map.
/// `(at, relo_idx, map)`: the instruction, the relocation's number, the map's index.
fn poison_map_ldimm64(
    prog: &str,
    map_name: &str,
    insns: &mut [bpf_insn],
    (at, relo_idx, map): (usize, usize, usize),
) -> Result<()> {
    if at + 1 >= insns.len() {
        return Err(Error::Elf(format!(
            "prog '{prog}': truncated ld_imm64 at insn {at}"
        )));
    }
    crate::debug!(
        "prog '{prog}': relo #{relo_idx}: poisoning insn #{at} that loads map #{map} '{map_name}'"
    );
    for insn in &mut insns[at..at + 2] {
        *insn = bpf_insn {
            code: BPF_CALL,
            regs: 0,
            off: 0,
            imm: POISON_LDIMM64_MAP_BASE.wrapping_add(map as i32),
        };
    }
    Ok(())
}

/// Instruction indices (within piece `pi`) of its CO-RE relocations.
fn core_relo_insns(spec: &ObjectSpec, pi: usize) -> impl Iterator<Item = usize> + '_ {
    let p = &spec.progs[pi];
    let lo = p.sec_insn_off;
    spec.ext_records(|e| &e.core_relo, p.sec_idx)
        .into_iter()
        .flat_map(|info| info.recs())
        .map(|r| u32::from_ne_bytes([r[0], r[1], r[2], r[3]]) as usize / 8)
        .filter(move |&at| (lo..lo + p.insns.len()).contains(&at))
        .map(move |at| at - lo)
}

/// The number libbpf gives relocation `k` (at instruction `i`) of piece
/// `pi` placed after `before`: its list holds each piece's relocations,
/// CO-RE ones included, sorted by instruction, pieces in placement order.
/// (A piece placed later but relocated first, depth first, still comes
/// after: libbpf appends a piece's relocations when it appends its code.)
fn relo_number(
    spec: &ObjectSpec,
    before: &[(usize, usize)],
    pi: usize,
    k: usize,
    i: usize,
) -> usize {
    let earlier: usize = before
        .iter()
        .map(|&(q, _)| spec.progs[q].relos.len() + core_relo_insns(spec, q).count())
        .sum();
    earlier + k + core_relo_insns(spec, pi).filter(|&at| at < i).count()
}

fn is_call(insn: &bpf_insn) -> bool {
    (insn.code == BPF_CALL && insn.src_reg() == PSEUDO_CALL)
        || (insn.code == BPF_LD_IMM64 && insn.src_reg() == PSEUDO_FUNC)
}

/// Where relocating a placed piece is: its index in the placed list, the
/// next instruction, the next relocation.
#[derive(Default)]
struct Frame {
    piece: usize,
    insn: usize,
    relo: usize,
}

/// Links program `main` (index into `spec.progs`). `map_ref(i)` says how
/// to name map `i`, or that it is not created: instructions loading it are
/// then poisoned (see [`poison_map_ldimm64`]). `arena_off` is where the
/// `__arena` globals sit in the arena (added to references into them).
pub fn link(
    spec: &ObjectSpec,
    main: usize,
    map_ref: &dyn Fn(usize) -> MapSlot,
    ksyms: &[Ksym],
    arena_off: u32,
) -> Result<Linked> {
    let mut out = Linked {
        insns: spec.progs[main].insns.clone(),
        ..Default::default()
    };
    // (spec index, first instruction in `out.insns`), in placement order.
    let mut placed: Vec<(usize, usize)> = vec![(main, 0)];
    let ctx = LinkCtx {
        spec,
        name: &spec.progs[main].name,
        map_ref,
        ksyms,
        arena_off,
    };
    ctx.relocate(&mut out, &mut placed, 0)?;
    // The exception callback is appended after everything the program
    // calls, unless it was already (a direct call, which the verifier
    // refuses anyway).
    if let Some(cb) = exception_cb(spec, main)? {
        if !placed.iter().any(|(pi, _)| *pi == cb) {
            let at = placed.len();
            placed.push((cb, out.insns.len()));
            out.insns.extend_from_slice(&spec.progs[cb].insns);
            crate::debug!(
                "prog '{}': added {} insns from sub-prog '{}'",
                ctx.name,
                spec.progs[cb].insns.len(),
                spec.progs[cb].name
            );
            ctx.relocate(&mut out, &mut placed, at)?;
        }
    }
    rebase_ext(spec, &placed, &mut out)?;
    out.pieces = placed;
    Ok(out)
}

/// Marks a program's `ld_imm64` of a function (a callback's address) as
/// `BPF_PSEUDO_FUNC` in place: libbpf does it for every program when it
/// relocates, also those it does not load (their instructions show it).
pub fn mark_func_ptrs(spec: &ObjectSpec, prog: usize, insns: &mut [bpf_insn]) {
    for r in &spec.progs[prog].relos {
        if let (ReloTarget::Call { .. }, Some(insn)) = (&r.target, insns.get_mut(r.insn)) {
            if insn.code == BPF_LD_IMM64 {
                insn.set_src_reg(PSEUDO_FUNC);
            }
        }
    }
}

struct LinkCtx<'a> {
    spec: &'a ObjectSpec,
    /// The main program's name, for messages.
    name: &'a str,
    map_ref: &'a dyn Fn(usize) -> MapSlot,
    ksyms: &'a [Ksym],
    arena_off: u32,
}

impl LinkCtx<'_> {
    /// Relocates piece `placed[first]` and, depth first as libbpf, every
    /// subprogram it reaches: the first call of a subprogram appends it and
    /// relocates it at once (appending what it calls) before the caller goes
    /// on, so the final layout is upstream's instruction for instruction.
    fn relocate(
        &self,
        out: &mut Linked,
        placed: &mut Vec<(usize, usize)>,
        first: usize,
    ) -> Result<()> {
        let (spec, name, map_ref, ksyms) = (self.spec, self.name, self.map_ref, self.ksyms);
        // An explicit stack: call chains in an object can be as long as it
        // has functions.
        let mut stack = vec![Frame {
            piece: first,
            ..Frame::default()
        }];
        while let Some(f) = stack.last_mut() {
            let (j, (pi, start)) = (f.piece, placed[f.piece]);
            let p = &spec.progs[pi];
            let i = f.insn;
            if i >= p.insns.len() {
                stack.pop();
                continue;
            }
            f.insn += 1;
            // Relocations are sorted by instruction at parse time: the frame's
            // cursor walks them alongside the instructions.
            while p.relos.get(f.relo).is_some_and(|r| r.insn < i) {
                f.relo += 1;
            }
            let (k, relo) = match p.relos.get(f.relo).filter(|r| r.insn == i) {
                Some(r) => {
                    f.relo += 1;
                    (f.relo - 1, Some(&r.target))
                }
                None => (0, None),
            };
            let fi = start + i;
            let insn = out.insns[fi];
            // libbpf's number of this relocation (for its log line): only
            // worked out when a map load is poisoned.
            let relo_idx = || relo_number(spec, &placed[..j], pi, k, i);
            match relo {
                Some(ReloTarget::Map(m)) => {
                    let r = match map_ref(*m) {
                        MapSlot::Ref(r) => r,
                        MapSlot::Uncreated(map_name) => {
                            let at = (fi, relo_idx(), *m);
                            poison_map_ldimm64(name, &map_name, &mut out.insns, at)?;
                            continue;
                        }
                    };
                    let (src, imm) = r.encode(false);
                    out.insns[fi].set_src_reg(src);
                    out.insns[fi].imm = imm;
                    continue;
                }
                Some(ReloTarget::Data { map, off }) => {
                    if fi + 1 >= out.insns.len() {
                        return Err(Error::Elf(format!(
                            "prog '{name}': truncated ld_imm64 at insn {i}"
                        )));
                    }
                    let r = match map_ref(*map) {
                        MapSlot::Ref(r) => r,
                        MapSlot::Uncreated(map_name) => {
                            let at = (fi, relo_idx(), *map);
                            poison_map_ldimm64(name, &map_name, &mut out.insns, at)?;
                            continue;
                        }
                    };
                    let (src, imm) = r.encode(true);
                    out.insns[fi].set_src_reg(src);
                    out.insns[fi].imm = imm;
                    let off = if spec.arena_map == Some(*map) {
                        off.wrapping_add(self.arena_off)
                    } else {
                        *off
                    };
                    out.insns[fi + 1].imm = off as i32;
                    continue;
                }
                Some(ReloTarget::Extern(sym)) => {
                    let idx = spec.externs.iter().position(|e| &e.name == sym);
                    if let Some(x) = idx {
                        out.externs.push((fi, x));
                    }
                    let k = idx
                        .and_then(|i| ksyms.get(i))
                        .copied()
                        .unwrap_or(Ksym::Unresolved);
                    if insn.code == BPF_CALL && !matches!(k, Ksym::Func(_)) {
                        crate::debug!(
                            "prog '{name}': relo #{}: poisoning insn #{fi} that calls kfunc '{sym}'",
                            relo_idx()
                        );
                    }
                    patch_ksym(&mut out.insns, fi, k, idx.unwrap_or(0)).map_err(|why| {
                        Error::Elf(format!("prog '{name}': extern '{sym}' at insn {i}: {why}"))
                    })?;
                    continue;
                }
                Some(ReloTarget::Call { .. }) | None => {}
            }
            if matches!(relo, Some(ReloTarget::Call { .. })) && insn.code == BPF_LD_IMM64 {
                // A function's address (callback): the kernel wants it marked.
                out.insns[fi].set_src_reg(PSEUDO_FUNC);
            } else if !is_call(&insn) {
                continue;
            }
            let (sec, sec_insn) = match relo {
                Some(ReloTarget::Call { sec, insn }) => (*sec, *insn),
                _ => {
                    // No relocation: a call within the section, counted in
                    // it, whose callee libbpf looks for in .text.
                    let t = (p.sec_insn_off + i) as i64 + insn.imm as i64 + 1;
                    let t = usize::try_from(t).map_err(|_| {
                        Error::Elf(format!(
                            "prog '{name}': call at insn {i} jumps out of its section"
                        ))
                    })?;
                    (spec.sec_names.position(".text").unwrap_or(usize::MAX), t)
                }
            };
            let callee = spec
                .progs
                .iter()
                .position(|c| {
                    c.sec_idx == sec
                        && (c.sec_insn_off..c.sec_insn_off + c.insns.len()).contains(&sec_insn)
                })
                .ok_or_else(|| {
                    let msg = if relo.is_some() {
                        format!("prog '{name}': no subprogram at insn {sec_insn} of section #{sec}")
                    } else {
                        format!("prog '{name}': no .text section found yet sub-program call exists")
                    };
                    Error::other(LIBBPF_ERRNO_RELOC, msg)
                })?;
            let callee_start = match placed.iter().find(|(ci, _)| *ci == callee) {
                Some((_, s)) => *s,
                None => {
                    let s = out.insns.len();
                    out.insns.extend_from_slice(&spec.progs[callee].insns);
                    placed.push((callee, s));
                    stack.push(Frame {
                        piece: placed.len() - 1,
                        ..Frame::default()
                    });
                    crate::debug!(
                        "prog '{name}': added {} insns from sub-prog '{}'",
                        spec.progs[callee].insns.len(),
                        spec.progs[callee].name
                    );
                    s
                }
            };
            // libbpf targets the start of the subprogram holding the
            // computed instruction (the same in well-formed code).
            out.insns[fi].imm = (callee_start as i64 - (fi as i64 + 1)) as i32;
            // libbpf names the piece relocated and the instruction in it.
            crate::debug!(
                "prog '{}': insn #{i} relocated, imm {} points to subprog '{}' (now at {callee_start} offset)",
                p.name,
                out.insns[fi].imm,
                spec.progs[callee].name
            );
        }
        Ok(())
    }
}

/// The subprogram a `__exception_cb(name)` tag (BTF decl tag
/// `exception_callback:name` on the main program's FUNC) names, checked as
/// libbpf does (`bpf_prog_assign_exc_cb`): any such tag must sit on a global
/// function, the callback must be a global, non-hidden subprogram.
fn exception_cb(spec: &ObjectSpec, main: usize) -> Result<Option<usize>> {
    const PFX: &str = "exception_callback:";
    let Some(btf) = spec.btf.as_ref() else {
        return Ok(None);
    };
    let prog = &spec.progs[main];
    let mut found = None;
    for tag in btf.local_types_of_kind(crate::btf::kind::DECL_TAG) {
        // component_idx -1: the tag is on the declaration itself.
        if tag.word(0) != u32::MAX {
            continue;
        }
        let Some(value) = btf.name_of(&tag).strip_prefix(PFX) else {
            continue;
        };
        let func = btf.type_by_id(tag.size_or_type);
        let Some(func) = func.filter(|f| f.kind() == crate::btf::kind::FUNC && f.vlen() == 1)
        else {
            return Err(Error::inval(format!(
                "prog '{}': exception_callback:<value> decl tag not applied to the main program",
                prog.name
            )));
        };
        if btf.name_of(&func) != prog.name.as_str() {
            continue;
        }
        // Two callbacks for one program: the verifier refuses it; nothing
        // is appended.
        if found.is_some() {
            return Ok(None);
        }
        if value.is_empty() {
            return Err(Error::inval(format!(
                "prog '{}': exception_callback:<value> decl tag contains empty value",
                prog.name
            )));
        }
        let cb = spec
            .progs
            .iter()
            .position(|p| p.is_subprog && p.name.as_str() == value);
        let Some(cb) = cb else {
            return Err(Error::other(
                crate::Errno::ENOENT,
                format!(
                    "prog '{}': cannot find exception callback '{value}'",
                    prog.name
                ),
            ));
        };
        let c = &spec.progs[cb];
        if !c.is_global || c.is_hidden {
            return Err(Error::inval(format!(
                "prog '{}': exception callback {value} must be a global non-hidden function",
                prog.name
            )));
        }
        found = Some(cb);
    }
    Ok(found)
}

/// Collects the func/line info records of every placed piece, with
/// instruction offsets rewritten to instruction indices in the final stream.
/// As libbpf: without records for the main program a block is dropped
/// (with a warning); a subprogram without records when the main program
/// has them fails with `-ENOENT`.
fn rebase_ext(spec: &ObjectSpec, placed: &[(usize, usize)], out: &mut Linked) -> Result<()> {
    if spec.btf_ext.is_none() {
        return Ok(());
    }
    type Block = fn(&BtfExt) -> &Vec<(u32, crate::btf::ext::SecInfo)>;
    let blocks: [(Block, &str); 2] = [
        (|e| &e.func_info, "function info"),
        (|e| &e.line_info, "line info"),
    ];
    for (k, (block, what)) in blocks.into_iter().enumerate() {
        let mut rec_size = 0;
        let mut bytes = Vec::new();
        for (n, &(pi, start)) in placed.iter().enumerate() {
            let p = &spec.progs[pi];
            let before = bytes.len();
            if let Some(info) = spec.ext_records(block, p.sec_idx) {
                rec_size = info.rec_size;
                let lo = (p.sec_insn_off * 8) as u64;
                let hi = ((p.sec_insn_off + p.insns.len()) * 8) as u64;
                let insn_off = |r: &[u8]| u32::from_ne_bytes([r[0], r[1], r[2], r[3]]) as u64;
                // Room for this piece's records only: a section's block holds
                // those of all its programs (a capacity hint: when the first and
                // last records are the piece's, the sorted block is all its own).
                let mut recs = info.recs();
                let mine = if recs.next().is_some_and(|r| insn_off(r) >= lo)
                    && recs.next_back().is_none_or(|r| insn_off(r) < hi)
                {
                    info.len()
                } else {
                    info.recs()
                        .filter(|r| (lo..hi).contains(&insn_off(r)))
                        .count()
                };
                bytes.reserve(mine * rec_size as usize);
                for r in info.recs() {
                    let off = insn_off(r);
                    if off < lo || off >= hi {
                        continue;
                    }
                    let new = start as u64 + (off - lo) / 8;
                    bytes.extend_from_slice(&(new as u32).to_ne_bytes());
                    bytes.extend_from_slice(&r[4..]);
                }
            }
            if bytes.len() > before {
                continue;
            }
            if n == 0 {
                crate::warn!(
                    "prog '{}': missing .BTF.ext {what} for the main program, skipping all of .BTF.ext {}.",
                    p.name,
                    if k == 0 { "func info" } else { "line info" }
                );
                (rec_size, bytes) = (0, Vec::new());
                break;
            }
            return Err(Error::other(
                crate::Errno::ENOENT,
                format!("prog '{}': missing .BTF.ext {what}.", p.name),
            ));
        }
        if k == 0 {
            (out.func_info_rec_size, out.func_info) = (rec_size, bytes);
        } else {
            (out.line_info_rec_size, out.line_info) = (rec_size, bytes);
        }
    }
    Ok(())
}
