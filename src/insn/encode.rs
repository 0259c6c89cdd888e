//! Building `bpf_insn`s by name (the kernel's `BPF_*` instruction macros as
//! functions), for programs this library writes itself (the gen-loader's
//! loader program).

use crate::uapi::bpf::bpf_insn;

// Instruction classes, sizes, modes and operations (linux/bpf_common.h, linux/bpf.h).
const LD: u8 = 0x00;
const LDX: u8 = 0x01;
const ST: u8 = 0x02;
const STX: u8 = 0x03;
const ALU: u8 = 0x04;
const JMP: u8 = 0x05;
const ALU64: u8 = 0x07;
const IMM: u8 = 0x00;
const MEM: u8 = 0x60;
const K: u8 = 0x00;
const X: u8 = 0x08;
const ADD: u8 = 0x00;
const AND: u8 = 0x50;
const RSH: u8 = 0x70;
const MOV: u8 = 0xb0;
const CALL: u8 = 0x80;
const EXIT: u8 = 0x90;

/// Memory access width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    B = 0x10,
    H = 0x08,
    W = 0x00,
    DW = 0x18,
}

impl Size {
    /// The width of an access of `bytes` bytes.
    pub fn of(bytes: u32) -> Option<Size> {
        match bytes {
            1 => Some(Size::B),
            2 => Some(Size::H),
            4 => Some(Size::W),
            8 => Some(Size::DW),
            _ => None,
        }
    }
}

/// Jump conditions (`BPF_JMP` operations).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cond {
    Always = 0x00,
    Eq = 0x10,
    Set = 0x40,
    Ne = 0x50,
    Sge = 0x70,
    Slt = 0xc0,
    Sle = 0xd0,
}

/// Registers, by number.
pub const R0: u8 = 0;
pub const R1: u8 = 1;
pub const R2: u8 = 2;
pub const R3: u8 = 3;
pub const R4: u8 = 4;
pub const R6: u8 = 6;
pub const R7: u8 = 7;
pub const R8: u8 = 8;
pub const R9: u8 = 9;
pub const R10: u8 = 10;

fn insn(code: u8, dst: u8, src: u8, off: i16, imm: i32) -> bpf_insn {
    bpf_insn {
        code,
        regs: (dst & 0xf) | (src << 4),
        off,
        imm,
    }
}

/// `dst = src` (64-bit).
pub fn mov64_reg(dst: u8, src: u8) -> bpf_insn {
    insn(ALU64 | MOV | X, dst, src, 0, 0)
}

/// `dst = imm` (64-bit, sign-extended).
pub fn mov64_imm(dst: u8, imm: i32) -> bpf_insn {
    insn(ALU64 | MOV | K, dst, 0, 0, imm)
}

/// `dst += imm` (64-bit).
pub fn add64_imm(dst: u8, imm: i32) -> bpf_insn {
    insn(ALU64 | ADD | K, dst, 0, 0, imm)
}

/// `dst >>= imm` (64-bit, logical).
pub fn rsh64_imm(dst: u8, imm: i32) -> bpf_insn {
    insn(ALU64 | RSH | K, dst, 0, 0, imm)
}

/// `dst &= imm` (32-bit).
pub fn and32_imm(dst: u8, imm: i32) -> bpf_insn {
    insn(ALU | AND | K, dst, 0, 0, imm)
}

/// `dst = *(size *)(src + off)`.
pub fn ldx_mem(size: Size, dst: u8, src: u8, off: i16) -> bpf_insn {
    insn(LDX | MEM | size as u8, dst, src, off, 0)
}

/// `*(size *)(dst + off) = src`.
pub fn stx_mem(size: Size, dst: u8, src: u8, off: i16) -> bpf_insn {
    insn(STX | MEM | size as u8, dst, src, off, 0)
}

/// `*(size *)(dst + off) = imm`.
pub fn st_mem(size: Size, dst: u8, off: i16, imm: i32) -> bpf_insn {
    insn(ST | MEM | size as u8, dst, 0, off, imm)
}

/// `if (dst <cond> imm) goto +off` (`Cond::Always` is `goto +off`).
pub fn jmp_imm(cond: Cond, dst: u8, imm: i32, off: i16) -> bpf_insn {
    insn(JMP | cond as u8 | K, dst, 0, off, imm)
}

/// Calls helper `id`.
pub fn call_helper(id: i32) -> bpf_insn {
    insn(JMP | CALL, 0, 0, 0, id)
}

pub fn exit() -> bpf_insn {
    insn(JMP | EXIT, 0, 0, 0, 0)
}

/// The two halves of `ld_imm64 dst, imm` with `src` as its pseudo source
/// (`BPF_PSEUDO_MAP_IDX_VALUE`: `lo` is a map index, `hi` an offset in its value).
pub fn ld_imm64(dst: u8, src: u8, lo: i32, hi: i32) -> [bpf_insn; 2] {
    [
        insn(LD | IMM | Size::DW as u8, dst, src, 0, lo),
        insn(0, 0, 0, 0, hi),
    ]
}

/// The instruction's 8 bytes as the kernel reads them (host byte order).
pub fn to_bytes(i: &bpf_insn) -> [u8; 8] {
    let mut b = [0u8; 8];
    b[0] = i.code;
    b[1] = i.regs;
    b[2..4].copy_from_slice(&i.off.to_ne_bytes());
    b[4..8].copy_from_slice(&i.imm.to_ne_bytes());
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_match_the_kernel_macros() {
        // BPF_MOV64_REG(R6, R1) = 0xbf, dst 6, src 1
        assert_eq!(to_bytes(&mov64_reg(R6, R1)), [0xbf, 0x16, 0, 0, 0, 0, 0, 0]);
        // BPF_EXIT_INSN() = 0x95
        assert_eq!(exit().code, 0x95);
        // BPF_LDX_MEM(BPF_W, R0, R6, 8) = 0x61
        let l = ldx_mem(Size::W, R0, R6, 8);
        assert_eq!((l.code, l.regs, l.off), (0x61, 0x60, 8));
        // BPF_STX_MEM(BPF_DW, R1, R0, 0) = 0x7b
        assert_eq!(stx_mem(Size::DW, R1, R0, 0).code, 0x7b);
        // BPF_ST_MEM(BPF_H, R8, 2, 0) = 0x6a
        assert_eq!(st_mem(Size::H, R8, 2, 0).code, 0x6a);
        // BPF_JMP_IMM(BPF_JSLT, R7, 0, -3) = 0xc5
        let j = jmp_imm(Cond::Slt, R7, 0, -3);
        assert_eq!((j.code, j.regs, j.off), (0xc5, 0x07, -3));
        // BPF_EMIT_CALL(166) = 0x85, imm 166
        assert_eq!((call_helper(166).code, call_helper(166).imm), (0x85, 166));
        // BPF_LD_IMM64_RAW_FULL(R1, 6, 0, 0, 0, 40)
        let [a, b] = ld_imm64(R1, 6, 0, 40);
        assert_eq!(
            (a.code, a.regs, a.imm, b.code, b.imm),
            (0x18, 0x61, 0, 0, 40)
        );
        assert_eq!(rsh64_imm(R9, 32).code, 0x77);
        assert_eq!(and32_imm(R9, 0x0f).code, 0x54);
        assert_eq!(add64_imm(R1, -8).code, 0x07);
        assert_eq!(Size::of(3), None);
    }
}
