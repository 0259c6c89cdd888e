//! `#[repr(C)]` kernel ABI records: `bpf_attr` per command, `bpf_insn`, BTF
//! records, `perf_event_attr`. Layouts follow `<linux/bpf.h>` and friends.

pub mod bpf;
pub mod link;
pub mod perf;
