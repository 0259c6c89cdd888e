//! SHA-256 (FIPS 180-4) and the program digest built on it: the kernel
//! identifies a program by the SHA-256 of its instructions with map fds
//! blanked, and a map created with `excl_prog_hash` accepts only the
//! program with that digest (`bpf_map__set_exclusive_program`).

use crate::uapi::bpf::bpf_insn;

/// Length of a SHA-256 digest in bytes.
pub const SHA256_LEN: usize = 32;

/// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// The first 32 bits of the fractional parts of the square roots of the first 8 primes.
const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

fn compress(state: &mut [u32; 8], block: &[u8]) {
    let mut w = [0u32; 64];
    for (i, word) in block.chunks_exact(4).enumerate() {
        w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
    }
    for i in 16..64 {
        let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
        let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16]
            .wrapping_add(s0)
            .wrapping_add(w[i - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for i in 0..64 {
        let big_s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(big_s1)
            .wrapping_add(ch)
            .wrapping_add(K[i])
            .wrapping_add(w[i]);
        let big_s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = big_s0.wrapping_add(maj);
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(v);
    }
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; SHA256_LEN] {
    let mut state = H0;
    let mut blocks = data.chunks_exact(64);
    for block in &mut blocks {
        compress(&mut state, block);
    }
    // Padding: 0x80, zeros, then the message length in bits (big-endian u64).
    let rest = blocks.remainder();
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let tail_len = if rest.len() < 56 { 64 } else { 128 };
    let bits = (data.len() as u64).wrapping_mul(8);
    tail[tail_len - 8..tail_len].copy_from_slice(&bits.to_be_bytes());
    for block in tail[..tail_len].chunks_exact(64) {
        compress(&mut state, block);
    }
    let mut out = [0u8; SHA256_LEN];
    for (o, s) in out.chunks_exact_mut(4).zip(state) {
        o.copy_from_slice(&s.to_be_bytes());
    }
    out
}

const BPF_LD_IMM64: u8 = 0x18;
const PSEUDO_MAP_FD: u8 = 1;
const PSEUDO_MAP_VALUE: u8 = 2;

/// The kernel's program digest: SHA-256 of the instructions with the
/// immediates of map-fd and map-value `ld_imm64` pairs zeroed (fds differ
/// from load to load). `None` if such a pair is malformed (truncated, or
/// its second half is not a plain continuation), as libbpf refuses those.
pub fn prog_digest(insns: &[bpf_insn]) -> Option<[u8; SHA256_LEN]> {
    let mut raw = Vec::with_capacity(insns.len() * 8);
    let mut i = 0;
    while i < insns.len() {
        let mut insn = insns[i];
        let is_map_ld =
            insn.code == BPF_LD_IMM64 && matches!(insn.src_reg(), PSEUDO_MAP_FD | PSEUDO_MAP_VALUE);
        if is_map_ld {
            insn.imm = 0;
            push(&mut raw, &insn);
            i += 1;
            let mut next = *insns.get(i)?;
            if next.code != 0 || next.regs != 0 || next.off != 0 {
                return None;
            }
            next.imm = 0;
            insn = next;
        }
        push(&mut raw, &insn);
        i += 1;
    }
    Some(sha256(&raw))
}

fn push(out: &mut Vec<u8>, insn: &bpf_insn) {
    out.push(insn.code);
    out.push(insn.regs);
    out.extend_from_slice(&insn.off.to_ne_bytes());
    out.extend_from_slice(&insn.imm.to_ne_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(d: [u8; 32]) -> String {
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// FIPS 180-4 / NIST CAVP example vectors.
    #[test]
    fn nist_vectors() {
        assert_eq!(
            hex(sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            hex(sha256(b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        );
        assert_eq!(
            hex(sha256(&vec![b'a'; 1_000_000])),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
        // Padding edges: 55, 56 and 64 bytes.
        assert_eq!(
            hex(sha256(&[b'a'; 55])),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"
        );
        assert_eq!(
            hex(sha256(&[b'a'; 56])),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"
        );
        assert_eq!(
            hex(sha256(&[b'a'; 64])),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
        );
    }

    #[test]
    fn digest_ignores_map_fds() {
        let ld = |src: u8, imm: i32| {
            let mut i = bpf_insn {
                code: BPF_LD_IMM64,
                regs: 1,
                off: 0,
                imm,
            };
            i.set_src_reg(src);
            i
        };
        let hi = |imm| bpf_insn {
            code: 0,
            regs: 0,
            off: 0,
            imm,
        };
        let exit = bpf_insn {
            code: 0x95,
            regs: 0,
            off: 0,
            imm: 0,
        };
        let a = prog_digest(&[ld(PSEUDO_MAP_FD, 5), hi(0), exit]).unwrap();
        let b = prog_digest(&[ld(PSEUDO_MAP_FD, 9), hi(0), exit]).unwrap();
        assert_eq!(a, b);
        let c = prog_digest(&[ld(PSEUDO_MAP_VALUE, 5), hi(16), exit]).unwrap();
        assert_ne!(a, c);
        // A plain 64-bit constant keeps its value in the digest.
        assert_ne!(
            prog_digest(&[ld(0, 5), hi(0), exit]),
            prog_digest(&[ld(0, 6), hi(0), exit])
        );
        assert!(prog_digest(&[ld(PSEUDO_MAP_FD, 5)]).is_none());
    }
}
