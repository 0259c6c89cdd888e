//! Instruction-level helpers, pure (no syscalls): the digest the kernel
//! computes over a program, and building instructions by name.

pub mod digest;
mod encode;

pub use encode::*;
