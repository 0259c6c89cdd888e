//! `bpf_object__load`: BTF → maps (with initial data, freezing, mmap) →
//! programs (relocated, with func/line info) → `.rodata` bound to programs.
//! This file holds the order and the object-wide steps; one program's load
//! is in `prog_load.rs`.

use super::{reloc, Map, Object};
use crate::elf::{MapKind, Slot};
use crate::error::{Errno, Error, Result};
use crate::insn::digest::SHA256_LEN;
use crate::sys::bpf as sys;
use crate::uapi::bpf::*;
use std::os::fd::{AsFd, AsRawFd};

pub(super) fn sanitize_name(name: &str) -> [u8; 16] {
    let mut out = [0u8; 16];
    let n = name.len().min(15);
    if name.as_bytes()[..n].is_ascii() {
        // Every name in practice: characters are bytes.
        out[..n].copy_from_slice(&name.as_bytes()[..n]);
        crate::name::clean_obj_name(&mut out[..n]);
        return out;
    }
    for (d, c) in out.iter_mut().zip(name.chars().take(15)) {
        *d = if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            c as u8
        } else {
            b'_'
        };
    }
    out
}

impl Object {
    /// libbpf's `OBJ_LOADED`, "doesn't matter if successfully or not": no
    /// second load, and the programs' setters answer `-EBUSY` from now on.
    pub(super) fn mark_load_attempted(&mut self) {
        self.load_attempted = true;
        for p in &mut self.progs {
            p.obj_loaded = true;
        }
    }

    /// Loads BTF, creates maps and loads programs. On failure everything
    /// created so far is released (fds close on drop) and the error returned.
    pub fn load(&mut self) -> Result<()> {
        if self.load_attempted {
            return Err(Error::inval(format!(
                "object '{}': load can't be attempted twice",
                self.name
            )));
        }
        if self.gen_loader.is_some() {
            return self.load_gen();
        }
        if !self.prepared {
            self.prepare()?;
        }
        self.mark_load_attempted();
        let res = self
            .load_progs()
            .and_then(|_| self.init_slots(true))
            .and_then(|_| self.fill_struct_ops_fds())
            .map_err(|e| {
                // libbpf says so only when loading programs fails, not prepare.
                let e = e.reported();
                crate::warn!("failed to load object '{}'", self.path);
                e
            });
        // Upstream frees its vmlinux BTF here, loaded or not.
        self.kernel_btf = None;
        self.finish(res)?;
        self.loaded = true;
        Ok(())
    }

    /// Everything but program loading: BTF loaded, maps created and
    /// initialised, programs relocated (`bpf_program__insns` shows the result).
    pub fn prepare(&mut self) -> Result<()> {
        if self.prepared || self.load_attempted {
            return Err(Error::inval(format!(
                "object '{}': prepare can't be attempted twice",
                self.name
            )));
        }
        if self.gen_loader.is_some() {
            self.mark_load_attempted();
            return Err(Error::NotSupported(format!(
                "object '{}': with gen_loader, call bpf_object__load (prepare alone records nothing)",
                self.name
            )));
        }
        let cands = self.hold_kernel_btf();
        let res = self
            .resolve_kconfig(&super::RunningKernel)
            .and_then(|_| self.resolve_ksyms())
            .and_then(|_| self.resize_datasecs())
            .and_then(|_| self.init_kern_struct_ops())
            // libbpf's order: programs are relocated (CO-RE, subprograms, map
            // references to placeholder fds) before BTF is loaded and maps
            // are created, so a failure there leaves them relocated.
            .and_then(|_| self.relocate_core(cands))
            .map(|_| self.place_arena_data())
            .and_then(|_| self.reserve_map_fds())
            .and_then(|_| self.relocate_progs())
            .and_then(|_| self.load_btf())
            .and_then(|_| self.create_maps());
        if res.is_err() {
            self.mark_load_attempted();
            self.kernel_btf = None;
        }
        self.finish(res)?;
        self.prepared = true;
        Ok(())
    }

