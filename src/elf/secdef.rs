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
    pub auto: AutoAttach,
}

const fn d(sec: &'static str, prog_type: u32, eat: u32, auto: AutoAttach) -> SecDef {
    SecDef {
        sec,
        prog_type,
        expected_attach_type: eat,
        sleepable: false,
        attach_btf: false,
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

use AutoAttach as A;
// enum bpf_prog_type
const SOCKET_FILTER: u32 = 1;
const KPROBE: u32 = 2;
const SCHED_CLS: u32 = 3;
const SCHED_ACT: u32 = 4;
const TRACEPOINT: u32 = 5;
const XDP: u32 = 6;
const PERF_EVENT: u32 = 7;
const CGROUP_SKB: u32 = 8;
const CGROUP_SOCK: u32 = 9;
const SOCK_OPS: u32 = 13;
const SK_SKB: u32 = 14;
const SK_MSG: u32 = 16;
const RAW_TRACEPOINT: u32 = 17;
const CGROUP_SOCK_ADDR: u32 = 18;
const RAW_TRACEPOINT_WRITABLE: u32 = 24;
const CGROUP_SYSCTL: u32 = 23;
const CGROUP_SOCKOPT: u32 = 25;
const TRACING: u32 = 26;
const STRUCT_OPS: u32 = 27;
const EXT: u32 = 28;
const LSM: u32 = 29;
const SK_LOOKUP: u32 = 30;
const SYSCALL: u32 = 31;
const NETFILTER: u32 = 32;
// enum bpf_attach_type
const CGROUP_INET_INGRESS: u32 = 0;
const CGROUP_INET_EGRESS: u32 = 1;
const CGROUP_INET_SOCK_CREATE: u32 = 2;
const CGROUP_SOCK_OPS: u32 = 3;
const SK_SKB_STREAM_PARSER: u32 = 4;
const SK_SKB_STREAM_VERDICT: u32 = 5;
const SK_MSG_VERDICT: u32 = 7;
const CGROUP_INET4_BIND: u32 = 8;
const CGROUP_INET6_BIND: u32 = 9;
const CGROUP_INET4_CONNECT: u32 = 10;
const CGROUP_INET6_CONNECT: u32 = 11;
const CGROUP_SYSCTL_AT: u32 = 18;
const CGROUP_GETSOCKOPT: u32 = 21;
const CGROUP_SETSOCKOPT: u32 = 22;
const TRACE_RAW_TP: u32 = 23;
const TRACE_FENTRY: u32 = 24;
const TRACE_FEXIT: u32 = 25;
const MODIFY_RETURN: u32 = 26;
const LSM_MAC: u32 = 27;
const TRACE_ITER: u32 = 28;
const XDP_AT: u32 = 37;
const SK_SKB_VERDICT: u32 = 38;
const SK_LOOKUP_AT: u32 = 36;
const TRACE_KPROBE_MULTI: u32 = 42;
const LSM_CGROUP: u32 = 43;
const NETFILTER_AT: u32 = 45;
const TCX_INGRESS: u32 = 46;
const TCX_EGRESS: u32 = 47;
const TRACE_UPROBE_MULTI: u32 = 48;

/// Known section definitions, most specific first where prefixes overlap.
pub static SEC_DEFS: &[SecDef] = &[
    d("socket", SOCKET_FILTER, 0, A::None),
    d("kprobe+", KPROBE, 0, A::Kprobe),
    d("uprobe+", KPROBE, 0, A::Uprobe),
    s(d("uprobe.s+", KPROBE, 0, A::Uprobe)),
    d("kretprobe+", KPROBE, 0, A::Kprobe),
    d("uretprobe+", KPROBE, 0, A::Uprobe),
    s(d("uretprobe.s+", KPROBE, 0, A::Uprobe)),
    d("kprobe.multi+", KPROBE, TRACE_KPROBE_MULTI, A::KprobeMulti),
    d(
        "kretprobe.multi+",
        KPROBE,
        TRACE_KPROBE_MULTI,
        A::KprobeMulti,
    ),
    d("uprobe.multi+", KPROBE, TRACE_UPROBE_MULTI, A::UprobeMulti),
    d(
        "uretprobe.multi+",
        KPROBE,
        TRACE_UPROBE_MULTI,
        A::UprobeMulti,
    ),
    s(d(
        "uprobe.multi.s+",
        KPROBE,
        TRACE_UPROBE_MULTI,
        A::UprobeMulti,
    )),
    s(d(
        "uretprobe.multi.s+",
        KPROBE,
        TRACE_UPROBE_MULTI,
        A::UprobeMulti,
    )),
    d("ksyscall+", KPROBE, 0, A::Ksyscall),
    d("kretsyscall+", KPROBE, 0, A::Ksyscall),
    d("usdt+", KPROBE, 0, A::Usdt),
    s(d("usdt.s+", KPROBE, 0, A::Usdt)),
    d("tc/ingress", SCHED_CLS, TCX_INGRESS, A::None),
    d("tc/egress", SCHED_CLS, TCX_EGRESS, A::None),
    d("tcx/ingress", SCHED_CLS, TCX_INGRESS, A::None),
    d("tcx/egress", SCHED_CLS, TCX_EGRESS, A::None),
    d("tc", SCHED_CLS, 0, A::None),
    d("classifier", SCHED_CLS, 0, A::None),
    d("action", SCHED_ACT, 0, A::None),
    d("tracepoint+", TRACEPOINT, 0, A::Tracepoint),
    d("tp+", TRACEPOINT, 0, A::Tracepoint),
    d("raw_tracepoint+", RAW_TRACEPOINT, 0, A::RawTracepoint),
    d("raw_tp+", RAW_TRACEPOINT, 0, A::RawTracepoint),
    d(
        "raw_tracepoint.w+",
        RAW_TRACEPOINT_WRITABLE,
        0,
        A::RawTracepoint,
    ),
    d("raw_tp.w+", RAW_TRACEPOINT_WRITABLE, 0, A::RawTracepoint),
    b(d("tp_btf+", TRACING, TRACE_RAW_TP, A::Trace)),
    b(d("fentry+", TRACING, TRACE_FENTRY, A::Trace)),
    b(d("fmod_ret+", TRACING, MODIFY_RETURN, A::Trace)),
    b(d("fexit+", TRACING, TRACE_FEXIT, A::Trace)),
    s(b(d("fentry.s+", TRACING, TRACE_FENTRY, A::Trace))),
    s(b(d("fmod_ret.s+", TRACING, MODIFY_RETURN, A::Trace))),
    s(b(d("fexit.s+", TRACING, TRACE_FEXIT, A::Trace))),
    b(d("freplace+", EXT, 0, A::Trace)),
    b(d("lsm+", LSM, LSM_MAC, A::Lsm)),
    s(b(d("lsm.s+", LSM, LSM_MAC, A::Lsm))),
    b(d("lsm_cgroup+", LSM, LSM_CGROUP, A::None)),
    b(d("iter+", TRACING, TRACE_ITER, A::Iter)),
    s(b(d("iter.s+", TRACING, TRACE_ITER, A::Iter))),
    s(d("syscall", SYSCALL, 0, A::None)),
    d("xdp", XDP, XDP_AT, A::None),
    d("perf_event", PERF_EVENT, 0, A::None),
    d("sockops", SOCK_OPS, CGROUP_SOCK_OPS, A::None),
    d(
        "sk_skb/stream_parser",
        SK_SKB,
        SK_SKB_STREAM_PARSER,
        A::None,
    ),
    d(
        "sk_skb/stream_verdict",
        SK_SKB,
        SK_SKB_STREAM_VERDICT,
        A::None,
    ),
    d("sk_skb/verdict", SK_SKB, SK_SKB_VERDICT, A::None),
    d("sk_skb", SK_SKB, 0, A::None),
    d("sk_msg", SK_MSG, SK_MSG_VERDICT, A::None),
    d(
        "cgroup_skb/ingress",
        CGROUP_SKB,
        CGROUP_INET_INGRESS,
        A::None,
    ),
    d("cgroup_skb/egress", CGROUP_SKB, CGROUP_INET_EGRESS, A::None),
    d("cgroup/skb", CGROUP_SKB, 0, A::None),
    d(
        "cgroup/sock_create",
        CGROUP_SOCK,
        CGROUP_INET_SOCK_CREATE,
        A::None,
    ),
    d("cgroup/sock", CGROUP_SOCK, CGROUP_INET_SOCK_CREATE, A::None),
    d("cgroup/bind4", CGROUP_SOCK_ADDR, CGROUP_INET4_BIND, A::None),
    d("cgroup/bind6", CGROUP_SOCK_ADDR, CGROUP_INET6_BIND, A::None),
    d(
        "cgroup/connect4",
        CGROUP_SOCK_ADDR,
        CGROUP_INET4_CONNECT,
        A::None,
    ),
    d(
        "cgroup/connect6",
        CGROUP_SOCK_ADDR,
        CGROUP_INET6_CONNECT,
        A::None,
    ),
    d("cgroup/sysctl", CGROUP_SYSCTL, CGROUP_SYSCTL_AT, A::None),
    d(
        "cgroup/getsockopt",
        CGROUP_SOCKOPT,
        CGROUP_GETSOCKOPT,
        A::None,
    ),
    d(
        "cgroup/setsockopt",
        CGROUP_SOCKOPT,
        CGROUP_SETSOCKOPT,
        A::None,
    ),
    d("struct_ops+", STRUCT_OPS, 0, A::None),
    s(d("struct_ops.s+", STRUCT_OPS, 0, A::None)),
    d("sk_lookup", SK_LOOKUP, SK_LOOKUP_AT, A::None),
    d("netfilter", NETFILTER, NETFILTER_AT, A::None),
];

fn matches(def: &str, name: &str) -> bool {
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

/// The definition a section name selects, if any.
pub fn find(sec_name: &str) -> Option<&'static SecDef> {
    SEC_DEFS.iter().find(|d| matches(d.sec, sec_name))
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
    fn section_matching() {
        let tp = find("tp/syscalls/sys_enter_write").unwrap();
        assert_eq!((tp.prog_type, tp.auto), (TRACEPOINT, A::Tracepoint));
        assert_eq!(
            target(tp, "tp/syscalls/sys_enter_write"),
            Some("syscalls/sys_enter_write")
        );
        assert_eq!(find("tracepoint/a/b").unwrap().sec, "tracepoint+");
        assert_eq!(
            find("tp_btf/sched_switch").unwrap().expected_attach_type,
            TRACE_RAW_TP
        );
        assert!(find("uprobe.s/x").unwrap().sleepable);
        assert_eq!(find("kprobe.multi/foo*").unwrap().sec, "kprobe.multi+");
        assert_eq!(find("tc").unwrap().prog_type, SCHED_CLS);
        assert!(find("tpx/a").is_none());
        assert!(find("socket1").is_none());
        assert!(find("xdp").is_some());
        assert_eq!(target(find("uprobe").unwrap(), "uprobe"), None);
    }
}
