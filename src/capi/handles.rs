//! Casting between C handles and the Rust values behind them.
//!
//! Owned handles (`struct bpf_object *`, `struct bpf_link *`) are `Box`es
//! handed out with `into_raw` and taken back exactly once by their destroy
//! call. Borrowed handles (`struct bpf_map *`, `struct bpf_program *`) point
//! into their object's vectors, which never grow after open, so they stay
//! valid until `bpf_object__close`.

use super::boundary::{handle, handle_mut};
use super::link::bpf_link;
use super::map::bpf_map;
use super::object::bpf_object;
use super::program::bpf_program;
use crate::attach::Link;
use crate::error::Result;
use crate::object::{Map, Object, Program};

/// # Safety
/// `p` is NULL or an object handle from `bpf_object__open*` not yet closed.
pub unsafe fn obj<'a>(p: *const bpf_object) -> Result<&'a Object> {
    // SAFETY: forwarded.
    unsafe { handle(p.cast::<Object>(), "obj") }
}

/// # Safety
/// As [`obj`], with no other reference live.
pub unsafe fn obj_mut<'a>(p: *mut bpf_object) -> Result<&'a mut Object> {
    // SAFETY: forwarded.
    unsafe { handle_mut(p.cast::<Object>(), "obj") }
}

pub fn obj_into_raw(o: Object) -> *mut bpf_object {
    let raw = Box::into_raw(Box::new(o));
    // SAFETY: just allocated and not handed out yet: ours alone.
    let obj = unsafe { &mut *raw };
    for p in &mut obj.progs {
        p.obj_addr = raw as usize;
    }
    raw.cast()
}

/// The object a program belongs to (libbpf's `prog->obj`).
///
/// # Safety
/// `p` is a program of a live object handed out by [`obj_into_raw`], and no
/// exclusive reference to that object is live.
pub unsafe fn prog_obj(p: &Program) -> Result<&Object> {
    if p.obj_addr == 0 {
        return Err(crate::Error::inval(format!(
            "prog '{}': not part of an object handed out to C",
            p.name
        )));
    }
    // SAFETY: per the contract above: the address of the boxed object
    // holding `p`, alive as long as `p` is.
    Ok(unsafe { &*(p.obj_addr as *const Object) })
}

/// # Safety
/// `p` is NULL or a handle from [`obj_into_raw`], given back once.
pub unsafe fn obj_from_raw(p: *mut bpf_object) -> Option<Box<Object>> {
    // SAFETY: forwarded.
    (!p.is_null()).then(|| unsafe { Box::from_raw(p.cast::<Object>()) })
}

/// # Safety
/// `p` is NULL or a map handle of a live object.
pub unsafe fn map<'a>(p: *const bpf_map) -> Result<&'a Map> {
    // SAFETY: forwarded.
    unsafe { handle(p.cast::<Map>(), "map") }
}

/// # Safety
/// As [`map`], with no other reference live.
pub unsafe fn map_mut<'a>(p: *mut bpf_map) -> Result<&'a mut Map> {
    // SAFETY: forwarded.
    unsafe { handle_mut(p.cast::<Map>(), "map") }
}

pub fn map_ptr(m: &Map) -> *mut bpf_map {
    (m as *const Map).cast_mut().cast()
}

/// # Safety
/// `p` is NULL or a program handle of a live object.
pub unsafe fn prog<'a>(p: *const bpf_program) -> Result<&'a Program> {
    // SAFETY: forwarded.
    unsafe { handle(p.cast::<Program>(), "prog") }
}

/// # Safety
/// As [`prog`], with no other reference live.
pub unsafe fn prog_mut<'a>(p: *mut bpf_program) -> Result<&'a mut Program> {
    // SAFETY: forwarded.
    unsafe { handle_mut(p.cast::<Program>(), "prog") }
}

pub fn prog_ptr(p: &Program) -> *mut bpf_program {
    (p as *const Program).cast_mut().cast()
}

pub fn link_into_raw(l: Link) -> *mut bpf_link {
    Box::into_raw(Box::new(l)).cast()
}

/// # Safety
/// `p` is NULL or a live link handle.
pub unsafe fn link<'a>(p: *const bpf_link) -> Result<&'a Link> {
    // SAFETY: forwarded.
    unsafe { handle(p.cast::<Link>(), "link") }
}

/// # Safety
/// As [`link`], with no other reference live.
pub unsafe fn link_mut<'a>(p: *mut bpf_link) -> Result<&'a mut Link> {
    // SAFETY: forwarded.
    unsafe { handle_mut(p.cast::<Link>(), "link") }
}

/// # Safety
/// `p` is NULL or a link handle, given back once.
pub unsafe fn link_from_raw(p: *mut bpf_link) -> Option<Box<Link>> {
    // SAFETY: forwarded.
    (!p.is_null()).then(|| unsafe { Box::from_raw(p.cast::<Link>()) })
}

/// Index of `item` in `items` by address (for next/prev iteration).
pub fn index_of<T>(items: &[T], item: *const T) -> Option<usize> {
    items.iter().position(|x| std::ptr::eq(x, item))
}
