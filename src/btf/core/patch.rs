//! Applying a computed [`Fixup`] to a program's instructions: patching the
//! immediate, offset or load size it names, or poisoning the instruction
//! (a call to an invalid helper the verifier reports, as libbpf does).

use super::*;

const BPF_LD: u8 = 0x00;
const BPF_LDX: u8 = 0x01;
const BPF_ST: u8 = 0x02;
const BPF_STX: u8 = 0x03;
const BPF_ALU: u8 = 0x04;
const BPF_ALU64: u8 = 0x07;
const BPF_K: u8 = 0x00;
const LD_IMM64: u8 = 0x18;
const CALL: u8 = 0x85;

fn poison(insn: &mut bpf_insn) {
    insn.code = CALL;
    insn.regs = 0;
    insn.off = 0;
    insn.imm = POISON_HELPER;
}

fn size_bytes(code: u8) -> u32 {
    match code & 0x18 {
        0x00 => 4,
        0x08 => 2,
        0x10 => 1,
        _ => 8,
    }
}

fn size_code(bytes: u32) -> Option<u8> {
    Some(match bytes {
        4 => 0x00,
        2 => 0x08,
        1 => 0x10,
        8 => 0x18,
        _ => return None,
    })
}

/// Applies a fixup to `insns` (indexed from the fixup's `insn_idx`).
pub fn apply_fixup(prog: &str, insns: &mut [bpf_insn], f: &Fixup) -> Result<()> {
    let i = f.insn_idx;
    let r = f.relo_idx;
    let bad = |m: String| -> Error {
        crate::warn!("prog '{prog}': relo #{r}: {m}");
        Error::Reported(crate::Errno::EINVAL)
    };
    if i >= insns.len() {
        return Err(bad(format!("insn #{i} is out of the program")));
    }
    let do_poison = |insns: &mut [bpf_insn]| {
        crate::debug!("prog '{prog}': relo #{r}: substituting insn #{i} w/ invalid insn");
        let ld64 = insns[i].code == LD_IMM64;
        poison(&mut insns[i]);
        if ld64 && i + 1 < insns.len() {
            crate::debug!(
                "prog '{prog}': relo #{r}: substituting insn #{} w/ invalid insn",
                i + 1
            );
            poison(&mut insns[i + 1]);
        }
    };
    if f.poison {
        do_poison(insns);
        return Ok(());
    }
    let (orig, new) = (f.orig_val, f.new_val);
    let insn = &mut insns[i];
    match insn.code & 0x07 {
        BPF_ALU | BPF_ALU64 => {
            if insn.code & 0x08 != BPF_K {
                return Err(bad(format!("insn #{i} (ALU/ALU64) has a register source")));
            }
            if f.validate && insn.imm as u32 as u64 != orig {
                return Err(bad(format!(
                    "unexpected insn #{i} (ALU/ALU64) value: got {}, exp {orig} -> {new}",
                    insn.imm as u32
                )));
            }
            crate::debug!(
                "prog '{prog}': relo #{r}: patched insn #{i} (ALU/ALU64) imm {} -> {new}",
                insn.imm
            );
            insn.imm = new as i32;
        }
        BPF_LDX | BPF_ST | BPF_STX => {
            if f.validate && insn.off as u16 as u64 != orig {
                return Err(bad(format!(
                    "unexpected insn #{i} (LDX/ST/STX) value: got {}, exp {orig} -> {new}",
                    insn.off
                )));
            }
            if new > i16::MAX as u64 {
                return Err(bad(format!("insn #{i} (LDX/ST/STX) value too big: {new}")));
            }
            if f.fail_memsz_adjust {
                crate::warn!(
                    "prog '{prog}': relo #{r}: insn #{i} (LDX/ST/STX) accesses field incorrectly. \
                     Make sure you are accessing pointers, unsigned integers, or fields of matching type and size."
                );
                do_poison(insns);
                return Ok(());
            }
            crate::debug!(
                "prog '{prog}': relo #{r}: patched insn #{i} (LDX/ST/STX) off {} -> {new}",
                insn.off
            );
            insn.off = new as i16;
            if f.new_sz != f.orig_sz {
                let cur = size_bytes(insn.code);
                if cur != f.orig_sz {
                    return Err(bad(format!(
                        "insn #{i} (LDX/ST/STX) unexpected mem size: got {cur}, exp {}",
                        f.orig_sz
                    )));
                }
                let code = size_code(f.new_sz).ok_or_else(|| {
                    bad(format!(
                        "insn #{i} (LDX/ST/STX) invalid new mem size: {}",
                        f.new_sz
                    ))
                })?;
                insn.code = (insn.code & !0x18) | code;
                crate::debug!(
                    "prog '{prog}': relo #{r}: patched insn #{i} (LDX/ST/STX) mem_sz {} -> {}",
                    f.orig_sz,
                    f.new_sz
                );
            }
        }
        BPF_LD => {
            let ok = insn.code == LD_IMM64
                && insn.src_reg() == 0
                && insn.off == 0
                && insns
                    .get(i + 1)
                    .is_some_and(|n| n.code == 0 && n.regs == 0 && n.off == 0);
            if !ok {
                return Err(bad(format!("insn #{i} (LDIMM64) has unexpected form")));
            }
            let imm = insns[i].imm as u32 as u64 | (insns[i + 1].imm as u32 as u64) << 32;
            if f.validate && imm != orig {
                return Err(bad(format!(
                    "unexpected insn #{i} (LDIMM64) value: got {imm}, exp {orig} -> {new}"
                )));
            }
            insns[i].imm = new as u32 as i32;
            insns[i + 1].imm = (new >> 32) as u32 as i32;
            crate::debug!(
                "prog '{prog}': relo #{r}: patched insn #{i} (LDIMM64) imm64 {imm} -> {new}"
            );
        }
        _ => {
            let n = insns[i];
            return Err(bad(format!(
                "trying to relocate unrecognized insn #{i}, code:{:#x}, src:{:#x}, dst:{:#x}, off:{:#x}, imm:{:#x}",
                n.code,
                n.src_reg(),
                n.dst_reg(),
                n.off,
                n.imm
            )));
        }
    }
    Ok(())
}
