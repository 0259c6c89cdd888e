//! Kernel BTF: `/sys/kernel/btf/vmlinux` and module BTF, mapped read-only
//! rather than read (start-up time: 5.5 MB of vmlinux BTF is never copied),
//! plus fetching loaded BTF objects by id.

use super::fd::own;
use crate::btf::{Backing, Btf, EssentialScan};
use crate::error::{Errno, Error, Result};
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::sync::{Arc, Mutex, Weak};

/// Where the running kernel publishes its BTF.
pub const VMLINUX_PATH: &str = "/sys/kernel/btf/vmlinux";

fn io_err(what: String, e: std::io::Error) -> Error {
    let errno = Errno(crate::error::io_errno(&e, libc::EIO));
    Error::other(errno, format!("{what}: {errno}"))
}

/// A whole file, mapped read-only (or read into memory when mmap is refused).
pub struct FileBytes {
    ptr: *const u8,
    len: usize,
    owned: Option<Vec<u8>>,
}

// SAFETY: a private mapping is memory of this process; Rust only reads it
// (a C caller may write records in a copy-on-write one, as libbpf allows).
unsafe impl Send for FileBytes {}
unsafe impl Sync for FileBytes {}

impl AsRef<[u8]> for FileBytes {
    fn as_ref(&self) -> &[u8] {
        match &self.owned {
            Some(v) => v,
            // SAFETY: ptr/len describe the live mapping made in `open`.
            None => unsafe { std::slice::from_raw_parts(self.ptr, self.len) },
        }
    }
}

impl Drop for FileBytes {
    fn drop(&mut self) {
        if self.owned.is_none() && self.len > 0 {
            // SAFETY: unmapping exactly the mapping we made.
            unsafe { libc::munmap(self.ptr as *mut libc::c_void, self.len) };
        }
    }
}

impl FileBytes {
    /// Maps `path` read-only; sysfs files report their size in `stat`.
    pub fn open(path: &str) -> Result<FileBytes> {
        Self::map(path, libc::PROT_READ)
    }

    /// Maps `path` copy-on-write: what the public `btf__parse*` calls hand
    /// out, since libbpf's callers may write into the records they get
    /// (bpftool's `gen min_core_btf` marks types in place). Files that refuse
    /// a writable mapping (sysfs BTF) are read into memory, as libbpf does.
    pub fn open_private(path: &str) -> Result<FileBytes> {
        Self::map(path, libc::PROT_READ | libc::PROT_WRITE)
    }

    fn map(path: &str, prot: libc::c_int) -> Result<FileBytes> {
        let f =
            std::fs::File::open(path).map_err(|e| io_err(format!("failed to open '{path}'"), e))?;
        let len = f
            .metadata()
            .map_err(|e| io_err(format!("failed to stat '{path}'"), e))?
            .len() as usize;
        if len > 0 {
            // SAFETY: fresh private mapping of a file we hold open.
            let p = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    len,
                    prot,
                    libc::MAP_PRIVATE,
                    f.as_raw_fd(),
                    0,
                )
            };
            if p != libc::MAP_FAILED {
                return Ok(FileBytes {
                    ptr: p.cast(),
                    len,
                    owned: None,
                });
            }
        }
        let v = std::fs::read(path).map_err(|e| io_err(format!("failed to read '{path}'"), e))?;
        Ok(FileBytes {
            ptr: std::ptr::null(),
            len: v.len(),
            owned: Some(v),
        })
    }
}

/// Parses a raw BTF file in place (split on `base` when given).
pub fn parse_raw_file(path: &str, base: Option<Arc<Btf>>) -> Result<Btf> {
    let b: Backing = Arc::new(FileBytes::open(path)?);
    Btf::parse_shared(b, base)
}

/// As [`parse_raw_file`], over a private copy-on-write mapping
/// ([`FileBytes::open_private`]): for `btf__parse_raw*`, whose callers may
/// write into the records.
pub fn parse_raw_file_private(path: &str, base: Option<Arc<Btf>>) -> Result<Btf> {
    let b: Backing = Arc::new(FileBytes::open_private(path)?);
    Btf::parse_shared(b, base)
}

/// The running kernel's BTF while anyone holds it. Not kept for the
/// process's lifetime: libbpf parses it per load and frees it after, and a
/// long-running program that loads once should not keep it (heap for its
/// index, a 6 MB mapping). Objects hold it from prepare to the end of load.
static VMLINUX: Mutex<Weak<Btf>> = Mutex::new(Weak::new());

/// The running kernel's BTF, shared by everyone using it at the same time,
/// parsed again once nobody does. Parsed lazily (start-up time and memory:
/// a framing pass and a sparse index; each type is checked when read): use
/// [`vmlinux_validated`] where every type must be valid up front.
pub fn vmlinux() -> Result<Arc<Btf>> {
    let cached = || VMLINUX.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(btf) = cached().upgrade() {
        return Ok(btf);
    }
    // Parsed without the lock: parsing may log, and a print callback may
    // call back into the library. Two threads may both parse; the first
    // copy stored wins.
    let parsed = FileBytes::open(VMLINUX_PATH)
        .and_then(|b| Btf::parse_shared_lazy(Arc::new(b), None))
        .map(Arc::new)
        .map_err(|e| {
            crate::warn!("failed to load kernel BTF from {VMLINUX_PATH}: {e}");
            Error::NotFound(format!("kernel BTF: {e}"))
        })?;
    let mut slot = cached();
    if let Some(btf) = slot.upgrade() {
        return Ok(btf);
    }
    *slot = Arc::downgrade(&parsed);
    Ok(parsed)
}

