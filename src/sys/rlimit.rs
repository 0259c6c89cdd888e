//! RLIMIT_MEMLOCK, which kernels before memcg accounting (5.11) charge BPF
//! maps and programs against.

use crate::error::Errno;

/// Sets both the soft and the hard RLIMIT_MEMLOCK to `bytes` (`u64::MAX` is infinity).
pub fn set_memlock(bytes: u64) -> Result<(), Errno> {
    let lim = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit only reads the struct we pass.
    if unsafe { libc::setrlimit(libc::RLIMIT_MEMLOCK, &lim) } != 0 {
        return Err(Errno::last());
    }
    Ok(())
}

/// The soft RLIMIT_MEMLOCK in bytes, when we run as root and it is finite:
/// what libbpf's hint after an `EPERM` names.
pub fn root_memlock() -> Option<u64> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes only the struct we pass.
    if unsafe { libc::getrlimit(libc::RLIMIT_MEMLOCK, &mut lim) } != 0 {
        return None;
    }
    (lim.rlim_cur != libc::RLIM_INFINITY).then_some(lim.rlim_cur)
}