    /// Takes the kernel's BTF for the rest of prepare and load when the
    /// object needs it (CO-RE without `btf_custom_path`, typed ksyms,
    /// BTF-attached programs, struct_ops maps), with libbpf's debug line.
    /// Every step asking for it meanwhile gets this copy; afterwards it is
    /// released unless something else holds it. For CO-RE, the candidates
    /// of the object's relocations are found while it is parsed
    /// ([`Object::kernel_btf_for_core`]) and returned.
    fn hold_kernel_btf(&mut self) -> Option<crate::btf::core::CandCache> {
        use crate::elf::externs::ExternKind;
        use crate::uapi::bpf::prog_type;
        let core = self.opts.btf_custom_path.is_none()
            && self
                .spec
                .btf_ext
                .as_ref()
                .is_some_and(|e| e.core_relo.iter().any(|(_, s)| !s.is_empty()));
        let ksyms = self
            .spec
            .externs
            .iter()
            .any(|x| matches!(x.kind, ExternKind::Ksym { type_id, .. } if type_id != 0));
        let progs = self.progs.iter().filter(|p| p.autoload).any(|p| {
            matches!(p.prog_type, prog_type::STRUCT_OPS | prog_type::LSM)
                || (p.prog_type == prog_type::TRACING && p.attach_prog_fd.is_none())
        });
        let maps = self.maps.iter().any(|m| m.st_ops.is_some());
        if !(core || ksyms || progs || maps) {
            return None;
        }
        let (btf, cands) = if core {
            match self.kernel_btf_for_core() {
                Ok((btf, cands)) => (Some(btf), cands),
                Err(_) => (None, None),
            }
        } else {
            (crate::sys::kernel_btf::vmlinux().ok(), None)
        };
        self.kernel_btf = btf;
        if self.kernel_btf.is_some() {
            crate::debug!(
                "loaded kernel BTF from '{}'",
                crate::sys::kernel_btf::VMLINUX_PATH
            );
        }
        cands
    }

    /// On failure, releases everything created so far (fds close on drop).
    fn finish(&mut self, res: Result<()>) -> Result<()> {
        if let Err(e) = res {
            let e = e.reported();
            for p in &mut self.progs {
                p.fd = None;
            }
            for m in &mut self.maps {
                m.fd = None;
                m.placeholder = None;
            }
            self.btf_fd = None;
            return Err(e);
        }
        Ok(())
    }

    /// Loads the object's BTF. Optimistic: as is first (no feature probes on
    /// a current kernel); if the kernel refuses it, rewritten for what the
    /// kernel supports (probed) and retried; without BTF if that fails too.
    fn load_btf(&mut self) -> Result<()> {
        let Some(btf) = self.spec.btf.as_ref() else {
            return Ok(());
        };
        let raw = btf.raw();
        if try_load_btf(&raw, None).is_ok_and(|fd| {
            self.btf_fd = Some(fd);
            true
        }) {
            return Ok(());
        }
        let features = kernel_btf_features();
        let mut last = raw;
        if crate::btf::sanitize::needs_sanitization(btf, &features) {
            let mut kern = btf.clone();
            crate::btf::sanitize::sanitize(&mut kern, &features)?;
            last = kern.raw();
            if let Ok(fd) = try_load_btf(&last, None) {
                crate::debug!(
                    "object '{}': BTF loaded after sanitizing for this kernel",
                    self.name
                );
                self.btf_fd = Some(fd);
                return Ok(());
            }
        }
        // As libbpf's btf_load_into_kernel: again with a verifier log, grown
        // on -ENOSPC; then, as bpf_object__sanitize_and_load_btf, BTF is
        // optional for loading programs.
        let mut size = super::prog_load::LIBBPF_LOG_SIZE;
        let err = loop {
            let mut buf = match crate::sys::mmap::Region::anon(size) {
                Ok(buf) => buf,
                Err(e) => break e,
            };
            match try_load_btf(&last, Some(buf.bytes_mut())) {
                Ok(fd) => {
                    self.btf_fd = Some(fd);
                    return Ok(());
                }
                Err(e) if e == Errno::ENOSPC && size <= u32::MAX as usize / 2 => size *= 2,
                Err(e) => {
                    let log = buf.bytes();
                    let end = log.iter().position(|&b| b == 0).unwrap_or(log.len());
                    crate::warn!("BTF loading error: {e}");
                    if end > 0 {
                        crate::warn!(
                            "-- BEGIN BTF LOAD LOG ---\n{}\n-- END BTF LOAD LOG --",
                            String::from_utf8_lossy(&log[..end])
                        );
                    }
                    break e;
                }
            }
        };
        crate::info!("Error loading .BTF into kernel: {err}. BTF is optional, ignoring.");
        Ok(())
    }

