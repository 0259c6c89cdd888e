//! libbpf.h: `struct bpf_link` — an attachment, owned by the caller.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::boundary::{ret_int, ret_val};
use super::handles;
use super::map::bpf_map;
use super::program::bpf_program;
use std::os::fd::AsRawFd;
use std::os::raw::{c_char, c_int};

/// An attachment of a program (or struct_ops map); freed by `bpf_link__destroy`.
pub struct bpf_link {
    _opaque: [u8; 0],
}

/// Opens a link pinned at `path` in bpffs.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__open(path: *const c_char) -> *mut bpf_link {
    crate::unsupported!(ptr "bpf_link__open")
}

/// The link's fd.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__fd(link: *const bpf_link) -> c_int {
    // SAFETY: link is NULL or a live link handle.
    ret_int("bpf_link__fd", || {
        Ok(unsafe { handles::link(link)? }.fd().as_raw_fd())
    })
}

/// Where the link is pinned, or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__pin_path(link: *const bpf_link) -> *const c_char {
    super::stub::unsupported("bpf_link__pin_path")
}

/// Pins the link at `path` so it outlives the process.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__pin(link: *mut bpf_link, path: *const c_char) -> c_int {
    crate::unsupported!(int "bpf_link__pin")
}

/// Removes the link's pin.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__unpin(link: *mut bpf_link) -> c_int {
    crate::unsupported!(int "bpf_link__unpin")
}

/// Atomically swaps the program behind the link.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__update_program(
    link: *mut bpf_link,
    prog: *mut bpf_program,
) -> c_int {
    crate::unsupported!(int "bpf_link__update_program")
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
    crate::unsupported!(int "bpf_link__detach")
}

/// Detaches (unless disconnected) and frees the link; NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__destroy(link: *mut bpf_link) -> c_int {
    // SAFETY: link is NULL or a link handle given back once.
    ret_int("bpf_link__destroy", || {
        if let Some(l) = unsafe { handles::link_from_raw(link) } {
            l.destroy();
        }
        Ok(0)
    })
}

/// Swaps the struct_ops map behind a struct_ops link.
#[no_mangle]
pub unsafe extern "C" fn bpf_link__update_map(link: *mut bpf_link, map: *const bpf_map) -> c_int {
    crate::unsupported!(int "bpf_link__update_map")
}
