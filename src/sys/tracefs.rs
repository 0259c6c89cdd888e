//! tracefs: where it is mounted, and tracepoint ids.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The tracefs root: `/sys/kernel/tracing`, else the debugfs path.
pub fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let new = Path::new("/sys/kernel/tracing");
        if new.join("events").exists() {
            new.to_path_buf()
        } else {
            PathBuf::from("/sys/kernel/debug/tracing")
        }
    })
}

/// Id of tracepoint `category:name` from `events/<category>/<name>/id`.
pub fn tracepoint_id(category: &str, name: &str) -> Result<u64> {
    if category.is_empty() || name.is_empty() || category.contains("..") || name.contains("..") {
        return Err(Error::inval(format!("bad tracepoint '{category}/{name}'")));
    }
    let path = root().join("events").join(category).join(name).join("id");
    // One read of a small buffer (an id is a few digits): no stat for a size
    // hint nor a second read for end of file, as `read_to_string` makes.
    let read = |path: &std::path::Path| -> std::io::Result<String> {
        use std::io::Read;
        let mut buf = [0u8; 32];
        let n = std::fs::File::open(path)?.read(&mut buf)?;
        Ok(String::from_utf8_lossy(&buf[..n]).into_owned())
    };
    let text = read(&path).map_err(|e| {
        let errno = crate::Errno(crate::error::io_errno(&e, libc::ENOENT));
        crate::debug!("failed to open '{}': {errno}", path.display());
        Error::sys(
            format!(
                "failed to determine tracepoint '{category}/{name}' perf event ID from {}",
                path.display()
            ),
            errno,
        )
    })?;
    text.trim()
        .parse()
        .map_err(|_| Error::inval(format!("bad tracepoint id in {}", path.display())))
}
