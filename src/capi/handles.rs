//! The C handles: every `struct X *` this library gives out, declared here
//! once (opaque to C), and the one way to go between such a pointer and the
//! Rust value behind it.
//!
//! Each handle type implements [`Handle`], naming its Rust value. Owned
//! handles (`bpf_object`, `bpf_link`, `btf`, `ring_buffer`, ...) are `Box`es
//! handed out by [`into_raw`] and taken back exactly once by their destroy
//! call through [`from_raw`]. Borrowed handles (`bpf_map`, `bpf_program`,
//! `ring`) point into their owner ([`ptr`]), whose storage never moves
//! after open, so they stay valid until the owner is destroyed.
//!
//! This module imports no other `capi` module: handle types whose value is
//! a C-edge wrapper (`btf`, `btf_dump`, `ring_buffer`, `ring`, `perf_buffer`)
//! implement [`Handle`] next to that wrapper.

use super::boundary::{handle, handle_mut};
use crate::error::Result;

/// A C handle type and the Rust value its pointers point to.
///
/// # Safety
/// Every non-NULL pointer of type `*const Self` that this library hands out
/// points to a live `Self::Target`.
pub(crate) unsafe trait Handle: Sized {
    type Target;
    /// The argument name in error messages (`"obj is NULL"`).
    const WHAT: &'static str;
}

/// An opened BPF object file (opaque to C).
pub struct bpf_object {
    _opaque: [u8; 0],
}

/// A program of an object (borrowed from the object; never freed by the caller).
pub struct bpf_program {
    _opaque: [u8; 0],
}

/// A map of an object (borrowed from the object; never freed by the caller).
pub struct bpf_map {
    _opaque: [u8; 0],
}

/// An attachment of a program (or struct_ops map); freed by `bpf_link__destroy`.
pub struct bpf_link {
    _opaque: [u8; 0],
}

/// `struct btf`: a BTF object (opaque to C).
pub struct btf {
    _opaque: [u8; 0],
}

/// `struct btf_ext`: parsed .BTF.ext data (opaque to C).
pub struct btf_ext {
    _opaque: [u8; 0],
}

/// `struct btf_dump`: a dumper bound to one BTF object (opaque to C).
pub struct btf_dump {
    _opaque: [u8; 0],
}

/// A set of ring buffer maps polled together through one epoll fd.
pub struct ring_buffer {
    _opaque: [u8; 0],
}

/// One ring of a `ring_buffer` (borrowed from it).
pub struct ring {
    _opaque: [u8; 0],
}

/// The producer handle of a `BPF_MAP_TYPE_USER_RINGBUF` map.
pub struct user_ring_buffer {
    _opaque: [u8; 0],
}

/// Per-CPU perf buffers polled through one epoll fd.
pub struct perf_buffer {
    _opaque: [u8; 0],
}

/// A static linker writing one output object.
pub struct bpf_linker {
    _opaque: [u8; 0],
}

/// A program's line info copied out of `struct bpf_prog_info`.
pub struct bpf_prog_linfo {
    _opaque: [u8; 0],
}

/// `unsafe impl Handle for $c { Target = $t }` for handles whose value lives
/// below the C edge.
macro_rules! handle_of {
    ($($c:ty => $t:ty, $what:literal;)*) => {$(
        // SAFETY: pointers of this type come only from `into_raw`/`ptr` of `$t`.
        unsafe impl Handle for $c {
            type Target = $t;
            const WHAT: &'static str = $what;
        }
    )*};
}

handle_of! {
    bpf_object => crate::object::Object, "obj";
    bpf_program => crate::object::Program, "prog";
    bpf_map => crate::object::Map, "map";
    bpf_link => crate::attach::Link, "link";
    btf_ext => crate::btf::ext::BtfExt, "btf_ext";
    user_ring_buffer => crate::ringbuf::user::UserRingBuffer, "rb";
    bpf_prog_linfo => crate::btf::linfo::ProgLineInfo, "prog_linfo";
}

/// The value behind a handle; NULL is `-EINVAL` with a log line.
///
/// # Safety
/// `p` is NULL or a live handle of type `H`.
pub(crate) unsafe fn get<'a, H: Handle>(p: *const H) -> Result<&'a H::Target> {
    // SAFETY: forwarded (the trait's contract gives the target type).
    unsafe { handle(p.cast::<H::Target>(), H::WHAT) }
}

/// As [`get`], exclusive.
///
/// # Safety
/// As [`get`], and no other reference to the value is live.
pub(crate) unsafe fn get_mut<'a, H: Handle>(p: *mut H) -> Result<&'a mut H::Target> {
    // SAFETY: forwarded.
    unsafe { handle_mut(p.cast::<H::Target>(), H::WHAT) }
}

