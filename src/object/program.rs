//! `struct bpf_program`: one entry-point function, its section definition,
//! and after load its fd.

use super::handler::{self, ProgHandler, SecMatch};
use crate::elf::secdef::SecDef;
use crate::elf::ProgSpec;
use crate::error::Error;
use crate::error::Result;
use crate::name::Name;
use crate::uapi::bpf::bpf_insn;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd, RawFd};
use std::sync::Arc;

#[derive(Debug)]
pub struct Program {
    /// Shared with the spec; also what C callers get.
    pub name: Name,
    pub sec_name: Name,
    pub spec_idx: usize,
    pub sec_def: Option<&'static SecDef>,
    /// A custom section handler (`libbpf_register_prog_handler`) that
    /// matched instead of the built-in table.
    pub handler: Option<Arc<ProgHandler>>,
    pub prog_type: u32,
    pub expected_attach_type: u32,
    pub prog_flags: u32,
    pub autoload: bool,
    pub autoattach: bool,
    pub log_level: u32,
    /// Instructions as the object has them; after load, as loaded (relocated).
    pub insns: Vec<bpf_insn>,
    pub fd: Option<OwnedFd>,
    /// The relocated program between prepare and load.
    pub linked: Option<super::reloc::Linked>,
    /// The verifier log of the last load attempt that produced one.
    pub last_log: Option<String>,
    /// Device to offload to (`bpf_program__set_ifindex`).
    pub ifindex: u32,
    /// A caller's verifier log buffer (address, size): the kernel writes it.
    pub user_log: Option<(usize, usize)>,
    /// `bpf_program__set_attach_target`: the target program (our own dup).
    pub attach_prog_fd: Option<OwnedFd>,
    /// Instructions replaced by the caller (`bpf_program__set_insns`): loaded as given.
    pub insns_replaced: bool,
    /// Attach BTF id fixed before load: by the loader itself (struct_ops: the
    /// kernel struct) or by `set_attach_target` with a function name.
    pub attach_btf_id: u32,
    /// The object's load was attempted (libbpf's `OBJ_LOADED`), failed or
    /// not: setters answer `-EBUSY`.
    pub obj_loaded: bool,
    /// The object this program belongs to (see [`super::Object::id`]).
    pub obj_id: u64,
    /// Where that object lives once the C edge holds it (0 before): how a
    /// `struct bpf_program *` leads to its object, as libbpf's `prog->obj`.
    /// Only the C edge turns it back into a reference.
    pub obj_addr: usize,
}

/// `BPF_F_SLEEPABLE`.
const BPF_F_SLEEPABLE: u32 = 1 << 4;
/// `BPF_F_XDP_HAS_FRAGS`.
const BPF_F_XDP_HAS_FRAGS: u32 = 1 << 5;

impl Program {
    pub fn new(spec_idx: usize, p: &ProgSpec, log_level: u32) -> Result<Program> {
        let found = handler::find(&p.sec_name);
        let (sec_def, handler) = match &found {
            Some(SecMatch::Builtin(d)) => (Some(*d), None),
            Some(SecMatch::Custom(h)) => (None, Some(h.clone())),
            None => (None, None),
        };
        if found.is_none() {
            // Only a debug line at open, as libbpf: the type may still be set
            // by the caller; load warns if it is not.
            crate::debug!(
                "prog '{}': unrecognized ELF section name '{}'",
                p.name,
                p.sec_name
            );
        }
        Ok(Program {
            name: p.name.clone(),
            sec_name: p.sec_name.clone(),
            spec_idx,
            sec_def,
            handler,
            prog_type: found.as_ref().map_or(0, |m| m.prog_type()),
            expected_attach_type: found.as_ref().map_or(0, |m| m.expected_attach_type()),
            // The section's own flags (sleepable, XDP frags) go only into
            // the load attributes: `bpf_program__flags` shows the caller's.
            prog_flags: 0,
            autoload: p.autoload,
            autoattach: true,
            log_level,
            insns: p.insns.clone(),
            fd: None,
            linked: None,
            last_log: None,
            ifindex: 0,
            user_log: None,
            attach_prog_fd: None,
            insns_replaced: false,
            attach_btf_id: 0,
            obj_loaded: false,
            obj_id: 0,
            obj_addr: 0,
        })
    }

    /// Applies a pre-load setting; once the object's load was attempted
    /// libbpf answers `-EBUSY`.
    pub fn set(&mut self, f: impl FnOnce(&mut Program)) -> Result<()> {
        self.check_not_loaded(crate::Errno::EBUSY)?;
        f(self);
        Ok(())
    }