/// [`vmlinux`] for CO-RE: also runs `scan` (the candidate names an object's
/// relocations will ask for) over its types, inside the parse's framing pass
/// when this call parses it (start-up: the kernel's records are walked once,
/// not twice).
pub fn vmlinux_scan(scan: &mut EssentialScan<'_>) -> Result<Arc<Btf>> {
    let cached = || VMLINUX.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(btf) = cached().upgrade() {
        scan.run(&btf);
        return Ok(btf);
    }
    let parsed = FileBytes::open(VMLINUX_PATH)
        .and_then(|b| Btf::parse_shared_lazy_scan(Arc::new(b), None, scan))
        .map(Arc::new)
        .map_err(|e| {
            crate::warn!("failed to load kernel BTF from {VMLINUX_PATH}: {e}");
            Error::NotFound(format!("kernel BTF: {e}"))
        })?;
    let mut slot = cached();
    // Another thread's copy of the same file has the same type ids.
    if let Some(btf) = slot.upgrade() {
        return Ok(btf);
    }
    *slot = Arc::downgrade(&parsed);
    Ok(parsed)
}

/// [`vmlinux`], with every type validated (once): what the C API hands out.
pub fn vmlinux_validated() -> Result<Arc<Btf>> {
    let v = vmlinux()?;
    v.validate_all().map_err(|e| {
        crate::warn!("kernel BTF from {VMLINUX_PATH} is invalid: {e}");
        e
    })?;
    Ok(v)
}

/// BTF of kernel module `name`, split on `vmlinux`.
pub fn module(name: &str, vmlinux: Arc<Btf>) -> Result<Btf> {
    if name.is_empty() || name.contains('/') || name == "vmlinux" {
        return Err(Error::inval(format!("invalid module name '{name}'")));
    }
    parse_raw_file(&format!("/sys/kernel/btf/{name}"), Some(vmlinux))
}

/// Every module BTF the kernel publishes (for CO-RE candidate search).
pub fn all_modules(vmlinux: &Arc<Btf>) -> Vec<(String, Btf)> {
    let Ok(dir) = std::fs::read_dir("/sys/kernel/btf") else {
        return Vec::new();
    };
    let mut names: Vec<String> = dir
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n != "vmlinux")
        .collect();
    names.sort();
    names
        .iter()
        .filter_map(|n| match module(n, vmlinux.clone()) {
            Ok(b) => Some((n.clone(), b)),
            Err(e) => {
                crate::warn!("failed to load module [{n}]'s BTF object: {e}");
                None
            }
        })
        .collect()
}

#[repr(C)]
#[derive(Default)]
struct GetFdByIdAttr {
    id: u32,
    next_id: u32,
    open_flags: u32,
    fd_by_id_token_fd: i32,
}

/// `struct bpf_btf_info`.
#[repr(C)]
#[derive(Default)]
struct BtfInfo {
    btf: u64,
    btf_size: u32,
    id: u32,
    name: u64,
    name_len: u32,
    kernel_btf: u32,
}

const BPF_BTF_GET_FD_BY_ID: u32 = 19;

/// `BPF_BTF_GET_FD_BY_ID`.
pub fn btf_get_fd_by_id(id: u32) -> std::result::Result<OwnedFd, Errno> {
    let mut attr = GetFdByIdAttr {
        id,
        ..Default::default()
    };
    let r = super::bpf::sys_bpf(BPF_BTF_GET_FD_BY_ID, &mut attr)?;
    own(r as RawFd)
}

fn info_bytes(info: &mut BtfInfo) -> &mut [u8] {
    // SAFETY: BtfInfo is plain #[repr(C)] integers; any bytes are valid.
    unsafe {
        std::slice::from_raw_parts_mut(
            (info as *mut BtfInfo).cast::<u8>(),
            std::mem::size_of::<BtfInfo>(),
        )
    }
}

/// Raw bytes of the loaded BTF object `fd`.
pub fn btf_raw_by_fd(fd: &OwnedFd) -> std::result::Result<Vec<u8>, Errno> {
    let mut info = BtfInfo::default();
    super::bpf::obj_get_info_by_fd(fd.as_fd(), info_bytes(&mut info))?;
    let mut buf =
        crate::mem::try_filled(0u8, info.btf_size as usize, "kernel BTF").map_err(|e| e.errno())?;
    let mut info2 = BtfInfo {
        btf: buf.as_mut_ptr() as u64,
        btf_size: buf.len() as u32,
        ..Default::default()
    };
    super::bpf::obj_get_info_by_fd(fd.as_fd(), info_bytes(&mut info2))?;
    buf.truncate(info2.btf_size as usize);
    Ok(buf)
}
