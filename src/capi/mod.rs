//! The C edge: one file per libbpf header. Converts and checks arguments,
//! calls the layers below, and maps results to libbpf's conventions through
//! [`boundary`]. No behaviour lives here.
#![allow(non_camel_case_types, clippy::missing_safety_doc)]

pub mod boundary;
pub mod opts;

pub mod legacy;
pub mod utils;
