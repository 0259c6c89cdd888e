//! `SEC()` names: which program type, expected attach type and auto-attach
//! kind a section name means. Same matching rules as libbpf 1.x: a definition
//! ending in `+` matches the bare name or `name/anything`; one ending in `/`
//! matches by prefix; any other matches exactly.

/// How `bpf_program__attach` attaches a program of this section, if at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AutoAttach {
    None,
    Tracepoint,
    RawTracepoint,
    Trace,
    Lsm,
    Iter,
    Kprobe,
    Ksyscall,
    KprobeMulti,
    Uprobe,
    UprobeMulti,
    Usdt,
}

#[derive(Clone, Copy, Debug)]
pub struct SecDef {
    pub sec: &'static str,
    pub prog_type: u32,
    pub expected_attach_type: u32,
    pub sleepable: bool,
    /// The attach target is a BTF id resolved at load (`fentry/func`, `tp_btf/name`).
    pub attach_btf: bool,
    /// Attached with BPF_PROG_ATTACH/link by expected attach type
    /// (libbpf's `SEC_ATTACHABLE`): `libbpf_attach_type_by_name` answers only for these.
    pub attachable: bool,
    /// XDP program that handles multi-buffer packets (`BPF_F_XDP_HAS_FRAGS`).
    pub xdp_frags: bool,
    pub auto: AutoAttach,
}

const fn d(sec: &'static str, prog_type: u32, eat: u32, auto: AutoAttach) -> SecDef {
    SecDef {
        sec,
        prog_type,
        expected_attach_type: eat,
        sleepable: false,
        attach_btf: false,
        attachable: false,
        xdp_frags: false,
        auto,
    }
}
const fn s(mut def: SecDef) -> SecDef {
    def.sleepable = true;
    def
}
const fn b(mut def: SecDef) -> SecDef {
    def.attach_btf = true;
    def
}
const fn attachable(mut def: SecDef) -> SecDef {
    def.attachable = true;
    def
}
const fn frags(mut def: SecDef) -> SecDef {
    def.xdp_frags = true;
    def
}

use AutoAttach as A;

/// `enum bpf_prog_type` values the table uses.
pub mod pt {
    pub const SOCKET_FILTER: u32 = 1;
    pub const KPROBE: u32 = 2;
    pub const SCHED_CLS: u32 = 3;
    pub const SCHED_ACT: u32 = 4;
    pub const TRACEPOINT: u32 = 5;
    pub const XDP: u32 = 6;
    pub const PERF_EVENT: u32 = 7;
    pub const CGROUP_SKB: u32 = 8;
    pub const CGROUP_SOCK: u32 = 9;
    pub const LWT_IN: u32 = 10;
    pub const LWT_OUT: u32 = 11;
    pub const LWT_XMIT: u32 = 12;
    pub const SOCK_OPS: u32 = 13;
    pub const SK_SKB: u32 = 14;
    pub const CGROUP_DEVICE: u32 = 15;
    pub const SK_MSG: u32 = 16;
    pub const RAW_TRACEPOINT: u32 = 17;
    pub const CGROUP_SOCK_ADDR: u32 = 18;
    pub const LWT_SEG6LOCAL: u32 = 19;
    pub const LIRC_MODE2: u32 = 20;
    pub const SK_REUSEPORT: u32 = 21;
    pub const FLOW_DISSECTOR: u32 = 22;
    pub const CGROUP_SYSCTL: u32 = 23;
    pub const RAW_TRACEPOINT_WRITABLE: u32 = 24;
    pub const CGROUP_SOCKOPT: u32 = 25;
    pub const TRACING: u32 = 26;
    pub const STRUCT_OPS: u32 = 27;
    pub const EXT: u32 = 28;
    pub const LSM: u32 = 29;
    pub const SK_LOOKUP: u32 = 30;
    pub const SYSCALL: u32 = 31;
    pub const NETFILTER: u32 = 32;
}

