//! Instruction-level helpers: the digest the kernel computes over a program.

pub mod digest;
