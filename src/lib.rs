//! oxbpf: libbpf rewritten in Rust, behind libbpf's own C ABI (API level v1.7.0).
//!
//! Layers, top to bottom (each calls only those below it; docs/ARCHITECTURE.md):
//! - `capi`: the C edge, one file per libbpf header; converts and checks, no
//!   behaviour (the skeleton runtime, which only marshals bpftool's generated
//!   tables, is `capi::skel`).
//! - `attach`, then `object`: library behaviour in safe Rust.
//! - `elf`, `btf`, `insn`, `ringbuf`, `perfbuf`: pure parsing and rewriting of
//!   bytes; no syscalls.
//! - `sys`: the only code that talks to the kernel.
//! - `uapi`: `#[repr(C)]` kernel ABI records.
#![deny(unsafe_code)]

pub mod error;
pub mod log;
pub mod name;

pub mod uapi;

pub mod btf;
pub mod elf;
pub mod insn;
pub mod perfbuf;
pub mod ringbuf;

pub mod sys;

pub mod attach;
pub mod object;

#[allow(unsafe_code)]
pub mod capi;

pub mod fuzz;

pub use error::{Errno, Error, Result};