/// `enum bpf_attach_type` values the table uses.
pub mod at {
    pub const CGROUP_INET_INGRESS: u32 = 0;
    pub const CGROUP_INET_EGRESS: u32 = 1;
    pub const CGROUP_INET_SOCK_CREATE: u32 = 2;
    pub const CGROUP_SOCK_OPS: u32 = 3;
    pub const SK_SKB_STREAM_PARSER: u32 = 4;
    pub const SK_SKB_STREAM_VERDICT: u32 = 5;
    pub const CGROUP_DEVICE: u32 = 6;
    pub const SK_MSG_VERDICT: u32 = 7;
    pub const CGROUP_INET4_BIND: u32 = 8;
    pub const CGROUP_INET6_BIND: u32 = 9;
    pub const CGROUP_INET4_CONNECT: u32 = 10;
    pub const CGROUP_INET6_CONNECT: u32 = 11;
    pub const CGROUP_INET4_POST_BIND: u32 = 12;
    pub const CGROUP_INET6_POST_BIND: u32 = 13;
    pub const CGROUP_UDP4_SENDMSG: u32 = 14;
    pub const CGROUP_UDP6_SENDMSG: u32 = 15;
    pub const LIRC_MODE2: u32 = 16;
    pub const FLOW_DISSECTOR: u32 = 17;
    pub const CGROUP_SYSCTL: u32 = 18;
    pub const CGROUP_UDP4_RECVMSG: u32 = 19;
    pub const CGROUP_UDP6_RECVMSG: u32 = 20;
    pub const CGROUP_GETSOCKOPT: u32 = 21;
    pub const CGROUP_SETSOCKOPT: u32 = 22;
    pub const TRACE_RAW_TP: u32 = 23;
    pub const TRACE_FENTRY: u32 = 24;
    pub const TRACE_FEXIT: u32 = 25;
    pub const MODIFY_RETURN: u32 = 26;
    pub const LSM_MAC: u32 = 27;
    pub const TRACE_ITER: u32 = 28;
    pub const CGROUP_INET4_GETPEERNAME: u32 = 29;
    pub const CGROUP_INET6_GETPEERNAME: u32 = 30;
    pub const CGROUP_INET4_GETSOCKNAME: u32 = 31;
    pub const CGROUP_INET6_GETSOCKNAME: u32 = 32;
    pub const XDP_DEVMAP: u32 = 33;
    pub const CGROUP_INET_SOCK_RELEASE: u32 = 34;
    pub const XDP_CPUMAP: u32 = 35;
    pub const SK_LOOKUP: u32 = 36;
    pub const XDP: u32 = 37;
    pub const SK_SKB_VERDICT: u32 = 38;
    pub const SK_REUSEPORT_SELECT: u32 = 39;
    pub const SK_REUSEPORT_SELECT_OR_MIGRATE: u32 = 40;
    pub const TRACE_KPROBE_MULTI: u32 = 42;
    pub const LSM_CGROUP: u32 = 43;
    pub const NETFILTER: u32 = 45;
    pub const TCX_INGRESS: u32 = 46;
    pub const TCX_EGRESS: u32 = 47;
    pub const TRACE_UPROBE_MULTI: u32 = 48;
    pub const CGROUP_UNIX_CONNECT: u32 = 49;
    pub const CGROUP_UNIX_SENDMSG: u32 = 50;
    pub const CGROUP_UNIX_RECVMSG: u32 = 51;
    pub const CGROUP_UNIX_GETPEERNAME: u32 = 52;
    pub const CGROUP_UNIX_GETSOCKNAME: u32 = 53;
    pub const NETKIT_PRIMARY: u32 = 54;
    pub const NETKIT_PEER: u32 = 55;
    pub const TRACE_KPROBE_SESSION: u32 = 56;
    pub const TRACE_UPROBE_SESSION: u32 = 57;
    pub const TRACE_FSESSION: u32 = 58;
}

/// libbpf v1.7's section definitions, in its order: the first match wins.
pub static SEC_DEFS: &[SecDef] = DEFS;

