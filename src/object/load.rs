//! `bpf_object__load`: BTF → maps (with initial data, freezing, mmap) →
//! programs (relocated, with func/line info) → `.rodata` bound to programs.

use super::{reloc, Map, Object};
use crate::elf::MapKind;
use crate::error::{Errno, Error, Result};
use crate::sys::bpf as sys;
use crate::uapi::bpf::*;
use std::os::fd::{AsFd, AsRawFd};

/// Largest verifier log we grow to when a load fails.
const MAX_LOG_SIZE: usize = u32::MAX as usize >> 8;
const FIRST_LOG_SIZE: usize = 1 << 20;

fn sanitize_name(name: &str) -> [u8; 16] {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    sys::obj_name(&clean)
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
        if !self.prepared {
            self.prepare()?;
        }
        self.load_attempted = true;
        let res = self.load_progs();
        self.finish(res)?;
        self.loaded = true;
        Ok(())
    }

    /// Everything but program loading: BTF loaded, maps created and initialised.
    pub fn prepare(&mut self) -> Result<()> {
        if self.prepared || self.load_attempted {
            return Err(Error::inval(format!(
                "object '{}': prepare can't be attempted twice",
                self.name
            )));
        }
        let res = self.load_btf().and_then(|_| self.create_maps());
        if res.is_err() {
            self.load_attempted = true;
        }
        self.finish(res)?;
        self.prepared = true;
        Ok(())
    }

    /// On failure, releases everything created so far (fds close on drop).
    fn finish(&mut self, res: Result<()>) -> Result<()> {
        if let Err(e) = res {
            crate::warn!("failed to load object '{}'", self.name);
            for p in &mut self.progs {
                p.fd = None;
            }
            for m in &mut self.maps {
                m.fd = None;
            }
            self.btf_fd = None;
            return Err(e);
        }
        Ok(())
    }

    fn load_btf(&mut self) -> Result<()> {
        let Some(btf) = self.spec.btf.as_ref() else {
            return Ok(());
        };
        let raw = btf.raw();
        let mut attr = BtfLoadAttr {
            btf: raw.as_ptr() as u64,
            btf_size: raw.len() as u32,
            ..Default::default()
        };
        match sys::btf_load(&mut attr) {
            Ok(fd) => self.btf_fd = Some(fd),
            Err(e) => {
                // Same policy as libbpf: BTF is optional for loading programs.
                let mut log = vec![0u8; 64 * 1024];
                let mut attr = BtfLoadAttr {
                    btf: raw.as_ptr() as u64,
                    btf_size: raw.len() as u32,
                    btf_log_buf: log.as_mut_ptr() as u64,
                    btf_log_size: log.len() as u32,
                    btf_log_level: 1,
                    ..Default::default()
                };
                let _ = sys::btf_load(&mut attr);
                let end = log.iter().position(|&b| b == 0).unwrap_or(log.len());
                crate::warn!(
                    "Error loading .BTF into kernel: {}. BTF is optional, ignoring.\n{}",
                    -e.0,
                    String::from_utf8_lossy(&log[..end])
                );
            }
        }
        Ok(())
    }

    fn create_maps(&mut self) -> Result<()> {
        let btf_fd = self.btf_fd.as_ref().map(|f| f.as_raw_fd());
        for m in &mut self.maps {
            if !m.autocreate || m.fd.is_some() {
                continue;
            }
            create_map(m, btf_fd)?;
            if m.kind != MapKind::Btf {
                init_data_map(m)?;
            }
        }
        Ok(())
    }

    fn load_progs(&mut self) -> Result<()> {
        self.relocate_core()?;
        let map_fds: Vec<Option<i32>> = self
            .maps
            .iter()
            .map(|m| m.fd.as_ref().map(|f| f.as_raw_fd()))
            .collect();
        let rodata: Vec<i32> = self
            .maps
            .iter()
            .filter(|m| m.kind == MapKind::Rodata)
            .filter_map(|m| m.fd.as_ref().map(|f| f.as_raw_fd()))
            .collect();
        let license = std::ffi::CString::new(self.spec.license.clone()).unwrap_or_default();
        for p in &mut self.progs {
            if !p.autoload {
                crate::debug!("prog '{}': skipped loading", p.name);
                continue;
            }
            if p.sec_def.is_none() && p.prog_type == 0 {
                return Err(Error::inval(format!(
                    "prog '{}': missing BPF prog type, check ELF section name '{}'",
                    p.name, p.sec_name
                )));
            }
            if p.sec_def.is_some_and(|d| d.attach_btf) {
                return Err(Error::NotSupported(format!(
                    "prog '{}': BTF-attached programs ('{}') need the attach-BTF resolver",
                    p.name, p.sec_name
                )));
            }
            let linked = reloc::link(&self.spec, p.spec_idx, &|i| {
                map_fds.get(i).copied().flatten()
            })?;
            let (func_info, line_info) = if self.btf_fd.is_some() {
                (&linked.func_info[..], &linked.line_info[..])
            } else {
                (&[][..], &[][..])
            };
            let mut attr = ProgLoadAttr {
                prog_type: p.prog_type,
                expected_attach_type: p.expected_attach_type,
                prog_flags: p.prog_flags,
                insn_cnt: linked.insns.len() as u32,
                insns: linked.insns.as_ptr() as u64,
                license: license.as_ptr() as u64,
                kern_version: self.spec.kern_version,
                prog_name: sanitize_name(&p.name),
                prog_btf_fd: self.btf_fd.as_ref().map_or(0, |f| f.as_raw_fd() as u32),
                ..Default::default()
            };
            if !func_info.is_empty() {
                attr.func_info_rec_size = linked.func_info_rec_size;
                attr.func_info = func_info.as_ptr() as u64;
                attr.func_info_cnt = (func_info.len() / linked.func_info_rec_size as usize) as u32;
            }
            if !line_info.is_empty() {
                attr.line_info_rec_size = linked.line_info_rec_size;
                attr.line_info = line_info.as_ptr() as u64;
                attr.line_info_cnt = (line_info.len() / linked.line_info_rec_size as usize) as u32;
            }
            let fd = load_with_log(&mut attr, p.log_level, &p.name, &mut p.last_log)?;
            for &r in &rodata {
                // SAFETY-free: borrowing fds we own for the duration of the call.
                let map = self
                    .maps
                    .iter()
                    .find(|m| m.fd.as_ref().is_some_and(|f| f.as_raw_fd() == r));
                if let Some(map_fd) = map.and_then(|m| m.fd()) {
                    if let Err(e) = sys::prog_bind_map(fd.as_fd(), map_fd) {
                        crate::debug!("prog '{}': failed to bind .rodata map: {e}", p.name);
                    }
                }
            }
            p.insns = linked.insns;
            p.fd = Some(fd);
        }
        Ok(())
    }
}

