//! Ring buffer and user ring buffer through the C API, on the real kernel:
//! completeness and order, discard, callback errors, consume_n, several maps
//! in one manager, overflow, producers on several CPUs, accessors, free.

mod common;
mod rb_common;

use bpf::capi::handles::ring_buffer;
use bpf::capi::ringbuf::*;
use rb_common::*;
use std::os::raw::c_void;
use std::ptr;

#[derive(Default)]
struct Seen {
    /// (seq, cpu) per record.
    recs: Vec<(u64, u32)>,
    bad: usize,
    /// Return -stop_with on the stop_at-th record (1-based), if set.
    stop_at: usize,
    stop_with: i32,
}

unsafe extern "C" fn on_sample(ctx: *mut c_void, data: *mut c_void, size: usize) -> i32 {
    // SAFETY: ctx is the test's Seen; data holds `size` bytes from the ring.
    let seen = unsafe { &mut *(ctx as *mut Seen) };
    let b = unsafe { std::slice::from_raw_parts(data as *const u8, size) };
    if size != 16 && size != 1024 {
        seen.bad += 1;
        return 0;
    }
    let seq = u64::from_ne_bytes(b[0..8].try_into().unwrap());
    let cpu = if size == 16 {
        if u32::from_ne_bytes(b[12..16].try_into().unwrap()) != 0xabcd {
            seen.bad += 1;
        }
        u32::from_ne_bytes(b[8..12].try_into().unwrap())
    } else {
        0
    };
    seen.recs.push((seq, cpu));
    if seen.stop_at != 0 && seen.recs.len() == seen.stop_at {
        return -seen.stop_with;
    }
    0
}

fn new_rb(fd: i32, seen: &mut Seen) -> *mut ring_buffer {
    // SAFETY: callback and context outlive the ring buffer in every test.
    let rb = unsafe {
        ring_buffer__new(
            fd,
            Some(on_sample),
            seen as *mut Seen as *mut c_void,
            ptr::null(),
        )
    };
    assert!(!rb.is_null(), "ring_buffer__new: errno {}", errno());
    rb
}

fn seqs(seen: &Seen) -> Vec<u64> {
    seen.recs.iter().map(|r| r.0).collect()
}

#[test]
fn every_record_arrives_once_in_order() {
    require_root!();
    let _g = serial();
    let mut env = Env::new(&common::bpf_object("ringbuf"), RB_SMALL, 100);
    let mut seen = Seen::default();
    let rb = new_rb(env.map_fd("rb"), &mut seen);
    let mut total = 0;
    for _ in 0..50 {
        produce(1);
        // SAFETY: live handle.
        let n = unsafe { ring_buffer__consume(rb) };
        assert_eq!(n, 100);
        total += n as u64;
    }
    assert_eq!(total, 5000);
    assert_eq!(seqs(&seen), (0..5000).collect::<Vec<_>>());
    assert_eq!(seen.bad, 0);
    assert_eq!(env.u64_at(DROPPED), 0);
    // SAFETY: live handle, freed once.
    unsafe {
        let r = ring_buffer__ring(rb, 0);
        assert_eq!(ring__size(r), 64 * 1024);
        assert_eq!(ring__map_fd(r), env.map_fd("rb"));
        assert_eq!(ring__avail_data_size(r), 0);
        assert_eq!(ring__consumer_pos(r), ring__producer_pos(r));
        assert_eq!(ring__consumer_pos(r), 5000 * 24);
        assert!(ring_buffer__ring(rb, 1).is_null());
        assert_eq!(errno(), libc::ERANGE);
        ring_buffer__free(rb);
    }
}

#[test]
fn poll_waits_for_data_and_times_out_without() {
    require_root!();
    let _g = serial();
    let env = Env::new(&common::bpf_object("ringbuf"), RB_SMALL, 10);
    let mut seen = Seen::default();
    let rb = new_rb(env.map_fd("rb"), &mut seen);
    // SAFETY: live handle.
    unsafe {
        let t = std::time::Instant::now();
        assert_eq!(ring_buffer__poll(rb, 50), 0);
        assert!(t.elapsed().as_millis() >= 40, "waited the timeout");
        assert!(ring_buffer__epoll_fd(rb) > 0);
        let producer = std::thread::spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(30));
            produce(1);
        });
        let mut got = 0;
        while got < 10 {
            let n = ring_buffer__poll(rb, 2000);
            assert!(n > 0, "poll woke up with data, got {n}");
            got += n;
        }
        producer.join().unwrap();
        assert_eq!(seqs(&seen), (0..10).collect::<Vec<_>>());
        ring_buffer__free(rb);
    }
}