const DEFS: &[SecDef] = &[
    d("socket", pt::SOCKET_FILTER, 0, A::None),
    attachable(d(
        "sk_reuseport/migrate",
        pt::SK_REUSEPORT,
        at::SK_REUSEPORT_SELECT_OR_MIGRATE,
        A::None,
    )),
    attachable(d(
        "sk_reuseport",
        pt::SK_REUSEPORT,
        at::SK_REUSEPORT_SELECT,
        A::None,
    )),
    d("kprobe+", pt::KPROBE, 0, A::Kprobe),
    d("uprobe+", pt::KPROBE, 0, A::Uprobe),
    s(d("uprobe.s+", pt::KPROBE, 0, A::Uprobe)),
    d("kretprobe+", pt::KPROBE, 0, A::Kprobe),
    d("uretprobe+", pt::KPROBE, 0, A::Uprobe),
    s(d("uretprobe.s+", pt::KPROBE, 0, A::Uprobe)),
    d(
        "kprobe.multi+",
        pt::KPROBE,
        at::TRACE_KPROBE_MULTI,
        A::KprobeMulti,
    ),
    d(
        "kretprobe.multi+",
        pt::KPROBE,
        at::TRACE_KPROBE_MULTI,
        A::KprobeMulti,
    ),
    d(
        "kprobe.session+",
        pt::KPROBE,
        at::TRACE_KPROBE_SESSION,
        A::KprobeMulti,
    ),
    d(
        "uprobe.multi+",
        pt::KPROBE,
        at::TRACE_UPROBE_MULTI,
        A::UprobeMulti,
    ),
    d(
        "uretprobe.multi+",
        pt::KPROBE,
        at::TRACE_UPROBE_MULTI,
        A::UprobeMulti,
    ),
    d(
        "uprobe.session+",
        pt::KPROBE,
        at::TRACE_UPROBE_SESSION,
        A::UprobeMulti,
    ),
    s(d(
        "uprobe.multi.s+",
        pt::KPROBE,
        at::TRACE_UPROBE_MULTI,
        A::UprobeMulti,
    )),
    s(d(
        "uretprobe.multi.s+",
        pt::KPROBE,
        at::TRACE_UPROBE_MULTI,
        A::UprobeMulti,
    )),
    s(d(
        "uprobe.session.s+",
        pt::KPROBE,
        at::TRACE_UPROBE_SESSION,
        A::UprobeMulti,
    )),
    d("ksyscall+", pt::KPROBE, 0, A::Ksyscall),
    d("kretsyscall+", pt::KPROBE, 0, A::Ksyscall),
    d("usdt+", pt::KPROBE, 0, A::Usdt),
    s(d("usdt.s+", pt::KPROBE, 0, A::Usdt)),
    d("tc/ingress", pt::SCHED_CLS, at::TCX_INGRESS, A::None),
    d("tc/egress", pt::SCHED_CLS, at::TCX_EGRESS, A::None),
    d("tcx/ingress", pt::SCHED_CLS, at::TCX_INGRESS, A::None),
    d("tcx/egress", pt::SCHED_CLS, at::TCX_EGRESS, A::None),
    d("tc", pt::SCHED_CLS, 0, A::None),
    d("classifier", pt::SCHED_CLS, 0, A::None),
    d("action", pt::SCHED_ACT, 0, A::None),
    d("netkit/primary", pt::SCHED_CLS, at::NETKIT_PRIMARY, A::None),
    d("netkit/peer", pt::SCHED_CLS, at::NETKIT_PEER, A::None),
    d("tracepoint+", pt::TRACEPOINT, 0, A::Tracepoint),
    d("tp+", pt::TRACEPOINT, 0, A::Tracepoint),
    d("raw_tracepoint+", pt::RAW_TRACEPOINT, 0, A::RawTracepoint),
    d("raw_tp+", pt::RAW_TRACEPOINT, 0, A::RawTracepoint),
    d(
        "raw_tracepoint.w+",
        pt::RAW_TRACEPOINT_WRITABLE,
        0,
        A::RawTracepoint,
    ),
    d(
        "raw_tp.w+",
        pt::RAW_TRACEPOINT_WRITABLE,
        0,
        A::RawTracepoint,
    ),
    b(d("tp_btf+", pt::TRACING, at::TRACE_RAW_TP, A::Trace)),
    b(d("fentry+", pt::TRACING, at::TRACE_FENTRY, A::Trace)),
    b(d("fmod_ret+", pt::TRACING, at::MODIFY_RETURN, A::Trace)),
    b(d("fexit+", pt::TRACING, at::TRACE_FEXIT, A::Trace)),
    s(b(d("fentry.s+", pt::TRACING, at::TRACE_FENTRY, A::Trace))),
    s(b(d(
        "fmod_ret.s+",
        pt::TRACING,
        at::MODIFY_RETURN,
        A::Trace,
    ))),
    s(b(d("fexit.s+", pt::TRACING, at::TRACE_FEXIT, A::Trace))),
    b(d("fsession+", pt::TRACING, at::TRACE_FSESSION, A::Trace)),
    s(b(d(
        "fsession.s+",
        pt::TRACING,
        at::TRACE_FSESSION,
        A::Trace,
    ))),
    b(d("freplace+", pt::EXT, 0, A::Trace)),
    b(d("lsm+", pt::LSM, at::LSM_MAC, A::Lsm)),
    s(b(d("lsm.s+", pt::LSM, at::LSM_MAC, A::Lsm))),
    b(d("lsm_cgroup+", pt::LSM, at::LSM_CGROUP, A::None)),
    b(d("iter+", pt::TRACING, at::TRACE_ITER, A::Iter)),
    s(b(d("iter.s+", pt::TRACING, at::TRACE_ITER, A::Iter))),
    s(d("syscall", pt::SYSCALL, 0, A::None)),
    frags(d("xdp.frags/devmap", pt::XDP, at::XDP_DEVMAP, A::None)),
    attachable(d("xdp/devmap", pt::XDP, at::XDP_DEVMAP, A::None)),
    frags(d("xdp.frags/cpumap", pt::XDP, at::XDP_CPUMAP, A::None)),
    attachable(d("xdp/cpumap", pt::XDP, at::XDP_CPUMAP, A::None)),
    frags(d("xdp.frags", pt::XDP, at::XDP, A::None)),
    attachable(d("xdp", pt::XDP, at::XDP, A::None)),
    d("perf_event", pt::PERF_EVENT, 0, A::None),
    d("lwt_in", pt::LWT_IN, 0, A::None),
    d("lwt_out", pt::LWT_OUT, 0, A::None),
    d("lwt_xmit", pt::LWT_XMIT, 0, A::None),
    d("lwt_seg6local", pt::LWT_SEG6LOCAL, 0, A::None),
    attachable(d("sockops", pt::SOCK_OPS, at::CGROUP_SOCK_OPS, A::None)),
    attachable(d(
        "sk_skb/stream_parser",
        pt::SK_SKB,
        at::SK_SKB_STREAM_PARSER,
        A::None,
    )),
    attachable(d(
        "sk_skb/stream_verdict",
        pt::SK_SKB,
        at::SK_SKB_STREAM_VERDICT,
        A::None,
    )),
    attachable(d("sk_skb/verdict", pt::SK_SKB, at::SK_SKB_VERDICT, A::None)),
    d("sk_skb", pt::SK_SKB, 0, A::None),
    attachable(d("sk_msg", pt::SK_MSG, at::SK_MSG_VERDICT, A::None)),
    attachable(d("lirc_mode2", pt::LIRC_MODE2, at::LIRC_MODE2, A::None)),
    attachable(d(
        "flow_dissector",
        pt::FLOW_DISSECTOR,
        at::FLOW_DISSECTOR,
        A::None,
    )),
    attachable(d(
        "cgroup_skb/ingress",
        pt::CGROUP_SKB,
        at::CGROUP_INET_INGRESS,
        A::None,
    )),
    attachable(d(
        "cgroup_skb/egress",
        pt::CGROUP_SKB,
        at::CGROUP_INET_EGRESS,
        A::None,
    )),
    d("cgroup/skb", pt::CGROUP_SKB, 0, A::None),
    attachable(d(
        "cgroup/sock_create",
        pt::CGROUP_SOCK,
        at::CGROUP_INET_SOCK_CREATE,
        A::None,
    )),
    attachable(d(
        "cgroup/sock_release",
        pt::CGROUP_SOCK,
        at::CGROUP_INET_SOCK_RELEASE,
        A::None,
    )),
    attachable(d(
        "cgroup/sock",
        pt::CGROUP_SOCK,
        at::CGROUP_INET_SOCK_CREATE,
        A::None,
    )),
    attachable(d(
        "cgroup/post_bind4",
        pt::CGROUP_SOCK,
        at::CGROUP_INET4_POST_BIND,
        A::None,
    )),
    attachable(d(
        "cgroup/post_bind6",
        pt::CGROUP_SOCK,
        at::CGROUP_INET6_POST_BIND,
        A::None,
    )),
    attachable(d(
        "cgroup/bind4",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_INET4_BIND,
        A::None,
    )),
    attachable(d(
        "cgroup/bind6",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_INET6_BIND,
        A::None,
    )),
    attachable(d(
        "cgroup/connect4",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_INET4_CONNECT,
        A::None,
    )),
    attachable(d(
        "cgroup/connect6",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_INET6_CONNECT,
        A::None,
    )),
    attachable(d(
        "cgroup/connect_unix",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_UNIX_CONNECT,
        A::None,
    )),
    attachable(d(
        "cgroup/sendmsg4",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_UDP4_SENDMSG,
        A::None,
    )),
    attachable(d(
        "cgroup/sendmsg6",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_UDP6_SENDMSG,
        A::None,
    )),
    attachable(d(
        "cgroup/sendmsg_unix",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_UNIX_SENDMSG,
        A::None,
    )),
    attachable(d(
        "cgroup/recvmsg4",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_UDP4_RECVMSG,
        A::None,
    )),
    attachable(d(
        "cgroup/recvmsg6",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_UDP6_RECVMSG,
        A::None,
    )),
    attachable(d(
        "cgroup/recvmsg_unix",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_UNIX_RECVMSG,
        A::None,
    )),
    attachable(d(
        "cgroup/getpeername4",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_INET4_GETPEERNAME,
        A::None,
    )),
    attachable(d(
        "cgroup/getpeername6",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_INET6_GETPEERNAME,
        A::None,
    )),
    attachable(d(
        "cgroup/getpeername_unix",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_UNIX_GETPEERNAME,
        A::None,
    )),
    attachable(d(
        "cgroup/getsockname4",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_INET4_GETSOCKNAME,
        A::None,
    )),
    attachable(d(
        "cgroup/getsockname6",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_INET6_GETSOCKNAME,
        A::None,
    )),
    attachable(d(
        "cgroup/getsockname_unix",
        pt::CGROUP_SOCK_ADDR,
        at::CGROUP_UNIX_GETSOCKNAME,
        A::None,
    )),
    attachable(d(
        "cgroup/sysctl",
        pt::CGROUP_SYSCTL,
        at::CGROUP_SYSCTL,
        A::None,
    )),
    attachable(d(
        "cgroup/getsockopt",
        pt::CGROUP_SOCKOPT,
        at::CGROUP_GETSOCKOPT,
        A::None,
    )),
    attachable(d(
        "cgroup/setsockopt",
        pt::CGROUP_SOCKOPT,
        at::CGROUP_SETSOCKOPT,
        A::None,
    )),
    attachable(d(
        "cgroup/dev",
        pt::CGROUP_DEVICE,
        at::CGROUP_DEVICE,
        A::None,
    )),
    d("struct_ops+", pt::STRUCT_OPS, 0, A::None),
    s(d("struct_ops.s+", pt::STRUCT_OPS, 0, A::None)),
    attachable(d("sk_lookup", pt::SK_LOOKUP, at::SK_LOOKUP, A::None)),
    d("netfilter", pt::NETFILTER, at::NETFILTER, A::None),
];

