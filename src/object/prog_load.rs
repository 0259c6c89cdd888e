//! Loading one program: its `BPF_PROG_LOAD` attributes (attach BTF id,
//! func/line info, a custom handler's changes), the verifier log libbpf's
//! way (retry with a log, grow it, rewrite poisoned instructions), and
//! `.rodata` bound to it. `load.rs` orchestrates; this is the per-program step.

use super::load::sanitize_name;
use super::{verifier_log, Map, Object, Program};
use crate::elf::MapKind;
use crate::error::{Errno, Error, Result};
use crate::sys::bpf as sys;
use crate::uapi::bpf::*;
use std::os::fd::{AsFd, AsRawFd};

/// Largest verifier log we grow to when a load fails.
/// libbpf's first own log buffer (`BPF_LOG_BUF_SIZE`); it doubles on
/// `-ENOSPC` while the size fits twice in a u32, so the final error is the
/// verifier's own once the log fits (e.g. -E2BIG at the instruction limit).
pub(super) const LIBBPF_LOG_SIZE: usize = u32::MAX as usize >> 8;
const MAX_LOG_SIZE: usize = u32::MAX as usize / 2;
const FIRST_LOG_SIZE: usize = 1 << 20;

impl Object {
    /// Loads every autoload program, in order; the first failure stops.
    pub(super) fn load_progs(&mut self) -> Result<()> {
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
                crate::warn!(
                    "prog '{}': SEC(\"struct_ops\") program isn't referenced anywhere, did you forget to use it?",
                    p.name
                );
                crate::warn!("prog '{}': failed to load: {}", p.name, Errno::EINVAL);
                return Err(Error::Reported(Errno::EINVAL));
            }
            let attach_btf_id = match p.sec_def.filter(|d| d.attach_btf) {
                _ if p.attach_btf_id != 0 => p.attach_btf_id,
                // As libbpf: the section's load preparation failed, then the load.
                Some(d) => attach_target_btf_id(p, d).map_err(|e| {
                    let e = e.reported();
                    crate::warn!("prog '{}': failed to prepare load attributes: {e}", p.name);
                    crate::warn!("prog '{}': failed to load: {e}", p.name);
                    e
                })?,
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
/// (BPF-to-BPF fentry/fexit), else a vmlinux type. libbpf's order and words
/// (`libbpf_prepare_prog_load`, `libbpf_find_attach_btf_id`): the section
/// must name a target, then freplace needs a target program.
fn attach_target_btf_id(p: &Program, d: &crate::elf::secdef::SecDef) -> Result<u32> {
    let func = crate::elf::secdef::target(d, &p.sec_name).ok_or_else(|| {
        Error::inval(format!(
            "prog '{}': no BTF-based attach target is specified, use bpf_program__set_attach_target()",
            p.name
        ))
    })?;
    if p.prog_type != crate::uapi::bpf::prog_type::EXT && p.attach_prog_fd.is_none() {
        return crate::object::btf_id::resolve(&p.name, d, &p.sec_name);
    }
    let target_fd = p
        .attach_prog_fd
        .as_ref()
        .ok_or_else(|| Error::inval(format!("prog '{}': attach program FD is not set", p.name)))?;
    crate::object::btf_id::resolve_in_prog(&p.name, target_fd.as_raw_fd(), func)
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
