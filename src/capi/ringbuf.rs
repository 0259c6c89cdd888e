//! libbpf.h: BPF ring buffers — the consumer side (`ring_buffer`, `ring`) and
//! the producer side of user ring buffers (`user_ring_buffer`).
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case)]

use super::boundary::{ret_int, ret_int_quiet, ret_ptr, ret_val, set_errno};
use super::handles::{ring, ring_buffer, user_ring_buffer};
use super::types::__u32;
use crate::error::{Errno, Error, Result};
use crate::ringbuf::consumer::{clamp_count, Ring, RingBuffer, SampleHandler};
use crate::ringbuf::user::UserRingBuffer;
use crate::ringbuf::Stopped;
use std::os::raw::{c_int, c_uint, c_ulong, c_void};

/// Called per record; a negative return stops consuming and is returned to the caller.
pub type ring_buffer_sample_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, data: *mut c_void, size: usize) -> c_int>;

/// Options of `ring_buffer__new` (none yet besides `sz`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ring_buffer_opts {
    pub sz: usize,
}
crate::impl_opts!(ring_buffer_opts, sz);

/// A C sample callback and its context.
#[derive(Clone, Copy)]
pub(crate) struct CSample {
    cb: ring_buffer_sample_fn,
    ctx: *mut c_void,
}

impl SampleHandler for CSample {
    #[inline(always)]
    fn pass(&mut self) -> impl FnMut(*mut u8, u32) -> i32 + '_ {
        let CSample { cb, ctx } = *self;
        move |data, len| match cb {
            // SAFETY: the caller registered this callback for this context.
            Some(f) => unsafe { f(ctx, data.cast(), len as usize) },
            None => 0,
        }
    }
}

type CRingBuffer = RingBuffer<CSample>;
type CRing = Ring<CSample>;

// SAFETY: `ring_buffer__new` hands out CRingBuffers; `ring_buffer__ring`
// borrows their rings.
unsafe impl super::handles::Handle for ring_buffer {
    type Target = CRingBuffer;
    const WHAT: &'static str = "rb";
    const KIND: crate::capi::registry::Kind = crate::capi::registry::Kind::RingBuffer;
}
// SAFETY: as above.
unsafe impl super::handles::Handle for ring {
    type Target = CRing;
    const WHAT: &'static str = "ring";
    const KIND: crate::capi::registry::Kind = crate::capi::registry::Kind::Ring;
}

/// # Safety
/// `p` is NULL or a live `ring_buffer__new` handle.
unsafe fn rb_mut<'a>(p: *mut ring_buffer) -> Result<&'a mut CRingBuffer> {
    // SAFETY: forwarded.
    unsafe { super::handles::get_mut(p) }
}

/// # Safety
/// `p` is NULL or a ring of a live ring buffer.
unsafe fn ring_ref<'a>(p: *const ring) -> Result<&'a CRing> {
    // SAFETY: forwarded.
    unsafe { super::handles::get(p) }
}

/// # Safety
/// As [`ring_ref`], with no other reference live.
unsafe fn ring_mut<'a>(p: *mut ring) -> Result<&'a mut CRing> {
    // SAFETY: forwarded.
    unsafe { super::handles::get_mut(p) }
}

/// A callback's negative value: returned as is, and in `errno`, unlogged (as libbpf).
fn stopped(s: Stopped) -> c_int {
    set_errno(Errno(-s.0));
    s.0
}

fn counted(r: std::result::Result<u64, Stopped>) -> c_int {
    match r {
        Ok(n) => clamp_count(n),
        Err(s) => stopped(s),
    }
}

/// Opens a ring buffer manager over ring buffer map `map_fd`.
///
/// # Safety
/// `opts` is NULL or a valid `ring_buffer_opts`; `sample_cb` is callable with `ctx`.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__new(
    map_fd: c_int,
    sample_cb: ring_buffer_sample_fn,
    ctx: *mut c_void,
    opts: *const ring_buffer_opts,
) -> *mut ring_buffer {
    ret_ptr("ring_buffer__new", || {
        // SAFETY: per the contract above.
        unsafe { super::opts::read(opts)? };
        let rb = CRingBuffer::new(map_fd, CSample { cb: sample_cb, ctx })?;
        Ok(super::handles::into_raw(rb))
    })
}

/// Unmaps the rings and frees the manager; NULL is a no-op.
///
/// # Safety
/// `rb` is NULL or a live handle, not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__free(rb: *mut ring_buffer) {
    crate::capi::boundary::ret_val("ring_buffer__free", (), || {
        if !rb.is_null() {
            // SAFETY: per the contract above; given back exactly once.
            drop(unsafe { super::handles::from_raw(rb)? });
        };
        Ok(())
    })
}