    /// `bpf_program__set_autoload`: as [`Program::set`], but `-EINVAL`
    /// after load, as libbpf.
    pub fn set_autoload(&mut self, autoload: bool) -> Result<()> {
        self.check_not_loaded(crate::Errno::EINVAL)?;
        self.autoload = autoload;
        Ok(())
    }

    fn check_not_loaded(&self, errno: crate::Errno) -> Result<()> {
        if self.fd.is_some() || self.obj_loaded {
            return Err(Error::other(
                errno,
                format!("prog '{}': can't change attributes after load", self.name),
            ));
        }
        Ok(())
    }

    /// `bpf_program__set_attach_target`: a target program fd (freplace,
    /// BPF-to-BPF fentry/fexit) and/or a function name. With a name, the
    /// attach BTF id is resolved now, as libbpf does, so a wrong name fails
    /// here; with only a fd, the section's name is resolved at load.
    pub fn set_attach_target(&mut self, prog_fd: RawFd, func: Option<&str>) -> Result<()> {
        if self.fd.is_some() || self.obj_loaded {
            return Err(Error::inval(format!(
                "prog '{}': can't set the attach target after load",
                self.name
            )));
        }
        if prog_fd < 0 {
            return Err(Error::inval(format!(
                "prog '{}': bad attach_prog_fd {prog_fd}",
                self.name
            )));
        }
        let btf_id = match func {
            Some(f) if prog_fd > 0 => {
                crate::object::btf_id::resolve_in_prog(&self.name, prog_fd, f)?
            }
            Some(f) => {
                crate::object::btf_id::resolve_kernel(&self.name, self.expected_attach_type, f)?
            }
            None if prog_fd > 0 => 0,
            None => {
                return Err(Error::inval(format!(
                    "prog '{}': attach target needs a program fd or a function name",
                    self.name
                )))
            }
        };
        // Our own reference to the target: the caller may close theirs.
        let fd = if prog_fd > 0 {
            Some(crate::sys::fd::dup(prog_fd).map_err(|e| {
                Error::sys(
                    format!("prog '{}': dup attach_prog_fd {prog_fd}", self.name),
                    e,
                )
            })?)
        } else {
            None
        };
        self.attach_prog_fd = fd;
        self.attach_btf_id = btf_id;
        Ok(())
    }

    /// `bpf_program__set_insns`: the given instructions are loaded as they
    /// are (no relocation), without the object's func/line info.
    pub fn replace_insns(&mut self, insns: Vec<bpf_insn>) -> Result<()> {
        self.set(|p| {
            p.insns = insns;
            p.insns_replaced = true;
            if p.linked.is_some() {
                p.linked = Some(super::reloc::Linked::default());
            }
        })
    }

    /// `bpf_program__set_type`: a different type drops the section's
    /// definition, as libbpf resets `prog->sec_def`: what the section implied
    /// at load (attach BTF id, sleepable, XDP frags, USDT's uprobe.multi) and
    /// auto-attach no longer apply. A custom fallback handler stays: it takes
    /// any type. The same type changes nothing.
    pub fn set_type(&mut self, prog_type: u32) -> Result<()> {
        self.set(|p| {
            if p.prog_type == prog_type {
                return;
            }
            p.prog_type = prog_type;
            p.sec_def = None;
            if p.handler.as_ref().is_some_and(|h| h.sec.is_some()) {
                p.handler = None;
            }
        })
    }

    /// `prog_flags` as the kernel gets them: the caller's plus what the
    /// section implies (libbpf's `libbpf_prepare_prog_load`, built-in
    /// sections only).
    pub fn load_flags(&self) -> u32 {
        let mut flags = self.prog_flags;
        if let Some(d) = self.sec_def {
            if d.sleepable {
                flags |= BPF_F_SLEEPABLE;
            }
            if d.xdp_frags && self.prog_type == crate::elf::secdef::pt::XDP {
                flags |= BPF_F_XDP_HAS_FRAGS;
            }
        }
        flags
    }

    /// libbpf's load-time rule for USDT sections: where the kernel has
    /// uprobe.multi links, the program is loaded for one (and attached
    /// through one); `bpf_program__expected_attach_type` shows it after.
    pub fn use_uprobe_multi_for_usdt(&mut self) {
        const TRACE_UPROBE_MULTI: u32 = 48;
        if self
            .sec_def
            .is_some_and(|d| d.auto == crate::elf::secdef::AutoAttach::Usdt)
            && crate::sys::probes::supported(crate::sys::probes::Feature::UprobeMultiLink)
        {
            self.expected_attach_type = TRACE_UPROBE_MULTI;
        }
    }

    pub fn fd(&self) -> Option<BorrowedFd<'_>> {
        self.fd.as_ref().map(|f| f.as_fd())
    }
}