#[test]
fn discarded_records_are_skipped() {
    require_root!();
    let _g = serial();
    let mut env = Env::new(&common::bpf_object("ringbuf"), RB_SMALL, 30);
    env.set_u32(DISCARD_EVERY, 3);
    let mut seen = Seen::default();
    let rb = new_rb(env.map_fd("rb"), &mut seen);
    produce(1);
    // SAFETY: live handle.
    unsafe {
        assert_eq!(ring_buffer__consume(rb), 20);
        let r = ring_buffer__ring(rb, 0);
        assert_eq!(
            ring__avail_data_size(r),
            0,
            "discarded records consumed too"
        );
        ring_buffer__free(rb);
    }
    let want: Vec<u64> = (0..30).filter(|s| s % 3 != 0).collect();
    assert_eq!(seqs(&seen), want);
}

#[test]
fn callback_error_stops_and_is_returned() {
    require_root!();
    let _g = serial();
    let env = Env::new(&common::bpf_object("ringbuf"), RB_SMALL, 10);
    let mut seen = Seen {
        stop_at: 4,
        stop_with: libc::EDOM,
        ..Default::default()
    };
    let rb = new_rb(env.map_fd("rb"), &mut seen);
    produce(1);
    // SAFETY: live handle.
    unsafe {
        assert_eq!(ring_buffer__consume(rb), -libc::EDOM);
        assert_eq!(errno(), libc::EDOM);
        assert_eq!(seen.recs.len(), 4);
        // The failing record was consumed; the rest follows.
        assert_eq!(ring_buffer__consume(rb), 6);
        ring_buffer__free(rb);
    }
    assert_eq!(seqs(&seen), (0..10).collect::<Vec<_>>());
}

#[test]
fn consume_n_stops_after_n() {
    require_root!();
    let _g = serial();
    let env = Env::new(&common::bpf_object("ringbuf"), RB_SMALL, 25);
    let mut seen = Seen::default();
    let rb = new_rb(env.map_fd("rb"), &mut seen);
    produce(1);
    // SAFETY: live handle.
    unsafe {
        assert_eq!(ring_buffer__consume_n(rb, 10), 10);
        let r = ring_buffer__ring(rb, 0);
        assert_eq!(ring__consume_n(r, 5), 5);
        assert_eq!(ring__avail_data_size(r), 10 * 24);
        assert_eq!(ring__consume(r), 10);
        assert_eq!(ring_buffer__consume_n(rb, 10), 0);
        ring_buffer__free(rb);
    }
    assert_eq!(seqs(&seen), (0..25).collect::<Vec<_>>());
}

#[test]
fn two_maps_in_one_manager() {
    require_root!();
    let _g = serial();
    let env = Env::new(&common::bpf_object("ringbuf"), RB_BOTH, 40);
    let (mut even, mut odd) = (Seen::default(), Seen::default());
    let rb = new_rb(env.map_fd("rb"), &mut even);
    // SAFETY: live handle; contexts outlive it.
    unsafe {
        assert_eq!(
            ring_buffer__add(
                rb,
                env.map_fd("rb2"),
                Some(on_sample),
                &mut odd as *mut Seen as *mut c_void
            ),
            0
        );
        produce(1);
        let mut got = 0;
        while got < 40 {
            let n = ring_buffer__poll(rb, 1000);
            assert!(n > 0);
            got += n;
        }
        assert_eq!(ring__map_fd(ring_buffer__ring(rb, 1)), env.map_fd("rb2"));
        // A map of the wrong type is refused and leaves the manager usable.
        assert_eq!(
            ring_buffer__add(rb, env.map_fd("pb"), Some(on_sample), ptr::null_mut()),
            -libc::EINVAL
        );
        produce(1);
        assert_eq!(ring_buffer__consume(rb), 40);
        ring_buffer__free(rb);
    }
    assert_eq!(
        seqs(&even),
        (0..80).filter(|s| s % 2 == 0).collect::<Vec<_>>()
    );
    assert_eq!(
        seqs(&odd),
        (0..80).filter(|s| s % 2 == 1).collect::<Vec<_>>()
    );
}

