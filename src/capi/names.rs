//! libbpf.h: names of kernel enum values, and section-name / BTF-name lookups.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::libbpf_types::{bpf_attach_type, bpf_link_type, bpf_map_type, bpf_prog_type};
use std::os::raw::{c_char, c_int};

/// libbpf's name for attach type `t` (`"cgroup_inet_ingress"` …), or NULL if unknown.
#[no_mangle]
pub extern "C" fn libbpf_bpf_attach_type_str(t: bpf_attach_type) -> *const c_char {
    super::stub::unsupported("libbpf_bpf_attach_type_str")
}

/// libbpf's name for link type `t`, or NULL if unknown.
#[no_mangle]
pub extern "C" fn libbpf_bpf_link_type_str(t: bpf_link_type) -> *const c_char {
    super::stub::unsupported("libbpf_bpf_link_type_str")
}

/// libbpf's name for map type `t` (`"hash"` …), or NULL if unknown.
#[no_mangle]
pub extern "C" fn libbpf_bpf_map_type_str(t: bpf_map_type) -> *const c_char {
    super::stub::unsupported("libbpf_bpf_map_type_str")
}

/// libbpf's name for program type `t` (`"kprobe"` …), or NULL if unknown.
#[no_mangle]
pub extern "C" fn libbpf_bpf_prog_type_str(t: bpf_prog_type) -> *const c_char {
    super::stub::unsupported("libbpf_bpf_prog_type_str")
}

/// Program and expected attach type a section name implies.
#[no_mangle]
pub unsafe extern "C" fn libbpf_prog_type_by_name(
    name: *const c_char,
    prog_type: *mut bpf_prog_type,
    expected_attach_type: *mut bpf_attach_type,
) -> c_int {
    crate::unsupported!(int "libbpf_prog_type_by_name")
}

/// Attach type a section name implies, for sections that can be attached.
#[no_mangle]
pub unsafe extern "C" fn libbpf_attach_type_by_name(
    name: *const c_char,
    attach_type: *mut bpf_attach_type,
) -> c_int {
    crate::unsupported!(int "libbpf_attach_type_by_name")
}

/// BTF id in vmlinux of the function a tracing attach type targets (`name` without prefix).
#[no_mangle]
pub unsafe extern "C" fn libbpf_find_vmlinux_btf_id(
    name: *const c_char,
    attach_type: bpf_attach_type,
) -> c_int {
    crate::unsupported!(int "libbpf_find_vmlinux_btf_id")
}