/// Adds another ring buffer map with its own callback.
///
/// # Safety
/// `rb` is NULL or a live handle; `sample_cb` is callable with `ctx`.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__add(
    rb: *mut ring_buffer,
    map_fd: c_int,
    sample_cb: ring_buffer_sample_fn,
    ctx: *mut c_void,
) -> c_int {
    ret_int("ring_buffer__add", || {
        // SAFETY: per the contract above.
        let rb = unsafe { rb_mut(rb)? };
        rb.add(map_fd, CSample { cb: sample_cb, ctx })?;
        Ok(0)
    })
}

/// Waits up to `timeout_ms` for data, then consumes it; returns the record count.
///
/// # Safety
/// `rb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__poll(rb: *mut ring_buffer, timeout_ms: c_int) -> c_int {
    ret_int_quiet("ring_buffer__poll", || {
        // SAFETY: per the contract above.
        let rb = unsafe { rb_mut(rb)? };
        Ok(counted(rb.poll(timeout_ms)?))
    })
}

/// Consumes every available record without waiting; returns the count.
///
/// # Safety
/// `rb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__consume(rb: *mut ring_buffer) -> c_int {
    ret_int("ring_buffer__consume", || {
        // SAFETY: per the contract above.
        let rb = unsafe { rb_mut(rb)? };
        Ok(counted(rb.consume_n(i32::MAX as u64)))
    })
}

/// Consumes at most `n` records without waiting.
///
/// # Safety
/// `rb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__consume_n(rb: *mut ring_buffer, n: usize) -> c_int {
    ret_int("ring_buffer__consume_n", || {
        // SAFETY: per the contract above.
        let rb = unsafe { rb_mut(rb)? };
        Ok(counted(rb.consume_n(n as u64)))
    })
}

/// The epoll fd to wait on for data.
///
/// # Safety
/// `rb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__epoll_fd(rb: *const ring_buffer) -> c_int {
    ret_int("ring_buffer__epoll_fd", || {
        // SAFETY: per the contract above.
        let rb = unsafe { super::handles::get(rb)? };
        Ok(rb.epoll_fd())
    })
}

/// The `idx`-th ring (in the order added), or NULL with `errno = ERANGE`.
///
/// # Safety
/// `rb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__ring(rb: *mut ring_buffer, idx: c_uint) -> *mut ring {
    ret_ptr("ring_buffer__ring", || {
        // SAFETY: per the contract above.
        let owner = rb.cast_const();
        let rb = unsafe { rb_mut(rb)? };
        match rb.ring_mut(idx as usize) {
            // Boxed by the ring buffer: in place until `ring_buffer__free`.
            Some(r) => Ok(super::handles::lend::<ring, ring_buffer>(r, owner)),
            None => {
                set_errno(Errno::ERANGE);
                Ok(std::ptr::null_mut())
            }
        }
    })
}

/// The ring's consumer position.
///
/// # Safety
/// `r` is NULL or a ring of a live ring buffer.
#[no_mangle]
pub unsafe extern "C" fn ring__consumer_pos(r: *const ring) -> c_ulong {
    // SAFETY: per the contract above.
    ret_val("ring__consumer_pos", 0, || {
        Ok(unsafe { ring_ref(r)? }.consumer_pos() as c_ulong)
    })
}

/// The ring's producer position.
///
/// # Safety
/// `r` is NULL or a ring of a live ring buffer.
#[no_mangle]
pub unsafe extern "C" fn ring__producer_pos(r: *const ring) -> c_ulong {
    // SAFETY: per the contract above.
    ret_val("ring__producer_pos", 0, || {
        Ok(unsafe { ring_ref(r)? }.producer_pos() as c_ulong)
    })
}

/// Bytes produced but not yet consumed.
///
/// # Safety
/// `r` is NULL or a ring of a live ring buffer.
#[no_mangle]
pub unsafe extern "C" fn ring__avail_data_size(r: *const ring) -> usize {
    // SAFETY: per the contract above.
    ret_val("ring__avail_data_size", 0, || {
        Ok(unsafe { ring_ref(r)? }.avail_data_size())
    })
}

/// The ring's data area size in bytes.
///
/// # Safety
/// `r` is NULL or a ring of a live ring buffer.
#[no_mangle]
pub unsafe extern "C" fn ring__size(r: *const ring) -> usize {
    // SAFETY: per the contract above.
    ret_val("ring__size", 0, || Ok(unsafe { ring_ref(r)? }.size()))
}

/// The fd of the ring's map.
///
/// # Safety
/// `r` is NULL or a ring of a live ring buffer.
#[no_mangle]
pub unsafe extern "C" fn ring__map_fd(r: *const ring) -> c_int {
    // SAFETY: per the contract above.
    ret_int("ring__map_fd", || Ok(unsafe { ring_ref(r)? }.map_fd()))
}

/// Consumes every available record of this ring.
///
/// # Safety
/// `r` is NULL or a ring of a live ring buffer.
#[no_mangle]
pub unsafe extern "C" fn ring__consume(r: *mut ring) -> c_int {
    // SAFETY: per the contract above.
    ret_int("ring__consume", || {
        Ok(counted(unsafe { ring_mut(r)? }.consume(i32::MAX as u64)))
    })
}

