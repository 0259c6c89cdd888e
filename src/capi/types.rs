//! Types the headers use but do not own, declared once for the whole C
//! edge: the kernel's `<linux/types.h>` integer spellings, UAPI enums taken
//! by value, and UAPI records used only behind pointers. Every cbindgen
//! config excludes them by name (and renames each to its C spelling, e.g.
//! `enum bpf_prog_type`, `struct bpf_insn`), so no header redefines them.
//! Also libbpf.h's own `enum libbpf_tristate`.
#![allow(non_snake_case)]

use std::os::raw::c_uint;

// The headers must say `__u64` (not `uint64_t`): on x86_64 they are
// different C types (`unsigned long long` vs `unsigned long`), and a
// prototype using the wrong one conflicts with callers' own declarations.

/// `__u8`.
pub type __u8 = u8;
/// `__u16`.
pub type __u16 = u16;
/// `__u32`.
pub type __u32 = u32;
/// `__s32`.
pub type __s32 = i32;
/// `__u64`.
pub type __u64 = u64;
/// `__s64`.
pub type __s64 = i64;

/// A C `bool` as read from caller memory: kept as a byte so that a stray
/// value cannot be undefined behaviour in Rust. The configs print it as `bool`.
pub type c_bool = u8;

// UAPI enums, carried as their integer value (a caller may pass any int).

/// `enum bpf_prog_type` from <linux/bpf.h>.
pub type bpf_prog_type = c_uint;
/// `enum bpf_map_type` from <linux/bpf.h>.
pub type bpf_map_type = c_uint;
/// `enum bpf_attach_type` from <linux/bpf.h>.
pub type bpf_attach_type = c_uint;
/// `enum bpf_link_type` from <linux/bpf.h>.
pub type bpf_link_type = c_uint;
/// `enum bpf_func_id` from <linux/bpf.h>.
pub type bpf_func_id = c_uint;
/// `enum btf_func_linkage` from <linux/btf.h>.
pub type btf_func_linkage = c_uint;

/// UAPI records used only behind pointers.
macro_rules! opaque {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        pub struct $name {
            _opaque: [u8; 0],
        }
    )*};
}

opaque! {
    /// `struct bpf_insn` from <linux/bpf.h>.
    bpf_insn;
    /// `struct bpf_func_info` from <linux/bpf.h>.
    bpf_func_info;
    /// `struct bpf_line_info` from <linux/bpf.h>.
    bpf_line_info;
    /// `struct bpf_prog_info` from <linux/bpf.h>.
    bpf_prog_info;
    /// `struct bpf_map_info` from <linux/bpf.h>.
    bpf_map_info;
    /// `struct bpf_btf_info` from <linux/bpf.h>.
    bpf_btf_info;
    /// `struct bpf_link_info` from <linux/bpf.h>.
    bpf_link_info;
    /// `union bpf_iter_link_info` from <linux/bpf.h>.
    bpf_iter_link_info;
    /// `struct perf_event_attr` from <linux/perf_event.h>.
    perf_event_attr;
    /// `struct perf_event_header` from <linux/perf_event.h>.
    perf_event_header;
    /// `struct btf_type` from <linux/btf.h>.
    btf_type;
}

/// Kconfig tristate values, as `.kconfig` externs of type `enum libbpf_tristate` see them.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum libbpf_tristate {
    TRI_NO = 0,
    TRI_YES = 1,
    TRI_MODULE = 2,
}
