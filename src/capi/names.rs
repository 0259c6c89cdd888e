//! libbpf.h: names of kernel enum values, and section-name / BTF-name lookups.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case)]

use super::boundary::{cstr, ret_int_quiet as ret_int};
use super::types::{bpf_attach_type, bpf_link_type, bpf_map_type, bpf_prog_type};
use crate::elf::secdef;
use crate::error::{Errno, Error};
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

/// libbpf's names for `enum bpf_attach_type`, indexed by value.
static ATTACH_NAMES: &[Option<&CStr>] = &[
    Some(c"cgroup_inet_ingress"),
    Some(c"cgroup_inet_egress"),
    Some(c"cgroup_inet_sock_create"),
    Some(c"cgroup_sock_ops"),
    Some(c"sk_skb_stream_parser"),
    Some(c"sk_skb_stream_verdict"),
    Some(c"cgroup_device"),
    Some(c"sk_msg_verdict"),
    Some(c"cgroup_inet4_bind"),
    Some(c"cgroup_inet6_bind"),
    Some(c"cgroup_inet4_connect"),
    Some(c"cgroup_inet6_connect"),
    Some(c"cgroup_inet4_post_bind"),
    Some(c"cgroup_inet6_post_bind"),
    Some(c"cgroup_udp4_sendmsg"),
    Some(c"cgroup_udp6_sendmsg"),
    Some(c"lirc_mode2"),
    Some(c"flow_dissector"),
    Some(c"cgroup_sysctl"),
    Some(c"cgroup_udp4_recvmsg"),
    Some(c"cgroup_udp6_recvmsg"),
    Some(c"cgroup_getsockopt"),
    Some(c"cgroup_setsockopt"),
    Some(c"trace_raw_tp"),
    Some(c"trace_fentry"),
    Some(c"trace_fexit"),
    Some(c"modify_return"),
    Some(c"lsm_mac"),
    Some(c"trace_iter"),
    Some(c"cgroup_inet4_getpeername"),
    Some(c"cgroup_inet6_getpeername"),
    Some(c"cgroup_inet4_getsockname"),
    Some(c"cgroup_inet6_getsockname"),
    Some(c"xdp_devmap"),
    Some(c"cgroup_inet_sock_release"),
    Some(c"xdp_cpumap"),
    Some(c"sk_lookup"),
    Some(c"xdp"),
    Some(c"sk_skb_verdict"),
    Some(c"sk_reuseport_select"),
    Some(c"sk_reuseport_select_or_migrate"),
    Some(c"perf_event"),
    Some(c"trace_kprobe_multi"),
    Some(c"lsm_cgroup"),
    Some(c"struct_ops"),
    Some(c"netfilter"),
    Some(c"tcx_ingress"),
    Some(c"tcx_egress"),
    Some(c"trace_uprobe_multi"),
    Some(c"cgroup_unix_connect"),
    Some(c"cgroup_unix_sendmsg"),
    Some(c"cgroup_unix_recvmsg"),
    Some(c"cgroup_unix_getpeername"),
    Some(c"cgroup_unix_getsockname"),
    Some(c"netkit_primary"),
    Some(c"netkit_peer"),
    Some(c"trace_kprobe_session"),
    Some(c"trace_uprobe_session"),
    Some(c"trace_fsession"),
];

/// libbpf's names for `enum bpf_link_type`, indexed by value.
static LINK_NAMES: &[Option<&CStr>] = &[
    Some(c"unspec"),
    Some(c"raw_tracepoint"),
    Some(c"tracing"),
    Some(c"cgroup"),
    Some(c"iter"),
    Some(c"netns"),
    Some(c"xdp"),
    Some(c"perf_event"),
    Some(c"kprobe_multi"),
    Some(c"struct_ops"),
    Some(c"netfilter"),
    Some(c"tcx"),
    Some(c"uprobe_multi"),
    Some(c"netkit"),
    Some(c"sockmap"),
];