/// The value behind a handle, or `None` for NULL (optional arguments).
///
/// # Safety
/// As [`get`].
pub(crate) unsafe fn get_opt<'a, H: Handle>(p: *const H) -> Option<&'a H::Target> {
    // SAFETY: forwarded.
    unsafe { p.cast::<H::Target>().as_ref() }
}

/// Hands out an owned handle.
pub(crate) fn into_raw<H: Handle>(v: H::Target) -> *mut H {
    Box::into_raw(Box::new(v)).cast()
}

/// Takes an owned handle back (its destroy call); NULL is `None`.
///
/// # Safety
/// `p` is NULL or a handle from [`into_raw`], given back once.
pub(crate) unsafe fn from_raw<H: Handle>(p: *mut H) -> Option<Box<H::Target>> {
    // SAFETY: forwarded.
    (!p.is_null()).then(|| unsafe { Box::from_raw(p.cast::<H::Target>()) })
}

/// A borrowed handle to a value its owner keeps in place.
pub(crate) fn ptr<H: Handle>(v: &H::Target) -> *mut H {
    (v as *const H::Target).cast_mut().cast()
}

// The names the C edge has always used, kept short for the common handles.

/// # Safety
/// `p` is NULL or an object handle from `bpf_object__open*` not yet closed.
pub unsafe fn obj<'a>(p: *const bpf_object) -> Result<&'a crate::object::Object> {
    // SAFETY: forwarded.
    unsafe { get(p) }
}

/// # Safety
/// As [`obj`], with no other reference live.
pub unsafe fn obj_mut<'a>(p: *mut bpf_object) -> Result<&'a mut crate::object::Object> {
    // SAFETY: forwarded.
    unsafe { get_mut(p) }
}

/// # Safety
/// `p` is NULL or a map handle of a live object.
pub unsafe fn map<'a>(p: *const bpf_map) -> Result<&'a crate::object::Map> {
    // SAFETY: forwarded.
    unsafe { get(p) }
}

/// # Safety
/// As [`map`], with no other reference live.
pub unsafe fn map_mut<'a>(p: *mut bpf_map) -> Result<&'a mut crate::object::Map> {
    // SAFETY: forwarded.
    unsafe { get_mut(p) }
}

/// # Safety
/// `p` is NULL or a program handle of a live object.
pub unsafe fn prog<'a>(p: *const bpf_program) -> Result<&'a crate::object::Program> {
    // SAFETY: forwarded.
    unsafe { get(p) }
}

/// # Safety
/// As [`prog`], with no other reference live.
pub unsafe fn prog_mut<'a>(p: *mut bpf_program) -> Result<&'a mut crate::object::Program> {
    // SAFETY: forwarded.
    unsafe { get_mut(p) }
}

/// # Safety
/// `p` is NULL or a live link handle.
pub unsafe fn link<'a>(p: *const bpf_link) -> Result<&'a crate::attach::Link> {
    // SAFETY: forwarded.
    unsafe { get(p) }
}

/// # Safety
/// As [`link`], with no other reference live.
pub unsafe fn link_mut<'a>(p: *mut bpf_link) -> Result<&'a mut crate::attach::Link> {
    // SAFETY: forwarded.
    unsafe { get_mut(p) }
}

pub fn obj_into_raw(o: crate::object::Object) -> *mut bpf_object {
    into_raw(o)
}

/// # Safety
/// `p` is NULL or a handle from [`obj_into_raw`], given back once.
pub unsafe fn obj_from_raw(p: *mut bpf_object) -> Option<Box<crate::object::Object>> {
    // SAFETY: forwarded.
    unsafe { from_raw(p) }
}

pub fn map_ptr(m: &crate::object::Map) -> *mut bpf_map {
    ptr(m)
}

pub fn prog_ptr(p: &crate::object::Program) -> *mut bpf_program {
    ptr(p)
}

pub fn link_into_raw(l: crate::attach::Link) -> *mut bpf_link {
    into_raw(l)
}

/// # Safety
/// `p` is NULL or a link handle, given back once.
pub unsafe fn link_from_raw(p: *mut bpf_link) -> Option<Box<crate::attach::Link>> {
    // SAFETY: forwarded.
    unsafe { from_raw(p) }
}

/// Index of `item` in `items` by address (for next/prev iteration).
pub fn index_of<T>(items: &[T], item: *const T) -> Option<usize> {
    items.iter().position(|x| std::ptr::eq(x, item))
}