/// Consumes at most `n` records of this ring.
///
/// # Safety
/// `r` is NULL or a ring of a live ring buffer.
#[no_mangle]
pub unsafe extern "C" fn ring__consume_n(r: *mut ring, n: usize) -> c_int {
    // SAFETY: per the contract above.
    ret_int("ring__consume_n", || {
        Ok(counted(unsafe { ring_mut(r)? }.consume(n as u64)))
    })
}

/// Options of `user_ring_buffer__new` (none yet besides `sz`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_ring_buffer_opts {
    pub sz: usize,
}
crate::impl_opts!(user_ring_buffer_opts, sz);

/// # Safety
/// `p` is NULL or a live `user_ring_buffer__new` handle.
unsafe fn urb_mut<'a>(p: *mut user_ring_buffer) -> Result<&'a mut UserRingBuffer> {
    // SAFETY: forwarded.
    unsafe { super::handles::get_mut(p) }
}

/// Opens the producer side of user ring buffer map `map_fd`.
///
/// # Safety
/// `opts` is NULL or a valid `user_ring_buffer_opts`.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__new(
    map_fd: c_int,
    opts: *const user_ring_buffer_opts,
) -> *mut user_ring_buffer {
    ret_ptr("user_ring_buffer__new", || {
        // SAFETY: per the contract above.
        unsafe { super::opts::read(opts)? };
        let rb = UserRingBuffer::new(map_fd)?;
        Ok(super::handles::into_raw(rb))
    })
}

/// A reservation's answer: the sample, or NULL with `errno` set. A full ring
/// (`ENOSPC`) and an oversized sample (`E2BIG`) are normal answers, not logged.
fn reserved(func: &str, r: Result<std::result::Result<*mut u8, Errno>>) -> *mut c_void {
    ret_ptr(func, || match r? {
        Ok(p) => Ok(p.cast()),
        Err(e) => {
            set_errno(e);
            Ok(std::ptr::null_mut())
        }
    })
}

/// Reserves a `size`-byte sample, or NULL (errno ENOSPC) when the ring is full.
///
/// # Safety
/// `rb` is NULL or a live handle, used by one thread at a time.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__reserve(
    rb: *mut user_ring_buffer,
    size: __u32,
) -> *mut c_void {
    // Only a panic is caught here: reserve reports ENOSPC etc. itself, unlogged.
    crate::capi::boundary::guard_ptr("user_ring_buffer__reserve", || {
        // SAFETY: per the contract above.
        let r = unsafe { urb_mut(rb) }.map(|rb| rb.reserve(size));
        reserved("user_ring_buffer__reserve", r)
    })
}

/// Reserves a sample, waiting up to `timeout_ms` for the kernel to drain space.
///
/// # Safety
/// `rb` is NULL or a live handle, used by one thread at a time.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__reserve_blocking(
    rb: *mut user_ring_buffer,
    size: __u32,
    timeout_ms: c_int,
) -> *mut c_void {
    // Only a panic is caught here: reserve reports ENOSPC etc. itself, unlogged.
    crate::capi::boundary::guard_ptr("user_ring_buffer__reserve_blocking", || {
        // SAFETY: per the contract above.
        let r = unsafe { urb_mut(rb) }.map(|rb| rb.reserve_blocking(size, timeout_ms));
        reserved("user_ring_buffer__reserve_blocking", r)
    })
}

fn commit(func: &str, rb: *mut user_ring_buffer, sample: *mut c_void, discard: bool) {
    ret_val(func, (), || {
        // SAFETY: the exported functions' contract.
        let rb = unsafe { urb_mut(rb)? };
        rb.commit(sample.cast(), discard)
            .map_err(|_| Error::inval(format!("{sample:p} is not a reserved sample of this ring")))
    })
}

/// Publishes a reserved sample to the kernel.
///
/// # Safety
/// `rb` is NULL or a live handle; `sample` came from its reserve.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__submit(rb: *mut user_ring_buffer, sample: *mut c_void) {
    commit("user_ring_buffer__submit", rb, sample, false)
}

/// Drops a reserved sample unpublished.
///
/// # Safety
/// `rb` is NULL or a live handle; `sample` came from its reserve.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__discard(rb: *mut user_ring_buffer, sample: *mut c_void) {
    commit("user_ring_buffer__discard", rb, sample, true)
}

/// Unmaps and frees the producer handle; NULL is a no-op.
///
/// # Safety
/// `rb` is NULL or a live handle, not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__free(rb: *mut user_ring_buffer) {
    crate::capi::boundary::ret_val("user_ring_buffer__free", (), || {
        if !rb.is_null() {
            // SAFETY: per the contract above; given back exactly once.
            drop(unsafe { super::handles::from_raw(rb)? });
        };
        Ok(())
    })
}
