//! `struct bpf_map`: a map definition, adjustable until load, then its fd.

use crate::elf::{MapDef, MapKind, MapSpec, Slot};
use crate::error::{Error, Result};
use crate::name::Name;
use crate::sys;
use crate::sys::mmap::Region;
use crate::uapi::bpf::map_type;
use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

#[derive(Debug)]
pub struct Map {
    /// Also what C callers get (`bpf_map__name`).
    pub name: Name,
    pub real_name: Name,
    pub kind: MapKind,
    pub spec_idx: usize,
    pub def: MapDef,
    pub has_global_vars: bool,
    pub fd: Option<OwnedFd>,
    /// The fd number programs are relocated against before the map exists
    /// (libbpf's placeholder fd); the created map takes it over. A map not
    /// created keeps it: what `bpf_map__fd` shows (see [`Map::c_fd`]).
    pub placeholder: Option<OwnedFd>,
    /// Global data: the region user space reads and writes (anonymous before
    /// load, the kernel map after).
    pub mmaped: Option<Region>,
    pub autocreate: bool,
    /// struct_ops maps: attach with the skeleton (`bpf_map__set_autoattach`).
    pub autoattach: bool,
    /// Device to offload to (`bpf_map__set_ifindex`).
    pub ifindex: u32,
    /// Where the map is (to be) pinned, and whether it is.
    pub pin_path: Option<CString>,
    pub pinned: bool,
    /// Adopted through `reuse_fd` (or a compatible pinned map): not created by us.
    pub reused: bool,
    /// Map-in-map: the inner map template (from `__array(values, ...)`),
    /// created just long enough to create this map.
    pub inner: Option<Box<Map>>,
    /// Map-in-map: an inner map given by `bpf_map__set_inner_map_fd`.
    pub inner_map_fd: Option<OwnedFd>,
    /// Static initialisation of `values[i]`.
    pub init_slots: Vec<(u32, Slot)>,
    /// struct_ops maps: the kernel value built from the shadow in `mmaped`.
    pub st_ops: Option<Box<super::struct_ops::StructOps>>,
    /// The object this map belongs to (see [`super::Object::id`]).
    pub obj_id: u64,
    /// `bpf_map__set_exclusive_program`: the program (by address, which is
    /// its identity: programs never move after open) whose digest the map
    /// is created with, so that the kernel lets only it use the map.
    pub excl_prog: Option<usize>,
    /// The ARENA map of an object with `__arena` globals: their size (the
    /// initial value `mmaped` holds before load).
    pub arena_data_sz: usize,
    /// Global data: how the section's BTF follows `set_value_size`.
    pub(crate) datasec_resize: super::globals::DatasecResize,
}

impl Map {
    /// A map from a bare definition (inner map templates).
    fn bare(name: Name, spec_idx: usize, def: MapDef) -> Map {
        let spec = MapSpec {
            real_name: name.clone(),
            kind: MapKind::Btf,
            sec_idx: 0,
            sec_off: 0,
            def,
            init: None,
            has_global_vars: false,
            inner: None,
            values_off: None,
            def_size: 0,
            init_slots: Vec::new(),
        };
        Map::new(name, spec_idx, &spec)
    }

    pub fn new(name: Name, spec_idx: usize, ms: &MapSpec) -> Map {
        let mut def = ms.def.clone();
        if is_ringbuf_type(def.map_type) {
            def.max_entries = adjust_ringbuf_sz(def.max_entries);
        }
        Map {
            name,
            real_name: ms.real_name.clone(),
            kind: ms.kind,
            spec_idx,
            def,
            has_global_vars: ms.has_global_vars,
            fd: None,
            placeholder: None,
            mmaped: None,
            autocreate: true,
            autoattach: true,
            ifindex: 0,
            pin_path: None,
            pinned: false,
            reused: false,
            inner: ms.inner.as_ref().map(|def| {
                let name = Name::from(format!("{}.inner", ms.real_name));
                let mut m = Map::bare(name, spec_idx, def.clone());
                m.autocreate = false;
                Box::new(m)
            }),
            inner_map_fd: None,
            init_slots: ms.init_slots.clone(),
            st_ops: None,
            obj_id: 0,
            excl_prog: None,
            arena_data_sz: 0,
            datasec_resize: super::globals::DatasecResize::NoBtf,
        }
    }

    /// Bytes to mmap for an array map: values are 8-byte aligned, page-rounded.
    pub fn mmap_size(&self) -> usize {
        Map::array_mmap_size(self.def.value_size, self.def.max_entries)
    }

