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
//! Every handle given out is registered ([`super::registry`]) with its kind,
//! and borrowed ones with their owner; every cast asks the registry first,
//! so a pointer that is not a live handle of the kind an export takes
//! (destroyed, of another kind, garbage) is `-EINVAL` and a log line, never
//! a read through it. Destroying an owner unregisters what it owns.
//!
//! This module imports no other `capi` module but the registry: handle types
//! whose value is a C-edge wrapper (`btf`, `btf_ext`, `btf_dump`,
//! `ring_buffer`, `ring`, `perf_buffer`, `bpf_linker`) implement [`Handle`]
//! next to that wrapper.

use super::registry::{self, Kind, Refused};
use crate::error::{Error, Result};
use std::os::raw::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A C handle type and the Rust value its pointers point to.
///
/// # Safety
/// Every non-NULL pointer of type `*const Self` that this library hands out
/// points to a live `Self::Target`.
pub(crate) unsafe trait Handle: Sized {
    type Target;
    /// The argument name in error messages (`"obj is NULL"`).
    const WHAT: &'static str;
    /// What the registry records it as.
    const KIND: Kind;
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
    ($($c:ty => $t:ty, $what:literal, $kind:ident;)*) => {$(
        // SAFETY: pointers of this type come only from `into_raw`/`ptr` of `$t`.
        unsafe impl Handle for $c {
            type Target = $t;
            const WHAT: &'static str = $what;
            const KIND: Kind = Kind::$kind;
        }
    )*};
}

handle_of! {
    bpf_object => crate::object::Object, "obj", Object;
    bpf_program => crate::object::Program, "prog", Program;
    bpf_map => crate::object::Map, "map", Map;
    bpf_link => crate::attach::Link, "link", Link;
    user_ring_buffer => crate::ringbuf::user::UserRingBuffer, "rb", UserRingBuffer;
    bpf_prog_linfo => crate::btf::linfo::ProgLineInfo, "prog_linfo", ProgLinfo;
}

