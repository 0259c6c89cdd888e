//! Finding `.BTF` and `.BTF.ext` in an ELF image (`btf__parse_elf`).

use crate::error::{Error, Result};
use object::{Object, ObjectSection};

/// `.BTF` and `.BTF.ext` contents, each if present.
pub type BtfSections<'a> = (Option<&'a [u8]>, Option<&'a [u8]>);

/// The `.BTF` and `.BTF.ext` section contents of an ELF image.
pub fn sections(image: &[u8]) -> Result<BtfSections<'_>> {
    let f =
        object::File::parse(image).map_err(|e| Error::Elf(format!("failed to parse ELF: {e}")))?;
    let get = |n: &str| -> Result<Option<&[u8]>> {
        match f.section_by_name(n) {
            Some(s) => s
                .data()
                .map(Some)
                .map_err(|e| Error::Elf(format!("{n}: {e}"))),
            None => Ok(None),
        }
    };
    Ok((get(".BTF")?, get(".BTF.ext")?))
}
