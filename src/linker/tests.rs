//! Unit tests of the linker on hand-built and clang-built objects.

use super::*;

#[test]
fn empty_output_is_a_valid_elf() {
    let mut l = Linker::new();
    let img = l.finalize().unwrap();
    assert_eq!(&img[..4], b"\x7fELF");
    assert!(l.is_finalized());
    assert_eq!(l.finalize(), Err(EINVAL));
}
