//! The live-handle registry: every address this library has handed out to C
//! as a handle, with its kind and (for borrowed handles) its owner. Every
//! cast in `handles.rs` asks it first, so an export rejects a pointer that
//! is not a live handle of its kind (destroyed, of another kind, garbage)
//! before reading through it. No libbpf does this; it turns use after free
//! into `-EINVAL` and a log line.
//!
//! Reads are lock-free: a sequence lock over an open-addressing table
//! (linear probing, backward-shift deletion, so no tombstones), read with
//! plain atomic loads and no read-modify-write, so the hot getters and
//! `ring_buffer__poll` pay a handful of loads. Writers (creation and destroy
//! calls) take a mutex. An outgrown table is kept, never freed: a reader
//! racing a resize reads stale but mapped memory and retries. Tables double,
//! so the kept ones together are smaller than the current one.
//!
//! A check and the use that follows are not one atomic step: destroying a
//! handle in one thread while another uses it is still the caller's race,
//! as in libbpf (no handle is thread-safe there either).

use std::sync::atomic::{fence, AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};

mod front;

/// The kinds of C handle (`struct bpf_object *`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Kind {
    Object = 1,
    Program,
    Map,
    Link,
    Btf,
    BtfExt,
    BtfDump,
    RingBuffer,
    Ring,
    UserRingBuffer,
    PerfBuffer,
    Linker,
    ProgLinfo,
}

const KINDS: [Kind; 13] = [
    Kind::Object,
    Kind::Program,
    Kind::Map,
    Kind::Link,
    Kind::Btf,
    Kind::BtfExt,
    Kind::BtfDump,
    Kind::RingBuffer,
    Kind::Ring,
    Kind::UserRingBuffer,
    Kind::PerfBuffer,
    Kind::Linker,
    Kind::ProgLinfo,
];

impl Kind {
    /// The C type, for log lines.
    pub fn c_name(self) -> &'static str {
        match self {
            Kind::Object => "struct bpf_object",
            Kind::Program => "struct bpf_program",
            Kind::Map => "struct bpf_map",
            Kind::Link => "struct bpf_link",
            Kind::Btf => "struct btf",
            Kind::BtfExt => "struct btf_ext",
            Kind::BtfDump => "struct btf_dump",
            Kind::RingBuffer => "struct ring_buffer",
            Kind::Ring => "struct ring",
            Kind::UserRingBuffer => "struct user_ring_buffer",
            Kind::PerfBuffer => "struct perf_buffer",
            Kind::Linker => "struct bpf_linker",
            Kind::ProgLinfo => "struct bpf_prog_linfo",
        }
    }

    fn from_raw(k: usize) -> Option<Kind> {
        KINDS.get(k.wrapping_sub(1)).copied()
    }
}

/// One entry; `addr == 0` is an empty slot.
#[derive(Default)]
struct Slot {
    addr: AtomicUsize,
    kind: AtomicUsize,
    /// The handle whose destruction ends this one (0: owned by the caller).
    owner: AtomicUsize,
}

/// A power-of-two array of slots, at most half full.
struct Table {
    slots: Box<[Slot]>,
}

impl Table {
    fn with_len(n: usize) -> Table {
        Table {
            slots: (0..n).map(|_| Slot::default()).collect(),
        }
    }

    #[inline(always)]
    fn home(&self, addr: usize) -> usize {
        // Fibonacci hashing; the product's high half mixes every address bit.
        (addr.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) & (self.slots.len() - 1)
    }

    /// The raw kind at `addr`, 0 when absent. A live handle is nearly
    /// always in its home slot (the table is at most half full): that slot
    /// is read first, the run after it only on a miss.
    #[inline(always)]
    fn probe(&self, addr: usize) -> usize {
        let i = self.home(addr);
        // SAFETY: `home` masks with `len - 1`; `len` is a power of two.
        let s = unsafe { self.slots.get_unchecked(i) };
        match s.addr.load(Ordering::Relaxed) {
            a if a == addr => s.kind.load(Ordering::Relaxed),
            0 => 0,
            _ => self.probe_run(addr, i),
        }
    }