#[test]
fn overflow_drops_are_counted_by_the_producer() {
    require_root!();
    let _g = serial();
    let mut env = Env::new(&common::bpf_object("ringbuf"), RB_BIG, 100);
    let mut seen = Seen::default();
    let rb = new_rb(env.map_fd("rb"), &mut seen);
    produce(1); // 100 KiB into a 64 KiB ring
                // SAFETY: live handle.
    let n = unsafe { ring_buffer__consume(rb) } as u64;
    let dropped = env.u64_at(DROPPED);
    assert!(dropped > 0, "ring overflowed");
    assert_eq!(n + dropped, 100);
    assert_eq!(
        seqs(&seen),
        (0..n).collect::<Vec<_>>(),
        "first records kept, in order"
    );
    // SAFETY: freed once.
    unsafe { ring_buffer__free(rb) };
}

#[test]
fn producers_on_several_cpus() {
    require_root!();
    let _g = serial();
    let cpus = online_cpus().min(4);
    let mut env = Env::new(&common::bpf_object("ringbuf"), RB_SMALL, 10);
    let mut seen = Seen::default();
    let rb = new_rb(env.map_fd("rb"), &mut seen);
    let threads: Vec<_> = (0..cpus)
        .map(|cpu| {
            std::thread::spawn(move || {
                pin_to_cpu(cpu);
                for _ in 0..200 {
                    produce(1);
                    std::thread::sleep(std::time::Duration::from_micros(50));
                }
            })
        })
        .collect();
    let total = (cpus * 200 * 10) as u64;
    let mut got = 0u64;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while got + env.u64_at(DROPPED) < total && std::time::Instant::now() < deadline {
        // SAFETY: live handle.
        let n = unsafe { ring_buffer__poll(rb, 100) };
        assert!(n >= 0);
        got += n as u64;
    }
    for t in threads {
        t.join().unwrap();
    }
    // SAFETY: live handle, freed once.
    unsafe {
        got += ring_buffer__consume(rb) as u64;
        ring_buffer__free(rb);
    }
    let dropped = env.u64_at(DROPPED);
    assert_eq!(
        got + dropped,
        total,
        "every record delivered or counted as dropped"
    );
    assert!(got > total / 2, "got {got} of {total}");
    let mut all = seqs(&seen);
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len() as u64, got, "each record once");
    assert!(all.iter().all(|&s| s < total));
    for cpu in 0..cpus as u32 {
        let per: Vec<u64> = seen
            .recs
            .iter()
            .filter(|r| r.1 == cpu)
            .map(|r| r.0)
            .collect();
        assert!(!per.is_empty(), "cpu {cpu} produced");
        assert!(per.windows(2).all(|w| w[0] < w[1]), "cpu {cpu} in order");
    }
}

#[test]
fn bad_arguments_fail_cleanly() {
    require_root!();
    let _g = serial();
    let env = Env::new(&common::bpf_object("ringbuf"), RB_SMALL, 1);
    // SAFETY: NULL and bad fds are what is being tested.
    unsafe {
        assert!(ring_buffer__new(
            env.map_fd("pb"),
            Some(on_sample),
            ptr::null_mut(),
            ptr::null()
        )
        .is_null());
        assert_eq!(errno(), libc::EINVAL);
        assert!(ring_buffer__new(-1, Some(on_sample), ptr::null_mut(), ptr::null()).is_null());
        assert_eq!(errno(), libc::EBADF);
        let bad = ring_buffer_opts { sz: 1 };
        assert!(
            ring_buffer__new(env.map_fd("rb"), Some(on_sample), ptr::null_mut(), &bad).is_null()
        );
        assert_eq!(errno(), libc::EINVAL);
        assert_eq!(ring_buffer__poll(ptr::null_mut(), 0), -libc::EINVAL);
        assert_eq!(ring_buffer__consume(ptr::null_mut()), -libc::EINVAL);
        assert_eq!(ring__size(ptr::null()), 0);
        ring_buffer__free(ptr::null_mut());
        assert!(user_ring_buffer__new(env.map_fd("rb"), ptr::null()).is_null());
        assert_eq!(errno(), libc::EINVAL);
        // NULL callback: records are consumed, nothing is called.
        let rb = ring_buffer__new(env.map_fd("rb"), None, ptr::null_mut(), ptr::null());
        assert!(!rb.is_null());
        produce(1);
        assert_eq!(ring_buffer__consume(rb), 1);
        ring_buffer__free(rb);
    }
}

