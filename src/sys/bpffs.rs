//! bpffs paths: pinned objects must live on a BPF filesystem.

use crate::error::{Error, Result};
use std::path::Path;

const BPF_FS_MAGIC: i64 = 0xcafe4a11;

/// Checks that the directory holding `path` is on bpffs.
pub fn check_path(path: &str) -> Result<()> {
    let dir = Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let c = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes())
        .map_err(|_| Error::inval(format!("bad path '{path}'")))?;
    // SAFETY: statfs fills the zeroed struct for a NUL-terminated path.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointers.
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return Err(Error::sys(
            format!("failed to statfs {}", dir.display()),
            crate::Errno::last(),
        ));
    }
    if st.f_type as i64 != BPF_FS_MAGIC {
        return Err(Error::inval(format!(
            "specified path {path} is not on BPF FS"
        )));
    }
    Ok(())
}

/// Creates the parent directory of `path` (one level, mode 0700), as
/// libbpf does before pinning; an existing one is fine.
pub fn make_parent_dir(path: &str) -> Result<()> {
    let dir = Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    use std::os::unix::fs::DirBuilderExt;
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => {
            let errno = crate::Errno(crate::error::io_errno(&e, libc::EIO));
            Err(Error::other(
                errno,
                format!("failed to mkdir {path}: {errno}"),
            ))
        }
    }
}
