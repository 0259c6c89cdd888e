//! BTF → C: libbpf's `btf_dump`. Prints types as compilable C declarations
//! (`dump_type`, with every dependency in an order C accepts), single
//! declarators (`emit_type_decl`) and typed memory as C initialisers
//! (`dump_type_data`), byte for byte as libbpf v1.7.0 does.
//!
//! A [`Dumper`] keeps libbpf's per-type state across calls (what was
//! ordered, emitted, forward-declared; which names were taken), so a type is
//! emitted once however many `dump_type` calls reach it. It does not own the
//! BTF: every call gets the current one, which may have grown since (new
//! types are picked up lazily, as libbpf does). Output goes to a byte sink.

mod data;
mod decl;
mod emit;
mod floatfmt;
mod names;
mod order;
mod spare;
mod state;
mod table;
#[cfg(test)]
mod tests;

use super::{kind, Btf, Type};
use crate::error::{Errno, Error, Result};
use state::{Emit, Order, TypeState};
use std::borrow::Cow;
use std::collections::HashMap;

pub use data::DataOpts;

/// Recursion bound for walks libbpf does unbounded (bad BTF may loop).
const MAX_DEPTH: u32 = 256;
/// As libbpf's own bound for modifier/typedef/array chains.
const MAX_RESOLVE_DEPTH: usize = 32;

/// Which namespace a name is de-duplicated in: struct/union/enum tags, or
/// ordinary identifiers (typedefs and enumerators).
#[derive(Clone, Copy)]
enum Names {
    Tags,
    Idents,
}

/// Options of [`Dumper::emit_type_decl`].
#[derive(Clone, Debug, Default)]
pub struct DeclOpts {
    pub field_name: Vec<u8>,
    pub indent_level: i32,
    pub strip_mods: bool,
}

/// Per-dumper state, kept across calls like libbpf's `struct btf_dump`.
pub struct Dumper {
    ptr_sz: u32,
    /// Highest type id the state arrays cover (0 until first sized).
    last_id: u32,
    states: Vec<TypeState>,
    /// Unique names given to duplicates (`name___2`), by type id.
    cached: HashMap<u32, Vec<u8>>,
    tag_names: names::NameCounts,
    ident_names: names::NameCounts,
    queue: Vec<u32>,
    /// Declarator chains being printed (nested frames share it).
    decl_stack: Vec<u32>,
    types: table::TypeTable,
    /// Alignment by type id, computed on first use (see [`cache_get`]);
    /// cleared whenever the BTF's type sections change. Alignments are
    /// small: a byte each.
    aligns: std::cell::RefCell<Vec<u8>>,
    /// Size by type id (`btf__resolve_size`), likewise.
    sizes: std::cell::RefCell<Vec<u32>>,
    /// The BTF pointer size both caches were computed with.
    cache_ptr_sz: u32,
    /// Output size past which loops stop early (`usize::MAX`: never, as libbpf).
    out_limit: usize,
    /// Where output goes as it is produced, in chunks (the C printf
    /// callback): a bogus 4 GiB struct prints gigabytes of padding, which
    /// libbpf streams and we must not hold in memory.
    spill: Option<Spill>,
}

/// Receives output as it is produced (see [`Dumper::set_spill`]).
pub type Spill = Box<dyn FnMut(&[u8])>;

/// Output held before it is handed to the spill callback.
const SPILL_AT: usize = 64 * 1024;

impl Dumper {
    /// A dumper for `btf` (its pointer size is fixed now, as libbpf does).
    pub fn new(btf: &Btf) -> Result<Dumper> {
        let b = spare::take();
        let mut d = Dumper {
            ptr_sz: btf.known_pointer_size().unwrap_or(8),
            last_id: 0,
            states: b.states,
            cached: HashMap::new(),
            tag_names: b.tag_names,
            ident_names: b.ident_names,
            queue: Vec::new(),
            decl_stack: Vec::new(),
            types: table::TypeTable::default(),
            aligns: b.aligns.into(),
            sizes: b.sizes.into(),
            cache_ptr_sz: 0,
            out_limit: usize::MAX,
            spill: None,
        };
        d.resize(btf)?;
        Ok(d)
    }

    /// Stops padding, member and element loops once one call's output
    /// exceeds `limit` bytes. libbpf has no such bound (a bogus 4 GiB struct
    /// prints gigabytes of padding); this is for fuzzing and untrusted BTF.
    pub fn set_output_limit(&mut self, limit: usize) {
        self.out_limit = limit;
    }

    /// Hands output to `f` whenever 64 KiB have accumulated, instead of
    /// keeping it all in the call's buffer (which then holds only the rest).
    pub fn set_spill(&mut self, f: Spill) {
        self.spill = Some(f);
    }