    /// The rest of [`Table::probe`]. Bounded: a reader racing a writer may
    /// see a table no snapshot ever had, and must still stop.
    #[inline(never)]
    fn probe_run(&self, addr: usize, home: usize) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = home;
        for _ in 0..mask {
            i = (i + 1) & mask;
            let s = &self.slots[i];
            let a = s.addr.load(Ordering::Relaxed);
            if a == addr {
                return s.kind.load(Ordering::Relaxed);
            }
            if a == 0 {
                return 0;
            }
        }
        0
    }

    fn index_of(&self, addr: usize) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(addr);
        loop {
            match self.slots[i].addr.load(Ordering::Relaxed) {
                a if a == addr => return Some(i),
                0 => return None,
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn put(&self, addr: usize, kind: usize, owner: usize) {
        let mask = self.slots.len() - 1;
        let mut i = self.home(addr);
        loop {
            let a = self.slots[i].addr.load(Ordering::Relaxed);
            if a == 0 || a == addr {
                let s = &self.slots[i];
                s.kind.store(kind, Ordering::Relaxed);
                s.owner.store(owner, Ordering::Relaxed);
                s.addr.store(addr, Ordering::Relaxed);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Empties slot `i`, moving later entries of its run back so that no
    /// lookup stops early at the hole.
    fn delete(&self, mut i: usize) {
        let mask = self.slots.len() - 1;
        let mut j = i;
        loop {
            j = (j + 1) & mask;
            let a = self.slots[j].addr.load(Ordering::Relaxed);
            if a == 0 {
                break;
            }
            let k = self.home(a);
            // The entry at j may stay when its home lies cyclically in (i, j].
            let stays = if i <= j {
                i < k && k <= j
            } else {
                i < k || k <= j
            };
            if stays {
                continue;
            }
            let (from, to) = (&self.slots[j], &self.slots[i]);
            to.kind
                .store(from.kind.load(Ordering::Relaxed), Ordering::Relaxed);
            to.owner
                .store(from.owner.load(Ordering::Relaxed), Ordering::Relaxed);
            to.addr.store(a, Ordering::Relaxed);
            i = j;
        }
        self.slots[i].addr.store(0, Ordering::Relaxed);
    }
}

/// The current table (NULL until the first handle).
static TABLE: AtomicPtr<Table> = AtomicPtr::new(std::ptr::null_mut());
/// Odd while a writer changes the table.
static SEQ: AtomicUsize = AtomicUsize::new(0);
static WRITER: Mutex<Writer> = Mutex::new(Writer {
    live: 0,
    outgrown: [0; 64],
    n_outgrown: 0,
    children: Vec::new(),
    kept_children: [0; 64],
});

struct Writer {
    live: usize,
    /// `(owner, child)` of every registered borrowed handle: what a
    /// destroy call unregisters with its owner, without a scan of the table.
    /// Grown by [`Writer::adopt`] only.
    children: Vec<(usize, usize)>,
    /// Outgrown buffers of `children` (see [`Writer::adopt`]); doubling:
    /// 64 is every size.
    kept_children: [usize; 64],
    /// Tables readers may still be probing (addresses of leaked boxes);
    /// never freed (see the module doc). Tables double: 64 is every size.
    outgrown: [usize; 64],
    n_outgrown: usize,
}

extern "C" {
    /// `src/capi/helgrind.c`: memory raced on by design (helgrind cannot
    /// see that atomics and the sequence order it).
    fn oxbpf_hg_benign(p: *const std::ffi::c_void, len: usize);
}

fn benign<T: ?Sized>(v: &T) {
    // SAFETY: a valgrind client request about `v`'s bytes; reads nothing.
    unsafe { oxbpf_hg_benign((v as *const T).cast(), std::mem::size_of_val(v)) };
}

impl Writer {
    /// Records a borrowed handle. A full list is moved to one twice its
    /// size and the old buffer kept, never freed, as outgrown tables are:
    /// helgrind, which cannot see the mutex's ordering, is told once per
    /// buffer that it is raced on by design, and a freed buffer would carry
    /// that to whatever is allocated there next. Kept buffers together are
    /// smaller than the current one.
    fn adopt(&mut self, owner: usize, child: usize) {
        if self.children.len() == self.children.capacity() {
            let mut bigger = Vec::with_capacity((self.children.capacity() * 2).max(64));
            // Empty: its spare capacity is the whole buffer.
            benign(bigger.spare_capacity_mut());
            bigger.extend_from_slice(&self.children);
            let old = std::mem::ManuallyDrop::new(std::mem::replace(&mut self.children, bigger));
            if old.capacity() > 0 {
                if let Some(k) = self.kept_children.iter_mut().find(|k| **k == 0) {
                    *k = old.as_ptr() as usize;
                }
            }
        }
        self.children.push((owner, child));
    }
}

fn writer() -> MutexGuard<'static, Writer> {
    WRITER.lock().unwrap_or_else(|e| e.into_inner())
}

fn table() -> Option<&'static Table> {
    // SAFETY: tables are leaked (current) or kept (outgrown): never freed.
    unsafe { TABLE.load(Ordering::Acquire).as_ref() }
}

/// Whether `addr` (non-zero) is a live handle of `kind`: the check every
/// cast makes. Its front slot first (see [`front`]); the table only when
/// that misses.
#[inline(always)]
pub fn is_live(addr: usize, kind: Kind) -> bool {
    front::hit(addr, kind) || is_live_slow(addr, kind)
}

/// Whether `addr` (non-zero) is in `kind`'s front slot: a live handle of
/// that kind if so; `false` says nothing (see [`is_live`]).
#[inline(always)]
pub fn front_hit(addr: usize, kind: Kind) -> bool {
    front::hit(addr, kind)
}

/// [`is_live`] past a front miss: a bad pointer, or a handle whose front
/// slot was taken when it was registered. A live one takes its slot if it
/// is free now and no writer is busy, so that it is not slow for good.
#[cold]
#[inline(never)]
fn is_live_slow(addr: usize, kind: Kind) -> bool {
    if raw_kind_at(addr) != kind as usize {
        return false;
    }
    if front::vacant(addr, kind) {
        let w = match WRITER.try_lock() {
            Ok(w) => Some(w),
            Err(TryLockError::Poisoned(e)) => Some(e.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        };
        if let Some(_w) = w {
            // Still registered under the lock: no writer can remove it now.
            if table().map_or(0, |t| t.probe(addr)) == kind as usize {
                front::offer(addr, kind);
            }
        }
    }
    true
}

/// The kind registered at `addr`, if any.
#[inline]
pub fn kind_at(addr: usize) -> Option<Kind> {
    Kind::from_raw(raw_kind_at(addr))
}

/// As [`kind_at`], the raw value (0: none), from the table.
/// One optimistic read; a writer in the way sends it to [`kind_at_slow`].
#[inline(always)]
pub fn raw_kind_at(addr: usize) -> usize {
    let seq = SEQ.load(Ordering::Acquire);
    let k = table().map_or(0, |t| t.probe(addr));
    fence(Ordering::Acquire);
    if seq & 1 == 0 && SEQ.load(Ordering::Relaxed) == seq {
        k
    } else {
        kind_at_slow(addr)
    }
}

/// A writer changed the table during the read: retry a while, then ask
/// under the writers' lock (the writer may have been preempted in it).
#[cold]
#[inline(never)]
fn kind_at_slow(addr: usize) -> usize {
    for _ in 0..64 {
        std::hint::spin_loop();
        let seq = SEQ.load(Ordering::Acquire);
        if seq & 1 == 0 {
            let k = table().map_or(0, |t| t.probe(addr));
            fence(Ordering::Acquire);
            if SEQ.load(Ordering::Relaxed) == seq {
                return k;
            }
        }
    }
    let _w = writer();
    table().map_or(0, |t| t.probe(addr))
}

/// Several registrations under one lock and one sequence-lock write (an
/// object's programs and maps). Readers wait out the batch.
pub struct Batch {
    w: MutexGuard<'static, Writer>,
    t: &'static Table,
    /// Registrations left before the table must grow again.
    room: usize,
}

/// Starts a batch of up to `n` registrations, growing the table first so
/// that they fit.
pub fn batch(n: usize) -> Batch {
    let mut w = writer();
    let t = reserve(&mut w, n);
    SEQ.fetch_add(1, Ordering::Relaxed);
    fence(Ordering::Release);
    Batch { w, t, room: n }
}

impl Batch {
    /// Registers the handle at `addr` (replacing whatever was registered
    /// there: an address is reused only after its handle is gone), owned by
    /// the handle at `owner` (0: by the caller).
    pub fn insert(&mut self, addr: usize, kind: Kind, owner: usize) {
        if self.room == 0 {
            // More than announced: end this write, grow, start another.
            SEQ.fetch_add(1, Ordering::Release);
            self.t = reserve(&mut self.w, 1);
            self.room = 1;
            SEQ.fetch_add(1, Ordering::Relaxed);
            fence(Ordering::Release);
        }
        self.room -= 1;
        let (t, w) = (self.t, &mut *self.w);
        match t.index_of(addr) {
            None => w.live += 1,
            Some(i) => {
                let old = &t.slots[i];
                if let Some(k) = Kind::from_raw(old.kind.load(Ordering::Relaxed)) {
                    front::withdraw(addr, k);
                }
                if old.owner.load(Ordering::Relaxed) != 0 {
                    w.children.retain(|&(_, c)| c != addr);
                }
            }
        }
        t.put(addr, kind as usize, owner);
        if owner != 0 {
            w.adopt(owner, addr);
        }
        front::offer(addr, kind);
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        SEQ.fetch_add(1, Ordering::Release);
    }
}

/// Registers one handle: see [`Batch::insert`].
pub fn insert(addr: usize, kind: Kind, owner: usize) {
    batch(1).insert(addr, kind, owner);
}

/// The current table, grown (outside any sequence-lock write) to keep at
/// most half its slots used once `n` more are.
fn reserve(w: &mut Writer, n: usize) -> &'static Table {
    let cap = table().map_or(0, |t| t.slots.len());
    if let Some(t) = table().filter(|_| (w.live + n) * 2 <= cap) {
        return t;
    }
    let mut len = (cap * 2).max(256);
    while (w.live + n) * 2 > len {
        len *= 2;
    }
    let bigger = Table::with_len(len);
    if let Some(t) = table() {
        for s in t.slots.iter() {
            let a = s.addr.load(Ordering::Relaxed);
            if a != 0 {
                let (k, o) = (
                    s.kind.load(Ordering::Relaxed),
                    s.owner.load(Ordering::Relaxed),
                );
                bigger.put(a, k, o);
            }
        }
    }
    let new = Box::into_raw(Box::new(bigger));
    // SAFETY: just allocated, not shared yet.
    let t = unsafe { &*new };
    benign(t);
    benign(&*t.slots);
    if cap == 0 {
        benign(&SEQ);
        benign(&TABLE);
        benign(front::all());
        benign(&*w);
    }
    SEQ.fetch_add(1, Ordering::Relaxed);
    fence(Ordering::Release);
    let old = TABLE.swap(new, Ordering::AcqRel);
    SEQ.fetch_add(1, Ordering::Release);
    if !old.is_null() {
        // Kept, never freed: a reader may still hold it.
        let n = w.n_outgrown;
        if let Some(slot) = w.outgrown.get_mut(n) {
            *slot = old as usize;
            w.n_outgrown += 1;
        }
    }
    t
}

/// Runs a change to the current table as one sequence-lock write.
fn write<R>(t: &Table, f: impl FnOnce(&Table) -> R) -> R {
    SEQ.fetch_add(1, Ordering::Relaxed);
    fence(Ordering::Release);
    let r = f(t);
    SEQ.fetch_add(1, Ordering::Release);
    r
}

/// Why a handle could not be taken back.
pub enum Refused {
    /// Nothing live at the address (or something of this other kind).
    NotLive(Option<Kind>),
    /// A borrowed handle: its owner (at this address) frees it.
    Borrowed(usize),
}

/// Unregisters the owned handle of `kind` at `addr`, and everything it owns
/// (programs and maps of an object, rings of a ring buffer, ...). Checked
/// and removed under one lock, so of two racing destroy calls one wins.
pub fn remove(addr: usize, kind: Kind) -> Result<(), Refused> {
    let mut w = writer();
    let Some(t) = table() else {
        return Err(Refused::NotLive(None));
    };
    let found = t.index_of(addr).map(|i| {
        let s = &t.slots[i];
        (
            s.kind.load(Ordering::Relaxed),
            s.owner.load(Ordering::Relaxed),
        )
    });
    match found {
        Some((k, 0)) if k == kind as usize => {}
        Some((k, o)) if k == kind as usize => return Err(Refused::Borrowed(o)),
        other => return Err(Refused::NotLive(other.and_then(|(k, _)| Kind::from_raw(k)))),
    }
    let w = &mut *w;
    write(t, |t| {
        unregister(t, addr);
        w.live -= 1;
        // Owners are one level deep: an object's programs, maps (inner
        // ones too) and BTF; a ring buffer's rings.
        let mut i = 0;
        while let Some(&(owner, child)) = w.children.get(i) {
            if owner != addr {
                i += 1;
                continue;
            }
            w.children.swap_remove(i);
            unregister(t, child);
            w.live -= 1;
        }
    });
    Ok(())
}

/// Takes `addr` out of the front and the table (inside a write).
fn unregister(t: &Table, addr: usize) {
    if let Some(i) = t.index_of(addr) {
        if let Some(k) = Kind::from_raw(t.slots[i].kind.load(Ordering::Relaxed)) {
            front::withdraw(addr, k);
        }
        t.delete(i);
    }
}

/// Unregisters one borrowed handle whatever its kind: for values lent for
/// the length of a callback.
pub fn forget(addr: usize) {
    let mut w = writer();
    let Some(t) = table() else { return };
    if t.index_of(addr).is_none() {
        return;
    }
    write(t, |t| unregister(t, addr));
    w.live -= 1;
    if let Some(i) = w.children.iter().position(|&(_, c)| c == addr) {
        w.children.swap_remove(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The registry is process-wide: each test uses addresses of its own.
    fn base(tag: usize) -> usize {
        0x7f00_0000_0000 + (tag << 24)
    }

    #[test]
    fn insert_lookup_remove() {
        let b = base(1);
        insert(b, Kind::Object, 0);
        insert(b + 8, Kind::Map, b);
        insert(b + 16, Kind::Program, b);
        assert_eq!(kind_at(b), Some(Kind::Object));
        assert_eq!(kind_at(b + 8), Some(Kind::Map));
        assert_eq!(kind_at(b + 24), None);
        assert!(matches!(remove(b + 8, Kind::Map), Err(Refused::Borrowed(o)) if o == b));
        assert!(matches!(
            remove(b, Kind::Btf),
            Err(Refused::NotLive(Some(Kind::Object)))
        ));
        assert!(remove(b, Kind::Object).is_ok());
        assert_eq!(kind_at(b), None);
        assert_eq!(kind_at(b + 8), None, "children go with their owner");
        assert_eq!(kind_at(b + 16), None);
        assert!(matches!(
            remove(b, Kind::Object),
            Err(Refused::NotLive(None))
        ));
    }

    #[test]
    fn many_handles_grow_and_shrink() {
        let b = base(2);
        let n = 5000;
        for i in 0..n {
            insert(b + i * 16, Kind::Link, 0);
        }
        for i in 0..n {
            assert_eq!(kind_at(b + i * 16), Some(Kind::Link), "{i}");
        }
        for i in (0..n).step_by(2) {
            assert!(remove(b + i * 16, Kind::Link).is_ok());
        }
        for i in 0..n {
            let want = (i % 2 == 1).then_some(Kind::Link);
            assert_eq!(kind_at(b + i * 16), want, "{i}");
        }
        for i in (1..n).step_by(2) {
            forget(b + i * 16);
        }
        for i in 0..n {
            assert_eq!(kind_at(b + i * 16), None);
        }
    }

    #[test]
    fn readers_see_live_handles_while_others_change() {
        let b = base(3);
        let stable: Vec<usize> = (0..64).map(|i| b + i * 64).collect();
        for &a in &stable {
            insert(a, Kind::Ring, 0);
        }
        let churn = std::thread::spawn(move || {
            for round in 0..200 {
                for i in 0..200 {
                    insert(base(4) + (round * 200 + i) * 8, Kind::Btf, 0);
                }
                for i in 0..200 {
                    let _ = remove(base(4) + (round * 200 + i) * 8, Kind::Btf);
                }
            }
        });
        while !churn.is_finished() {
            for &a in &stable {
                assert_eq!(kind_at(a), Some(Kind::Ring));
                assert!(is_live(a, Kind::Ring));
            }
        }
        churn.join().unwrap();
    }

    /// Two handles of one kind in one front slot: the second is answered
    /// by the table, and takes the slot once the first is gone. Another
    /// kind, or the same address re-registered as another kind, never hits.
    #[test]
    fn front_collisions_and_kinds() {
        let b = base(5);
        let home = |a: usize| ((a as u32).wrapping_mul(0x9E37_79B9) >> 22) as usize;
        let first = b;
        // 4 GiB apart: same low 32 bits, same slot.
        let second = b + (1 << 32);
        assert_eq!(home(first), home(second));
        insert(first, Kind::Link, 0);
        insert(second, Kind::Link, 0);
        assert!(front_hit(first, Kind::Link));
        assert!(!front_hit(second, Kind::Link));
        assert!(is_live(second, Kind::Link), "answered by the table");
        assert!(!is_live(second, Kind::Btf));
        assert!(!is_live(second + 8, Kind::Link));
        assert!(remove(first, Kind::Link).is_ok());
        assert!(!is_live(first, Kind::Link));
        assert!(is_live(second, Kind::Link));
        assert!(front_hit(second, Kind::Link), "took the freed slot");
        // Re-registered as another kind: out of its old kind's front.
        insert(second, Kind::Btf, 0);
        assert!(!is_live(second, Kind::Link));
        assert!(is_live(second, Kind::Btf));
        assert!(remove(second, Kind::Btf).is_ok());
        assert!(!is_live(second, Kind::Btf));
    }

    /// A batch registers an object and its children at once; the owner's
    /// destroy takes them all out of the front and the table.
    #[test]
    fn batch_and_owned_removal() {
        let b = base(6);
        {
            let mut batch = batch(2);
            batch.insert(b, Kind::RingBuffer, 0);
            batch.insert(b + 64, Kind::Ring, b);
            // One more than announced: the batch grows the table itself.
            batch.insert(b + 128, Kind::Ring, b);
        }
        for (a, k) in [
            (b, Kind::RingBuffer),
            (b + 64, Kind::Ring),
            (b + 128, Kind::Ring),
        ] {
            assert!(is_live(a, k));
        }
        assert!(matches!(remove(b + 64, Kind::Ring), Err(Refused::Borrowed(o)) if o == b));
        assert!(remove(b, Kind::RingBuffer).is_ok());
        for (a, k) in [
            (b, Kind::RingBuffer),
            (b + 64, Kind::Ring),
            (b + 128, Kind::Ring),
        ] {
            assert!(!is_live(a, k));
            assert!(!front_hit(a, k));
        }
    }
}