    fn array_mmap_size(value_size: u32, max_entries: u32) -> usize {
        let v = (value_size as usize).next_multiple_of(8);
        (v * max_entries.max(1) as usize).next_multiple_of(sys::mmap::page_size())
    }

    pub fn fd(&self) -> Option<BorrowedFd<'_>> {
        self.fd.as_ref().map(|f| f.as_fd())
    }

    /// `bpf_map__fd`, as libbpf answers it: the map's fd once created (or
    /// adopted); -1 before the object is prepared and after a failed load;
    /// for a map the prepared object did not create (autocreate off), the fd
    /// of an empty placeholder file, as libbpf keeps one for every map.
    #[inline]
    pub fn c_fd(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        match (&self.fd, &self.placeholder) {
            (Some(f), _) | (None, Some(f)) => f.as_raw_fd(),
            (None, None) => -1,
        }
    }

    /// Once the map exists, moves it onto the placeholder's fd number, the
    /// one the programs were relocated against.
    pub(crate) fn adopt_placeholder(&mut self) -> Result<()> {
        let (Some(fd), Some(ph)) = (self.fd.as_ref(), self.placeholder.as_ref()) else {
            return Ok(());
        };
        sys::fd::dup_onto(fd.as_fd(), ph)
            .map_err(|e| Error::sys(format!("map '{}': dup3 onto placeholder fd", self.name), e))?;
        self.fd = self.placeholder.take();
        Ok(())
    }

    pub fn is_percpu(&self) -> bool {
        // PERCPU_HASH 5, PERCPU_ARRAY 6, LRU_PERCPU_HASH 10, PERCPU_CGROUP_STORAGE 21
        matches!(self.def.map_type, 5 | 6 | 10 | 21)
    }

    /// The value size user space passes for lookups/updates (per-CPU maps take one slot per CPU).
    pub fn user_value_size(&self) -> Result<usize> {
        if self.is_percpu() {
            let n = sys::cpus::possible_count()?;
            Ok((self.def.value_size as usize).next_multiple_of(8) * n)
        } else {
            Ok(self.def.value_size as usize)
        }
    }

    fn loaded_fd(&self) -> Result<BorrowedFd<'_>> {
        self.fd().ok_or_else(|| {
            Error::inval(format!(
                "map '{}': not created yet (load the object first)",
                self.name
            ))
        })
    }

    fn check_key(&self, key: &[u8]) -> Result<()> {
        if key.len() != self.def.key_size as usize {
            crate::warn!(
                "map '{}': unexpected key size {} provided, expected {}",
                self.name,
                key.len(),
                self.def.key_size
            );
            return Err(Error::Reported(crate::Errno::EINVAL));
        }
        Ok(())
    }

    fn check_value(&self, value_len: usize) -> Result<()> {
        let want = self.user_value_size()?;
        if value_len != want {
            if self.is_percpu() {
                let n = sys::cpus::possible_count()?;
                let slot = (self.def.value_size as usize).next_multiple_of(8);
                crate::warn!(
                    "map '{}': unexpected value size {value_len} provided for per-CPU map, expected {n} * {slot} = {want}",
                    self.name
                );
            } else {
                crate::warn!(
                    "map '{}': unexpected value size {value_len} provided, expected {want}",
                    self.name
                );
            }
            return Err(Error::Reported(crate::Errno::EINVAL));
        }
        Ok(())
    }

    pub fn update_elem(&self, key: &[u8], value: &[u8], flags: u64) -> Result<()> {
        self.check_key(key)?;
        self.check_value(value.len())?;
        sys::bpf::map_update_elem(self.loaded_fd()?, key, value, flags).map_err(Error::from)
    }

    pub fn lookup_elem(&self, key: &[u8], value: &mut [u8], flags: u64) -> Result<()> {
        self.check_key(key)?;
        self.check_value(value.len())?;
        sys::bpf::map_lookup_elem(self.loaded_fd()?, key, value, flags).map_err(Error::from)
    }

    pub fn lookup_and_delete_elem(&self, key: &[u8], value: &mut [u8], flags: u64) -> Result<()> {
        self.check_key(key)?;
        self.check_value(value.len())?;
        sys::bpf::map_lookup_and_delete_elem(self.loaded_fd()?, key, value, flags)
            .map_err(Error::from)
    }

    pub fn delete_elem(&self, key: &[u8], flags: u64) -> Result<()> {
        self.check_key(key)?;
        sys::bpf::map_delete_elem(self.loaded_fd()?, key, flags).map_err(Error::from)
    }

    pub fn get_next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<()> {
        if let Some(k) = key {
            self.check_key(k)?;
        }
        self.check_key(next)?;
        sys::bpf::map_get_next_key(self.loaded_fd()?, key, next).map_err(Error::from)
    }

    /// Initial value of a global-data map (the mmaped region), if any.
    pub fn initial_value(&self) -> Option<&[u8]> {
        self.mmaped
            .as_ref()
            .map(|r| &r.bytes()[..(self.def.value_size as usize).min(r.len())])
    }

    pub fn is_internal(&self) -> bool {
        self.kind != MapKind::Btf
    }

    /// Attributes may change only until the map is created.
    fn check_unloaded(&self) -> Result<()> {
        if self.fd.is_some() {
            return Err(Error::other(
                crate::Errno::EBUSY,
                format!(
                    "map '{}': can't change attributes after the map is created",
                    self.name
                ),
            ));
        }
        Ok(())
    }

    /// Applies `f` to the definition while the map is not created yet.
    /// `bpf_map__set_max_entries`: ring buffers get a size the kernel takes.
    pub fn set_max_entries(&mut self, max_entries: u32) -> Result<()> {
        self.check_unloaded()?;
        self.def.max_entries = if is_ringbuf_type(self.def.map_type) {
            adjust_ringbuf_sz(max_entries)
        } else {
            max_entries
        };
        Ok(())
    }

    pub fn set_def(&mut self, f: impl FnOnce(&mut MapDef)) -> Result<()> {
        self.check_unloaded()?;
        f(&mut self.def);
        Ok(())
    }

    /// `bpf_map__set_value_size`. On global data (libbpf's rules) the region
    /// user space holds is replaced by one of the new size with the old
    /// contents (the tail zeroed), so earlier pointers to it are stale; the
    /// section's BTF follows if its last variable is an array, else the map
    /// loses its BTF key/value types.
    pub fn set_value_size(&mut self, size: u32) -> Result<()> {
        self.check_unloaded()?;
        if self.mmaped.is_some() && self.st_ops.is_none() {
            if self.def.map_type != map_type::ARRAY {
                return Err(Error::NotSupported(format!(
                    "map '{}': resizing a memory-mapped map other than an array",
                    self.name
                )));
            }
            let len = Map::array_mmap_size(size, self.def.max_entries);
            let mut region = Region::anon(len).map_err(|e| {
                crate::warn!(
                    "map '{}': failed to resize memory-mapped region: {e}",
                    self.name
                );
                Error::sys("mmap", e)
            })?;
            let old = self.mmaped.as_ref().expect("checked").bytes();
            let n = old.len().min(region.len());
            region.bytes_mut()[..n].copy_from_slice(&old[..n]);
            self.mmaped = Some(region);
            self.resize_btf(size);
        }
        self.def.value_size = size;
        Ok(())
    }

    /// Whether the section's BTF can follow a resize to `size`; if not, the
    /// map goes without BTF key/value types (as libbpf).
    fn resize_btf(&mut self, size: u32) {
        use super::globals::DatasecResize;
        let why = match &self.datasec_resize {
            DatasecResize::NoBtf => return,
            DatasecResize::ArrayTail(t) if self.def.btf_value_type_id != t.datasec_id => {
                "map value type is not a datasec".to_string()
            }
            DatasecResize::ArrayTail(t) if t.nelems(size).is_some() => return,
            DatasecResize::ArrayTail(t) => format!(
                "element size ({}) doesn't align with new total size ({size})",
                t.elem_size
            ),
            DatasecResize::Fixed(why) => why.to_string(),
        };
        crate::warn!("map '{}': cannot be resized, {why}", self.name);
        crate::warn!(
            "map '{}': failed to adjust resized BTF, clearing BTF key/value info",
            self.name
        );
        self.def.btf_key_type_id = 0;
        self.def.btf_value_type_id = 0;
    }

    /// Makes the map usable only by `prog` (same object, before creation).
    pub fn set_exclusive_prog(&mut self, prog: &super::Program) -> Result<()> {
        if self.fd.is_some() {
            return Err(Error::inval(format!(
                "map '{}': exclusive programs must be set before map creation",
                self.name
            )));
        }
        if prog.obj_id != self.obj_id {
            return Err(Error::inval(format!(
                "map '{}': excl_prog '{}' and map must be from the same bpf object",
                self.name, prog.name
            )));
        }
        self.excl_prog = Some(prog as *const super::Program as usize);
        Ok(())
    }

    pub fn set_autocreate(&mut self, on: bool) -> Result<()> {
        self.check_unloaded()?;
        self.autocreate = on;
        Ok(())
    }

    /// Replaces the initial contents of a global-data map (exactly `value_size` bytes).
    pub fn set_initial_value(&mut self, data: &[u8]) -> Result<()> {
        self.check_unloaded()?;
        let size = self.initial_value_size();
        let name = self.name.clone();
        let region = self.mmaped.as_mut().ok_or_else(|| {
            Error::inval(format!(
                "map '{name}': has no initial value (not global data)"
            ))
        })?;
        if data.len() != size {
            return Err(Error::inval(format!(
                "map '{name}': initial value size {} != value size {size}",
                data.len()
            )));
        }
        region.bytes_mut()[..size].copy_from_slice(data);
        Ok(())
    }

    /// The arena's `__arena` globals at open: kept as its initial value
    /// (copied into the arena after it is created), if the arena is large
    /// enough to hold them page-rounded, as libbpf requires.
    pub fn init_arena_data(&mut self, data: &[u8]) -> Result<()> {
        let page = sys::mmap::page_size();
        let arena_sz = page as u64 * u64::from(self.def.max_entries);
        if data.len().next_multiple_of(page) as u64 > arena_sz {
            return Err(Error::other(
                crate::Errno::E2BIG,
                format!(
                    "elf: sec '.addr_space.1': declared ARENA map size ({arena_sz}) is too small to hold global __arena variables of size {}",
                    data.len()
                ),
            ));
        }
        let mut region = Region::anon(data.len()).map_err(|e| Error::sys("mmap", e))?;
        region.bytes_mut()[..data.len()].copy_from_slice(data);
        self.mmaped = Some(region);
        self.arena_data_sz = data.len();
        Ok(())
    }

    /// Bytes of `bpf_map__initial_value`: the arena's globals, else one value.
    pub fn initial_value_size(&self) -> usize {
        if self.def.map_type == map_type::ARENA {
            self.arena_data_sz
        } else {
            self.def.value_size as usize
        }
    }

    /// Custom global-data sections (`.data.foo`, `.rodata.foo`) are known to
    /// users by their full section name; the kernel gets the (at most 15
    /// characters) `name`. libbpf's `map_uses_real_name`.
    #[inline(always)]
    pub fn uses_real_name(&self) -> bool {
        (self.kind == MapKind::Data && !self.real_name.is(".data"))
            || (self.kind == MapKind::Rodata && !self.real_name.is(".rodata"))
    }

    /// What `bpf_map__name` answers.
    #[inline(always)]
    pub fn user_name(&self) -> &Name {
        if self.uses_real_name() {
            &self.real_name
        } else {
            &self.name
        }
    }

    pub fn is_ringbuf(&self) -> bool {
        self.def.map_type == map_type::RINGBUF
    }
}