/// libbpf's names for `enum bpf_map_type`, indexed by value.
static MAP_NAMES: &[Option<&CStr>] = &[
    Some(c"unspec"),
    Some(c"hash"),
    Some(c"array"),
    Some(c"prog_array"),
    Some(c"perf_event_array"),
    Some(c"percpu_hash"),
    Some(c"percpu_array"),
    Some(c"stack_trace"),
    Some(c"cgroup_array"),
    Some(c"lru_hash"),
    Some(c"lru_percpu_hash"),
    Some(c"lpm_trie"),
    Some(c"array_of_maps"),
    Some(c"hash_of_maps"),
    Some(c"devmap"),
    Some(c"sockmap"),
    Some(c"cpumap"),
    Some(c"xskmap"),
    Some(c"sockhash"),
    Some(c"cgroup_storage"),
    Some(c"reuseport_sockarray"),
    Some(c"percpu_cgroup_storage"),
    Some(c"queue"),
    Some(c"stack"),
    Some(c"sk_storage"),
    Some(c"devmap_hash"),
    Some(c"struct_ops"),
    Some(c"ringbuf"),
    Some(c"inode_storage"),
    Some(c"task_storage"),
    Some(c"bloom_filter"),
    Some(c"user_ringbuf"),
    Some(c"cgrp_storage"),
    Some(c"arena"),
    Some(c"insn_array"),
];

/// libbpf's names for `enum bpf_prog_type`, indexed by value.
static PROG_NAMES: &[Option<&CStr>] = &[
    Some(c"unspec"),
    Some(c"socket_filter"),
    Some(c"kprobe"),
    Some(c"sched_cls"),
    Some(c"sched_act"),
    Some(c"tracepoint"),
    Some(c"xdp"),
    Some(c"perf_event"),
    Some(c"cgroup_skb"),
    Some(c"cgroup_sock"),
    Some(c"lwt_in"),
    Some(c"lwt_out"),
    Some(c"lwt_xmit"),
    Some(c"sock_ops"),
    Some(c"sk_skb"),
    Some(c"cgroup_device"),
    Some(c"sk_msg"),
    Some(c"raw_tracepoint"),
    Some(c"cgroup_sock_addr"),
    Some(c"lwt_seg6local"),
    Some(c"lirc_mode2"),
    Some(c"sk_reuseport"),
    Some(c"flow_dissector"),
    Some(c"cgroup_sysctl"),
    Some(c"raw_tracepoint_writable"),
    Some(c"cgroup_sockopt"),
    Some(c"tracing"),
    Some(c"struct_ops"),
    Some(c"ext"),
    Some(c"lsm"),
    Some(c"sk_lookup"),
    Some(c"syscall"),
    Some(c"netfilter"),
];

/// The name at index `t`, or NULL (no errno, as upstream) when unknown.
fn name_of(table: &[Option<&'static CStr>], t: u32) -> *const c_char {
    table
        .get(t as usize)
        .copied()
        .flatten()
        .map_or(std::ptr::null(), CStr::as_ptr)
}

/// Every known section prefix, for the debug line after a failed guess.
fn known_sections() -> String {
    secdef::SEC_DEFS
        .iter()
        .map(|d| d.sec)
        .collect::<Vec<_>>()
        .join(" ")
}

/// libbpf's name for attach type `t` (`"cgroup_inet_ingress"` …), or NULL if unknown.
#[no_mangle]
pub extern "C" fn libbpf_bpf_attach_type_str(t: bpf_attach_type) -> *const c_char {
    name_of(ATTACH_NAMES, t)
}

/// libbpf's name for link type `t`, or NULL if unknown.
#[no_mangle]
pub extern "C" fn libbpf_bpf_link_type_str(t: bpf_link_type) -> *const c_char {
    name_of(LINK_NAMES, t)
}

/// libbpf's name for map type `t` (`"hash"` …), or NULL if unknown.
#[no_mangle]
pub extern "C" fn libbpf_bpf_map_type_str(t: bpf_map_type) -> *const c_char {
    name_of(MAP_NAMES, t)
}

/// libbpf's name for program type `t` (`"kprobe"` …), or NULL if unknown.
#[no_mangle]
pub extern "C" fn libbpf_bpf_prog_type_str(t: bpf_prog_type) -> *const c_char {
    name_of(PROG_NAMES, t)
}

/// Program and expected attach type a section name implies (`-ESRCH` if none).
///
/// # Safety
/// `name` is NULL or a C string; the out pointers are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn libbpf_prog_type_by_name(
    name: *const c_char,
    prog_type: *mut bpf_prog_type,
    expected_attach_type: *mut bpf_attach_type,
) -> c_int {
    ret_int("libbpf_prog_type_by_name", || {
        // SAFETY: per the contract above.
        let name = unsafe { cstr(name, "name")? };
        if prog_type.is_null() || expected_attach_type.is_null() {
            return Err(Error::inval("libbpf_prog_type_by_name: NULL out pointer"));
        }
        // Custom handlers first, as upstream's find_sec_def.
        let Some(def) = crate::object::handler::find(name) else {
            crate::debug!("failed to guess program type from ELF section '{name}'");
            crate::debug!("supported section(type) names are: {}", known_sections());
            return Err(Error::other(
                Errno::ESRCH,
                format!("no SEC() definition for '{name}'"),
            ));
        };
        // SAFETY: non-NULL out pointers per the contract.
        unsafe {
            *prog_type = def.prog_type();
            *expected_attach_type = def.expected_attach_type();
        }
        Ok(0)
    })
}

