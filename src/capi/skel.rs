//! libbpf.h: the skeleton ABI shared with `bpftool gen skeleton`/`subskeleton`
//! generated code, and the calls that drive it.
//!
//! The generated code allocates these structs with `calloc` and fills them;
//! `map_skel_sz`/`prog_skel_sz`/`var_skel_sz` give each array's stride, which
//! differs between generator versions (a 24-byte map entry has no `link`).
//! Every pointer argument is NULL or such a generated struct.
#![allow(non_snake_case, unused_variables)]

use super::link::bpf_link;
use super::map::bpf_map;
use super::object::{bpf_object, bpf_object_open_opts};
use super::program::bpf_program;
use std::os::raw::{c_char, c_int, c_void};

/// One map of a skeleton: where to store its handle, its data mmap and (struct_ops) its link.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_map_skeleton {
    pub name: *const c_char,
    pub map: *mut *mut bpf_map,
    pub mmaped: *mut *mut c_void,
    pub link: *mut *mut bpf_link,
}

/// One program of a skeleton: where to store its handle and its link.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_skeleton {
    pub name: *const c_char,
    pub prog: *mut *mut bpf_program,
    pub link: *mut *mut bpf_link,
}

/// A whole skeleton: the embedded ELF image and the map/program tables.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_object_skeleton {
    pub sz: usize,
    pub name: *const c_char,
    pub data: *const c_void,
    pub data_sz: usize,
    pub obj: *mut *mut bpf_object,
    pub map_cnt: c_int,
    pub map_skel_sz: c_int,
    pub maps: *mut bpf_map_skeleton,
    pub prog_cnt: c_int,
    pub prog_skel_sz: c_int,
    pub progs: *mut bpf_prog_skeleton,
}

/// Opens the embedded object and fills in the map/program handles and data pointers.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__open_skeleton(
    s: *mut bpf_object_skeleton,
    opts: *const bpf_object_open_opts,
) -> c_int {
    crate::unsupported!(int "bpf_object__open_skeleton")
}

/// Loads the object and re-points the data pointers at the kernel maps' mmaps.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__load_skeleton(s: *mut bpf_object_skeleton) -> c_int {
    crate::unsupported!(int "bpf_object__load_skeleton")
}

/// Auto-attaches every program that can be (and struct_ops maps), storing the links.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__attach_skeleton(s: *mut bpf_object_skeleton) -> c_int {
    crate::unsupported!(int "bpf_object__attach_skeleton")
}

/// Destroys every link the skeleton holds.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__detach_skeleton(s: *mut bpf_object_skeleton) {
    super::stub::unsupported("bpf_object__detach_skeleton")
}

/// Detaches, closes the object and frees the skeleton's arrays and itself.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__destroy_skeleton(s: *mut bpf_object_skeleton) {
    super::stub::unsupported("bpf_object__destroy_skeleton")
}

/// One global variable of a subskeleton: its map and where to store its address.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_var_skeleton {
    pub name: *const c_char,
    pub map: *mut *mut bpf_map,
    pub addr: *mut *mut c_void,
}

/// A subskeleton: a view of part of an already opened object (a linked-in library).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_object_subskeleton {
    pub sz: usize,
    pub obj: *const bpf_object,
    pub map_cnt: c_int,
    pub map_skel_sz: c_int,
    pub maps: *mut bpf_map_skeleton,
    pub prog_cnt: c_int,
    pub prog_skel_sz: c_int,
    pub progs: *mut bpf_prog_skeleton,
    pub var_cnt: c_int,
    pub var_skel_sz: c_int,
    pub vars: *mut bpf_var_skeleton,
}

/// Fills in a subskeleton's map, program and variable pointers from its object.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__open_subskeleton(s: *mut bpf_object_subskeleton) -> c_int {
    crate::unsupported!(int "bpf_object__open_subskeleton")
}

/// Frees the subskeleton's arrays and itself (not the object).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__destroy_subskeleton(s: *mut bpf_object_subskeleton) {
    super::stub::unsupported("bpf_object__destroy_subskeleton")
}

// The generated skeleton code is compiled against these sizes (x86_64 values
// of libbpf v1.7.0); a change here breaks every existing skeleton.
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<bpf_map_skeleton>() == 32);
    assert!(offset_of!(bpf_map_skeleton, link) == 24);
    assert!(size_of::<bpf_prog_skeleton>() == 24);
    assert!(size_of::<bpf_var_skeleton>() == 24);
    assert!(size_of::<bpf_object_skeleton>() == 72);
    assert!(offset_of!(bpf_object_skeleton, progs) == 64);
    assert!(size_of::<bpf_object_subskeleton>() == 64);
    assert!(offset_of!(bpf_object_subskeleton, vars) == 56);
};
