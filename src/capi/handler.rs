//! libbpf.h: custom section handlers — callers teach libbpf new `SEC()` names
//! with their own setup, load and attach callbacks.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case)]

use super::boundary::{cstr, ret_int};
use super::bpf::bpf_prog_load_opts;
use super::handles;
use super::handles::bpf_link;
use super::handles::bpf_program;
use super::types::{bpf_attach_type, bpf_prog_type};

use crate::error::{Errno, Error, Result};
use crate::object::handler::{self, AttachedLink, ProgHooks};
use crate::object::Program;
use crate::uapi::bpf::ProgLoadAttr;
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
    ret_int("libbpf_register_prog_handler", || {
        // SAFETY: opts is NULL or a valid opts struct (contract above).
        let o = unsafe { super::opts::read(opts)? };
        let sec = if sec.is_null() {
            None
        } else {
            // SAFETY: a non-NULL `sec` is a C string.
            Some(unsafe { cstr(sec, "sec")? }.to_string())
        };
        let hooks = CHooks {
            cookie: o.map_or(0, |o| o.cookie),
            setup: o.and_then(|o| o.prog_setup_fn),
            prepare_load: o.and_then(|o| o.prog_prepare_load_fn),
            attach: o.and_then(|o| o.prog_attach_fn),
        };
        handler::register(sec, prog_type, exp_attach_type, Box::new(hooks))
    })
}

/// Removes the handler with id `handler_id`.
#[no_mangle]
pub extern "C" fn libbpf_unregister_prog_handler(handler_id: c_int) -> c_int {
    ret_int("libbpf_unregister_prog_handler", || {
        handler::unregister(handler_id).map(|_| 0)
    })
}

/// A handler's callbacks as the caller gave them, each called with its cookie.
struct CHooks {
    cookie: c_long,
    setup: libbpf_prog_setup_fn_t,
    prepare_load: libbpf_prog_prepare_load_fn_t,
    attach: libbpf_prog_attach_fn_t,
}

/// A callback's negative return as an error (upstream treats only `< 0` as failure).
fn check(what: &str, prog: &Program, ret: c_int) -> Result<()> {
    if ret < 0 {
        return Err(Error::other(
            Errno(-ret),
            format!("prog '{}': custom {what} callback failed: {ret}", prog.name),
        ));
    }
    Ok(())
}

fn prog_ptr_mut(p: &mut Program) -> *mut bpf_program {
    (p as *mut Program).cast()
}

impl ProgHooks for CHooks {
    fn setup(&self, prog: &mut Program) -> Result<()> {
        let Some(f) = self.setup else { return Ok(()) };
        // SAFETY: the caller's callback, given a live program handle.
        let (lent, p) = handles::Lent::prog(prog);
        let ret = unsafe { f(p, self.cookie) };
        drop(lent);
        check("setup", prog, ret)
    }

    fn prepare_load(&self, prog: &mut Program, attr: &mut ProgLoadAttr) -> Result<()> {
        let Some(f) = self.prepare_load else {
            return Ok(());
        };
        let mut o = load_opts_from_attr(attr);
        // SAFETY: the caller's callback, given a live program handle and
        // load options that live across the call.
        let ret = unsafe { f(prog_ptr_mut(prog), &mut o, self.cookie) };
        check("prepare_load", prog, ret)?;
        attr_from_load_opts(attr, &o);
        Ok(())
    }

    fn attach(&self, prog: &Program) -> Result<Option<AttachedLink>> {
        let Some(f) = self.attach else {
            return Ok(None);
        };
        let mut link: *mut bpf_link = std::ptr::null_mut();
        // SAFETY: the caller's callback, given a live program handle and a
        // place for the link it creates.
        let ret = unsafe { f(handles::prog_ptr(prog), self.cookie, &mut link) };
        if ret != 0 {
            // SAFETY: a link the callback made is ours to destroy (upstream leaks it).
            drop(unsafe { handles::link_from_raw(link) }.ok());
            return Err(Error::other(
                Errno(ret.checked_neg().filter(|e| *e > 0).unwrap_or(libc::EINVAL)),
                format!("prog '{}': custom attach callback failed: {ret}", prog.name),
            ));
        }
        // SAFETY: a non-NULL link is a handle the callback got from this library.
        Ok(unsafe { handles::link_from_raw(link)? }.map(|b| b as AttachedLink))
    }
}

/// The load attributes as `struct bpf_prog_load_opts` for a prepare callback.
fn load_opts_from_attr(a: &ProgLoadAttr) -> super::bpf::bpf_prog_load_opts {
    super::bpf::bpf_prog_load_opts {
        sz: std::mem::size_of::<super::bpf::bpf_prog_load_opts>(),
        attempts: 0,
        expected_attach_type: a.expected_attach_type,
        prog_btf_fd: a.prog_btf_fd,
        prog_flags: a.prog_flags,
        prog_ifindex: a.prog_ifindex,
        kern_version: a.kern_version,
        attach_btf_id: a.attach_btf_id,
        attach_prog_fd: a.attach_prog_fd,
        attach_btf_obj_fd: 0,
        fd_array: a.fd_array as *const c_int,
        func_info: a.func_info as *const _,
        func_info_cnt: a.func_info_cnt,
        func_info_rec_size: a.func_info_rec_size,
        line_info: a.line_info as *const _,
        line_info_cnt: a.line_info_cnt,
        line_info_rec_size: a.line_info_rec_size,
        log_level: a.log_level,
        log_size: a.log_size,
        log_buf: a.log_buf as *mut c_char,
        log_true_size: 0,
        token_fd: a.prog_token_fd as u32,
        fd_array_cnt: a.fd_array_cnt,
    }
}

/// Takes back what a prepare callback set (log fields are the loader's own).
fn attr_from_load_opts(a: &mut ProgLoadAttr, o: &super::bpf::bpf_prog_load_opts) {
    a.expected_attach_type = o.expected_attach_type;
    a.prog_btf_fd = o.prog_btf_fd;
    a.prog_flags = o.prog_flags;
    a.prog_ifindex = o.prog_ifindex;
    a.kern_version = o.kern_version;
    a.attach_btf_id = o.attach_btf_id;
    a.attach_prog_fd = if o.attach_prog_fd != 0 {
        o.attach_prog_fd
    } else {
        o.attach_btf_obj_fd
    };
    a.fd_array = o.fd_array as u64;
    a.fd_array_cnt = o.fd_array_cnt;
    a.func_info = o.func_info as u64;
    a.func_info_cnt = o.func_info_cnt;
    a.func_info_rec_size = o.func_info_rec_size;
    a.line_info = o.line_info as u64;
    a.line_info_cnt = o.line_info_cnt;
    a.line_info_rec_size = o.line_info_rec_size;
    a.prog_token_fd = o.token_fd as i32;
}
