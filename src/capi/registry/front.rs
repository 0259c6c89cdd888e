//! The registry's front: for each handle kind, a fixed direct-mapped array
//! of addresses, one word per slot, that the checks read first. A handle
//! found in its kind's array at its home slot is live and of that kind: the
//! whole check is a multiply, a shift and one compare against a static
//! array, with no sequence lock (one aligned word is read atomically, and a
//! slot holds only an address registered under its array's kind, stored
//! after the handle is registered and cleared before it is unregistered).
//!
//! It is only a cache of the table behind it, which stays authoritative: a
//! handle whose slot was taken when it was registered is answered by the
//! table, and takes the slot once it is free (see `registry::is_live_slow`).
//! Only the registry's writers (under its lock) store here.
//!
//! Sizes: 1024 slots per kind, 8 KiB, in zero-filled memory whose pages are
//! only touched where handles land.

use super::Kind;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Slots per kind (a power of two).
const BITS: u32 = 10;
const SLOTS: usize = 1 << BITS;

/// Indexed by `Kind as usize` (0 unused).
#[allow(clippy::declare_interior_mutable_const)]
static FRONT: [[AtomicUsize; SLOTS]; 14] = {
    const EMPTY: AtomicUsize = AtomicUsize::new(0);
    const ROW: [AtomicUsize; SLOTS] = [EMPTY; SLOTS];
    [ROW; 14]
};

/// The slot of `addr`: Fibonacci hashing of its low 32 bits (one 32-bit
/// multiply by an immediate and a shift; the product's top bits mix every
/// bit below them). Addresses 4 GiB apart share a slot: the second is
/// answered by the table.
#[inline(always)]
fn home(addr: usize) -> usize {
    ((addr as u32).wrapping_mul(0x9E37_79B9) >> (32 - BITS)) as usize
}

#[inline(always)]
fn slot(addr: usize, kind: Kind) -> &'static AtomicUsize {
    // SAFETY: `home` is below SLOTS; every `Kind` is below 14.
    unsafe { FRONT.get_unchecked(kind as usize).get_unchecked(home(addr)) }
}

/// Whether `addr` (non-zero) sits in `kind`'s array: then it is a live
/// handle of that kind. `false` says nothing: ask the table.
#[inline(always)]
pub fn hit(addr: usize, kind: Kind) -> bool {
    // Acquire: what the handle's creator wrote before registering it is
    // visible to the reads through it that follow.
    slot(addr, kind).load(Ordering::Acquire) == addr
}

/// Puts a just-registered handle in its slot if the slot is free (writers
/// only).
pub fn offer(addr: usize, kind: Kind) {
    let s = slot(addr, kind);
    if s.load(Ordering::Relaxed) == 0 {
        s.store(addr, Ordering::Release);
    }
}

/// Takes a handle out before it is unregistered (writers only).
pub fn withdraw(addr: usize, kind: Kind) {
    let s = slot(addr, kind);
    if s.load(Ordering::Relaxed) == addr {
        s.store(0, Ordering::Relaxed);
    }
}

/// Whether `addr`'s slot of `kind` is free (writers, and readers deciding
/// whether to ask a writer for it).
pub fn vacant(addr: usize, kind: Kind) -> bool {
    slot(addr, kind).load(Ordering::Relaxed) == 0
}

/// The whole front, for the thread checker's benign-race declaration.
pub fn all() -> &'static [[AtomicUsize; SLOTS]; 14] {
    &FRONT
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An object's maps and programs are vectors of them, one size apart;
    /// 128 of each should nearly all get slots of their own.
    #[test]
    fn vectors_spread() {
        let sizes = [
            std::mem::size_of::<crate::object::Map>(),
            std::mem::size_of::<crate::object::Program>(),
        ];
        for stride in sizes {
            let base = 0x5555_5555_8000usize;
            let n = 128;
            let slots: std::collections::HashSet<_> =
                (0..n).map(|i| home(base + i * stride)).collect();
            assert!(
                slots.len() + 4 >= n,
                "stride {stride}: {} of {n}",
                slots.len()
            );
        }
    }
}
