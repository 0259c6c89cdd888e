//! libbpf.h: per-CPU perf event buffers (`BPF_MAP_TYPE_PERF_EVENT_ARRAY`).
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case)]

use super::boundary::{ret_int, ret_int_quiet, ret_ptr, ret_val, set_errno};
use super::handles::perf_buffer;
use super::types::{__u32, __u64, perf_event_attr, perf_event_header};
use crate::error::{Errno, Error, Result};
use crate::perfbuf::buffer::{bpf_output_attr, CpuSet, EventHandler, PerfBuffer};
use crate::perfbuf::{walk, walk_samples, Event, PerfView, EVENT_CONT, EVENT_ERROR};
use crate::uapi::perf::perf_event_attr as Attr;
use std::os::raw::{c_int, c_void};

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

/// The C callbacks a buffer dispatches to: either the raw event callback,
/// or the sample and lost callbacks.
#[derive(Clone, Copy)]
pub(crate) enum CHandler {
    Raw {
        cb: perf_buffer_event_fn,
        ctx: *mut c_void,
    },
    Split {
        sample: perf_buffer_sample_fn,
        lost: perf_buffer_lost_fn,
        ctx: *mut c_void,
    },
}

impl EventHandler for CHandler {
    #[inline(always)]
    fn read<V: PerfView>(&mut self, cpu: i32, v: &V, scratch: &mut Vec<u8>) -> i32 {
        match *self {
            CHandler::Split { sample, lost, ctx } => {
                // In-ring samples take the fast path when there is a sample
                // callback; the rest (and every sample without one) is decoded here.
                let fast = sample.map(|f| {
                    // SAFETY: the caller registered this callback for `ctx`.
                    move |data: *mut u8, size| unsafe { f(ctx, cpu, data.cast(), size) }
                });
                walk_samples(v, scratch, fast, |rec| match rec.event() {
                    Event::Sample { data, size } => {
                        if let Some(f) = sample {
                            // SAFETY: as above.
                            unsafe { f(ctx, cpu, data.cast(), size) }
                        }
                        EVENT_CONT
                    }
                    Event::Lost(n) => {
                        if let Some(f) = lost {
                            // SAFETY: as above.
                            unsafe { f(ctx, cpu, n) }
                        }
                        EVENT_CONT
                    }
                    Event::Other => {
                        crate::warn!("unknown perf sample type {}", rec.kind());
                        EVENT_ERROR
                    }
                })
            }
            CHandler::Raw { cb: Some(f), ctx } => walk(v, scratch, |rec| {
                // SAFETY: as above; the record is readable for its header's size.
                unsafe { f(ctx, cpu, rec.ptr().cast()) }
            }),
            CHandler::Raw { cb: None, .. } => walk(v, scratch, |_| EVENT_CONT),
        }
    }
}

type CPerfBuffer = PerfBuffer<CHandler>;

// SAFETY: `perf_buffer__new*` hand out CPerfBuffers.
unsafe impl super::handles::Handle for perf_buffer {
    type Target = CPerfBuffer;
    const WHAT: &'static str = "pb";
    const KIND: crate::capi::registry::Kind = crate::capi::registry::Kind::PerfBuffer;
}

/// # Safety
/// `p` is NULL or a live perf buffer handle.
unsafe fn pb_ref<'a>(p: *const perf_buffer) -> Result<&'a CPerfBuffer> {
    // SAFETY: forwarded.
    unsafe { super::handles::get(p) }
}

/// # Safety
/// As [`pb_ref`], with no other reference live.
unsafe fn pb_mut<'a>(p: *mut perf_buffer) -> Result<&'a mut CPerfBuffer> {
    // SAFETY: forwarded.
    unsafe { super::handles::get_mut(p) }
}

fn into_raw(pb: CPerfBuffer) -> *mut perf_buffer {
    super::handles::into_raw(pb)
}

/// A handler's failing value: returned as is with `errno` = its negation, as libbpf does.
fn handler_err(r: c_int) -> c_int {
    set_errno(Errno(r.saturating_neg()));
    r
}