#[test]
fn free_while_idle_releases_everything() {
    require_root!();
    let _g = serial();
    let env = Env::new(&common::bpf_object("ringbuf"), RB_SMALL, 1);
    let before = fd_count();
    for _ in 0..100 {
        // SAFETY: created and freed in turn.
        unsafe {
            let rb = ring_buffer__new(
                env.map_fd("rb"),
                Some(on_sample),
                ptr::null_mut(),
                ptr::null(),
            );
            assert!(!rb.is_null());
            assert_eq!(
                ring_buffer__add(rb, env.map_fd("rb2"), Some(on_sample), ptr::null_mut()),
                0
            );
            ring_buffer__free(rb);
            let urb = user_ring_buffer__new(env.map_fd("urb"), ptr::null());
            assert!(!urb.is_null());
            user_ring_buffer__free(urb);
        }
    }
    assert_eq!(fd_count(), before, "no fd leaked");
}

#[test]
fn user_ring_buffer_round_trip() {
    require_root!();
    let _g = serial();
    let mut env = Env::new(&common::bpf_object("ringbuf"), RB_SMALL, 0);
    // SAFETY: live handle; samples written within their reserved size.
    unsafe {
        let urb = user_ring_buffer__new(env.map_fd("urb"), ptr::null());
        assert!(!urb.is_null(), "errno {}", errno());
        let mut want_sum = 0u64;
        for i in 1..=100u64 {
            let s = user_ring_buffer__reserve(urb, 8);
            assert!(!s.is_null());
            (s as *mut u64).write_unaligned(i);
            if i % 4 == 0 {
                user_ring_buffer__discard(urb, s);
            } else {
                want_sum += i;
                user_ring_buffer__submit(urb, s);
            }
        }
        drain_user();
        assert_eq!(env.u64_at(DRAINED), 75);
        assert_eq!(env.u64_at(DRAINED_SUM), want_sum);
        assert_eq!(env.u64_at(DRAINED_BAD), 0);
        assert_eq!(
            env.u64_at(DRAIN_RET),
            75,
            "drain returns the number drained"
        );

        // Too big for the ring at all: E2BIG; flag bits: E2BIG.
        assert!(user_ring_buffer__reserve(urb, 16 * 1024).is_null());
        assert_eq!(errno(), libc::E2BIG);
        assert!(user_ring_buffer__reserve(urb, 1 << 31).is_null());
        assert_eq!(errno(), libc::E2BIG);
        // Fill it: ENOSPC, then reserve_blocking times out.
        let mut n = 0;
        loop {
            let s = user_ring_buffer__reserve(urb, 1000);
            if s.is_null() {
                assert_eq!(errno(), libc::ENOSPC);
                break;
            }
            (s as *mut u64).write_unaligned(1);
            user_ring_buffer__submit(urb, s);
            n += 1;
        }
        assert_eq!(n, 16 * 1024 / 1008);
        let t = std::time::Instant::now();
        assert!(user_ring_buffer__reserve_blocking(urb, 1000, 60).is_null());
        assert_eq!(errno(), libc::ENOSPC);
        assert!(t.elapsed().as_millis() >= 55, "waited {:?}", t.elapsed());
        assert!(user_ring_buffer__reserve_blocking(urb, 8, -5).is_null());
        assert_eq!(errno(), libc::EINVAL);
        // A drain from another thread frees space and wakes the blocked reserve.
        let drainer = std::thread::spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            drain_user();
        });
        let t = std::time::Instant::now();
        let s = user_ring_buffer__reserve_blocking(urb, 1000, 5000);
        assert!(!s.is_null(), "errno {}", errno());
        assert!(t.elapsed().as_millis() < 4000);
        user_ring_buffer__submit(urb, s);
        drainer.join().unwrap();
        // A pointer that is not a sample is refused, not written through.
        let mut junk = 0u64;
        user_ring_buffer__submit(urb, &mut junk as *mut u64 as *mut c_void);
        user_ring_buffer__submit(urb, ptr::null_mut());
        drain_user();
        assert_eq!(env.u64_at(DRAINED), 75 + n + 1);
        user_ring_buffer__free(urb);
    }
}
