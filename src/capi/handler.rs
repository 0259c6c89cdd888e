//! libbpf.h: custom section handlers — callers teach libbpf new `SEC()` names
//! with their own setup, load and attach callbacks.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::libbpf_types::{bpf_attach_type, bpf_prog_load_opts, bpf_prog_type};
use super::link::bpf_link;
use super::program::bpf_program;
use std::os::raw::{c_char, c_int, c_long};

/// Called at open for each program of the handler's section.
pub type libbpf_prog_setup_fn_t =
    Option<unsafe extern "C" fn(prog: *mut bpf_program, cookie: c_long) -> c_int>;

/// Called just before the program is loaded; may adjust the load options.
pub type libbpf_prog_prepare_load_fn_t = Option<
    unsafe extern "C" fn(
        prog: *mut bpf_program,
        opts: *mut bpf_prog_load_opts,
        cookie: c_long,
    ) -> c_int,
>;

/// Called to auto-attach the program; stores the new link in `*link`.
pub type libbpf_prog_attach_fn_t = Option<
    unsafe extern "C" fn(
        prog: *const bpf_program,
        cookie: c_long,
        link: *mut *mut bpf_link,
    ) -> c_int,
>;

/// Callbacks and cookie of a custom section handler.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct libbpf_prog_handler_opts {
    pub sz: usize,
    pub cookie: c_long,
    pub prog_setup_fn: libbpf_prog_setup_fn_t,
    pub prog_prepare_load_fn: libbpf_prog_prepare_load_fn_t,
    pub prog_attach_fn: libbpf_prog_attach_fn_t,
}
crate::impl_opts!(libbpf_prog_handler_opts, prog_attach_fn);

/// Registers a handler for section `sec` (NULL: fallback for unknown sections); returns its id.
#[no_mangle]
pub unsafe extern "C" fn libbpf_register_prog_handler(
    sec: *const c_char,
    prog_type: bpf_prog_type,
    exp_attach_type: bpf_attach_type,
    opts: *const libbpf_prog_handler_opts,
) -> c_int {
    crate::unsupported!(int "libbpf_register_prog_handler")
}

/// Removes the handler with id `handler_id`.
#[no_mangle]
pub extern "C" fn libbpf_unregister_prog_handler(handler_id: c_int) -> c_int {
    crate::unsupported!(int "libbpf_unregister_prog_handler")
}
