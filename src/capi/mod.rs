//! The C edge: one file per libbpf header. Converts and checks arguments,
//! calls the layers below, and maps results to libbpf's conventions through
//! [`boundary`]. No behaviour lives here.
#![allow(non_camel_case_types, clippy::missing_safety_doc)]

pub mod boundary;
pub mod handles;
pub mod opts;
pub mod registry;

pub mod bpf;
pub mod btf;
pub mod btf_dump;
pub mod internal;
pub mod legacy;
pub mod utils;

// libbpf.h
pub mod attach;
pub mod handler;
pub mod linfo;
pub mod link;
pub mod linker;
pub mod map;
pub mod names;
pub mod netlink;
pub mod object;
pub mod perfbuf;
pub mod probes;
pub mod program;
pub mod ringbuf;
pub mod skel;
pub mod types;