/// Attach type a section name implies, for sections that can be attached.
///
/// Only sections attached by attach type (cgroup, sockmap, ...) qualify;
/// others are `-EINVAL`.
///
/// # Safety
/// `name` is NULL or a C string; `attach_type` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn libbpf_attach_type_by_name(
    name: *const c_char,
    attach_type: *mut bpf_attach_type,
) -> c_int {
    ret_int("libbpf_attach_type_by_name", || {
        // SAFETY: per the contract above.
        let name = unsafe { cstr(name, "name")? };
        if attach_type.is_null() {
            return Err(Error::inval(
                "libbpf_attach_type_by_name: attach_type is NULL",
            ));
        }
        let found = crate::object::handler::find(name);
        let Some(found) = found else {
            crate::debug!("failed to guess attach type based on ELF section name '{name}'");
            crate::debug!("attachable section(type) names are: {}", known_sections());
            return Err(Error::other(
                Errno::EINVAL,
                format!("no SEC() definition for '{name}'"),
            ));
        };
        // Custom handlers are never attachable by attach type (upstream: no SEC_ATTACHABLE).
        let crate::object::handler::SecMatch::Builtin(def) = found else {
            crate::debug!("section '{name}' has a custom handler, not an attach type");
            return Err(Errno::EINVAL.into());
        };
        if !def.attachable {
            crate::debug!("section '{name}' is not attachable by attach type");
            return Err(Errno::EINVAL.into());
        }
        // SAFETY: non-NULL out pointer per the contract.
        unsafe { *attach_type = def.expected_attach_type };
        Ok(0)
    })
}

/// BTF id in vmlinux of the function a tracing attach type targets (`name` without prefix).
#[no_mangle]
#[allow(unused_variables)] // placeholder body (BTF lookup belongs to the btf.h work)
pub unsafe extern "C" fn libbpf_find_vmlinux_btf_id(
    name: *const c_char,
    attach_type: bpf_attach_type,
) -> c_int {
    crate::capi::boundary::ret_int("libbpf_find_vmlinux_btf_id", || {
        use crate::btf::attach::{find_attach_btf_id, AttachKind};
        // SAFETY: name is NULL or a C string.
        let name = unsafe { crate::capi::boundary::cstr(name, "name")? };
        // enum bpf_attach_type: TRACE_RAW_TP 23, LSM_MAC 27, TRACE_ITER 28, LSM_CGROUP 43.
        let how = match attach_type {
            23 => AttachKind::TraceRawTp,
            27 | 43 => AttachKind::Lsm,
            28 => AttachKind::Iter,
            _ => AttachKind::Func,
        };
        let vmlinux = crate::sys::kernel_btf::vmlinux()?;
        find_attach_btf_id(&vmlinux, how, name).map(|id| id as c_int)
    })
}
