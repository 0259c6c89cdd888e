//! Perf buffer through the C API, on the real kernel: per-CPU order and
//! completeness, lost-sample reports, records wrapping the ring end, raw
//! mode with explicit CPUs and callback return values, accessors, free.

mod common;
mod rb_common;

use bpf::capi::handles::perf_buffer;
use bpf::capi::perfbuf::*;
use bpf::capi::types::{perf_event_attr as CAttr, perf_event_header};
use bpf::uapi::perf::perf_event_attr;
use rb_common::*;
use std::os::raw::c_void;
use std::ptr;

#[derive(Default)]
struct Seen {
    /// (cpu, seq, size) per sample.
    samples: Vec<(i32, u64, u32)>,
    lost: u64,
    bad: usize,
}

unsafe extern "C" fn on_sample(ctx: *mut c_void, cpu: i32, data: *mut c_void, size: u32) {
    // SAFETY: ctx is the test's Seen; data holds `size` bytes.
    let seen = unsafe { &mut *(ctx as *mut Seen) };
    let b = unsafe { std::slice::from_raw_parts(data as *const u8, size as usize) };
    let seq = u64::from_ne_bytes(b[0..8].try_into().unwrap());
    // The kernel pads raw samples so header + size word + data is 8-aligned:
    // 16 B arrive as 20, 1 KiB as 1028.
    if size == 20 {
        let rcpu = u32::from_ne_bytes(b[8..12].try_into().unwrap());
        if rcpu as i32 != cpu || u32::from_ne_bytes(b[12..16].try_into().unwrap()) != 0xabcd {
            seen.bad += 1;
        }
    } else if size != 1028 || b[8..].iter().any(|&x| x != 0) {
        seen.bad += 1;
    }
    seen.samples.push((cpu, seq, size));
}

unsafe extern "C" fn on_lost(ctx: *mut c_void, _cpu: i32, cnt: u64) {
    // SAFETY: ctx is the test's Seen.
    unsafe { (*(ctx as *mut Seen)).lost += cnt };
}

fn new_pb(fd: i32, pages: usize, seen: &mut Seen) -> *mut perf_buffer {
    // SAFETY: callbacks and context outlive the buffer.
    let pb = unsafe {
        perf_buffer__new(
            fd,
            pages,
            Some(on_sample),
            Some(on_lost),
            seen as *mut Seen as *mut c_void,
            ptr::null(),
        )
    };
    assert!(!pb.is_null(), "perf_buffer__new: errno {}", errno());
    pb
}

#[test]
fn samples_arrive_once_in_order_per_cpu() {
    require_root!();
    let _g = serial();
    let cpus = online_cpus().min(4);
    let env = Env::new(&common::bpf_object("ringbuf"), PB_SMALL, 10);
    let mut seen = Seen::default();
    let pb = new_pb(env.map_fd("pb"), 16, &mut seen);
    // SAFETY: live handle.
    unsafe {
        assert_eq!(perf_buffer__buffer_cnt(pb), online_cpus());
        let threads: Vec<_> = (0..cpus)
            .map(|cpu| {
                std::thread::spawn(move || {
                    pin_to_cpu(cpu);
                    for _ in 0..100 {
                        produce(1);
                        std::thread::yield_now();
                    }
                })
            })
            .collect();
        let total = cpus * 100 * 10;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while seen.samples.len() + (seen.lost as usize) < total
            && std::time::Instant::now() < deadline
        {
            assert!(perf_buffer__poll(pb, 100) >= 0);
        }
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(perf_buffer__consume(pb), 0);
        assert_eq!(seen.lost, 0, "64 KiB per CPU is plenty");
        assert_eq!(seen.bad, 0);
        let mut all: Vec<u64> = seen.samples.iter().map(|s| s.1).collect();
        all.sort_unstable();
        assert_eq!(all, (0..total as u64).collect::<Vec<_>>());
        for cpu in 0..cpus as i32 {
            let per: Vec<u64> = seen
                .samples
                .iter()
                .filter(|s| s.0 == cpu)
                .map(|s| s.1)
                .collect();
            assert_eq!(per.len(), 1000, "cpu {cpu}");
            assert!(per.windows(2).all(|w| w[0] < w[1]), "cpu {cpu} in order");
        }
        perf_buffer__free(pb);
    }
}

