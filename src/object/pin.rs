//! Pinning maps and programs in bpffs, and re-using pinned maps at load
//! (`LIBBPF_PIN_BY_NAME`): the same rules and messages as libbpf.

use super::{Map, Object, Program};
use crate::error::{Errno, Error, Result};
use crate::sys;
use std::os::fd::{AsFd, AsRawFd};

/// `LIBBPF_PIN_*` values of a map definition's `pinning` attribute.
pub const LIBBPF_PIN_NONE: u32 = 0;
pub const LIBBPF_PIN_BY_NAME: u32 = 1;
const DEFAULT_PIN_ROOT: &str = "/sys/fs/bpf";

/// `dir/name` with every '.' turned into '_', as libbpf names the pins of
/// `bpf_object__{,un}pin_maps` (bpffs refuses periods in map pin names).
fn join_sanitized(dir: &str, name: &str) -> Result<String> {
    join(dir, name).map(|p| p.replace('.', "_"))
}

fn join(dir: &str, name: &str) -> Result<String> {
    let p = format!("{dir}/{name}");
    if p.len() >= libc::PATH_MAX as usize {
        return Err(Error::other(
            Errno(libc::ENAMETOOLONG),
            format!("path too long: {p}"),
        ));
    }
    Ok(p)
}

impl Map {
    /// `bpf_map__set_pin_path`: `None` clears it.
    pub fn set_pin_path(&mut self, path: Option<&str>) {
        self.pin_path =
            path.map(|p| std::ffi::CString::new(p.replace('\0', "")).unwrap_or_default());
    }

    pub fn pin_path_str(&self) -> Option<&str> {
        self.pin_path.as_ref().and_then(|p| p.to_str().ok())
    }

    pub fn pin(&mut self, path: Option<&str>) -> Result<()> {
        if let (Some(mine), Some(p)) = (self.pin_path_str(), path) {
            if mine != p {
                return Err(Error::inval(format!(
                    "map '{}' already has pin path '{mine}' different from '{p}'",
                    self.name
                )));
            }
        }
        if self.pinned {
            crate::debug!(
                "map '{}' already pinned at '{}'; not re-pinning",
                self.name,
                self.pin_path_str().unwrap_or("")
            );
            return Ok(());
        }
        let path = match path
            .map(str::to_string)
            .or_else(|| self.pin_path_str().map(str::to_string))
        {
            Some(p) => p,
            None => {
                return Err(Error::inval(format!(
                    "missing a path to pin map '{}' at",
                    self.name
                )))
            }
        };
        let fd = self.fd().ok_or_else(|| {
            Error::inval(format!(
                "map '{}': can't pin BPF map without FD (was it created?)",
                self.name
            ))
        })?;
        sys::bpffs::make_parent_dir(&path)?;
        sys::bpffs::check_path(&path)?;
        sys::bpf::obj_pin(fd, &path).map_err(|e| {
            Error::sys(format!("map '{}': failed to pin at '{path}'", self.name), e)
        })?;
        self.set_pin_path(Some(&path));
        self.pinned = true;
        crate::debug!("pinned map '{path}'");
        Ok(())
    }

    pub fn unpin(&mut self, path: Option<&str>) -> Result<()> {
        if let (Some(mine), Some(p)) = (self.pin_path_str(), path) {
            if mine != p {
                return Err(Error::inval(format!(
                    "map '{}' already has pin path '{mine}' different from '{p}'",
                    self.name
                )));
            }
        }
        let path = match path
            .map(str::to_string)
            .or_else(|| self.pin_path_str().map(str::to_string))
        {
            Some(p) => p,
            None => {
                return Err(Error::inval(format!(
                    "no path to unpin map '{}' from",
                    self.name
                )))
            }
        };
        sys::bpffs::check_path(&path).map_err(Error::reported)?;
        // A failed unlink is only returned, as libbpf.
        std::fs::remove_file(&path)
            .map_err(|e| Error::Reported(Errno(crate::error::io_errno(&e, libc::EIO))))?;
        self.pinned = false;
        crate::debug!("unpinned map '{}' from '{path}'", self.name);
        Ok(())
    }

    /// `bpf_map__reuse_fd`: adopt an existing map (a dup of `fd`) instead of
    /// creating one; its attributes replace the object's definition.
    pub fn reuse_fd(&mut self, fd: std::os::fd::BorrowedFd<'_>) -> Result<()> {
        if self.fd.is_some() {
            return Err(Error::other(
                Errno::EBUSY,
                format!("map '{}': already created", self.name),
            ));
        }
        let info = sys::bpf::map_info(fd)
            .map_err(|e| Error::sys(format!("map '{}': get map info", self.name), e))?;
        let dup = sys::fd::dup(fd.as_raw_fd()).map_err(|e| Error::sys("dup", e))?;
        let end = info.name.iter().position(|&b| b == 0).unwrap_or(16);
        self.name = String::from_utf8_lossy(&info.name[..end]).as_ref().into();
        self.def.map_type = info.type_;
        self.def.key_size = info.key_size;
        self.def.value_size = info.value_size;
        self.def.max_entries = info.max_entries;
        self.def.map_flags = info.map_flags;
        self.def.map_extra = info.map_extra;
        self.def.btf_key_type_id = info.btf_key_type_id;
        self.def.btf_value_type_id = info.btf_value_type_id;
        self.fd = Some(dup);
        self.reused = true;
        Ok(())
    }