/// Whether section definition `def` (`name`, `name+` or `prefix/`) matches `name`.
pub fn matches(def: &str, name: &str) -> bool {
    if let Some(p) = def.strip_suffix('+') {
        name == p
            || name
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('/'))
    } else if def.ends_with('/') {
        name.starts_with(def)
    } else {
        name == def
    }
}

/// The definitions grouped by first byte, table order kept within a group:
/// those starting with byte `b` are `ORDER[START[b]..START[b + 1]]`. A
/// lookup tries only the few definitions that can match.
static START: [u16; 257] = index().0;
static ORDER: [u8; DEFS.len()] = index().1;

const fn index() -> ([u16; 257], [u8; DEFS.len()]) {
    const fn first(i: usize) -> usize {
        let b = DEFS[i].sec.as_bytes();
        if b.is_empty() {
            0
        } else {
            b[0] as usize
        }
    }
    assert!(DEFS.len() <= 256, "ORDER holds u8 indices");
    let mut start = [0u16; 257];
    let mut i = 0;
    while i < DEFS.len() {
        start[first(i) + 1] += 1;
        i += 1;
    }
    let mut b = 0;
    while b < 256 {
        start[b + 1] += start[b];
        b += 1;
    }
    let mut fill = start;
    let mut order = [0u8; DEFS.len()];
    i = 0;
    while i < DEFS.len() {
        let f = first(i);
        order[fill[f] as usize] = i as u8;
        fill[f] += 1;
        i += 1;
    }
    (start, order)
}

