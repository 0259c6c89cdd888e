//! libbpf.h: BPF ring buffers — the consumer side (`ring_buffer`, `ring`) and
//! the producer side of user ring buffers (`user_ring_buffer`).
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::libbpf_types::__u32;
use std::os::raw::{c_int, c_uint, c_ulong, c_void};

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

/// Opens a ring buffer manager over ring buffer map `map_fd`.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__new(
    map_fd: c_int,
    sample_cb: ring_buffer_sample_fn,
    ctx: *mut c_void,
    opts: *const ring_buffer_opts,
) -> *mut ring_buffer {
    crate::unsupported!(ptr "ring_buffer__new")
}

/// Unmaps the rings and frees the manager; NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__free(rb: *mut ring_buffer) {
    super::stub::unsupported("ring_buffer__free")
}

/// Adds another ring buffer map with its own callback.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__add(
    rb: *mut ring_buffer,
    map_fd: c_int,
    sample_cb: ring_buffer_sample_fn,
    ctx: *mut c_void,
) -> c_int {
    crate::unsupported!(int "ring_buffer__add")
}

/// Waits up to `timeout_ms` for data, then consumes it; returns the record count.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__poll(rb: *mut ring_buffer, timeout_ms: c_int) -> c_int {
    crate::unsupported!(int "ring_buffer__poll")
}

/// Consumes every available record without waiting; returns the count.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__consume(rb: *mut ring_buffer) -> c_int {
    crate::unsupported!(int "ring_buffer__consume")
}

/// Consumes at most `n` records without waiting.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__consume_n(rb: *mut ring_buffer, n: usize) -> c_int {
    crate::unsupported!(int "ring_buffer__consume_n")
}

/// The epoll fd to wait on for data.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__epoll_fd(rb: *const ring_buffer) -> c_int {
    crate::unsupported!(int "ring_buffer__epoll_fd")
}

/// The `idx`-th ring (in the order added), or NULL.
#[no_mangle]
pub unsafe extern "C" fn ring_buffer__ring(rb: *mut ring_buffer, idx: c_uint) -> *mut ring {
    crate::unsupported!(ptr "ring_buffer__ring")
}

/// The ring's consumer position.
#[no_mangle]
pub unsafe extern "C" fn ring__consumer_pos(r: *const ring) -> c_ulong {
    super::stub::unsupported("ring__consumer_pos")
}

/// The ring's producer position.
#[no_mangle]
pub unsafe extern "C" fn ring__producer_pos(r: *const ring) -> c_ulong {
    super::stub::unsupported("ring__producer_pos")
}

/// Bytes produced but not yet consumed.
#[no_mangle]
pub unsafe extern "C" fn ring__avail_data_size(r: *const ring) -> usize {
    super::stub::unsupported("ring__avail_data_size")
}

/// The ring's data area size in bytes.
#[no_mangle]
pub unsafe extern "C" fn ring__size(r: *const ring) -> usize {
    super::stub::unsupported("ring__size")
}

/// The fd of the ring's map.
#[no_mangle]
pub unsafe extern "C" fn ring__map_fd(r: *const ring) -> c_int {
    crate::unsupported!(int "ring__map_fd")
}

/// Consumes every available record of this ring.
#[no_mangle]
pub unsafe extern "C" fn ring__consume(r: *mut ring) -> c_int {
    crate::unsupported!(int "ring__consume")
}

/// Consumes at most `n` records of this ring.
#[no_mangle]
pub unsafe extern "C" fn ring__consume_n(r: *mut ring, n: usize) -> c_int {
    crate::unsupported!(int "ring__consume_n")
}

/// Options of `user_ring_buffer__new` (none yet besides `sz`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct user_ring_buffer_opts {
    pub sz: usize,
}
crate::impl_opts!(user_ring_buffer_opts, sz);

/// Opens the producer side of user ring buffer map `map_fd`.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__new(
    map_fd: c_int,
    opts: *const user_ring_buffer_opts,
) -> *mut user_ring_buffer {
    crate::unsupported!(ptr "user_ring_buffer__new")
}

/// Reserves a `size`-byte sample, or NULL (errno ENOSPC) when the ring is full.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__reserve(
    rb: *mut user_ring_buffer,
    size: __u32,
) -> *mut c_void {
    crate::unsupported!(ptr "user_ring_buffer__reserve")
}

/// Reserves a sample, waiting up to `timeout_ms` for the kernel to drain space.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__reserve_blocking(
    rb: *mut user_ring_buffer,
    size: __u32,
    timeout_ms: c_int,
) -> *mut c_void {
    crate::unsupported!(ptr "user_ring_buffer__reserve_blocking")
}

/// Publishes a reserved sample to the kernel.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__submit(rb: *mut user_ring_buffer, sample: *mut c_void) {
    super::stub::unsupported("user_ring_buffer__submit")
}

/// Drops a reserved sample unpublished.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__discard(rb: *mut user_ring_buffer, sample: *mut c_void) {
    super::stub::unsupported("user_ring_buffer__discard")
}

/// Unmaps and frees the producer handle; NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn user_ring_buffer__free(rb: *mut user_ring_buffer) {
    super::stub::unsupported("user_ring_buffer__free")
}
