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
