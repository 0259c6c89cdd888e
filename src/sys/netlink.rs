//! rtnetlink for XDP (`RTM_SETLINK`/`IFLA_XDP`) and TC clsact filters
//! (`RTM_{NEW,DEL}QDISC`, `RTM_{NEW,DEL,GET}TFILTER` with `TCA_KIND "bpf"`).

use super::fd::own;
use crate::error::Errno;
use std::os::fd::{AsRawFd, OwnedFd};

const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const NLM_F_REQUEST: u16 = 1;
const NLM_F_ACK: u16 = 4;
const NLM_F_ECHO: u16 = 8;
const NLM_F_DUMP: u16 = 0x300;
const NLM_F_REPLACE: u16 = 0x100;
const NLM_F_EXCL: u16 = 0x200;
const NLM_F_CREATE: u16 = 0x400;
const NLA_F_NESTED: u16 = 1 << 15;

const RTM_GETLINK: u16 = 18;
const RTM_SETLINK: u16 = 19;
const RTM_NEWQDISC: u16 = 36;
const RTM_DELQDISC: u16 = 37;
const RTM_NEWTFILTER: u16 = 44;
const RTM_DELTFILTER: u16 = 45;
const RTM_GETTFILTER: u16 = 46;

const IFLA_XDP: u16 = 43;
const IFLA_XDP_FD: u16 = 1;
const IFLA_XDP_ATTACHED: u16 = 2;
const IFLA_XDP_FLAGS: u16 = 3;
const IFLA_XDP_PROG_ID: u16 = 4;
const IFLA_XDP_DRV_PROG_ID: u16 = 5;
const IFLA_XDP_SKB_PROG_ID: u16 = 6;
const IFLA_XDP_HW_PROG_ID: u16 = 7;
const IFLA_XDP_EXPECTED_FD: u16 = 8;
/// `XDP_FLAGS_REPLACE`.
pub const XDP_FLAGS_REPLACE: u32 = 1 << 4;

const TCA_KIND: u16 = 1;
const TCA_OPTIONS: u16 = 2;
const TCA_BPF_FD: u16 = 6;
const TCA_BPF_NAME: u16 = 7;
const TCA_BPF_FLAGS: u16 = 8;
const TCA_BPF_ID: u16 = 11;
const TCA_BPF_FLAG_ACT_DIRECT: u32 = 1;
/// `TC_H_CLSACT`/`TC_H_INGRESS` parent, and the clsact minor ids.
pub const TC_H_CLSACT: u32 = 0xFFFF_FFF1;
pub const TC_H_MIN_INGRESS: u32 = 0xFFF2;
pub const TC_H_MIN_EGRESS: u32 = 0xFFF3;
const ETH_P_ALL: u16 = 0x0003;

fn align4(n: usize) -> usize {
    (n + 3) & !3
}

/// One request being built: nlmsghdr, family header, attributes.
struct Msg {
    buf: Vec<u8>,
    nests: Vec<usize>,
}

impl Msg {
    fn new(ty: u16, flags: u16, family_hdr: &[u8]) -> Msg {
        let mut buf = vec![0u8; 16];
        buf[4..6].copy_from_slice(&ty.to_ne_bytes());
        buf[6..8].copy_from_slice(&(flags | NLM_F_REQUEST).to_ne_bytes());
        buf.extend_from_slice(family_hdr);
        buf.resize(align4(buf.len()), 0);
        Msg {
            buf,
            nests: Vec::new(),
        }
    }
    fn attr(&mut self, ty: u16, data: &[u8]) -> &mut Msg {
        let len = 4 + data.len();
        self.buf.extend_from_slice(&(len as u16).to_ne_bytes());
        self.buf.extend_from_slice(&ty.to_ne_bytes());
        self.buf.extend_from_slice(data);
        self.buf.resize(align4(self.buf.len()), 0);
        self
    }
    fn str(&mut self, ty: u16, s: &str) -> &mut Msg {
        let mut d = s.as_bytes().to_vec();
        d.push(0);
        self.attr(ty, &d)
    }
    fn nest(&mut self, ty: u16) -> &mut Msg {
        self.nests.push(self.buf.len());
        self.attr(ty | NLA_F_NESTED, &[])
    }
    fn end(&mut self) -> &mut Msg {
        if let Some(start) = self.nests.pop() {
            let len = (self.buf.len() - start) as u16;
            self.buf[start..start + 2].copy_from_slice(&len.to_ne_bytes());
        }
        self
    }
}