fn is_ringbuf_type(t: u32) -> bool {
    t == map_type::RINGBUF || t == map_type::USER_RINGBUF
}

/// The kernel wants a ring buffer's size to be the page size times a power
/// of two: libbpf rounds any other non-zero size up to the next such size
/// (and leaves a size it cannot round, or 0, for the kernel to refuse).
fn adjust_ringbuf_sz(sz: u32) -> u32 {
    ringbuf_sz_for_page(sz, sys::mmap::page_size() as u32)
}

fn ringbuf_sz_for_page(sz: u32, page: u32) -> u32 {
    if sz == 0 || (sz % page == 0 && (sz / page).is_power_of_two()) {
        return sz;
    }
    let mut mul: u32 = 1;
    while mul <= u32::MAX / page {
        if mul * page > sz {
            return mul * page;
        }
        mul <<= 1;
    }
    sz
}

#[cfg(test)]
mod tests {
    use super::ringbuf_sz_for_page;

    #[test]
    fn ringbuf_sizes_as_libbpf() {
        let p = 4096;
        for (given, want) in [
            (0, 0),
            (1, 4096),
            (2, 4096),
            (8, 4096),
            (1000, 4096),
            (4096, 4096),
            (4097, 8192),
            (8192, 8192),
            (3 * 4096, 16384),
            (256 * 1024, 256 * 1024),
            (1 << 31, 1 << 31),
            ((1 << 31) + 1, (1 << 31) + 1),
            (u32::MAX, u32::MAX),
        ] {
            assert_eq!(ringbuf_sz_for_page(given, p), want, "size {given}");
        }
    }
}