    /// Covers types added to `btf` since the last call. Asked on every
    /// call (~200 000 times for vmlinux): the unchanged case stays inline.
    #[inline]
    fn resize(&mut self, btf: &Btf) -> Result<()> {
        if self.types.synced(btf) && btf.type_cnt() - 1 <= self.last_id {
            return Ok(());
        }
        self.resize_slow(btf)
    }

    #[inline(never)]
    fn resize_slow(&mut self, btf: &Btf) -> Result<()> {
        if self.types.sync(btf) {
            zero_cache(self.aligns.get_mut());
            zero_cache(self.sizes.get_mut());
        }
        let last = btf.type_cnt() - 1;
        if last <= self.last_id {
            return Ok(());
        }
        self.states.resize(last as usize + 1, TypeState::default());
        if self.last_id == 0 {
            self.states[0].set_order(Order::Ordered);
            self.states[0].set_emit(Emit::Emitted);
        }
        let (tags, idents) = order::mark_referenced(self, btf, last)?;
        let strs = table::layers(btf).map(|b| b.strings_section().len()).sum();
        self.tag_names.reserve(tags, strs);
        self.ident_names.reserve(idents, strs);
        self.last_id = last;
        Ok(())
    }

    /// Prints type `id` and, first, every type it needs that was not
    /// printed by an earlier call.
    pub fn dump_type(&mut self, btf: &Btf, id: u32, out: &mut Vec<u8>) -> Result<()> {
        if id >= btf.type_cnt() {
            return Err(Error::inval(format!(
                "btf_dump: type id {id} out of range (type count {})",
                btf.type_cnt()
            )));
        }
        if self.order(btf, id)? {
            self.emit_queued(btf, out);
        }
        Ok(())
    }

    /// First half of [`Dumper::dump_type`]: orders `id` and what it needs;
    /// true if that queued anything to print. Runs no caller code and
    /// prints nothing (for vmlinux, 9 calls in 10 end here).
    pub fn order(&mut self, btf: &Btf, id: u32) -> Result<bool> {
        if id >= btf.type_cnt() {
            return Err(Error::inval(format!(
                "btf_dump: type id {id} out of range (type count {})",
                btf.type_cnt()
            )));
        }
        self.queue.clear();
        if self.dump_type_done(btf, id)? {
            return Ok(false);
        }
        let mut none = Vec::new();
        let mut c = Ctx::for_order(self, btf, &mut none);
        order::order_type(&mut c, id, false, 0)?;
        Ok(!self.queue.is_empty())
    }

    /// Second half of [`Dumper::dump_type`]: prints what [`Dumper::order`]
    /// queued, on the same BTF.
    pub fn emit_queued(&mut self, btf: &Btf, out: &mut Vec<u8>) {
        let queue = std::mem::take(&mut self.queue);
        if self.resize(btf).is_ok() {
            let mut c = Ctx::new(self, btf, out);
            for &q in &queue {
                c.emit_type(q, 0, 0);
            }
        }
        self.queue = queue;
        self.queue.clear();
    }

    /// Covers new types, then settles `dump_type(id)` if ordering alone
    /// decides it prints nothing (already ordered, or a kind that orders
    /// trivially): true then. Dumping every type of vmlinux asks this
    /// ~100 000 times, so it needs no call context.
    fn dump_type_done(&mut self, btf: &Btf, id: u32) -> Result<bool> {
        if id >= btf.type_cnt() {
            return Ok(false);
        }
        self.resize(btf)?;
        let Some(st) = self.states.get_mut(id as usize) else {
            return Ok(false);
        };
        Ok(match (st.order(), st.kind()) {
            (Order::Ordered, _) => true,
            (
                _,
                kind::INT | kind::FLOAT | kind::FUNC | kind::VAR | kind::DATASEC | kind::DECL_TAG,
            ) => {
                st.set_order(Order::Ordered);
                true
            }
            _ => false,
        })
    }

    /// Prints one declaration of `id` named `field_name` (nothing it depends on).
    pub fn emit_type_decl(
        &mut self,
        btf: &Btf,
        id: u32,
        opts: &DeclOpts,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        self.resize(btf)?;
        if id >= btf.type_cnt() {
            return Err(Error::inval(format!(
                "btf_dump: type id {id} out of range (type count {})",
                btf.type_cnt()
            )));
        }
        let mut c = Ctx::new(self, btf, out);
        c.strip_mods = opts.strip_mods;
        c.emit_type_decl(id, &opts.field_name, opts.indent_level);
        Ok(())
    }