    /// libbpf puts the `__arena` globals at the end of the arena (so the
    /// start stays free for the program's own allocations) when the kernel
    /// accepts such large value offsets.
    fn place_arena_data(&mut self) {
        let Some(m) = self.spec.arena_map.and_then(|i| self.maps.get(i)) else {
            return;
        };
        if crate::sys::probes::supported(crate::sys::probes::Feature::Ldimm64FullRangeOff) {
            let page = crate::sys::mmap::page_size();
            let arena_sz = page * m.def.max_entries as usize;
            self.arena_data_off = arena_sz.saturating_sub(m.arena_data_sz.next_multiple_of(page));
        }
    }

    /// A placeholder fd for every map, as libbpf (see [`Map::placeholder`]);
    /// maps already given an fd keep theirs.
    pub(super) fn reserve_map_fds(&mut self) -> Result<()> {
        for m in self
            .maps
            .iter_mut()
            .filter(|m| m.fd.is_none() && m.placeholder.is_none())
        {
            let ph = crate::sys::fd::placeholder()
                .map_err(|e| Error::sys(format!("map '{}': placeholder fd", m.name), e))?;
            m.placeholder = Some(ph);
        }
        Ok(())
    }

    fn create_maps(&mut self) -> Result<()> {
        let btf_fd = self.btf_fd.as_ref().map(|f| f.as_raw_fd());
        // Exclusive maps are rare: no digest list unless one is asked for.
        let digests = if self.maps.iter().any(|m| m.excl_prog.is_some()) {
            self.maps
                .iter()
                .map(|m| m.excl_prog.map(|p| self.excl_prog_digest(m, p)).transpose())
                .collect::<Result<Vec<_>>>()?
        } else {
            Vec::new()
        };
        for (i, m) in self.maps.iter_mut().enumerate() {
            let digest = digests.get(i).copied().flatten();
            if !m.autocreate {
                crate::debug!("map '{}': skipped auto-creating...", m.name);
                continue;
            }
            let created = create_or_reuse(m, btf_fd, digest.as_ref(), self.arena_data_off);
            created.map_err(|e| {
                let e = e.reported();
                crate::warn!("map '{}': failed to create: {e}", m.name);
                super::diag::perm_hint(e.errno());
                Error::Reported(e.errno())
            })?;
        }
        self.init_slots(false)
    }

    /// The digest the kernel will compute for the exclusive program of `m`
    /// (at address `prog`): of its instructions as they will be loaded.
    /// Map fds do not enter the digest, so linking with placeholders is exact.
    fn excl_prog_digest(&self, m: &Map, prog: usize) -> Result<[u8; SHA256_LEN]> {
        let p = self
            .progs
            .iter()
            .find(|p| std::ptr::eq(*p, prog as *const super::Program))
            .ok_or_else(|| {
                Error::inval(format!(
                    "map '{}': exclusive program is not in object '{}'",
                    m.name, self.name
                ))
            })?;
        let linked;
        let insns = if p.insns_replaced {
            &p.insns[..]
        } else {
            // Maps not created are poisoned in the loaded program: so in the digest.
            let slot = |i: usize| match self.maps.get(i) {
                Some(m) if !m.autocreate => reloc::MapSlot::Uncreated(m.name.clone()),
                _ => reloc::MapSlot::Ref(reloc::MapRef::Fd(0)),
            };
            linked = reloc::link(
                &self.spec,
                p.spec_idx,
                &slot,
                &self.ksyms,
                self.arena_data_off as u32,
            )?;
            &linked.insns[..]
        };
        crate::insn::digest::prog_digest(insns).ok_or_else(|| {
            Error::inval(format!(
                "map '{}': prog '{}' has a malformed ld_imm64 (can't compute its digest)",
                m.name, p.name
            ))
        })
    }