/// Opens a perf buffer of `page_cnt` pages (a power of two) per CPU over map `map_fd`.
///
/// # Safety
/// `opts` is NULL or a valid `perf_buffer_opts`; callbacks are callable with `ctx`.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__new(
    map_fd: c_int,
    page_cnt: usize,
    sample_cb: perf_buffer_sample_fn,
    lost_cb: perf_buffer_lost_fn,
    ctx: *mut c_void,
    opts: *const perf_buffer_opts,
) -> *mut perf_buffer {
    ret_ptr("perf_buffer__new", || {
        // SAFETY: per the contract above.
        let o = unsafe { super::opts::read(opts)? };
        let period = o.map_or(1, |o| o.sample_period);
        let handler = CHandler::Split {
            sample: sample_cb,
            lost: lost_cb,
            ctx,
        };
        let pb = PerfBuffer::new(
            map_fd,
            page_cnt,
            &bpf_output_attr(period),
            CpuSet::Online,
            handler,
        )?;
        Ok(into_raw(pb))
    })
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

/// Copies a caller's `perf_event_attr`, reading only the bytes its `size` covers.
///
/// # Safety
/// `attr` is NULL or points to a `perf_event_attr` of at least `attr->size`
/// bytes (64, the first version, when `size` is 0).
unsafe fn read_attr(attr: *const perf_event_attr) -> Result<Attr> {
    if attr.is_null() {
        return Err(Error::inval("attr is NULL"));
    }
    // SAFETY: `size` is the second u32 of every version of the struct.
    let size = unsafe { std::ptr::read_unaligned(attr.cast::<u32>().add(1)) } as usize;
    let size = if size == 0 { 64 } else { size };
    if size < 64 {
        return Err(Error::inval(format!(
            "perf_event_attr size {size} is too small"
        )));
    }
    let mut out = Attr::default();
    let n = size.min(std::mem::size_of::<Attr>());
    // SAFETY: reading n <= attr->size bytes; writing n <= size_of::<Attr>().
    unsafe {
        std::ptr::copy_nonoverlapping(attr.cast::<u8>(), (&mut out as *mut Attr).cast::<u8>(), n)
    };
    Ok(out)
}

/// Opens a perf buffer with a caller-chosen perf event and a raw record callback.
///
/// # Safety
/// `attr` as for [`read_attr`]; `opts` is NULL or a valid
/// `perf_buffer_raw_opts` whose arrays hold `cpu_cnt` entries.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__new_raw(
    map_fd: c_int,
    page_cnt: usize,
    attr: *mut perf_event_attr,
    event_cb: perf_buffer_event_fn,
    ctx: *mut c_void,
    opts: *const perf_buffer_raw_opts,
) -> *mut perf_buffer {
    ret_ptr("perf_buffer__new_raw", || {
        // SAFETY: per the contract above.
        let attr = unsafe { read_attr(attr)? };
        // SAFETY: per the contract above.
        let o = unsafe { super::opts::read(opts)? };
        let cpus = match o {
            Some(o) if o.cpu_cnt > 0 => {
                if o.cpus.is_null() || o.map_keys.is_null() {
                    return Err(Error::inval("cpu_cnt set but cpus or map_keys is NULL"));
                }
                let n = o.cpu_cnt as usize;
                // SAFETY: the caller's arrays hold cpu_cnt entries.
                let (c, k) = unsafe {
                    (
                        std::slice::from_raw_parts(o.cpus, n),
                        std::slice::from_raw_parts(o.map_keys, n),
                    )
                };
                CpuSet::Explicit(c.iter().copied().zip(k.iter().copied()).collect())
            }
            _ => CpuSet::Online,
        };
        let pb = PerfBuffer::new(
            map_fd,
            page_cnt,
            &attr,
            cpus,
            CHandler::Raw { cb: event_cb, ctx },
        )?;
        Ok(into_raw(pb))
    })
}

/// Closes the events, unmaps the buffers and frees; NULL is a no-op.
///
/// # Safety
/// `pb` is NULL or a live handle, not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__free(pb: *mut perf_buffer) {
    crate::capi::boundary::ret_val("perf_buffer__free", (), || {
        if !pb.is_null() {
            // SAFETY: per the contract above; given back exactly once.
            drop(unsafe { super::handles::from_raw(pb)? });
        };
        Ok(())
    })
}

