//! Types libbpf.h uses but does not own: kernel UAPI integer typedefs, UAPI
//! enums and structs (used by name from `<linux/bpf.h>`), and handles owned
//! by the other headers. The cbindgen config excludes all of them and renames
//! each to its C spelling (`enum bpf_prog_type`, `struct btf` …), so the
//! header never redefines them. Also libbpf.h's own `enum libbpf_tristate`.
#![allow(non_snake_case)]

use std::os::raw::c_uint;

/// `__u8` from `<linux/types.h>`.
pub type __u8 = u8;
/// `__u32` from `<linux/types.h>`.
pub type __u32 = u32;
/// `__s32` from `<linux/types.h>`.
pub type __s32 = i32;
/// `__u64` from `<linux/types.h>`.
pub type __u64 = u64;

/// `enum bpf_prog_type` (UAPI), carried as its integer value.
pub type bpf_prog_type = c_uint;
/// `enum bpf_attach_type` (UAPI), carried as its integer value.
pub type bpf_attach_type = c_uint;
/// `enum bpf_map_type` (UAPI), carried as its integer value.
pub type bpf_map_type = c_uint;
/// `enum bpf_link_type` (UAPI), carried as its integer value.
pub type bpf_link_type = c_uint;
/// `enum bpf_func_id` (UAPI), carried as its integer value.
pub type bpf_func_id = c_uint;

/// `struct bpf_insn` (UAPI), only behind pointers here.
pub struct bpf_insn {
    _opaque: [u8; 0],
}
/// `struct bpf_func_info` (UAPI), only behind pointers here.
pub struct bpf_func_info {
    _opaque: [u8; 0],
}
/// `struct bpf_line_info` (UAPI), only behind pointers here.
pub struct bpf_line_info {
    _opaque: [u8; 0],
}
/// `struct bpf_prog_info` (UAPI), only behind pointers here.
pub struct bpf_prog_info {
    _opaque: [u8; 0],
}
/// `union bpf_iter_link_info` (UAPI), only behind pointers here.
pub struct bpf_iter_link_info {
    _opaque: [u8; 0],
}
/// `struct perf_event_attr` (`<linux/perf_event.h>`), only behind pointers here.
pub struct perf_event_attr {
    _opaque: [u8; 0],
}
/// `struct perf_event_header` (`<linux/perf_event.h>`), only behind pointers here.
pub struct perf_event_header {
    _opaque: [u8; 0],
}

/// `struct btf` (btf.h's handle), as libbpf.h sees it: forward-declared only.
pub struct btf {
    _opaque: [u8; 0],
}
/// `struct bpf_prog_load_opts` (bpf.h), forward-declared only.
pub struct bpf_prog_load_opts {
    _opaque: [u8; 0],
}
/// `struct bpf_prog_assoc_struct_ops_opts` (bpf.h), forward-declared only.
pub struct bpf_prog_assoc_struct_ops_opts {
    _opaque: [u8; 0],
}

/// Kconfig tristate values, as `.kconfig` externs of type `enum libbpf_tristate` see them.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum libbpf_tristate {
    TRI_NO = 0,
    TRI_YES = 1,
    TRI_MODULE = 2,
}
