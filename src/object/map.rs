//! `struct bpf_map`: a map definition, adjustable until load, then its fd.

use crate::elf::{MapDef, MapKind, MapSpec, Slot};
use crate::error::{Error, Result};
use crate::sys;
use crate::sys::mmap::Region;
use crate::uapi::bpf::map_type;
use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

#[derive(Debug)]
pub struct Map {
    pub name: String,
    /// `name` for C callers (`bpf_map__name`).
    pub name_c: CString,
    pub real_name: String,
    pub kind: MapKind,
    pub spec_idx: usize,
    pub def: MapDef,
    pub has_global_vars: bool,
    pub fd: Option<OwnedFd>,
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
}

impl Map {
    /// A map from a bare definition (inner map templates).
    fn bare(name: String, spec_idx: usize, def: MapDef) -> Map {
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

    pub fn new(name: String, spec_idx: usize, ms: &MapSpec) -> Map {
        Map {
            name_c: super::c_name(&name),
            name,
            real_name: ms.real_name.clone(),
            kind: ms.kind,
            spec_idx,
            def: ms.def.clone(),
            has_global_vars: ms.has_global_vars,
            fd: None,
            mmaped: None,
            autocreate: true,
            autoattach: true,
            ifindex: 0,
            pin_path: None,
            pinned: false,
            reused: false,
            inner: ms.inner.as_ref().map(|def| {
                let name = format!("{}.inner", ms.real_name);
                let mut m = Map::bare(name, spec_idx, def.clone());
                m.autocreate = false;
                Box::new(m)
            }),
            inner_map_fd: None,
            init_slots: ms.init_slots.clone(),
            st_ops: None,
        }
    }

    /// Bytes to mmap for an array map: values are 8-byte aligned, page-rounded.
    pub fn mmap_size(&self) -> usize {
        let v = (self.def.value_size as usize).next_multiple_of(8);
        (v * self.def.max_entries.max(1) as usize).next_multiple_of(sys::mmap::page_size())
    }

    pub fn fd(&self) -> Option<BorrowedFd<'_>> {
        self.fd.as_ref().map(|f| f.as_fd())
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
            return Err(Error::inval(format!(
                "map '{}': unexpected key size {} provided, expected {}",
                self.name,
                key.len(),
                self.def.key_size
            )));
        }
        Ok(())
    }

    fn check_value(&self, value_len: usize) -> Result<()> {
        let want = self.user_value_size()?;
        if value_len != want {
            return Err(Error::inval(format!(
                "map '{}': unexpected value size {value_len} provided, expected {want}",
                self.name
            )));
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
    pub fn set_def(&mut self, f: impl FnOnce(&mut MapDef)) -> Result<()> {
        self.check_unloaded()?;
        f(&mut self.def);
        Ok(())
    }

    /// `bpf_map__set_max_entries`/`set_value_size` on global data would have to
    /// resize the mmaped region: not supported yet for internal maps.
    pub fn set_sizing(&mut self, f: impl FnOnce(&mut MapDef)) -> Result<()> {
        self.check_unloaded()?;
        if self.is_internal() {
            return Err(Error::NotSupported(format!(
                "map '{}': resizing global data",
                self.name
            )));
        }
        f(&mut self.def);
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
        let size = self.def.value_size as usize;
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

    pub fn is_ringbuf(&self) -> bool {
        self.def.map_type == map_type::RINGBUF
    }
}