    /// Prints `data`, a value of type `id`, as a C initialiser; returns the
    /// type's size as libbpf does.
    pub fn dump_type_data(
        &mut self,
        btf: &Btf,
        id: u32,
        data: &[u8],
        opts: &DataOpts,
        out: &mut Vec<u8>,
    ) -> Result<i32> {
        if id >= btf.type_cnt() {
            return Err(Error::other(
                Errno::ENOENT,
                format!("btf_dump: type id {id} not found"),
            ));
        }
        self.resize(btf)?;
        let mut c = Ctx::new(self, btf, out);
        data::dump(&mut c, id, data, opts)
    }
}

impl Drop for Dumper {
    fn drop(&mut self) {
        spare::give(spare::Buffers {
            states: std::mem::take(&mut self.states),
            aligns: std::mem::take(self.aligns.get_mut()),
            sizes: std::mem::take(self.sizes.get_mut()),
            tag_names: std::mem::take(&mut self.tag_names),
            ident_names: std::mem::take(&mut self.ident_names),
        });
    }
}

/// One call's view: the dumper's state, the BTF, the sink, and the
/// declaration flags libbpf keeps on the dumper.
struct Ctx<'a, 'd> {
    d: &'d mut Dumper,
    btf: &'a Btf,
    out: &'d mut Vec<u8>,
    /// Bytes of this call already handed to the spill callback.
    spilled: usize,
    strip_mods: bool,
    skip_anon_defs: bool,
    /// Nesting of inline definitions / declarators (bad BTF may loop).
    depth: u32,
    /// The BTF's own pointer size (libbpf's `btf__align_of`/`btf__resolve_size`
    /// use it; the dumper's `ptr_sz` was fixed at creation).
    btf_ptr_sz: u32,
    view: table::View<'a>,
}

impl<'a, 'd> Ctx<'a, 'd> {
    fn new(d: &'d mut Dumper, btf: &'a Btf, out: &'d mut Vec<u8>) -> Self {
        Self::with_view(d, btf, out, table::View::new(btf))
    }

    /// A context for ordering only: names read empty (see
    /// [`table::View::without_names`]).
    fn for_order(d: &'d mut Dumper, btf: &'a Btf, out: &'d mut Vec<u8>) -> Self {
        Self::with_view(d, btf, out, table::View::without_names(btf))
    }

    fn with_view(
        d: &'d mut Dumper,
        btf: &'a Btf,
        out: &'d mut Vec<u8>,
        view: table::View<'a>,
    ) -> Self {
        let btf_ptr_sz = btf.pointer_size();
        if d.cache_ptr_sz != btf_ptr_sz {
            // Pointer sizes go into alignments and sizes.
            d.cache_ptr_sz = btf_ptr_sz;
            zero_cache(d.aligns.get_mut());
            zero_cache(d.sizes.get_mut());
        }
        Ctx {
            d,
            btf,
            out,
            spilled: 0,
            strip_mods: false,
            skip_anon_defs: false,
            depth: 0,
            btf_ptr_sz,
            view,
        }
    }