    /// At load, for a map with a pin path: re-use what is pinned there if it
    /// is compatible (`Ok(true)`), or report that nothing is pinned (`Ok(false)`).
    pub(crate) fn reuse_pinned(&mut self) -> Result<bool> {
        let Some(path) = self.pin_path_str().map(str::to_string) else {
            return Ok(false);
        };
        let pinned = match sys::bpf::obj_get(&path, 0) {
            Ok(fd) => fd,
            Err(e) if e == Errno::ENOENT => {
                crate::debug!("found no pinned map to reuse at '{path}'");
                return Ok(false);
            }
            Err(e) => {
                return Err(Error::sys(
                    format!("couldn't retrieve pinned map '{path}'"),
                    e,
                ))
            }
        };
        let info =
            sys::bpf::map_info(pinned.as_fd()).map_err(|e| Error::sys("get pinned map info", e))?;
        let d = &self.def;
        let compatible = info.type_ == d.map_type
            && info.key_size == d.key_size
            && info.value_size == d.value_size
            && info.max_entries == d.max_entries
            && info.map_flags == d.map_flags
            && info.map_extra == d.map_extra;
        if !compatible {
            return Err(Error::inval(format!(
                "couldn't reuse pinned map at '{path}': parameter mismatch"
            )));
        }
        let name = self.name.clone();
        self.reuse_fd(pinned.as_fd())?;
        // Keep the object's own name for lookups (the kernel's may be truncated).
        self.name = name;
        self.pinned = true;
        crate::debug!("reused pinned map at '{path}'");
        Ok(true)
    }
}

impl Program {
    pub fn pin(&self, path: &str) -> Result<()> {
        let fd = self.fd().ok_or_else(|| {
            Error::inval(format!(
                "prog '{}': can't pin program that wasn't loaded",
                self.name
            ))
        })?;
        sys::bpffs::make_parent_dir(path)?;
        sys::bpffs::check_path(path)?;
        sys::bpf::obj_pin(fd, path).map_err(|e| {
            Error::sys(
                format!("prog '{}': failed to pin at '{path}'", self.name),
                e,
            )
        })?;
        crate::debug!("prog '{}': pinned at '{path}'", self.name);
        Ok(())
    }

    pub fn unpin(&self, path: &str) -> Result<()> {
        sys::bpffs::check_path(path)?;
        std::fs::remove_file(path).map_err(|e| {
            Error::other(
                Errno(crate::error::io_errno(&e, libc::EIO)),
                format!(
                    "failed to unpin '{path}': {}",
                    crate::Errno(crate::error::io_errno(&e, libc::EIO))
                ),
            )
        })
    }
}

impl Object {
    /// Gives `LIBBPF_PIN_BY_NAME` maps their path under the pin root at open.
    pub(crate) fn init_pin_paths(&mut self, pin_root: Option<&str>) -> Result<()> {
        let root = pin_root.unwrap_or(DEFAULT_PIN_ROOT);
        for m in &mut self.maps {
            match m.def.pinning {
                LIBBPF_PIN_NONE => {}
                LIBBPF_PIN_BY_NAME => {
                    let p = join(root, m.user_name())?;
                    m.set_pin_path(Some(&p));
                }
                other => {
                    // libbpf's line, alone (no prefix), and its -EINVAL.
                    crate::warn!("map '{}': invalid pinning value {other}.", m.name);
                    return Err(Error::Reported(crate::Errno::EINVAL));
                }
            }
        }
        Ok(())
    }

    pub fn pin_maps(&mut self, path: Option<&str>) -> Result<()> {
        if !self.loaded && !self.prepared {
            crate::warn!("object not yet loaded; load it first");
            return Err(Error::Reported(Errno::ENOENT));
        }
        let mut done: Vec<usize> = Vec::new();
        for i in 0..self.maps.len() {
            let m = &mut self.maps[i];
            if !m.autocreate {
                continue;
            }
            let target = match path {
                Some(dir) => Some(join_sanitized(dir, m.user_name())?),
                None if m.pin_path.is_none() => continue,
                None => None,
            };
            if let Err(e) = m.pin(target.as_deref()) {
                for j in done {
                    let _ = self.maps[j].unpin(None);
                }
                return Err(e);
            }
            done.push(i);
        }
        Ok(())
    }

    pub fn unpin_maps(&mut self, path: Option<&str>) -> Result<()> {
        for m in &mut self.maps {
            let target = match path {
                Some(dir) => Some(join_sanitized(dir, m.user_name())?),
                None if m.pin_path.is_none() => continue,
                None => None,
            };
            m.unpin(target.as_deref())?;
        }
        Ok(())
    }

    pub fn pin_programs(&self, path: &str) -> Result<()> {
        if !self.loaded {
            crate::warn!("object not yet loaded; load it first");
            return Err(Error::Reported(Errno::ENOENT));
        }
        let mut done: Vec<String> = Vec::new();
        for p in self.progs.iter().filter(|p| p.fd.is_some()) {
            let target = join(path, &p.name)?;
            if let Err(e) = p.pin(&target) {
                for t in &done {
                    let _ = std::fs::remove_file(t);
                }
                return Err(e);
            }
            done.push(target);
        }
        Ok(())
    }

    pub fn unpin_programs(&self, path: &str) -> Result<()> {
        for p in self.progs.iter().filter(|p| p.fd.is_some()) {
            p.unpin(&join(path, &p.name)?)?;
        }
        Ok(())
    }
}
