//! libbpf.h: `struct bpf_link` — an attachment, owned by the caller.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case)]

use super::boundary::{cstr, ret_int, ret_ptr, ret_val};
use super::handles::bpf_map;
use super::handles::bpf_program;
use super::handles::{self, bpf_link};
use crate::attach::Link;
use std::os::raw::{c_char, c_int};

/// Opens a link pinned at `path` in bpffs.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__open(path: *const c_char) -> *mut bpf_link {
    ret_ptr("bpf_link__open", || {
        // SAFETY: path is NULL or a C string.
        let path = unsafe { cstr(path, "path")? };
        Link::open(path).map(handles::link_into_raw)
    })
}

/// The link's fd.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__fd(link: *const bpf_link) -> c_int {
    // SAFETY: link is NULL or a live link handle.
    ret_int("bpf_link__fd", || {
        Ok(unsafe { handles::link(link)? }.raw_fd())
    })
}

/// Where the link is pinned, or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__pin_path(link: *const bpf_link) -> *const c_char {
    // SAFETY: link is NULL or a live link handle.
    ret_val("bpf_link__pin_path", std::ptr::null(), || {
        Ok(unsafe { handles::link(link)? }
            .pin_path
            .as_ref()
            .map_or(std::ptr::null(), |p| p.as_ptr()))
    })
}

/// Pins the link at `path` so it outlives the process.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__pin(link: *mut bpf_link, path: *const c_char) -> c_int {
    ret_int("bpf_link__pin", || {
        // SAFETY: link is NULL or a live link handle; path NULL or a C string.
        let l = unsafe { handles::link_mut(link)? };
        let path = unsafe { cstr(path, "path")? };
        l.pin(path).map(|_| 0)
    })
}

/// Removes the link's pin.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__unpin(link: *mut bpf_link) -> c_int {
    // SAFETY: link is NULL or a live link handle.
    ret_int("bpf_link__unpin", || {
        unsafe { handles::link_mut(link)? }.unpin().map(|_| 0)
    })
}

/// Atomically swaps the program behind the link.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__update_program(
    link: *mut bpf_link,
    prog: *mut bpf_program,
) -> c_int {
    ret_int("bpf_link__update_program", || {
        // SAFETY: link and prog are NULL or live handles.
        let l = unsafe { handles::link(link)? };
        let p = unsafe { handles::prog(prog)? };
        let fd = p
            .fd()
            .ok_or_else(|| crate::Error::inval(format!("prog '{}': not loaded", p.name)))?;
        l.update(fd).map(|_| 0)
    })
}

/// Makes destroy free the handle without detaching (the attachment outlives it).
#[no_mangle]
pub unsafe extern "C" fn bpf_link__disconnect(link: *mut bpf_link) {
    // SAFETY: link is NULL or a live link handle.
    ret_val("bpf_link__disconnect", (), || {
        unsafe { handles::link_mut(link)? }.disconnected = true;
        Ok(())
    })
}

/// Detaches the link in the kernel while keeping the handle.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__detach(link: *mut bpf_link) -> c_int {
    // SAFETY: link is NULL or a live link handle.
    ret_int("bpf_link__detach", || {
        unsafe { handles::link_mut(link)? }.detach().map(|_| 0)
    })
}

/// Detaches (unless disconnected) and frees the link; NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__destroy(link: *mut bpf_link) -> c_int {
    // SAFETY: link is NULL or a link handle given back once.
    ret_int("bpf_link__destroy", || {
        if let Some(l) = unsafe { handles::link_from_raw(link)? } {
            l.destroy();
        }
        Ok(0)
    })
}

/// Swaps the struct_ops map behind a struct_ops link.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__update_map(link: *mut bpf_link, map: *const bpf_map) -> c_int {
    ret_int("bpf_link__update_map", || {
        // SAFETY: link and map are NULL or live handles.
        let l = unsafe { handles::link(link)? };
        let m = unsafe { handles::map(map)? };
        let fd = m
            .fd()
            .ok_or_else(|| crate::Error::inval(format!("map '{}': not created", m.name)))?;
        l.update(fd).map(|_| 0)
    })
}