    /// The type `id`, or `void` for an id that does not resolve.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn ty(&self, id: u32) -> Type<'a> {
        ty(&self.d.types, &self.view, self.btf, id)
    }

    /// libbpf's `btf__align_of`: 0 when a type has no alignment. Asked
    /// twice per struct member: the cached case stays inline.
    #[inline]
    fn align_of(&self, id: u32) -> u32 {
        if let Some(a) = cache_get(&self.d.aligns.borrow(), id) {
            return a;
        }
        self.align_of_uncached(id)
    }

    #[inline(never)]
    fn align_of_uncached(&self, id: u32) -> u32 {
        let a = self.align_depth(id, 0);
        cache_put(&mut self.d.aligns.borrow_mut(), id, a, self.btf.type_cnt());
        a
    }

    fn align_depth(&self, id: u32, depth: u32) -> u32 {
        if depth > MAX_DEPTH {
            return 0;
        }
        let t = self.ty(id);
        match t.kind() {
            kind::INT | kind::ENUM | kind::ENUM64 | kind::FLOAT => {
                t.size_or_type.min(self.btf_ptr_sz)
            }
            kind::PTR => self.btf_ptr_sz,
            kind::TYPEDEF | kind::VOLATILE | kind::CONST | kind::RESTRICT | kind::TYPE_TAG => {
                self.align_depth(t.size_or_type, depth + 1)
            }
            kind::ARRAY => self.align_depth(t.array().0, depth + 1),
            kind::STRUCT | kind::UNION => {
                let mut max = 1;
                for i in 0..t.vlen() as usize {
                    let (_, mty, off) = t.member(i);
                    let cached = cache_get(&self.d.aligns.borrow(), mty);
                    let a = match cached {
                        Some(a) => a,
                        None => self.align_depth(mty, depth + 1),
                    };
                    if a == 0 {
                        return 0;
                    }
                    max = max.max(a);
                    // Off its natural alignment: the struct is packed.
                    if t.member_bitfield_size(i) == 0 && rem(off, 8 * a) != 0 {
                        return 1;
                    }
                }
                if rem(t.size_or_type, max) != 0 {
                    return 1;
                }
                max
            }
            k => {
                crate::warn!("unsupported BTF_KIND:{k}");
                0
            }
        }
    }

    /// libbpf's `btf__resolve_size`: `Err(-errno)` for no size or overflow.
    #[inline]
    fn resolve_size(&self, id: u32) -> std::result::Result<u32, i32> {
        if let Some(s) = cache_get(&self.d.sizes.borrow(), id) {
            return Ok(s);
        }
        self.resolve_size_caching(id)
    }

    #[inline(never)]
    fn resolve_size_caching(&self, id: u32) -> std::result::Result<u32, i32> {
        let r = self.resolve_size_uncached(id);
        if let Ok(s) = r {
            cache_put(&mut self.d.sizes.borrow_mut(), id, s, self.btf.type_cnt());
        }
        r
    }

    fn resolve_size_uncached(&self, id: u32) -> std::result::Result<u32, i32> {
        crate::btf::resolve_size_in(id, || self.btf_ptr_sz, |i| Some(self.ty(i))).map_err(|e| {
            match e {
                crate::btf::SizeError::TooBig(_) => -libc::E2BIG,
                _ => -libc::EINVAL,
            }
        })
    }

    /// The type behind typedefs and modifiers of `id`.
    fn skip_mods_and_typedefs(&self, mut id: u32) -> Type<'a> {
        for _ in 0..MAX_RESOLVE_DEPTH {
            let t = self.ty(id);
            if !(t.is_mod() || t.kind() == kind::TYPEDEF) {
                return t;
            }
            id = t.size_or_type;
        }
        self.ty(0)
    }

    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn name(&self, off: u32) -> &'a [u8] {
        self.view.str_at(off)
    }

    fn put(&mut self, s: &[u8]) {
        self.out.extend_from_slice(s);
        self.spill_if_full();
    }

    /// Hands the output to the spill callback once it is 64 KiB or more.
    #[inline]
    fn spill_if_full(&mut self) {
        if self.out.len() >= SPILL_AT {
            if let Some(f) = self.d.spill.as_mut() {
                f(self.out);
                self.spilled += self.out.len();
                self.out.clear();
            }
        }
    }

    /// A line break and the indent of level `lvl` (libbpf caps the run of
    /// tabs at 13). Once per member: the whole run is copied (a fixed size,
    /// no call) and the tabs past `lvl` dropped again.
    fn newline(&mut self, lvl: i32) {
        const NL_TABS: &[u8; 14] = b"\n\t\t\t\t\t\t\t\t\t\t\t\t\t";
        let extra = 13 - lvl.clamp(0, 13) as usize;
        self.out.extend_from_slice(NL_TABS);
        self.out.truncate(self.out.len() - extra);
        self.spill_if_full();
    }

    /// Bytes this call has output so far.
    fn written(&self) -> usize {
        self.spilled + self.out.len()
    }

    /// Whether this call's output passed the dumper's limit.
    fn over_limit(&self) -> bool {
        self.written() > self.d.out_limit
    }

    fn puts(&mut self, s: &str) {
        self.put(s.as_bytes());
    }

    /// `v` in decimal (as `%u`/`%llu`), without going through `fmt`.
    fn put_u64(&mut self, v: u64) {
        let mut buf = [0u8; 20];
        let n = fmt_u64(v, &mut buf);
        self.put(&buf[20 - n..]);
    }

    /// `v` in decimal (as `%d`/`%lld`).
    fn put_i64(&mut self, v: i64) {
        if v < 0 {
            self.put(b"-");
        }
        self.put_u64(v.unsigned_abs());
    }

    fn state(&mut self, id: u32) -> &mut TypeState {
        let i = id as usize;
        if i >= self.d.states.len() {
            self.d.states.resize(i + 1, TypeState::default());
        }
        &mut self.d.states[i]
    }

    /// Name of a struct/union/enum/fwd (tag namespace), de-duplicated.
    fn type_name(&mut self, id: u32) -> Cow<'a, [u8]> {
        self.resolve_name(id, Names::Tags)
    }

    /// Name of a typedef (identifier namespace), de-duplicated.
    fn ident_name(&mut self, id: u32) -> Cow<'a, [u8]> {
        self.resolve_name(id, Names::Idents)
    }

    /// A type's name, or `name___N` for the N-th type to claim the same
    /// name in a namespace; decided once per type, on first use.
    fn resolve_name(&mut self, id: u32, ns: Names) -> Cow<'a, [u8]> {
        let t = self.ty(id);
        if t.name_off == 0 {
            return Cow::Borrowed(b"");
        }
        let st = *self.state(id);
        if st.name_resolved() && st.renamed() {
            if let Some(n) = self.d.cached.get(&id) {
                return Cow::Owned(n.clone());
            }
        }
        let orig = self.name(t.name_off);
        if st.name_resolved() {
            return Cow::Borrowed(orig);
        }
        self.state(id).set_name_resolved();
        if t.kind() == kind::FWD || (t.kind() == kind::ENUM && t.vlen() == 0) {
            return Cow::Borrowed(orig);
        }
        let dups = self.name_dups(ns, orig);
        if dups > 1 {
            let mut n = orig.to_vec();
            n.extend_from_slice(format!("___{dups}").as_bytes());
            // libbpf formats into a 256-byte buffer.
            n.truncate(255);
            self.d.cached.insert(id, n.clone());
            self.state(id).set_renamed();
            return Cow::Owned(n);
        }
        Cow::Borrowed(orig)
    }

    /// Counts one more use of `name` in a namespace; returns the count.
    fn name_dups(&mut self, ns: Names, name: &[u8]) -> usize {
        let map = match ns {
            Names::Tags => &mut self.d.tag_names,
            Names::Idents => &mut self.d.ident_names,
        };
        map.claim(name)
    }
}

