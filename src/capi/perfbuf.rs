//! libbpf.h: per-CPU perf event buffers (`BPF_MAP_TYPE_PERF_EVENT_ARRAY`).
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::libbpf_types::{__u32, __u64, perf_event_attr, perf_event_header};
use std::os::raw::{c_int, c_void};

/// Per-CPU perf buffers polled through one epoll fd.
pub struct perf_buffer {
    _opaque: [u8; 0],
}

/// Called per sample record with the CPU it came from.
pub type perf_buffer_sample_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, cpu: c_int, data: *mut c_void, size: __u32)>;

/// Called when the kernel dropped `cnt` samples on `cpu`.
pub type perf_buffer_lost_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, cpu: c_int, cnt: __u64)>;

/// Options of `perf_buffer__new`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct perf_buffer_opts {
    pub sz: usize,
    pub sample_period: __u32,
}
crate::impl_opts!(perf_buffer_opts, sample_period);

/// Opens a perf buffer of `page_cnt` pages (a power of two) per CPU over map `map_fd`.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__new(
    map_fd: c_int,
    page_cnt: usize,
    sample_cb: perf_buffer_sample_fn,
    lost_cb: perf_buffer_lost_fn,
    ctx: *mut c_void,
    opts: *const perf_buffer_opts,
) -> *mut perf_buffer {
    crate::unsupported!(ptr "perf_buffer__new")
}

/// What a raw event callback tells the reader to do next.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum bpf_perf_event_ret {
    LIBBPF_PERF_EVENT_DONE = 0,
    LIBBPF_PERF_EVENT_ERROR = -1,
    LIBBPF_PERF_EVENT_CONT = -2,
}

/// A C `enum bpf_perf_event_ret` value as returned by a caller's callback (any int).
pub type bpf_perf_event_ret_t = c_int;

/// Called per raw perf record (any type, not only samples).
pub type perf_buffer_event_fn = Option<
    unsafe extern "C" fn(
        ctx: *mut c_void,
        cpu: c_int,
        event: *mut perf_event_header,
    ) -> bpf_perf_event_ret_t,
>;

/// Options of `perf_buffer__new_raw`: which CPUs, and which map slots to store their fds in.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct perf_buffer_raw_opts {
    pub sz: usize,
    pub cpu_cnt: c_int,
    pub cpus: *mut c_int,
    pub map_keys: *mut c_int,
}
crate::impl_opts!(perf_buffer_raw_opts, map_keys);

/// Opens a perf buffer with a caller-chosen perf event and a raw record callback.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__new_raw(
    map_fd: c_int,
    page_cnt: usize,
    attr: *mut perf_event_attr,
    event_cb: perf_buffer_event_fn,
    ctx: *mut c_void,
    opts: *const perf_buffer_raw_opts,
) -> *mut perf_buffer {
    crate::unsupported!(ptr "perf_buffer__new_raw")
}

/// Closes the events, unmaps the buffers and frees; NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__free(pb: *mut perf_buffer) {
    super::stub::unsupported("perf_buffer__free")
}

/// The epoll fd to wait on for data.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__epoll_fd(pb: *const perf_buffer) -> c_int {
    crate::unsupported!(int "perf_buffer__epoll_fd")
}

/// Waits up to `timeout_ms`, then consumes the buffers that have data.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__poll(pb: *mut perf_buffer, timeout_ms: c_int) -> c_int {
    crate::unsupported!(int "perf_buffer__poll")
}

/// Consumes every buffer without waiting.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__consume(pb: *mut perf_buffer) -> c_int {
    crate::unsupported!(int "perf_buffer__consume")
}

/// Consumes the buffer at index `buf_idx`.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__consume_buffer(
    pb: *mut perf_buffer,
    buf_idx: usize,
) -> c_int {
    crate::unsupported!(int "perf_buffer__consume_buffer")
}

/// Number of per-CPU buffers.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__buffer_cnt(pb: *const perf_buffer) -> usize {
    super::stub::unsupported("perf_buffer__buffer_cnt")
}

/// The perf event fd of buffer `buf_idx`.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__buffer_fd(pb: *const perf_buffer, buf_idx: usize) -> c_int {
    crate::unsupported!(int "perf_buffer__buffer_fd")
}

/// The mmap'ed ring of buffer `buf_idx` (header page included) and its size.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__buffer(
    pb: *mut perf_buffer,
    buf_idx: c_int,
    buf: *mut *mut c_void,
    buf_size: *mut usize,
) -> c_int {
    crate::unsupported!(int "perf_buffer__buffer")
}