    /// Fills statically initialised `values[]` slots: inner maps once all
    /// maps exist, programs (`prog_array`) once programs are loaded.
    fn init_slots(&self, progs: bool) -> Result<()> {
        for m in &self.maps {
            let Some(outer) = m.fd() else { continue };
            for (index, slot) in &m.init_slots {
                // A slot whose program was not loaded goes to the kernel as
                // what libbpf's bpf_program__fd() gives, -ENOENT (a map not
                // created, as its placeholder fd or -1): the kernel's answer
                // is the error.
                let (what, fd, none) = match slot {
                    Slot::Map(i) if !progs => {
                        let inner = &self.maps[*i];
                        let fd = inner.fd.as_ref().or(inner.placeholder.as_ref());
                        (format!("map '{}'", inner.name), fd.map(|f| f.as_fd()), -1)
                    }
                    Slot::Prog(name) if progs => {
                        let p = self.progs.iter().find(|p| &p.name == name);
                        let none = -libc::ENOENT;
                        (format!("prog '{name}'"), p.and_then(|p| p.fd()), none)
                    }
                    _ => continue,
                };
                let raw = fd.map_or(none, |f| f.as_raw_fd());
                let value = raw.to_ne_bytes();
                sys::map_update_elem(outer, &index.to_ne_bytes(), &value, 0).map_err(|e| {
                    Error::sys(
                        format!(
                            "map '{}': failed to initialize slot [{index}] to {what} fd={raw}",
                            m.name
                        ),
                        e,
                    )
                })?;
                crate::debug!("map '{}': slot [{index}] set to {what} fd={raw}", m.name);
            }
        }
        Ok(())
    }

    /// Links every program that will be loaded: subprograms appended, map
    /// references resolved to fds, func/line info rebased.
    fn relocate_progs(&mut self) -> Result<()> {
        let maps = &self.maps;
        // As libbpf: a map with autocreate off is not referenced, even if
        // it was given an fd (reuse_fd); its loads are poisoned. The others
        // are referenced by the fd they will have: their placeholder's.
        let map_ref = |i: usize| match maps.get(i) {
            Some(m) => match m
                .fd
                .as_ref()
                .or(m.placeholder.as_ref())
                .filter(|_| m.autocreate)
            {
                Some(f) => reloc::MapSlot::Ref(reloc::MapRef::Fd(f.as_raw_fd())),
                None => reloc::MapSlot::Uncreated(m.name.clone()),
            },
            None => reloc::MapSlot::Uncreated(crate::name::Name::new("")),
        };
        for p in &mut self.progs {
            if !p.autoload {
                if !p.insns_replaced {
                    reloc::mark_func_ptrs(&self.spec, p.spec_idx, &mut p.insns);
                }
                continue;
            }
            let linked = reloc::link(
                &self.spec,
                p.spec_idx,
                &map_ref,
                &self.ksyms,
                self.arena_data_off as u32,
            )?;
            if p.insns_replaced {
                // The caller's instructions are final, and the object's
                // func/line info no longer describes them.
                p.linked = Some(reloc::Linked::default());
                continue;
            }
            let mut linked = linked;
            // The program's instructions are now the linked ones (the load
            // reads them from the program): moved, not copied.
            p.insns = std::mem::take(&mut linked.insns);
            p.linked = Some(linked);
        }
        Ok(())
    }
}

/// Creates `m` (or takes the pinned map it names), fills it and pins it.
fn create_or_reuse(
    m: &mut Map,
    btf_fd: Option<i32>,
    excl: Option<&[u8; SHA256_LEN]>,
    arena_data_off: usize,
) -> Result<()> {
    if m.fd.is_some() || m.reuse_pinned()? {
        // The programs refer to the placeholder's number: the map takes it.
        m.adopt_placeholder()?;
        let fd = m.fd().map_or(-1, |f| f.as_raw_fd());
        crate::debug!("map '{}': skipping creation (preset fd={fd})", m.name);
    } else {
        create_map(m, btf_fd, excl)?;
        m.adopt_placeholder()?;
        crate::c_debug!(
            c"libbpf: map '%.*s': created successfully, fd=%d\n",
            crate::log::c_len(&m.name),
            m.name.as_ptr(),
            m.fd().map_or(-1, |f| f.as_raw_fd())
        );
        if m.kind != MapKind::Btf {
            init_data_map(m)?;
        } else if m.def.map_type == map_type::ARENA {
            init_arena(m, arena_data_off)?;
        }
    }
    if m.pin_path.is_some() && !m.pinned {
        m.pin(None)?;
    }
    Ok(())
}