/// A cached value by type id: entries hold value + 1, 0 is "not yet" (so
/// the cache starts as zero pages the kernel maps only where written).
#[inline]
fn cache_get<T: Copy + Into<u64>>(cache: &[T], id: u32) -> Option<u32> {
    let v: u64 = (*cache.get(id as usize)?).into();
    (v != 0).then(|| (v - 1) as u32)
}

/// Empties a cache (all entries "not yet"), keeping its length: only the
/// 64-byte runs holding some value are written, so pages of a recycled
/// cache (see `spare`) that no dumper wrote are not faulted in now.
fn zero_cache<T: Copy + Default + PartialEq>(cache: &mut [T]) {
    let zero = T::default();
    for run in cache.chunks_mut(64 / std::mem::size_of::<T>().max(1)) {
        if run.iter().fold(false, |set, &v| set | (v != zero)) {
            run.fill(zero);
        }
    }
}

/// Caches `v` for `id` (values the entry type cannot hold stay uncached).
fn cache_put<T: Copy + TryFrom<u64> + Default + Clone>(
    cache: &mut Vec<T>,
    id: u32,
    v: u32,
    cnt: u32,
) {
    let i = id as usize;
    if i >= cnt as usize {
        return;
    }
    let Ok(e) = T::try_from(u64::from(v) + 1) else {
        return;
    };
    if cache.len() < cnt as usize {
        if cache.is_empty() && cache.capacity() < cnt as usize {
            // `vec!` of zeros is a zeroed allocation (calloc): pages never
            // written are never faulted in.
            *cache = vec![T::default(); cnt as usize];
        } else {
            cache.resize(cnt as usize, T::default());
        }
    }
    cache[i] = e;
}

#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn ty<'a>(table: &table::TypeTable, view: &table::View<'a>, btf: &'a Btf, id: u32) -> Type<'a> {
    table
        .get(view, id)
        .or_else(|| btf.type_by_id(0))
        .expect("void always resolves")
}

/// `x % m`, masked when `m` is a power of two (alignments and padding
/// units are): a division costs tens of cycles, and a struct layout takes
/// a few per member.
#[inline]
fn rem(x: u32, m: u32) -> u32 {
    if m.is_power_of_two() {
        x & (m - 1)
    } else {
        x % m
    }
}

/// `x` rounded up to a multiple of `y` (`x` itself for 0), as [`rem`].
#[inline]
fn roundup(x: i64, y: i64) -> i64 {
    if y > 0 && y & (y - 1) == 0 && x >= 0 {
        (x + y - 1) & !(y - 1)
    } else if y == 0 {
        x
    } else {
        (x + y - 1) / y * y
    }
}

/// Writes `v`'s decimal digits at the end of `buf`; returns how many.
fn fmt_u64(mut v: u64, buf: &mut [u8; 20]) -> usize {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            return buf.len() - i;
        }
    }
}
