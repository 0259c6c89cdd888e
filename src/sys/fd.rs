//! File descriptors from the kernel: owned, close-on-exec, never fd 0.

use crate::error::Errno;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

/// Takes ownership of a fresh fd. If the kernel handed out 0 (stdin was
/// closed), moves it to >= 3: the BPF UAPI reads fd 0 as "no fd".
pub fn own(raw: RawFd) -> Result<OwnedFd, Errno> {
    if raw < 0 {
        return Err(Errno::EBADF);
    }
    if raw != 0 {
        // SAFETY: the caller just received `raw` from the kernel and owns it.
        return Ok(unsafe { OwnedFd::from_raw_fd(raw) });
    }
    // SAFETY: F_DUPFD_CLOEXEC on an fd we own; closing our own fd 0 afterwards.
    let dup = unsafe { libc::fcntl(0, libc::F_DUPFD_CLOEXEC, 3) };
    let err = Errno::last();
    // SAFETY: we own fd 0 here (it was just returned to us).
    unsafe { libc::close(0) };
    if dup < 0 {
        return Err(err);
    }
    // SAFETY: `dup` is a new fd we own.
    Ok(unsafe { OwnedFd::from_raw_fd(dup) })
}

/// Duplicates a caller's fd (close-on-exec, never 0) so we own a copy.
pub fn dup(fd: RawFd) -> Result<OwnedFd, Errno> {
    // SAFETY: fcntl with F_DUPFD_CLOEXEC only reads `fd`.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    if r < 0 {
        return Err(Errno::last());
    }
    own(r)
}

/// Makes `dst` refer to what `src` refers to (`dup3`, close-on-exec): the
/// file behind `dst` before is released.
pub fn dup_onto(src: std::os::fd::BorrowedFd<'_>, dst: &OwnedFd) -> Result<(), Errno> {
    use std::os::fd::AsRawFd;
    // SAFETY: both fds are open and owned/borrowed for the call; dup3 only
    // replaces what `dst`'s number refers to, which we own.
    let r = unsafe { libc::dup3(src.as_raw_fd(), dst.as_raw_fd(), libc::O_CLOEXEC) };
    if r < 0 {
        return Err(Errno::last());
    }
    Ok(())
}

/// Borrows an fd a C caller handed us and keeps open while we use it
/// (libbpf's contract for map fds given to ring and perf buffers).
pub fn borrow_caller<'a>(fd: RawFd) -> Option<std::os::fd::BorrowedFd<'a>> {
    // SAFETY: per the contract above; negative fds are refused.
    (fd >= 0).then(|| unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) })
}

/// An fd number held for a map (an empty memfd, close-on-exec, sealed
/// against exec where the kernel knows `MFD_NOEXEC_SEAL`): programs are
/// relocated against it before the map exists, the map is later moved onto
/// this number with [`dup_onto`], and a map never created keeps it so that
/// `bpf_map__fd` answers as libbpf's (`create_placeholder_fd`).
pub fn placeholder() -> Result<OwnedFd, Errno> {
    let name = c"libbpf-placeholder-fd";
    const MFD_NOEXEC_SEAL: libc::c_uint = 0x0008;
    let flags = libc::MFD_CLOEXEC | MFD_NOEXEC_SEAL;
    // SAFETY: memfd_create reads a NUL-terminated name.
    let r = unsafe { libc::memfd_create(name.as_ptr(), flags) };
    if r >= 0 {
        return own(r);
    }
    let e = Errno::last();
    if e != Errno::EINVAL {
        return Err(e);
    }
    // Kernels before 6.3 refuse MFD_NOEXEC_SEAL.
    // SAFETY: as above.
    let r = unsafe { libc::memfd_create(name.as_ptr(), libc::MFD_CLOEXEC) };
    if r < 0 {
        return Err(Errno::last());
    }
    own(r)
}