fn create_map(m: &mut Map, btf_fd: Option<i32>, excl: Option<&[u8; SHA256_LEN]>) -> Result<()> {
    // Map-in-map: the kernel needs an inner map to take its shape from; a
    // template is created for the call and closed right after.
    let template = match m.inner.as_mut() {
        Some(inner) if m.inner_map_fd.is_none() => {
            create_map(inner, btf_fd, None).map_err(|e| {
                let e = e.reported();
                crate::warn!("map '{}': failed to create inner map: {e}", m.name);
                e
            })?;
            inner.fd.take()
        }
        _ => None,
    };
    let inner_fd = template
        .as_ref()
        .or(m.inner_map_fd.as_ref())
        .map(|f| f.as_raw_fd() as u32);
    let flags = m.def.map_flags;
    let mut attr = MapCreateAttr {
        map_type: m.def.map_type,
        key_size: m.def.key_size,
        value_size: m.def.value_size,
        max_entries: m.def.max_entries,
        map_flags: flags,
        numa_node: m.def.numa_node,
        map_name: sanitize_name(&m.name),
        map_extra: m.def.map_extra,
        map_ifindex: m.ifindex,
        inner_map_fd: inner_fd.unwrap_or(0),
        ..Default::default()
    };
    if let Some(digest) = excl {
        attr.excl_prog_hash = digest.as_ptr() as u64;
        attr.excl_prog_hash_size = SHA256_LEN as u32;
    }
    if let Some(fd) = btf_fd.filter(|_| m.def.btf_value_type_id != 0 || m.def.btf_key_type_id != 0)
    {
        attr.btf_fd = fd as u32;
        attr.btf_key_type_id = m.def.btf_key_type_id;
        attr.btf_value_type_id = m.def.btf_value_type_id;
    }
    // Map types whose keys/values the kernel does not describe with BTF
    // (fds, ids, or no values at all), as libbpf leaves them out.
    const NO_BTF: [u32; 14] = [4, 8, 7, 12, 13, 14, 25, 16, 17, 15, 18, 22, 23, 33];
    if NO_BTF.contains(&m.def.map_type) {
        attr.btf_fd = 0;
        attr.btf_key_type_id = 0;
        attr.btf_value_type_id = 0;
        m.def.btf_key_type_id = 0;
        m.def.btf_value_type_id = 0;
    } else if m.def.map_type == map_type::STRUCT_OPS {
        attr.btf_value_type_id = 0;
        attr.btf_vmlinux_value_type_id = m.vmlinux_value_type_id();
    }
    if m.def.map_type == map_type::PERF_EVENT_ARRAY && attr.max_entries == 0 {
        // One slot per possible CPU, recorded in the definition as libbpf does.
        attr.max_entries = crate::sys::cpus::possible_count()? as u32;
        m.def.max_entries = attr.max_entries;
        crate::debug!("map '{}': setting size to {}", m.name, attr.max_entries);
    }
    let fd = match sys::map_create(&mut attr) {
        Ok(fd) => fd,
        Err(e) if attr.btf_fd != 0 => {
            crate::warn!(
                "Error in bpf_create_map_xattr({}): {e}. Retrying without BTF.",
                m.name
            );
            attr.btf_fd = 0;
            attr.btf_key_type_id = 0;
            attr.btf_value_type_id = 0;
            m.def.btf_key_type_id = 0;
            m.def.btf_value_type_id = 0;
            sys::map_create(&mut attr).map_err(Error::Reported)?
        }
        Err(e) => return Err(Error::Reported(e)),
    };
    m.def.map_flags = flags;
    m.fd = Some(fd);
    Ok(())
}