fn socket() -> Result<OwnedFd, Errno> {
    // SAFETY: plain socket(2) call.
    let fd = unsafe {
        libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_RAW | libc::SOCK_CLOEXEC,
            libc::NETLINK_ROUTE,
        )
    };
    if fd < 0 {
        return Err(Errno::last());
    }
    let fd = own(fd)?;
    let one: libc::c_int = 1;
    // SAFETY: setsockopt with an int option; failure (old kernels) is harmless.
    unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_NETLINK,
            libc::NETLINK_EXT_ACK,
            (&one as *const libc::c_int).cast(),
            4,
        )
    };
    Ok(fd)
}

/// Sends `msg` and collects the payloads (after nlmsghdr) of every reply
/// message until the ACK or `NLMSG_DONE`; an error reply becomes `Err`.
fn talk(mut msg: Msg) -> Result<Vec<(u16, Vec<u8>)>, Errno> {
    let sock = socket()?;
    let len = msg.buf.len() as u32;
    msg.buf[0..4].copy_from_slice(&len.to_ne_bytes());
    let seq: u32 = 1;
    msg.buf[8..12].copy_from_slice(&seq.to_ne_bytes());
    // SAFETY: sending our own buffer on our socket.
    let r = unsafe { libc::send(sock.as_raw_fd(), msg.buf.as_ptr().cast(), msg.buf.len(), 0) };
    if r < 0 {
        return Err(Errno::last());
    }
    let dump = u16::from_ne_bytes([msg.buf[6], msg.buf[7]]) & NLM_F_DUMP == NLM_F_DUMP;
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        // SAFETY: receiving into our own buffer.
        let n = unsafe { libc::recv(sock.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
        if n < 0 {
            let e = Errno::last();
            if e == Errno::EINTR {
                continue;
            }
            return Err(e);
        }
        let mut data = &buf[..n as usize];
        while data.len() >= 16 {
            let mlen = u32::from_ne_bytes(data[0..4].try_into().unwrap_or_default()) as usize;
            let ty = u16::from_ne_bytes([data[4], data[5]]);
            if mlen < 16 || mlen > data.len() {
                return Err(Errno::EPROTO);
            }
            let payload = &data[16..mlen];
            match ty {
                NLMSG_ERROR => {
                    let err = i32::from_ne_bytes(
                        payload
                            .get(0..4)
                            .ok_or(Errno::EPROTO)?
                            .try_into()
                            .unwrap_or_default(),
                    );
                    if err != 0 {
                        let flags = u16::from_ne_bytes([data[6], data[7]]);
                        dump_errormsg(flags, payload);
                        return Err(Errno(-err));
                    }
                    if !dump {
                        return Ok(out);
                    }
                }
                NLMSG_DONE => return Ok(out),
                _ => out.push((ty, payload.to_vec())),
            }
            data = &data[align4(mlen).min(data.len())..];
        }
    }
}

const NLM_F_CAPPED: u16 = 0x100;
const NLM_F_ACK_TLVS: u16 = 0x200;
const NLMSGERR_ATTR_MSG: u16 = 1;

/// Prints the kernel's extended-ack text of an error reply (`payload` =
/// `struct nlmsgerr` and its attributes) at WARN, as libbpf does.
fn dump_errormsg(flags: u16, payload: &[u8]) {
    if flags & NLM_F_ACK_TLVS == 0 {
        return;
    }
    // The echoed request follows the error code unless it was capped.
    let inner = if flags & NLM_F_CAPPED != 0 {
        16
    } else {
        payload.get(4..8).map_or(16, |l| {
            u32::from_ne_bytes(l.try_into().unwrap_or_default()) as usize
        })
    };
    let tlvs = payload.get(4 + align4(inner)..).unwrap_or(&[]);
    let msg = attrs(tlvs)
        .into_iter()
        .find(|(t, _)| *t == NLMSGERR_ATTR_MSG)
        .map(|(_, m)| {
            let end = m.iter().position(|&b| b == 0).unwrap_or(m.len());
            String::from_utf8_lossy(&m[..end]).into_owned()
        });
    crate::warn!(
        "Kernel error message: {}",
        msg.as_deref().unwrap_or("(null)")
    );
}

/// Walks the attributes in `b`: `(type without flags, payload)`.
fn attrs(mut b: &[u8]) -> Vec<(u16, &[u8])> {
    let mut v = Vec::new();
    while b.len() >= 4 {
        let len = u16::from_ne_bytes([b[0], b[1]]) as usize;
        let ty = u16::from_ne_bytes([b[2], b[3]]) & 0x3fff;
        if len < 4 || len > b.len() {
            break;
        }
        v.push((ty, &b[4..len]));
        b = &b[align4(len).min(b.len())..];
    }
    v
}

fn u32_of(b: &[u8]) -> u32 {
    b.get(0..4)
        .map_or(0, |s| u32::from_ne_bytes(s.try_into().unwrap_or_default()))
}

fn ifinfomsg(family: u8, ifindex: i32) -> [u8; 16] {
    let mut h = [0u8; 16];
    h[0] = family;
    h[4..8].copy_from_slice(&ifindex.to_ne_bytes());
    h
}

/// Sets (fd >= 0) or clears (fd = -1) the XDP program of `ifindex`.
pub fn xdp_set(ifindex: i32, fd: i32, flags: u32, expected_fd: Option<i32>) -> Result<(), Errno> {
    let mut m = Msg::new(
        RTM_SETLINK,
        NLM_F_ACK,
        &ifinfomsg(libc::AF_UNSPEC as u8, ifindex),
    );
    m.nest(IFLA_XDP).attr(IFLA_XDP_FD, &fd.to_ne_bytes());
    if flags != 0 {
        m.attr(IFLA_XDP_FLAGS, &flags.to_ne_bytes());
    }
    if let Some(e) = expected_fd {
        m.attr(IFLA_XDP_EXPECTED_FD, &e.to_ne_bytes());
    }
    m.end();
    talk(m).map(|_| ())
}

/// What `IFLA_XDP` reports for an interface.
#[derive(Clone, Copy, Debug, Default)]
pub struct XdpInfo {
    pub attach_mode: u8,
    pub prog_id: u32,
    pub drv_prog_id: u32,
    pub skb_prog_id: u32,
    pub hw_prog_id: u32,
}

pub fn xdp_query(ifindex: i32) -> Result<XdpInfo, Errno> {
    let m = Msg::new(
        RTM_GETLINK,
        NLM_F_DUMP,
        &ifinfomsg(libc::AF_PACKET as u8, 0),
    );
    let mut info = XdpInfo::default();
    for (_, p) in talk(m)? {
        if p.len() < 16 || i32::from_ne_bytes(p[4..8].try_into().unwrap_or_default()) != ifindex {
            continue;
        }
        for (ty, data) in attrs(&p[16..]) {
            if ty != IFLA_XDP {
                continue;
            }
            for (t, d) in attrs(data) {
                match t {
                    IFLA_XDP_ATTACHED => info.attach_mode = d.first().copied().unwrap_or(0),
                    IFLA_XDP_PROG_ID => info.prog_id = u32_of(d),
                    IFLA_XDP_DRV_PROG_ID => info.drv_prog_id = u32_of(d),
                    IFLA_XDP_SKB_PROG_ID => info.skb_prog_id = u32_of(d),
                    IFLA_XDP_HW_PROG_ID => info.hw_prog_id = u32_of(d),
                    _ => {}
                }
            }
        }
    }
    Ok(info)
}

fn tcmsg(ifindex: i32, handle: u32, parent: u32, info: u32) -> [u8; 20] {
    let mut h = [0u8; 20];
    h[4..8].copy_from_slice(&ifindex.to_ne_bytes());
    h[8..12].copy_from_slice(&handle.to_ne_bytes());
    h[12..16].copy_from_slice(&parent.to_ne_bytes());
    h[16..20].copy_from_slice(&info.to_ne_bytes());
    h
}

/// Creates (`create`) or deletes a qdisc of kind `kind` at `parent`/`handle`.
pub fn qdisc(
    create: bool,
    ifindex: i32,
    parent: u32,
    handle: u32,
    kind: &str,
) -> Result<(), Errno> {
    let (ty, flags) = if create {
        (RTM_NEWQDISC, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
    } else {
        (RTM_DELQDISC, NLM_F_ACK)
    };
    let mut m = Msg::new(ty, flags, &tcmsg(ifindex, handle, parent, 0));
    m.str(TCA_KIND, kind);
    talk(m).map(|_| ())
}

fn tc_info(priority: u32) -> u32 {
    (priority << 16) | ETH_P_ALL.to_be() as u32
}

/// A BPF filter as the kernel reports it.
#[derive(Clone, Copy, Debug, Default)]
pub struct TcFilter {
    pub handle: u32,
    pub priority: u32,
    pub prog_id: u32,
}

fn parse_filter(p: &[u8]) -> Option<TcFilter> {
    if p.len() < 20 {
        return None;
    }
    let mut f = TcFilter {
        handle: u32_of(&p[8..12]),
        priority: u32_of(&p[16..20]) >> 16,
        prog_id: 0,
    };
    let mut is_bpf = false;
    for (ty, d) in attrs(&p[20..]) {
        match ty {
            TCA_KIND => is_bpf = d.starts_with(b"bpf\0"),
            TCA_OPTIONS => {
                for (t, v) in attrs(d) {
                    if t == TCA_BPF_ID {
                        f.prog_id = u32_of(v);
                    }
                }
            }
            _ => {}
        }
    }
    (is_bpf && f.prog_id != 0).then_some(f)
}

/// Adds a direct-action BPF filter; returns what the kernel chose.
#[allow(clippy::too_many_arguments)]
pub fn tc_filter_add(
    ifindex: i32,
    parent: u32,
    handle: u32,
    priority: u32,
    prog_fd: i32,
    prog_name: &str,
    replace: bool,
) -> Result<TcFilter, Errno> {
    let flags =
        NLM_F_ACK | NLM_F_ECHO | NLM_F_CREATE | if replace { NLM_F_REPLACE } else { NLM_F_EXCL };
    let mut m = Msg::new(
        RTM_NEWTFILTER,
        flags,
        &tcmsg(ifindex, handle, parent, tc_info(priority)),
    );
    m.str(TCA_KIND, "bpf")
        .nest(TCA_OPTIONS)
        .attr(TCA_BPF_FD, &prog_fd.to_ne_bytes())
        .str(TCA_BPF_NAME, prog_name)
        .attr(TCA_BPF_FLAGS, &TCA_BPF_FLAG_ACT_DIRECT.to_ne_bytes())
        .end();
    talk(m)?
        .iter()
        .filter(|(ty, _)| *ty == RTM_NEWTFILTER)
        .find_map(|(_, p)| parse_filter(p))
        .ok_or(Errno::EPROTO)
}

/// Deletes filters at `parent`: one (`handle`+`priority`) or, both zero, all.
pub fn tc_filter_del(ifindex: i32, parent: u32, handle: u32, priority: u32) -> Result<(), Errno> {
    let mut m = Msg::new(
        RTM_DELTFILTER,
        NLM_F_ACK,
        &tcmsg(ifindex, handle, parent, tc_info(priority)),
    );
    if handle != 0 || priority != 0 {
        m.str(TCA_KIND, "bpf");
    } else {
        // a flush: info 0 means every protocol and priority
        m.buf[16 + 16..16 + 20].copy_from_slice(&0u32.to_ne_bytes());
    }
    talk(m).map(|_| ())
}

/// Looks up the BPF filter `handle`/`priority` at `parent`.
pub fn tc_filter_get(
    ifindex: i32,
    parent: u32,
    handle: u32,
    priority: u32,
) -> Result<TcFilter, Errno> {
    let mut m = Msg::new(
        RTM_GETTFILTER,
        NLM_F_DUMP,
        &tcmsg(ifindex, handle, parent, tc_info(priority)),
    );
    m.str(TCA_KIND, "bpf");
    talk(m)?
        .iter()
        .filter_map(|(_, p)| parse_filter(p))
        .find(|f| f.handle == handle && f.priority == priority)
        .ok_or(Errno::ENOENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_nested_attrs_with_lengths() {
        let mut m = Msg::new(RTM_SETLINK, NLM_F_ACK, &ifinfomsg(0, 7));
        m.nest(IFLA_XDP)
            .attr(IFLA_XDP_FD, &3i32.to_ne_bytes())
            .end();
        let a = attrs(&m.buf[32..]);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].0, IFLA_XDP);
        let inner = attrs(a[0].1);
        assert_eq!(inner, vec![(IFLA_XDP_FD, &3i32.to_ne_bytes()[..])]);
    }
}