/// Whether `p` is a live handle of type `H`: NULL and anything else are
/// `-EINVAL` (the boundary logs it, naming the export). Reads nothing at `p`.
#[inline(always)]
pub(crate) fn check<H: Handle>(p: *const H) -> Result<()> {
    if p.is_null() || !registry::is_live(p as usize, H::KIND) {
        return Err(refused(p));
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn refused<H: Handle>(p: *const H) -> Error {
    if p.is_null() {
        return Error::inval(format!("{} is NULL", H::WHAT));
    }
    not_live(p)
}

#[cold]
#[inline(never)]
fn not_live<H: Handle>(p: *const H) -> Error {
    let (what, want) = (H::WHAT, H::KIND.c_name());
    match registry::kind_at(p as usize) {
        Some(k) if k != H::KIND => {
            Error::inval(format!("{what} {p:p} is a {}, not a {want}", k.c_name()))
        }
        _ => Error::inval(format!("{what} {p:p} is not a live {want}")),
    }
}

/// The value behind a handle; NULL or a pointer that is not a live handle
/// of type `H` is `-EINVAL` with a log line.
///
/// # Safety
/// If `p` is a live handle of type `H`, no exclusive reference to its value is live.
#[inline(always)]
pub(crate) unsafe fn get<'a, H: Handle>(p: *const H) -> Result<&'a H::Target> {
    check(p)?;
    // SAFETY: registered as a live `H`, so it points to a live `H::Target`.
    Ok(unsafe { &*p.cast::<H::Target>() })
}

/// As [`get`], exclusive.
///
/// # Safety
/// If `p` is a live handle of type `H`, no other reference to its value is live.
#[inline(always)]
pub(crate) unsafe fn get_mut<'a, H: Handle>(p: *mut H) -> Result<&'a mut H::Target> {
    check(p.cast_const())?;
    // SAFETY: registered as a live `H`, so it points to a live `H::Target`.
    Ok(unsafe { &mut *p.cast::<H::Target>() })
}

/// Runs an export's body `f` on the value behind `p` through
/// [`super::boundary::ret_val`], for the hot getters. A handle in its front
/// slot (nearly every live one) whose `f` succeeds is answered with no call
/// and no stack frame; everything else (NULL, a handle the table answers, a
/// bad pointer, an error or a panic of `f`) goes to [`read_slow`] in a tail
/// call, which checks the handle fully and runs `f` again under `ret_val`.
/// Same checks and answers as [`get`] under `ret_val`; `f` must be free of
/// side effects, as it may run twice.
///
/// # Safety
/// As [`get`].
#[inline(always)]
pub(crate) unsafe fn read<H: Handle, T>(
    func: &'static str,
    p: *const H,
    on_err: T,
    f: impl Fn(&H::Target) -> Result<T>,
) -> T {
    // SAFETY: forwarded.
    if let Some(x) = unsafe { read_fast(p, &f) } {
        return x;
    }
    // SAFETY: forwarded.
    unsafe { read_slow(func, p, on_err, f) }
}

/// The fast path of [`read`] and [`read_int`]: `f`'s value when `p` hits
/// the front table and `f` succeeds; `None` sends the call to the full check.
///
/// # Safety
/// As [`get`].
#[inline(always)]
unsafe fn read_fast<H: Handle, T>(p: *const H, f: &impl Fn(&H::Target) -> Result<T>) -> Option<T> {
    if p.is_null() || !registry::front_hit(p as usize, H::KIND) {
        return None;
    }
    // SAFETY: registered as a live `H`, so it points to a live `H::Target`.
    let v = unsafe { &*p.cast::<H::Target>() };
    // An error or a panic is answered again, with its log line, by the slow path.
    catch_unwind(AssertUnwindSafe(|| f(v))).ok()?.ok()
}

/// [`read`] past its fast path. `extern "C"`: it cannot unwind, so the
/// caller reaches it by a tail call.
///
/// # Safety
/// As [`get`].
#[cold]
#[inline(never)]
#[allow(improper_ctypes_definitions)]
unsafe extern "C" fn read_slow<H: Handle, T, F: Fn(&H::Target) -> Result<T>>(
    func: &'static str,
    p: *const H,
    on_err: T,
    f: F,
) -> T {
    // SAFETY: forwarded.
    super::boundary::ret_val(func, on_err, || f(unsafe { get(p)? }))
}

/// As [`read`] for an export that returns `-errno` (through
/// [`super::boundary::ret_int`]).
///
/// # Safety
/// As [`get`].
#[inline(always)]
pub(crate) unsafe fn read_int<H: Handle>(
    func: &'static str,
    p: *const H,
    f: impl Fn(&H::Target) -> Result<c_int>,
) -> c_int {
    // SAFETY: forwarded.
    if let Some(x) = unsafe { read_fast(p, &f) } {
        return x;
    }
    // SAFETY: forwarded.
    unsafe { read_int_slow(func, p, f) }
}

/// [`read_int`] past its fast path (see [`read_slow`]).
///
/// # Safety
/// As [`get`].
#[cold]
#[inline(never)]
#[allow(improper_ctypes_definitions)]
unsafe extern "C" fn read_int_slow<H: Handle, F: Fn(&H::Target) -> Result<c_int>>(
    func: &'static str,
    p: *const H,
    f: F,
) -> c_int {
    // SAFETY: forwarded.
    super::boundary::ret_int(func, || f(unsafe { get(p)? }))
}

/// The value behind an optional handle argument: NULL is `None`, anything
/// else as [`get`].
///
/// # Safety
/// As [`get`].
pub(crate) unsafe fn get_opt<'a, H: Handle>(p: *const H) -> Result<Option<&'a H::Target>> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded.
    unsafe { get(p) }.map(Some)
}

/// Hands out an owned handle.
pub(crate) fn into_raw<H: Handle>(v: H::Target) -> *mut H {
    let p: *mut H = Box::into_raw(Box::new(v)).cast();
    registry::insert(p as usize, H::KIND, 0);
    p
}

/// Takes an owned handle back (its destroy call), unregistering it and what
/// it owns; NULL is `None`, silently (libbpf's destroy calls accept NULL).
/// A pointer that is not a live owned handle of type `H` is refused.
///
/// # Safety
/// If `p` is a live handle of type `H`, no reference to its value is live.
pub(crate) unsafe fn from_raw<H: Handle>(p: *mut H) -> Result<Option<Box<H::Target>>> {
    if p.is_null() {
        return Ok(None);
    }
    match registry::remove(p as usize, H::KIND) {
        // SAFETY: registered by `into_raw` (owner 0) and now unregistered:
        // given back exactly once.
        Ok(()) => Ok(Some(unsafe { Box::from_raw(p.cast::<H::Target>()) })),
        Err(Refused::NotLive(_)) => Err(not_live(p.cast_const())),
        Err(Refused::Borrowed(owner)) => Err(Error::inval(format!(
            "{} {p:p} belongs to {owner:#x} and is freed with it, not by the caller",
            H::WHAT
        ))),
    }
}

/// A borrowed handle to a value its owner keeps in place (already
/// registered: see [`lend`]).
pub(crate) fn ptr<H: Handle>(v: &H::Target) -> *mut H {
    (v as *const H::Target).cast_mut().cast()
}

/// A borrowed handle to a value `owner` keeps in place until it is
/// destroyed, registered on first use.
pub(crate) fn lend<H: Handle, O: Handle>(v: &H::Target, owner: *const O) -> *mut H {
    let p = ptr(v);
    if !registry::is_live(p as usize, H::KIND) {
        registry::insert(p as usize, H::KIND, owner as usize);
    }
    p
}

/// A program handle lent to a callback while its object is not handed out
/// yet (custom section handlers' setup at open); unregistered on drop if it
/// was not registered before.
pub(crate) struct Lent {
    addr: usize,
    fresh: bool,
}

impl Lent {
    pub(crate) fn prog(p: &mut crate::object::Program) -> (Lent, *mut bpf_program) {
        let raw: *mut bpf_program = (p as *mut crate::object::Program).cast();
        let fresh = registry::kind_at(raw as usize) != Some(Kind::Program);
        if fresh {
            registry::insert(raw as usize, Kind::Program, 1);
        }
        (
            Lent {
                addr: raw as usize,
                fresh,
            },
            raw,
        )
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        if self.fresh {
            registry::forget(self.addr);
        }
    }
}

// The names the C edge has always used, kept short for the common handles.

/// # Safety
/// `p` is NULL or an object handle from `bpf_object__open*` not yet closed.
#[inline(always)]
pub unsafe fn obj<'a>(p: *const bpf_object) -> Result<&'a crate::object::Object> {
    // SAFETY: forwarded.
    unsafe { get(p) }
}

/// # Safety
/// As [`obj`], with no other reference live.
#[inline(always)]
pub unsafe fn obj_mut<'a>(p: *mut bpf_object) -> Result<&'a mut crate::object::Object> {
    // SAFETY: forwarded.
    unsafe { get_mut(p) }
}

/// # Safety
/// `p` is NULL or a map handle of a live object.
#[inline(always)]
pub unsafe fn map<'a>(p: *const bpf_map) -> Result<&'a crate::object::Map> {
    // SAFETY: forwarded.
    unsafe { get(p) }
}

/// # Safety
/// As [`map`], with no other reference live.
#[inline(always)]
pub unsafe fn map_mut<'a>(p: *mut bpf_map) -> Result<&'a mut crate::object::Map> {
    // SAFETY: forwarded.
    unsafe { get_mut(p) }
}

/// # Safety
/// `p` is NULL or a program handle of a live object.
#[inline(always)]
pub unsafe fn prog<'a>(p: *const bpf_program) -> Result<&'a crate::object::Program> {
    // SAFETY: forwarded.
    unsafe { get(p) }
}

/// # Safety
/// As [`prog`], with no other reference live.
#[inline(always)]
pub unsafe fn prog_mut<'a>(p: *mut bpf_program) -> Result<&'a mut crate::object::Program> {
    // SAFETY: forwarded.
    unsafe { get_mut(p) }
}

/// # Safety
/// `p` is NULL or a live link handle.
#[inline(always)]
pub unsafe fn link<'a>(p: *const bpf_link) -> Result<&'a crate::attach::Link> {
    // SAFETY: forwarded.
    unsafe { get(p) }
}

/// # Safety
/// As [`link`], with no other reference live.
#[inline(always)]
pub unsafe fn link_mut<'a>(p: *mut bpf_link) -> Result<&'a mut crate::attach::Link> {
    // SAFETY: forwarded.
    unsafe { get_mut(p) }
}

pub fn obj_into_raw(o: crate::object::Object) -> *mut bpf_object {
    let raw: *mut bpf_object = Box::into_raw(Box::new(o)).cast();
    // SAFETY: just allocated and not handed out yet: ours alone.
    let obj = unsafe { &mut *raw.cast::<crate::object::Object>() };
    let inner = obj.maps.iter().filter(|m| m.inner.is_some()).count();
    // The object, its programs and maps in one registration.
    let mut b = registry::batch(1 + obj.progs.len() + obj.maps.len() + inner);
    b.insert(raw as usize, Kind::Object, 0);
    for p in &mut obj.progs {
        p.obj_addr = raw as usize;
        b.insert(p as *const _ as usize, Kind::Program, raw as usize);
    }
    for m in &obj.maps {
        b.insert(m as *const _ as usize, Kind::Map, raw as usize);
        if let Some(inner) = &m.inner {
            b.insert(&**inner as *const _ as usize, Kind::Map, raw as usize);
        }
    }
    raw
}

/// The object a program belongs to (libbpf's `prog->obj`).
///
/// # Safety
/// `p` is a program of a live object handed out by [`obj_into_raw`], and no
/// exclusive reference to that object is live.
pub unsafe fn prog_obj(p: &crate::object::Program) -> Result<&crate::object::Object> {
    if p.obj_addr == 0 {
        return Err(crate::Error::inval(format!(
            "prog '{}': not part of an object handed out to C",
            p.name
        )));
    }
    // SAFETY: per the contract above: the address of the boxed object
    // holding `p`, alive as long as `p` is.
    Ok(unsafe { &*(p.obj_addr as *const crate::object::Object) })
}

/// # Safety
/// As [`from_raw`].
pub unsafe fn obj_from_raw(p: *mut bpf_object) -> Result<Option<Box<crate::object::Object>>> {
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
/// As [`from_raw`].
pub unsafe fn link_from_raw(p: *mut bpf_link) -> Result<Option<Box<crate::attach::Link>>> {
    // SAFETY: forwarded.
    unsafe { from_raw(p) }
}

/// Index of `item` in `items` by address (for next/prev iteration).
pub fn index_of<T>(items: &[T], item: *const T) -> Option<usize> {
    items.iter().position(|x| std::ptr::eq(x, item))
}