/// Writes a global-data map's initial contents, freezes `.rodata`, and maps
/// the kernel map over the region user space already holds.
fn init_data_map(m: &mut Map) -> Result<()> {
    let fd = m.fd.as_ref().expect("created").as_fd();
    let region = m.mmaped.as_mut().expect("data maps have a region");
    let value = &region.bytes()[..m.def.value_size as usize];
    sys::map_update_elem(fd, &0u32.to_ne_bytes(), value, 0).map_err(|e| {
        Error::sys(
            format!("map '{}': failed to set initial contents", m.name),
            e,
        )
    })?;
    let rodata = matches!(m.kind, MapKind::Rodata | MapKind::Kconfig);
    if rodata {
        sys::map_freeze(fd)
            .map_err(|e| Error::sys(format!("map '{}': failed to freeze", m.name), e))?;
    }
    if m.def.map_flags & BPF_F_MMAPABLE != 0 {
        region
            .remap_fd(fd, !rodata)
            .map_err(|e| Error::sys(format!("map '{}': failed to re-mmap()", m.name), e))?;
    } else {
        // Not mmapable (no global variables): user space has nothing to alias.
        m.mmaped = None;
    }
    Ok(())
}

/// Maps the new arena (at `map_extra` if the object asks for an address)
/// and copies the `__arena` globals to their place in it.
fn init_arena(m: &mut Map, data_off: usize) -> Result<()> {
    let fd = m.fd.as_ref().expect("created").as_fd();
    let len = crate::sys::mmap::page_size() * m.def.max_entries as usize;
    let mut region = crate::sys::mmap::Region::map_fd_at(fd, len, m.def.map_extra as usize)
        .map_err(|e| Error::sys(format!("map '{}': failed to mmap arena", m.name), e))?;
    if let Some(init) = m.mmaped.as_ref() {
        let n = m.arena_data_sz;
        let dst = region
            .bytes_mut()
            .get_mut(data_off..data_off + n)
            .ok_or_else(|| {
                Error::inval(format!(
                    "map '{}': __arena globals beyond the arena",
                    m.name
                ))
            })?;
        dst.copy_from_slice(&init.bytes()[..n]);
    }
    m.mmaped = Some(region);
    Ok(())
}

/// One `BPF_BTF_LOAD`; with `log`, at log level 1 into that buffer.
fn try_load_btf(
    raw: &[u8],
    log: Option<&mut [u8]>,
) -> std::result::Result<std::os::fd::OwnedFd, Errno> {
    let mut attr = BtfLoadAttr {
        btf: raw.as_ptr() as u64,
        btf_size: raw.len() as u32,
        ..Default::default()
    };
    if let Some(log) = log {
        attr.btf_log_buf = log.as_mut_ptr() as u64;
        attr.btf_log_size = log.len().min(u32::MAX as usize) as u32;
        attr.btf_log_level = 1;
    }
    sys::btf_load(&mut attr)
}

/// The BTF kinds the running kernel accepts (probed once per process).
fn kernel_btf_features() -> crate::btf::sanitize::Features {
    use crate::sys::probes::{supported, Feature};
    let (decl_tag, type_tag, enum64) = (
        supported(Feature::BtfDeclTag),
        supported(Feature::BtfTypeTag),
        supported(Feature::BtfEnum64),
    );
    crate::btf::sanitize::Features {
        func: supported(Feature::BtfFunc),
        func_global: supported(Feature::BtfGlobalFunc),
        datasec: supported(Feature::BtfDatasec),
        // No probe of its own: '?'-prefixed DATASEC names came with the newest
        // of the kinds above, so they stand in for it.
        qmark_datasec: decl_tag && type_tag && enum64,
        float: supported(Feature::BtfFloat),
        decl_tag,
        type_tag,
        enum64,
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize_name;

    #[test]
    fn kernel_names() {
        assert_eq!(&sanitize_name("handle_tp"), b"handle_tp\0\0\0\0\0\0\0");
        assert_eq!(&sanitize_name("a-b.c d"), b"a_b.c_d\0\0\0\0\0\0\0\0\0");
        // 15 characters at most, the 16th byte stays NUL.
        assert_eq!(&sanitize_name("0123456789abcdefgh"), b"0123456789abcde\0");
        // Non-ASCII: one '_' per character, on the character-wise path.
        assert_eq!(&sanitize_name("é_x"), b"__x\0\0\0\0\0\0\0\0\0\0\0\0\0");
        assert_eq!(&sanitize_name("0123456789abcdeé"), b"0123456789abcde\0");
    }
}