fn create_map(m: &mut Map, btf_fd: Option<i32>) -> Result<()> {
    let mut flags = m.def.map_flags;
    if m.kind != MapKind::Btf && m.has_global_vars {
        flags |= BPF_F_MMAPABLE;
    }
    let mut attr = MapCreateAttr {
        map_type: m.def.map_type,
        key_size: m.def.key_size,
        value_size: m.def.value_size,
        max_entries: m.def.max_entries,
        map_flags: flags,
        numa_node: m.def.numa_node,
        map_name: sanitize_name(&m.name),
        map_extra: m.def.map_extra,
        ..Default::default()
    };
    if let Some(fd) = btf_fd.filter(|_| m.def.btf_value_type_id != 0 || m.def.btf_key_type_id != 0)
    {
        attr.btf_fd = fd as u32;
        attr.btf_key_type_id = m.def.btf_key_type_id;
        attr.btf_value_type_id = m.def.btf_value_type_id;
    }
    // Ring buffers and perf event arrays take no key/value types.
    if matches!(
        m.def.map_type,
        map_type::RINGBUF | map_type::PERF_EVENT_ARRAY
    ) {
        attr.btf_key_type_id = 0;
        attr.btf_value_type_id = 0;
    }
    if m.def.map_type == map_type::PERF_EVENT_ARRAY && attr.max_entries == 0 {
        attr.max_entries = crate::sys::cpus::possible_count()? as u32;
    }
    let fd = match sys::map_create(&mut attr) {
        Ok(fd) => fd,
        Err(e) if attr.btf_fd != 0 => {
            crate::warn!(
                "map '{}': failed to create with BTF: {e}. Retrying without BTF.",
                m.name
            );
            attr.btf_fd = 0;
            attr.btf_key_type_id = 0;
            attr.btf_value_type_id = 0;
            sys::map_create(&mut attr).map_err(|e| map_err(m, e))?
        }
        Err(e) => return Err(map_err(m, e)),
    };
    m.def.map_flags = flags;
    m.fd = Some(fd);
    Ok(())
}

fn map_err(m: &Map, e: Errno) -> Error {
    Error::sys(format!("map '{}': failed to create", m.name), e)
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
    let rodata = m.kind == MapKind::Rodata;
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

/// Loads a program. With `log_level` 0 the first attempt runs without a log
/// (fast path); on failure it is retried with a log, grown on `ENOSPC`, and
/// the log is printed like libbpf does.
fn load_with_log(
    attr: &mut ProgLoadAttr,
    log_level: u32,
    name: &str,
    last_log: &mut Option<String>,
) -> Result<std::os::fd::OwnedFd> {
    if log_level == 0 {
        if let Ok(fd) = sys::prog_load(attr) {
            return Ok(fd);
        }
    }
    let level = if log_level == 0 { 1 } else { log_level };
    let mut size = FIRST_LOG_SIZE;
    loop {
        let mut buf = vec![0u8; size];
        attr.log_level = level;
        attr.log_size = size as u32;
        attr.log_buf = buf.as_mut_ptr() as u64;
        let res = sys::prog_load(attr);
        attr.log_buf = 0;
        attr.log_size = 0;
        attr.log_level = 0;
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        let log = String::from_utf8_lossy(&buf[..end]).into_owned();
        match res {
            Ok(fd) => {
                if log_level != 0 {
                    crate::debug!(
                        "prog '{name}': -- BEGIN PROG LOAD LOG --\n{log}-- END PROG LOAD LOG --"
                    );
                }
                *last_log = Some(log);
                return Ok(fd);
            }
            Err(e) if e == Errno::ENOSPC && size < MAX_LOG_SIZE => {
                size = (size * 4).min(MAX_LOG_SIZE)
            }
            Err(e) => {
                crate::warn!("prog '{name}': BPF program load failed: {}", e);
                if !log.is_empty() {
                    crate::warn!(
                        "prog '{name}': -- BEGIN PROG LOAD LOG --\n{log}-- END PROG LOAD LOG --"
                    );
                }
                *last_log = Some(log);
                return Err(Error::sys(format!("prog '{name}': failed to load"), e));
            }
        }
    }
}