/// The epoll fd to wait on for data.
///
/// # Safety
/// `pb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__epoll_fd(pb: *const perf_buffer) -> c_int {
    // SAFETY: per the contract above.
    ret_int("perf_buffer__epoll_fd", || {
        Ok(unsafe { pb_ref(pb)? }.epoll_fd())
    })
}

/// Waits up to `timeout_ms`, then consumes the buffers that signalled; returns their count.
///
/// # Safety
/// `pb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__poll(pb: *mut perf_buffer, timeout_ms: c_int) -> c_int {
    ret_int_quiet("perf_buffer__poll", || {
        // SAFETY: per the contract above.
        let pb = unsafe { pb_mut(pb)? };
        match pb.poll(timeout_ms)? {
            Ok(n) => Ok(n as c_int),
            Err(r) => {
                crate::warn!("error while processing records: {r}");
                Ok(handler_err(r))
            }
        }
    })
}

/// Consumes every buffer without waiting.
///
/// # Safety
/// `pb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__consume(pb: *mut perf_buffer) -> c_int {
    ret_int("perf_buffer__consume", || {
        // SAFETY: per the contract above.
        let pb = unsafe { pb_mut(pb)? };
        match pb.consume() {
            Ok(()) => Ok(0),
            Err((i, r)) => {
                crate::warn!("perf_buffer: failed to process records in buffer #{i}: {r}");
                Ok(handler_err(r))
            }
        }
    })
}

/// Consumes the buffer at index `buf_idx`.
///
/// # Safety
/// `pb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__consume_buffer(
    pb: *mut perf_buffer,
    buf_idx: usize,
) -> c_int {
    ret_int("perf_buffer__consume_buffer", || {
        // SAFETY: per the contract above.
        let pb = unsafe { pb_mut(pb)? };
        match pb.consume_buffer(buf_idx)? {
            0 => Ok(0),
            r => Ok(handler_err(r)),
        }
    })
}

/// Number of per-CPU buffers.
///
/// # Safety
/// `pb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__buffer_cnt(pb: *const perf_buffer) -> usize {
    // SAFETY: per the contract above.
    ret_val("perf_buffer__buffer_cnt", 0, || {
        Ok(unsafe { pb_ref(pb)? }.buffer_cnt())
    })
}

/// The perf event fd of buffer `buf_idx`.
///
/// # Safety
/// `pb` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__buffer_fd(pb: *const perf_buffer, buf_idx: usize) -> c_int {
    ret_int("perf_buffer__buffer_fd", || {
        // SAFETY: per the contract above.
        let pb = unsafe { pb_ref(pb)? };
        pb.buffer_fd(buf_idx)
            .ok_or_else(|| Error::inval(format!("perf_buffer: no buffer #{buf_idx}")))
    })
}

/// The mmap'ed ring of buffer `buf_idx` (header page included) and its data size.
///
/// # Safety
/// `pb` is NULL or a live handle; `buf` and `buf_size` are writable.
#[no_mangle]
pub unsafe extern "C" fn perf_buffer__buffer(
    pb: *mut perf_buffer,
    buf_idx: c_int,
    buf: *mut *mut c_void,
    buf_size: *mut usize,
) -> c_int {
    ret_int("perf_buffer__buffer", || {
        // SAFETY: per the contract above.
        let pb = unsafe { pb_ref(pb)? };
        if buf.is_null() || buf_size.is_null() {
            return Err(Error::inval("buf or buf_size is NULL"));
        }
        let (base, size) = usize::try_from(buf_idx)
            .ok()
            .and_then(|i| pb.buffer(i))
            .ok_or_else(|| Error::inval(format!("perf_buffer: no buffer #{buf_idx}")))?;
        // SAFETY: both out-pointers are non-NULL and writable per the contract.
        unsafe {
            *buf = base.cast();
            *buf_size = size;
        }
        Ok(0)
    })
}