/// The definition a section name selects, if any.
pub fn find(sec_name: &str) -> Option<&'static SecDef> {
    let first = *sec_name.as_bytes().first()? as usize;
    let group = &ORDER[START[first] as usize..START[first + 1] as usize];
    group
        .iter()
        .map(|&i| &SEC_DEFS[i as usize])
        .find(|d| matches(d.sec, sec_name))
}

/// The text after the definition's prefix and `/` (e.g. `syscalls/sys_enter_write`).
pub fn target<'a>(def: &SecDef, sec_name: &'a str) -> Option<&'a str> {
    let p = def.sec.trim_end_matches('+');
    sec_name
        .strip_prefix(p)?
        .strip_prefix('/')
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_lookup_is_the_first_match_in_table_order() {
        for d in DEFS {
            let base = d.sec.trim_end_matches('+');
            for name in [
                base.to_string(),
                format!("{base}/x"),
                format!("{base}x"),
                format!("?{base}"),
            ] {
                let linear = SEC_DEFS.iter().find(|d| matches(d.sec, &name));
                assert_eq!(
                    find(&name).map(|d| d as *const SecDef),
                    linear.map(|d| d as *const SecDef),
                    "{name}"
                );
            }
        }
        assert!(find("").is_none());
    }

    #[test]
    fn section_matching() {
        let tp = find("tp/syscalls/sys_enter_write").unwrap();
        assert_eq!((tp.prog_type, tp.auto), (pt::TRACEPOINT, A::Tracepoint));
        assert_eq!(
            target(tp, "tp/syscalls/sys_enter_write"),
            Some("syscalls/sys_enter_write")
        );
        assert_eq!(find("tracepoint/a/b").unwrap().sec, "tracepoint+");
        assert_eq!(
            find("tp_btf/sched_switch").unwrap().expected_attach_type,
            at::TRACE_RAW_TP
        );
        assert!(find("uprobe.s/x").unwrap().sleepable);
        assert_eq!(find("kprobe.multi/foo*").unwrap().sec, "kprobe.multi+");
        assert_eq!(find("tc").unwrap().prog_type, pt::SCHED_CLS);
        assert!(find("tpx/a").is_none());
        assert!(find("socket1").is_none());
        assert!(find("xdp").is_some());
        assert_eq!(target(find("uprobe").unwrap(), "uprobe"), None);
        assert!(find("xdp.frags").unwrap().xdp_frags);
        assert_eq!(
            find("xdp/devmap").unwrap().expected_attach_type,
            at::XDP_DEVMAP
        );
        assert!(find("cgroup/connect4").unwrap().attachable);
        assert!(!find("kprobe/x").unwrap().attachable);
        assert_eq!(
            find("sk_reuseport/migrate").unwrap().prog_type,
            pt::SK_REUSEPORT
        );
        assert_eq!(find("lwt_xmit").unwrap().prog_type, pt::LWT_XMIT);
    }
}
