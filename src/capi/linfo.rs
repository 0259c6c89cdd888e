//! libbpf.h: `struct bpf_prog_linfo` — line info of a loaded program, looked
//! up by instruction offset or jited address (for disassemblers).
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::libbpf_types::{__u32, __u64, bpf_line_info, bpf_prog_info};

/// A program's line info copied out of `struct bpf_prog_info`.
pub struct bpf_prog_linfo {
    _opaque: [u8; 0],
}

/// Frees the line info; NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_linfo__free(prog_linfo: *mut bpf_prog_linfo) {
    super::stub::unsupported("bpf_prog_linfo__free")
}

/// Copies the line info records referenced by `info`.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_linfo__new(info: *const bpf_prog_info) -> *mut bpf_prog_linfo {
    crate::unsupported!(ptr "bpf_prog_linfo__new")
}

/// The line record covering jited address `addr` in function `func_idx`, skipping `nr_skip`.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_linfo__lfind_addr_func(
    prog_linfo: *const bpf_prog_linfo,
    addr: __u64,
    func_idx: __u32,
    nr_skip: __u32,
) -> *const bpf_line_info {
    super::stub::unsupported("bpf_prog_linfo__lfind_addr_func")
}

/// The line record covering instruction `insn_off`, skipping `nr_skip`.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_linfo__lfind(
    prog_linfo: *const bpf_prog_linfo,
    insn_off: __u32,
    nr_skip: __u32,
) -> *const bpf_line_info {
    super::stub::unsupported("bpf_prog_linfo__lfind")
}
