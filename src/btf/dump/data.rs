//! Typed data as C initialisers (`btf_dump__dump_type_data`).

use super::Ctx;
use crate::error::{Error, Result};

/// Options of [`super::Dumper::dump_type_data`].
#[derive(Clone, Debug)]
pub struct DataOpts {
    pub indent_str: Vec<u8>,
    pub indent_level: u8,
    pub compact: bool,
    pub skip_names: bool,
    pub emit_zeroes: bool,
    pub emit_strings: bool,
    /// Where the data sits in the caller's memory: libbpf formats aligned
    /// and unaligned values differently.
    pub addr: usize,
}

pub(super) fn dump(_c: &mut Ctx<'_, '_>, _id: u32, _data: &[u8], _opts: &DataOpts) -> Result<i32> {
    Err(Error::NotSupported("btf_dump__dump_type_data".into()))
}
