//! Reading `sz`-versioned `*_opts` structs the way libbpf does.
//!
//! The caller sets `sz = sizeof(struct)` as compiled against *its* headers:
//! - NULL opts means all defaults;
//! - `sz < sizeof(size_t)` is `-EINVAL`;
//! - fields beyond the caller's `sz` read as zero (their default);
//! - if the caller's struct is larger than ours, every byte from the end of our
//!   last field up to `sz` must be zero, else `-EINVAL` (a newer caller asked
//!   for something we do not know).

use crate::error::Error;

/// An opts struct: `#[repr(C)]`, starts with `sz: usize`, valid when all-zero.
///
/// # Safety
/// The implementor must be `#[repr(C)]`, start with a `usize` `sz` field and be
/// valid for the all-zero bit pattern (integers, bools, raw pointers, Option<fn>).
pub unsafe trait Opts: Copy {
    /// C name, for log lines.
    const NAME: &'static str;
    /// Offset of the end of the last declared field (`offsetofend(T, last)`).
    const LAST_FIELD_END: usize;
}

/// `size_of` of a field, usable in consts: `field_size(|s: &T| &s.f)`.
pub const fn field_size<T, F>(_: fn(&T) -> &F) -> usize {
    std::mem::size_of::<F>()
}

/// Implements [`Opts`] for a struct given its last field.
#[macro_export]
macro_rules! impl_opts {
    ($t:ident, $last:ident) => {
        // SAFETY: $t is a #[repr(C)] opts struct of integers/pointers, see its definition.
        unsafe impl $crate::capi::opts::Opts for $t {
            const NAME: &'static str = stringify!($t);
            const LAST_FIELD_END: usize = ::std::mem::offset_of!($t, $last)
                + $crate::capi::opts::field_size(|s: &$t| &s.$last);
        }
    };
}

/// Validates a caller's opts pointer; returns its `sz` (0 when NULL).
///
/// # Safety
/// `p` is NULL or points to at least `(*p).sz` readable bytes.
pub unsafe fn validate<T: Opts>(p: *const T) -> Result<usize, Error> {
    if p.is_null() {
        return Ok(0);
    }
    // SAFETY: a non-NULL opts pointer has a readable leading size_t.
    let sz = unsafe { std::ptr::read_unaligned(p.cast::<usize>()) };
    if sz < std::mem::size_of::<usize>() {
        return Err(Error::inval(format!("{}: sz {} is too small", T::NAME, sz)));
    }
    if sz > T::LAST_FIELD_END {
        // SAFETY: the caller vouches for `sz` readable bytes.
        let tail = unsafe {
            std::slice::from_raw_parts(
                p.cast::<u8>().add(T::LAST_FIELD_END),
                sz - T::LAST_FIELD_END,
            )
        };
        if tail.iter().any(|&b| b != 0) {
            return Err(Error::inval(format!(
                "{}: has non-zero extra bytes (caller's sz {} > known {})",
                T::NAME,
                sz,
                T::LAST_FIELD_END
            )));
        }
    }
    Ok(sz)
}

/// Reads a caller's opts into our full-size struct (zero beyond the caller's
/// `sz`). NULL gives `None`.
///
/// # Safety
/// As [`validate`].
pub unsafe fn read<T: Opts>(p: *const T) -> Result<Option<T>, Error> {
    // SAFETY: forwarded.
    let sz = unsafe { validate(p)? };
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: T is valid all-zero (trait contract).
    let mut out: T = unsafe { std::mem::zeroed() };
    let n = sz.min(std::mem::size_of::<T>());
    // SAFETY: reading n <= sz bytes from the caller; writing n <= size_of::<T>() bytes.
    unsafe { std::ptr::copy_nonoverlapping(p.cast::<u8>(), (&mut out as *mut T).cast::<u8>(), n) };
    Ok(Some(out))
}

/// Whether the caller's struct (of size `sz`) covers field ending at `end`,
/// so an OUT field there may be written.
pub fn covers(sz: usize, field_end: usize) -> bool {
    sz >= field_end
}
