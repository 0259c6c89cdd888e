//! Shared by the ring buffer and perf buffer integration tests: loads
//! `c-tests/progs/ringbuf.bpf.c`, attaches it, and drives its producer.
#![allow(dead_code)]

use bpf::attach::{self, Link};
use bpf::object::{Object, OpenOpts};
use std::os::fd::AsRawFd;

pub const RB_SMALL: u32 = 0;
pub const RB_BIG: u32 = 1;
pub const PB_SMALL: u32 = 2;
pub const PB_BIG: u32 = 3;
pub const RB_BOTH: u32 = 4;

/// Offsets in the program's `struct state st` (the whole `.bss`).
pub const TARGET_PID: usize = 0;
pub const MODE: usize = 4;
pub const N_PER_CALL: usize = 8;
pub const DISCARD_EVERY: usize = 12;
pub const SEQ: usize = 16;
pub const DROPPED: usize = 24;
pub const DRAINED: usize = 32;
pub const DRAINED_SUM: usize = 40;
pub const DRAINED_BAD: usize = 48;
pub const DRAIN_RET: usize = 56;

pub struct Env {
    pub obj: Object,
    pub links: Vec<Link>,
}

impl Env {
    pub fn new(image: &[u8], mode: u32, n_per_call: u32) -> Env {
        let mut obj = Object::open(image, "ringbuf", OpenOpts::default()).expect("open");
        obj.load().expect("load");
        let links = obj
            .progs
            .iter()
            .map(|p| {
                attach::auto_attach(p, &obj)
                    .expect("attach")
                    .expect("attachable")
            })
            .collect();
        let mut env = Env { obj, links };
        env.set_u32(TARGET_PID, std::process::id());
        env.set_u32(MODE, mode);
        env.set_u32(N_PER_CALL, n_per_call);
        env
    }

    fn bss(&mut self) -> &mut [u8] {
        let m = self
            .obj
            .maps
            .iter_mut()
            .find(|m| m.real_name == ".bss")
            .unwrap();
        m.mmaped.as_mut().unwrap().bytes_mut()
    }

    pub fn set_u32(&mut self, off: usize, v: u32) {
        self.bss()[off..off + 4].copy_from_slice(&v.to_ne_bytes());
    }

    pub fn u64_at(&mut self, off: usize) -> u64 {
        u64::from_ne_bytes(self.bss()[off..off + 8].try_into().unwrap())
    }

    pub fn map_fd(&self, name: &str) -> i32 {
        self.obj
            .map_by_name(name)
            .unwrap()
            .fd()
            .unwrap()
            .as_raw_fd()
    }
}

/// Makes the program emit one batch (`n_per_call` records) from this thread.
pub fn produce(calls: usize) {
    for _ in 0..calls {
        // SAFETY: getppid has no arguments and no memory effects.
        unsafe { libc::getppid() };
    }
}

/// Makes the program drain the user ring buffer once.
pub fn drain_user() {
    // SAFETY: getpgid(0) only queries.
    unsafe { libc::getpgid(0) };
}

pub fn pin_to_cpu(cpu: usize) {
    // SAFETY: a zeroed cpu_set_t then CPU_SET within its bounds.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

pub fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

pub fn fd_count() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

pub fn online_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The program filters by process, so tests of one binary that run in
/// parallel would see each other's events: they take this lock.
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}
