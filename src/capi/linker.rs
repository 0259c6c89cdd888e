//! libbpf.h: `struct bpf_linker` — static linking of BPF object files into one.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::handles::bpf_linker;
use std::os::raw::{c_char, c_int, c_void};

/// Options of `bpf_linker__new`/`_new_fd` (none yet besides `sz`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_linker_opts {
    pub sz: usize,
}
crate::impl_opts!(bpf_linker_opts, sz);

/// Options of `bpf_linker__add_*` (none yet besides `sz`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_linker_file_opts {
    pub sz: usize,
}
crate::impl_opts!(bpf_linker_file_opts, sz);

/// Starts linking into the file `filename`.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__new(
    filename: *const c_char,
    opts: *mut bpf_linker_opts,
) -> *mut bpf_linker {
    crate::unsupported!(ptr "bpf_linker__new")
}

/// Starts linking into the open file `fd` (not closed by the linker).
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__new_fd(
    fd: c_int,
    opts: *mut bpf_linker_opts,
) -> *mut bpf_linker {
    crate::unsupported!(ptr "bpf_linker__new_fd")
}

/// Adds the object file `filename`.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__add_file(
    linker: *mut bpf_linker,
    filename: *const c_char,
    opts: *const bpf_linker_file_opts,
) -> c_int {
    crate::unsupported!(int "bpf_linker__add_file")
}

/// Adds the object file open at `fd`.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__add_fd(
    linker: *mut bpf_linker,
    fd: c_int,
    opts: *const bpf_linker_file_opts,
) -> c_int {
    crate::unsupported!(int "bpf_linker__add_fd")
}

/// Adds an object file image held in memory.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__add_buf(
    linker: *mut bpf_linker,
    buf: *mut c_void,
    buf_sz: usize,
    opts: *const bpf_linker_file_opts,
) -> c_int {
    crate::unsupported!(int "bpf_linker__add_buf")
}

/// Resolves symbols, merges BTF and writes the output object.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__finalize(linker: *mut bpf_linker) -> c_int {
    crate::unsupported!(int "bpf_linker__finalize")
}

/// Frees the linker (closing the output it opened); NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn bpf_linker__free(linker: *mut bpf_linker) {
    super::stub::unsupported("bpf_linker__free")
}
