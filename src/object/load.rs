//! `bpf_object__load`: BTF → maps (with initial data, freezing, mmap) →
//! programs (relocated, with func/line info) → `.rodata` bound to programs.

use super::{reloc, verifier_log, Map, Object, Program};
use crate::elf::{MapKind, Slot};
use crate::error::{Errno, Error, Result};
use crate::insn::digest::SHA256_LEN;
use crate::sys::bpf as sys;
use crate::uapi::bpf::*;
use std::os::fd::{AsFd, AsRawFd};

/// Largest verifier log we grow to when a load fails.
/// libbpf's first own log buffer (`BPF_LOG_BUF_SIZE`); it doubles on
/// `-ENOSPC` while the size fits twice in a u32, so the final error is the
/// verifier's own once the log fits (e.g. -E2BIG at the instruction limit).
const LIBBPF_LOG_SIZE: usize = u32::MAX as usize >> 8;
const MAX_LOG_SIZE: usize = u32::MAX as usize / 2;
const FIRST_LOG_SIZE: usize = 1 << 20;

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
        self.load_attempted = true;
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
            self.load_attempted = true;
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
            self.load_attempted = true;
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
        let first = match try_load_btf(&raw, false) {
            Ok(fd) => {
                self.btf_fd = Some(fd);
                return Ok(());
            }
            Err(e) => e,
        };
        let features = kernel_btf_features();
        if crate::btf::sanitize::needs_sanitization(btf, &features) {
            let mut kern = btf.clone();
            crate::btf::sanitize::sanitize(&mut kern, &features)?;
            if let Ok(fd) = try_load_btf(&kern.raw(), false) {
                crate::debug!(
                    "object '{}': BTF loaded after sanitizing for this kernel",
                    self.name
                );
                self.btf_fd = Some(fd);
                return Ok(());
            }
        }
        // Same policy as libbpf: BTF is optional for loading programs.
        let log = try_load_btf(&raw, true)
            .err()
            .map(|(_, log)| log)
            .unwrap_or_default();
        crate::warn!(
            "Error loading .BTF into kernel: {}. BTF is optional, ignoring.\n{log}",
            -(first.0).0
        );
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
                let (what, fd) = match slot {
                    Slot::Map(i) if !progs => {
                        let inner = &self.maps[*i];
                        let fd = inner.fd.as_ref().or(inner.placeholder.as_ref());
                        (format!("map '{}'", inner.name), fd.map(|f| f.as_fd()))
                    }
                    Slot::Prog(name) if progs => {
                        let p = self.progs.iter().find(|p| &p.name == name);
                        (format!("prog '{name}'"), p.and_then(|p| p.fd()))
                    }
                    _ => continue,
                };
                // A slot whose program was not loaded goes to the kernel as
                // fd -1 (a map not created, as its placeholder fd), as
                // libbpf does: the kernel's answer is the error.
                let raw = fd.map_or(-1, |f| f.as_raw_fd());
                let value = raw.to_ne_bytes();
                sys::map_update_elem(outer, &index.to_ne_bytes(), &value, 0).map_err(|e| {
                    Error::sys(
                        format!(
                            "map '{}': failed to initialize slot [{index}] to {what}",
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

    fn load_progs(&mut self) -> Result<()> {
        let maps = &self.maps;
        let rodata = || {
            maps.iter()
                .filter(|m| m.kind == MapKind::Rodata)
                .filter_map(|m| m.fd())
        };
        let license = self.spec.license.clone();
        let btf_fd = self.btf_fd.as_ref().map(|f| f.as_raw_fd());
        for p in &mut self.progs {
            if !p.autoload {
                crate::debug!("prog '{}': skipped loading", p.name);
                continue;
            }
            if p.prog_type == 0 {
                crate::warn!(
                    "prog '{}': missing BPF prog type, check ELF section name '{}'",
                    p.name,
                    p.sec_name
                );
                crate::warn!("prog '{}': failed to load: {}", p.name, Errno::EINVAL);
                return Err(Error::Reported(Errno::EINVAL));
            }
            // Refused before the kernel, as libbpf: the kernel would say
            // only -ENOTSUPP (524).
            if p.prog_type == crate::elf::secdef::pt::STRUCT_OPS && p.attach_btf_id == 0 {
                return Err(Error::inval(format!(
                    "prog '{}': SEC(\"struct_ops\") program isn't referenced anywhere, did you forget to use it?",
                    p.name
                )));
            }
            let attach_btf_id = match p.sec_def.filter(|d| d.attach_btf) {
                _ if p.attach_btf_id != 0 => p.attach_btf_id,
                Some(d) => attach_target_btf_id(p, d)?,
                None => 0,
            };
            // Held here while the load uses its func/line info, so a custom
            // handler replacing the program's instructions cannot free them.
            let linked = p.linked.take().ok_or_else(|| {
                Error::inval(format!(
                    "prog '{}': not relocated (autoload turned on after prepare?)",
                    p.name
                ))
            })?;
            p.use_uprobe_multi_for_usdt();
            let mut attr = ProgLoadAttr {
                prog_type: p.prog_type,
                expected_attach_type: p.expected_attach_type,
                prog_flags: p.load_flags(),
                insn_cnt: p.insns.len() as u32,
                insns: p.insns.as_ptr() as u64,
                license: license.as_ptr() as u64,
                kern_version: self.kern_version,
                prog_name: sanitize_name(&p.name),
                prog_btf_fd: btf_fd.map_or(0, |f| f as u32),
                prog_ifindex: p.ifindex,
                attach_btf_id,
                attach_prog_fd: p
                    .attach_prog_fd
                    .as_ref()
                    .map_or(0, |f| f.as_raw_fd() as u32),
                ..Default::default()
            };
            if btf_fd.is_some() && !linked.func_info.is_empty() {
                attr.func_info_rec_size = linked.func_info_rec_size;
                attr.func_info = linked.func_info.as_ptr() as u64;
                attr.func_info_cnt =
                    (linked.func_info.len() / linked.func_info_rec_size as usize) as u32;
            }
            if btf_fd.is_some() && !linked.line_info.is_empty() {
                attr.line_info_rec_size = linked.line_info_rec_size;
                attr.line_info = linked.line_info.as_ptr() as u64;
                attr.line_info_cnt =
                    (linked.line_info.len() / linked.line_info_rec_size as usize) as u32;
            }
            if let Some(h) = p.handler.clone() {
                let res = h.hooks.prepare_load(p, &mut attr);
                if p.linked.is_none() {
                    p.linked = Some(linked);
                }
                res.map_err(|e| {
                    crate::warn!("prog '{}': failed to prepare load attributes: {e}", p.name);
                    e
                })?;
                // As upstream: type and instructions are the program's (the
                // callback may have changed them); the log is ours to set.
                attr.prog_type = p.prog_type;
                attr.insns = p.insns.as_ptr() as u64;
                attr.insn_cnt = p.insns.len() as u32;
                (attr.log_buf, attr.log_size, attr.log_level) = (0, 0, 0);
            } else {
                p.linked = Some(linked);
            }
            let user_log = p.user_log.or(self.opts.kernel_log);
            let names = ObjNames {
                maps,
                spec: &self.spec,
            };
            let failed = super::diag::Failed {
                prog: &p.name,
                spec: &self.spec,
                linked: p.linked.as_ref(),
                core: &self.core_failures,
            };
            let fd = load_with_log(
                &mut attr,
                p.log_level,
                user_log,
                &names,
                &mut p.last_log,
                &failed,
            )
            .map_err(|e| {
                let e = e.reported();
                crate::warn!("prog '{}': failed to load: {e}", p.name);
                e
            })?;
            for map_fd in rodata() {
                if let Err(e) = sys::prog_bind_map(fd.as_fd(), map_fd) {
                    crate::debug!("prog '{}': failed to bind .rodata map: {e}", p.name);
                }
            }
            p.fd = Some(fd);
        }
        Ok(())
    }
}

/// The attach BTF id a BTF-attached program's section names: a FUNC of the
/// target program's BTF for freplace and for programs given a target program
/// (BPF-to-BPF fentry/fexit), else a vmlinux type.
fn attach_target_btf_id(p: &Program, d: &crate::elf::secdef::SecDef) -> Result<u32> {
    let to_prog = d.prog_type == crate::uapi::bpf::prog_type::EXT || p.attach_prog_fd.is_some();
    if !to_prog {
        return crate::object::btf_id::resolve(&p.name, d, &p.sec_name);
    }
    let target_fd = p.attach_prog_fd.as_ref().ok_or_else(|| {
        Error::inval(format!(
            "prog '{}': attach program FD is not set: freplace programs need bpf_program__set_attach_target(prog, target_prog_fd, ...) before load",
            p.name
        ))
    })?;
    let func = crate::elf::secdef::target(d, &p.sec_name).ok_or_else(|| {
        Error::inval(format!(
            "prog '{}': no BTF-based attach target is specified in section '{}', use bpf_program__set_attach_target()",
            p.name, p.sec_name
        ))
    })?;
    crate::object::btf_id::resolve_in_prog(&p.name, target_fd.as_raw_fd(), func)
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
        crate::debug!(
            "map '{}': created successfully, fd={}",
            m.name,
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

/// One `BPF_BTF_LOAD`; with `with_log`, the verifier's BTF log comes back on failure.
fn try_load_btf(
    raw: &[u8],
    with_log: bool,
) -> std::result::Result<std::os::fd::OwnedFd, (Errno, String)> {
    let mut log = if with_log {
        vec![0u8; 64 * 1024]
    } else {
        Vec::new()
    };
    let mut attr = BtfLoadAttr {
        btf: raw.as_ptr() as u64,
        btf_size: raw.len() as u32,
        ..Default::default()
    };
    if with_log {
        attr.btf_log_buf = log.as_mut_ptr() as u64;
        attr.btf_log_size = log.len() as u32;
        attr.btf_log_level = 1;
    }
    sys::btf_load(&mut attr).map_err(|e| {
        let end = log.iter().position(|&b| b == 0).unwrap_or(log.len());
        (e, String::from_utf8_lossy(&log[..end]).into_owned())
    })
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

/// The object's map and extern names, for rewriting a failed load's log.
struct ObjNames<'a> {
    maps: &'a [Map],
    spec: &'a crate::elf::ObjectSpec,
}

impl verifier_log::PoisonNames for ObjNames<'_> {
    fn map(&self, idx: usize) -> Option<&str> {
        self.maps.get(idx).map(|m| m.name.as_str())
    }
    fn kfunc(&self, idx: usize) -> Option<&str> {
        self.spec.externs.get(idx).map(|e| e.name.as_str())
    }
}

/// Loads a program the way libbpf does: with `log_level` 0 the first attempt
/// asks for no log; on failure it retries with level 1. The log goes to the
/// caller's buffer when one was given (as is, no growth, not printed), else
/// to ours, grown on `ENOSPC` and printed on failure (after libbpf's
/// rewrites of poisoned instructions, [`verifier_log`]).
fn load_with_log(
    attr: &mut ProgLoadAttr,
    log_level: u32,
    user_log: Option<(usize, usize)>,
    names: &dyn verifier_log::PoisonNames,
    last_log: &mut Option<String>,
    failed: &super::diag::Failed<'_>,
) -> Result<std::os::fd::OwnedFd> {
    let name = failed.prog;
    let mut level = log_level;
    let mut size = FIRST_LOG_SIZE;
    loop {
        // Anonymous pages: zero-filled as the kernel writes them, so a large
        // buffer costs only what the log uses, and failing to get one is an
        // error, not an abort.
        let mut own: Option<crate::sys::mmap::Region> = None;
        if level > 0 {
            attr.log_level = level;
            match user_log {
                Some((ptr, len)) => {
                    attr.log_buf = ptr as u64;
                    attr.log_size = len.min(u32::MAX as usize) as u32;
                }
                None => {
                    let buf = crate::sys::mmap::Region::anon(size).map_err(|e| {
                        Error::sys(format!("prog '{name}': {size}-byte verifier log"), e)
                    })?;
                    attr.log_buf = buf.as_ptr() as u64;
                    attr.log_size = size as u32;
                    own = Some(buf);
                }
            }
        }
        let res = sys::prog_load(attr);
        (attr.log_buf, attr.log_size, attr.log_level) = (0, 0, 0);
        let own = own
            .as_ref()
            .map_or(&[][..], |r| &r.bytes()[..size.min(r.len())]);
        let end = own.iter().position(|&b| b == 0).unwrap_or(own.len());
        let mut log = String::from_utf8_lossy(&own[..end]).into_owned();
        match res {
            Ok(fd) => {
                if level > 0 && user_log.is_none() {
                    crate::debug!(
                        "prog '{name}': -- BEGIN PROG LOAD LOG --\n{log}-- END PROG LOAD LOG --"
                    );
                }
                *last_log = Some(log);
                return Ok(fd);
            }
            Err(_) if level == 0 => level = 1,
            Err(e) if e == Errno::ENOSPC && user_log.is_none() && size <= MAX_LOG_SIZE => {
                size = (size * 2).max(LIBBPF_LOG_SIZE)
            }
            Err(e) => {
                verifier_log::fixup(&mut log, names);
                crate::warn!("prog '{name}': BPF program load failed: {e}");
                super::diag::perm_hint(e);
                failed.explain(&log);
                let log = failed.fixup_log(log);
                if !log.is_empty() {
                    crate::warn!(
                        "prog '{name}': -- BEGIN PROG LOAD LOG --\n{log}-- END PROG LOAD LOG --"
                    );
                }
                *last_log = Some(log);
                return Err(Error::Reported(e));
            }
        }
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
