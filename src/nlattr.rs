//! Netlink attribute streams, as libbpf's internal `libbpf_nla_*` helpers
//! read them (tools such as bpftool call those on replies they receive).
//! Pure: byte slices in, offsets out.

/// `NLA_HDRLEN`: the attribute header (`nla_len`, `nla_type`).
pub const HDRLEN: usize = 4;
/// `NLA_TYPE_MASK`: the type without the nested / byte-order flags.
const TYPE_MASK: u16 = !(1 << 15 | 1 << 14);

/// `LIBBPF_NLA_*` payload types.
pub const NLA_UNSPEC: u16 = 0;
pub const NLA_U8: u16 = 1;
pub const NLA_U16: u16 = 2;
pub const NLA_U32: u16 = 3;
pub const NLA_U64: u16 = 4;
pub const NLA_STRING: u16 = 5;
pub const NLA_FLAG: u16 = 6;
const NLA_TYPE_MAX: u16 = 8;

/// `struct libbpf_nla_policy`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Policy {
    pub ty: u16,
    pub minlen: u16,
    pub maxlen: u16,
}

/// An attribute broke the policy (libbpf answers -EINVAL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadAttr;

fn rd16(b: &[u8], at: usize) -> u16 {
    u16::from_ne_bytes([b[at], b[at + 1]])
}

/// Default minimum payload per type (libbpf's table).
fn min_len(ty: u16) -> usize {
    match ty {
        NLA_U8 => 1,
        NLA_U16 => 2,
        NLA_U32 => 4,
        NLA_U64 => 8,
        NLA_STRING => 1,
        _ => 0,
    }
}

fn valid(payload: &[u8], p: &Policy) -> bool {
    if p.ty > NLA_TYPE_MAX {
        return true;
    }
    let min = if p.minlen != 0 {
        p.minlen as usize
    } else {
        min_len(p.ty)
    };
    if payload.len() < min || (p.maxlen != 0 && payload.len() > p.maxlen as usize) {
        return false;
    }
    p.ty != NLA_STRING || payload.last() == Some(&0)
}

/// Indexes the attributes of `buf`: slot `t` (0..=maxtype) gets the offset
/// of the last attribute of type `t`. Walking stops at the first attribute
/// that does not fit; types above `maxtype` are skipped. With a policy
/// (maxtype + 1 entries), an attribute breaking it fails the parse.
pub fn parse(
    buf: &[u8],
    maxtype: usize,
    policy: Option<&[Policy]>,
) -> Result<Vec<Option<usize>>, BadAttr> {
    let mut tb = vec![None; maxtype + 1];
    let mut at = 0usize;
    while buf.len() - at >= HDRLEN {
        let len = rd16(buf, at) as usize;
        if len < HDRLEN || len > buf.len() - at {
            break;
        }
        let ty = (rd16(buf, at + 2) & TYPE_MASK) as usize;
        if ty <= maxtype {
            if let Some(p) = policy.and_then(|p| p.get(ty)) {
                if !valid(&buf[at + HDRLEN..at + len], p) {
                    return Err(BadAttr);
                }
            }
            if tb[ty].is_some() {
                // C's %#x prints 0 without the 0x.
                let t = if ty == 0 {
                    "0".into()
                } else {
                    format!("{ty:#x}")
                };
                crate::warn!(
                    "Attribute of type {t} found multiple times in message, previous attribute is being ignored."
                );
            }
            tb[ty] = Some(at);
        }
        at = at.saturating_add((len + 3) & !3).min(buf.len());
    }
    Ok(tb)
}

/// `NLMSG_HDRLEN` and the flags of an error reply's extended ack.
const NLMSG_HDRLEN: usize = 16;
const NLM_F_CAPPED: u16 = 0x100;
const NLM_F_ACK_TLVS: u16 = 0x200;
const NLMSGERR_ATTR_MSG: usize = 1;
const NLMSGERR_ATTR_OFFS: usize = 2;
const NLMSGERR_ATTR_MAX: usize = 5;

/// Logs the message carried by an error reply's extended ack (`msg` is the
/// whole netlink message, header first), as libbpf does.
pub fn dump_errormsg(msg: &[u8]) {
    if msg.len() < NLMSG_HDRLEN || rd16(msg, 6) & NLM_F_ACK_TLVS == 0 {
        return;
    }
    // struct nlmsgerr: int error, then the offending request's header
    // (and, unless capped, its payload).
    let mut hlen = 4 + NLMSG_HDRLEN;
    if rd16(msg, 6) & NLM_F_CAPPED == 0 {
        let inner = msg
            .get(NLMSG_HDRLEN + 4..NLMSG_HDRLEN + 8)
            .map_or(0, |b| u32::from_ne_bytes(b.try_into().unwrap()) as usize);
        hlen += inner.saturating_sub(NLMSG_HDRLEN);
    }
    let attrs = msg.get(NLMSG_HDRLEN + hlen..).unwrap_or_default();
    let mut policy = [Policy::default(); NLMSGERR_ATTR_MAX + 1];
    policy[NLMSGERR_ATTR_MSG].ty = NLA_STRING;
    policy[NLMSGERR_ATTR_OFFS].ty = NLA_U32;
    let Ok(tb) = parse(attrs, NLMSGERR_ATTR_MAX, Some(&policy)) else {
        crate::warn!("Failed to parse extended error attributes");
        return;
    };
    let text = tb[NLMSGERR_ATTR_MSG].map(|at| {
        let s = &attrs[at + HDRLEN..];
        String::from_utf8_lossy(&s[..s.iter().position(|&b| b == 0).unwrap_or(s.len())])
            .into_owned()
    });
    crate::warn!(
        "Kernel error message: {}",
        text.as_deref().unwrap_or("(null)")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(ty: u16, payload: &[u8]) -> Vec<u8> {
        let mut v = ((HDRLEN + payload.len()) as u16).to_ne_bytes().to_vec();
        v.extend(ty.to_ne_bytes());
        v.extend(payload);
        v.resize((v.len() + 3) & !3, 0);
        v
    }

    #[test]
    fn indexes_last_of_each_type_and_skips_big_types() {
        let mut b = attr(1, b"ab\0");
        b.extend(attr(3 | 1 << 15, &7u32.to_ne_bytes()));
        b.extend(attr(9, b""));
        b.extend(attr(1, b"cd\0"));
        let tb = parse(&b, 3, None).unwrap();
        assert_eq!(tb, vec![None, Some(20), None, Some(8)]);
    }

    #[test]
    fn stops_at_a_truncated_attribute() {
        let mut b = attr(1, &[1, 2, 3, 4]);
        b.extend([200, 0, 2, 0]);
        assert_eq!(parse(&b, 2, None).unwrap(), vec![None, Some(0), None]);
        assert_eq!(parse(&[1, 0], 2, None).unwrap(), vec![None; 3]);
    }

    #[test]
    fn policy_checks_lengths_and_strings() {
        let p = [
            Policy::default(),
            Policy {
                ty: NLA_STRING,
                ..Default::default()
            },
            Policy {
                ty: NLA_U32,
                ..Default::default()
            },
        ];
        assert!(parse(&attr(1, b"ok\0"), 2, Some(&p)).is_ok());
        assert!(parse(&attr(1, b"no"), 2, Some(&p)).is_err());
        assert!(parse(&attr(2, &[1, 2]), 2, Some(&p)).is_err());
        assert!(parse(&attr(2, &[1, 2, 3, 4]), 2, Some(&p)).is_ok());
    }
}
