//! glibc's `%f` and `%Lf` (six decimals, exact value rounded half to even),
//! as libbpf's typed dump prints floats through printf. Written out here so
//! the digits are glibc's exactly, and because long double has no Rust type.

/// glibc's `%f` of a double: exact value rounded half-to-even to 6 places.
pub(super) fn fmt_f64(v: f64) -> String {
    let bits = v.to_bits();
    let neg = bits >> 63 == 1;
    let e = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    if e == 0x7ff {
        return special(neg, frac == 0);
    }
    let (mant, exp2) = if e == 0 {
        (frac, 1 - 1023 - 52)
    } else {
        (frac | 1 << 52, e - 1023 - 52)
    };
    fixed6(neg, mant, exp2)
}

/// glibc's `%Lf` of an x87 80-bit long double stored in 16 bytes.
pub(super) fn fmt_long_double(b: &[u8; 16]) -> String {
    let mant = u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
    let se = u16::from_le_bytes([b[8], b[9]]);
    let neg = se >> 15 == 1;
    let e = (se & 0x7fff) as i32;
    if e == 0x7fff {
        return special(neg, mant << 1 == 0);
    }
    fixed6(neg, mant, e.max(1) - 16383 - 63)
}

fn special(neg: bool, inf: bool) -> String {
    let s = if inf { "inf" } else { "nan" };
    if neg {
        format!("-{s}")
    } else {
        s.to_string()
    }
}

/// `mant * 2^exp2` in fixed notation with 6 decimals, round half to even.
fn fixed6(neg: bool, mant: u64, exp2: i32) -> String {
    let n = mant as u128 * 1_000_000;
    let digits = if exp2 >= 0 {
        // Base-1e9 limbs, least significant first, doubled exp2 times.
        let mut limbs: Vec<u64> = Vec::new();
        let mut x = n;
        while x > 0 {
            limbs.push((x % 1_000_000_000) as u64);
            x /= 1_000_000_000;
        }
        let mut left = exp2;
        while left > 0 {
            let k = left.min(30);
            left -= k;
            let mut carry = 0u64;
            for l in limbs.iter_mut() {
                let v = (*l << k) + carry;
                *l = v % 1_000_000_000;
                carry = v / 1_000_000_000;
            }
            while carry > 0 {
                limbs.push(carry % 1_000_000_000);
                carry /= 1_000_000_000;
            }
        }
        let mut s = String::new();
        for (i, l) in limbs.iter().rev().enumerate() {
            if i == 0 {
                s.push_str(&l.to_string());
            } else {
                s.push_str(&format!("{l:09}"));
            }
        }
        if s.is_empty() {
            s.push('0');
        }
        s
    } else {
        let sh = (-exp2) as u32;
        let q = if sh >= 128 {
            0
        } else {
            let q = n >> sh;
            let r = n & ((1u128 << sh) - 1);
            let half = 1u128 << (sh - 1);
            if r > half || (r == half && q & 1 == 1) {
                q + 1
            } else {
                q
            }
        };
        q.to_string()
    };
    let digits = format!("{digits:0>7}");
    let (int, frac) = digits.split_at(digits.len() - 6);
    format!("{}{int}.{frac}", if neg { "-" } else { "" })
}