#[test]
fn overflow_is_reported_as_lost() {
    require_root!();
    let _g = serial();
    let mut env = Env::new(&common::bpf_object("ringbuf"), PB_BIG, 64);
    pin_to_cpu(0);
    let mut seen = Seen::default();
    let pb = new_pb(env.map_fd("pb"), 4, &mut seen); // 16 KiB per CPU
    produce(1); // 64 × 1 KiB
                // SAFETY: live handle.
    unsafe {
        assert_eq!(perf_buffer__consume(pb), 0);
        produce(1);
        assert_eq!(perf_buffer__consume(pb), 0);
        // The kernel reports losses when it next has room: one more sample flushes them.
        env.set_u32(N_PER_CALL, 1);
        produce(1);
        assert_eq!(perf_buffer__consume(pb), 0);
        perf_buffer__free(pb);
    }
    let dropped = env.u64_at(DROPPED);
    assert!(seen.lost > 0, "lost samples reported");
    assert_eq!(
        seen.lost, dropped,
        "lost_cb counts what the program failed to output"
    );
    assert_eq!(seen.samples.len() as u64 + seen.lost, 129);
    assert_eq!(seen.bad, 0);
    let seqs: Vec<u64> = seen.samples.iter().map(|s| s.1).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn records_wrapping_the_ring_end_are_whole() {
    require_root!();
    let _g = serial();
    let env = Env::new(&common::bpf_object("ringbuf"), PB_BIG, 5);
    pin_to_cpu(0);
    let mut seen = Seen::default();
    // 8 KiB ring, 1040-byte records: every few records straddles the end.
    let pb = new_pb(env.map_fd("pb"), 2, &mut seen);
    // SAFETY: live handle.
    unsafe {
        for _ in 0..40 {
            produce(1);
            assert_eq!(perf_buffer__consume(pb), 0);
        }
        perf_buffer__free(pb);
    }
    assert_eq!(seen.lost, 0);
    assert_eq!(seen.bad, 0, "every byte of wrapped records intact");
    let seqs: Vec<u64> = seen.samples.iter().map(|s| s.1).collect();
    assert_eq!(seqs, (0..200).collect::<Vec<_>>());
    let wrapped = (0..200u64)
        .filter(|i| (i * 1040) % 8192 + 1040 > 8192)
        .count();
    assert!(wrapped > 20, "{wrapped} records wrapped");
}

struct Raw {
    types: Vec<u32>,
    ret: i32,
    calls: usize,
}

unsafe extern "C" fn on_event(ctx: *mut c_void, cpu: i32, ev: *mut perf_event_header) -> i32 {
    // SAFETY: ctx is the test's Raw; ev points at a whole record.
    let raw = unsafe { &mut *(ctx as *mut Raw) };
    let ty = unsafe { (ev as *const u32).read() };
    assert_eq!(cpu, 0);
    raw.types.push(ty);
    raw.calls += 1;
    raw.ret
}

#[test]
fn raw_mode_with_explicit_cpus_and_return_values() {
    require_root!();
    let _g = serial();
    let env = Env::new(&common::bpf_object("ringbuf"), PB_SMALL, 3);
    pin_to_cpu(0);
    let mut attr = perf_event_attr {
        type_: 1,
        config: 10,
        sample_type: 1 << 10,
        wakeup_events: 1,
        ..Default::default()
    };
    attr.size = 128; // a caller built against 6.1 headers
    let mut cpus = [0i32];
    let mut keys = [0i32];
    let opts = perf_buffer_raw_opts {
        sz: std::mem::size_of::<perf_buffer_raw_opts>(),
        cpu_cnt: 1,
        cpus: cpus.as_mut_ptr(),
        map_keys: keys.as_mut_ptr(),
    };
    let mut raw = Raw {
        types: vec![],
        ret: bpf_perf_event_ret::LIBBPF_PERF_EVENT_CONT as i32,
        calls: 0,
    };
    // SAFETY: attr/opts/ctx outlive the buffer.
    unsafe {
        let pb = perf_buffer__new_raw(
            env.map_fd("pb"),
            8,
            &mut attr as *mut perf_event_attr as *mut CAttr,
            Some(on_event),
            &mut raw as *mut Raw as *mut c_void,
            &opts,
        );
        assert!(!pb.is_null(), "errno {}", errno());
        assert_eq!(perf_buffer__buffer_cnt(pb), 1);
        assert!(perf_buffer__buffer_fd(pb, 0) > 0);
        assert_eq!(perf_buffer__buffer_fd(pb, 1), -libc::EINVAL);
        let (mut base, mut size) = (ptr::null_mut(), 0usize);
        assert_eq!(perf_buffer__buffer(pb, 0, &mut base, &mut size), 0);
        assert!(!base.is_null());
        assert_eq!(size, 8 * 4096);
        assert_eq!(
            perf_buffer__buffer(pb, -1, &mut base, &mut size),
            -libc::EINVAL
        );
        produce(1);
        assert_eq!(perf_buffer__poll(pb, 1000), 1, "one buffer signalled");
        assert_eq!(raw.types, vec![9, 9, 9], "PERF_RECORD_SAMPLE");
        // DONE stops after one record, success.
        raw.ret = bpf_perf_event_ret::LIBBPF_PERF_EVENT_DONE as i32;
        produce(1);
        assert_eq!(perf_buffer__consume_buffer(pb, 0), 0);
        assert_eq!(raw.calls, 4);
        // ERROR stops and is returned.
        raw.ret = bpf_perf_event_ret::LIBBPF_PERF_EVENT_ERROR as i32;
        assert_eq!(perf_buffer__consume(pb), -1);
        assert_eq!(raw.calls, 5);
        raw.ret = bpf_perf_event_ret::LIBBPF_PERF_EVENT_CONT as i32;
        assert_eq!(perf_buffer__consume(pb), 0);
        assert_eq!(raw.calls, 6);
        assert_eq!(perf_buffer__consume_buffer(pb, 7), -libc::EINVAL);
        perf_buffer__free(pb);
    }
}

#[test]
fn bad_arguments_and_free_release_everything() {
    require_root!();
    let _g = serial();
    let env = Env::new(&common::bpf_object("ringbuf"), PB_SMALL, 1);
    let fd = env.map_fd("pb");
    // SAFETY: bad arguments are what is being tested.
    unsafe {
        assert!(perf_buffer__new(fd, 3, None, None, ptr::null_mut(), ptr::null()).is_null());
        assert_eq!(errno(), libc::EINVAL);
        assert!(perf_buffer__new(
            env.map_fd("rb"),
            1,
            None,
            None,
            ptr::null_mut(),
            ptr::null()
        )
        .is_null());
        assert_eq!(errno(), libc::EINVAL);
        assert!(
            perf_buffer__new_raw(fd, 1, ptr::null_mut(), None, ptr::null_mut(), ptr::null())
                .is_null()
        );
        assert_eq!(errno(), libc::EINVAL);
        assert_eq!(perf_buffer__poll(ptr::null_mut(), 0), -libc::EINVAL);
        assert_eq!(perf_buffer__buffer_cnt(ptr::null()), 0);
        perf_buffer__free(ptr::null_mut());
        let before = fd_count();
        for _ in 0..50 {
            let pb = perf_buffer__new(fd, 1, None, None, ptr::null_mut(), ptr::null());
            assert!(!pb.is_null());
            perf_buffer__free(pb);
        }
        assert_eq!(fd_count(), before, "no fd leaked");
        // After free the map slots are empty: output fails instead of writing into freed rings.
        produce(1);
    }
}
