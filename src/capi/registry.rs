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
use std::sync::{Mutex, MutexGuard};

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
});

struct Writer {
    live: usize,
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

fn writer() -> MutexGuard<'static, Writer> {
    WRITER.lock().unwrap_or_else(|e| e.into_inner())
}

fn table() -> Option<&'static Table> {
    // SAFETY: tables are leaked (current) or kept (outgrown): never freed.
    unsafe { TABLE.load(Ordering::Acquire).as_ref() }
}

/// The kind registered at `addr`, if any.
#[inline]
pub fn kind_at(addr: usize) -> Option<Kind> {
    Kind::from_raw(raw_kind_at(addr))
}

/// As [`kind_at`], the raw value (0: none): what the hot path compares.
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

/// Runs a change to the current table as one sequence-lock write.
fn write<R>(f: impl FnOnce(&Table) -> R) -> Option<R> {
    let t = table()?;
    SEQ.fetch_add(1, Ordering::Relaxed);
    fence(Ordering::Release);
    let r = f(t);
    SEQ.fetch_add(1, Ordering::Release);
    Some(r)
}

/// Registers the handle at `addr` (replacing whatever was registered there:
/// an address is reused only after its handle is gone).
pub fn insert(addr: usize, kind: Kind, owner: usize) {
    let mut w = writer();
    let cap = table().map_or(0, |t| t.slots.len());
    if (w.live + 1) * 2 > cap {
        let bigger = Table::with_len((cap * 2).max(256));
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
    }
    let fresh = write(|t| {
        let fresh = t.index_of(addr).is_none();
        t.put(addr, kind as usize, owner);
        fresh
    });
    if fresh == Some(true) {
        w.live += 1;
    }
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
    let found = table()
        .and_then(|t| t.index_of(addr).map(|i| (t, i)))
        .map(|(t, i)| {
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
    let owns = matches!(kind, Kind::Object | Kind::RingBuffer);
    let removed = write(|t| {
        // Owners are one level deep: an object's programs, maps (inner ones
        // too) and BTF; a ring buffer's rings.
        let mut gone = vec![addr];
        if owns {
            gone.extend(
                t.slots
                    .iter()
                    .filter(|s| s.owner.load(Ordering::Relaxed) == addr)
                    .map(|s| s.addr.load(Ordering::Relaxed))
                    .filter(|&x| x != 0),
            );
        }
        for &a in &gone {
            if let Some(i) = t.index_of(a) {
                t.delete(i);
            }
        }
        gone.len()
    });
    w.live -= removed.unwrap_or(0);
    Ok(())
}

/// Unregisters one borrowed handle (and what it owns) whatever its kind:
/// for values lent for the length of a callback.
pub fn forget(addr: usize) {
    let mut w = writer();
    let removed = write(|t| match t.index_of(addr) {
        Some(i) => {
            t.delete(i);
            1
        }
        None => 0,
    });
    w.live -= removed.unwrap_or(0);
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
            }
        }
        churn.join().unwrap();
    }
}
