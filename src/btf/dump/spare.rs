//! The big per-type arrays of the last dumper freed, kept for the next
//! dumper of the process. For vmlinux they are ~2 MB resident (~6 MB of
//! address space, mostly the name arenas' reservations): fresh memory
//! each time costs ~500 page faults per `btf_dump__new` (5% of a whole
//! dump), where upstream's smaller allocations are recycled by malloc. The
//! price: that memory stays with the process after `btf_dump__free`. One
//! set is kept, and none larger than [`KEEP_MAX`].

use super::names::NameCounts;
use super::state::TypeState;
use std::sync::Mutex;

/// Largest set kept (bytes of capacity).
const KEEP_MAX: usize = 16 << 20;

/// A dumper's reusable buffers, emptied (capacity kept).
#[derive(Default)]
pub(super) struct Buffers {
    pub states: Vec<TypeState>,
    pub aligns: Vec<u8>,
    pub sizes: Vec<u32>,
    pub tag_names: NameCounts,
    pub ident_names: NameCounts,
}

static SPARE: Mutex<Option<Buffers>> = Mutex::new(None);

impl Buffers {
    fn bytes(&self) -> usize {
        self.states.capacity() * std::mem::size_of::<TypeState>()
            + self.aligns.capacity()
            + self.sizes.capacity() * 4
            + self.tag_names.bytes()
            + self.ident_names.bytes()
    }

    /// Empties everything but the caches (emptied by the next dumper, see
    /// `zero_cache`).
    fn clear(&mut self) {
        self.states.clear();
        self.tag_names.clear();
        self.ident_names.clear();
    }
}

/// The kept set, if any, or empty buffers.
pub(super) fn take() -> Buffers {
    SPARE
        .lock()
        .ok()
        .and_then(|mut s| s.take())
        .map(|mut b| {
            super::zero_cache(&mut b.aligns);
            super::zero_cache(&mut b.sizes);
            b
        })
        .unwrap_or_default()
}

/// Keeps `b` for the next dumper (unless another set is already kept or
/// another thread holds the slot: then `b` is simply freed).
pub(super) fn give(mut b: Buffers) {
    if b.bytes() > KEEP_MAX {
        return;
    }
    b.clear();
    if let Ok(mut s) = SPARE.try_lock() {
        if s.is_none() {
            *s = Some(b);
        }
    }
}
