//! The kernel edge: the only code that makes system calls. Everything returns
//! `Result<_, Errno>` and owns file descriptors as `OwnedFd`; fd 0 is never
//! handed out (the BPF UAPI reads 0 as "no fd").
#![allow(unsafe_code)]

pub mod bpf;
pub mod bpffs;
pub mod cpus;
pub mod epoll;
pub mod fd;
pub mod file;
pub mod kernel_btf;
pub mod link;
pub mod mmap;
pub mod netlink;
pub mod perf;
pub mod perf_ring;
pub mod probe;
pub mod probes;
pub mod ringbuf;
pub mod rlimit;
pub mod tracefs;
pub mod uname;
