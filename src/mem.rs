//! Fallible allocation for sizes that come from input or from the caller.
//!
//! Rust's default allocation failure handler aborts the process, and stable
//! Rust cannot turn it into a panic or an error. So every buffer whose size
//! a file, a BTF record or a C caller chooses, and which the input's own
//! length does not already bound, is allocated here: a failure becomes
//! `-ENOMEM` with a message naming what was being allocated, as libbpf's
//! `malloc` checks do. Allocations bounded by a small multiple of bytes the
//! caller already holds in memory (a copy of a section, an index of records)
//! stay infallible: see RELIABILITY.md.

use crate::error::{Errno, Error, Result};

fn enomem(what: &str, n: usize, elem: usize) -> Error {
    Error::other(
        Errno::ENOMEM,
        match n.checked_mul(elem) {
            Some(b) => format!("{what}: failed to allocate {b} bytes"),
            None => format!("{what}: {n} elements of {elem} bytes overflow the address space"),
        },
    )
}

/// An empty vector with room for exactly `n` elements.
pub fn try_with_capacity<T>(n: usize, what: &str) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| enomem(what, n, std::mem::size_of::<T>()))?;
    Ok(v)
}

/// `n` copies of `value` (`vec![value; n]` that fails instead of aborting).
pub fn try_filled<T: Clone>(value: T, n: usize, what: &str) -> Result<Vec<T>> {
    let mut v = try_with_capacity(n, what)?;
    v.resize(n, value);
    Ok(v)
}

/// A copy of `src` (`to_vec()` that fails instead of aborting).
pub fn try_copy<T: Clone>(src: &[T], what: &str) -> Result<Vec<T>> {
    let mut v = try_with_capacity(src.len(), what)?;
    v.extend_from_slice(src);
    Ok(v)
}

/// Makes room for `extra` more elements in `v`.
pub fn try_reserve<T>(v: &mut Vec<T>, extra: usize, what: &str) -> Result<()> {
    v.try_reserve(extra)
        .map_err(|_| enomem(what, extra, std::mem::size_of::<T>()))
}

/// `n * size` bytes, or `-ENOMEM` when the product overflows (as libbpf's
/// `reallocarray` does).
pub fn array_bytes(n: usize, size: usize, what: &str) -> Result<usize> {
    n.checked_mul(size)
        .filter(|&b| b <= isize::MAX as usize)
        .ok_or_else(|| enomem(what, n, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_requests_fail_with_enomem() {
        let e = try_filled(0u64, usize::MAX / 4, "test").unwrap_err();
        assert_eq!(e.errno(), Errno::ENOMEM);
        assert!(e.to_string().starts_with("test: "), "{e}");
        assert!(try_with_capacity::<u8>(isize::MAX as usize, "t").is_err());
        assert!(array_bytes(1 << 40, 1 << 30, "t").is_err());
        assert_eq!(array_bytes(3, 4, "t").unwrap(), 12);
    }

    #[test]
    fn small_requests_succeed() {
        assert_eq!(try_filled(7u8, 3, "t").unwrap(), vec![7, 7, 7]);
        assert_eq!(try_copy(&[1u32, 2], "t").unwrap(), vec![1, 2]);
        let mut v = vec![1u8];
        try_reserve(&mut v, 10, "t").unwrap();
        assert!(v.capacity() >= 11);
    }
}
