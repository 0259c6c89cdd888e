//! RLIMIT_MEMLOCK, which kernels before memcg accounting (5.11) charge BPF
//! maps and programs against.

use crate::error::Errno;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

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

/// The value `libbpf_set_memlock_rlim` recorded: set before the first map or
/// program creation on kernels without memcg accounting; `u64::MAX` is
/// RLIM_INFINITY, 0 disables.
static MEMLOCK_RLIM: AtomicU64 = AtomicU64::new(u64::MAX);
/// Set once the limit was applied (or found unnecessary): it is final after that.
static MEMLOCK_DONE: AtomicBool = AtomicBool::new(false);

/// Records the limit to apply later (`libbpf_set_memlock_rlim`); `EBUSY`
/// once the first map or program was created, as upstream.
pub fn record_memlock_rlim(bytes: u64) -> Result<(), Errno> {
    if MEMLOCK_DONE.load(Ordering::Acquire) {
        return Err(Errno::EBUSY);
    }
    MEMLOCK_RLIM.store(bytes, Ordering::Release);
    Ok(())
}

/// The recorded limit; `None` when disabled (0).
pub fn memlock_rlim() -> Option<u64> {
    match MEMLOCK_RLIM.load(Ordering::Acquire) {
        0 => None,
        v => Some(v),
    }
}

/// Applies the recorded RLIMIT_MEMLOCK before the first creation, on kernels
/// that still charge BPF memory to it (before memcg accounting); once per
/// process. Kernels from 5.11 charge the cgroup and need no limit.
pub fn bump_memlock() {
    if MEMLOCK_DONE.swap(true, Ordering::AcqRel)
        || super::probes::supported(super::probes::Feature::MemcgAccount)
    {
        return;
    }
    if let Some(lim) = memlock_rlim() {
        if let Err(e) = set_memlock(lim) {
            crate::debug!("failed to set RLIMIT_MEMLOCK: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memlock_rlim_is_recorded() {
        if MEMLOCK_DONE.load(Ordering::Acquire) {
            return; // another test in this process created a map already
        }
        assert_eq!(record_memlock_rlim(0), Ok(()));
        assert_eq!(memlock_rlim(), None);
        assert_eq!(record_memlock_rlim(1 << 20), Ok(()));
        assert_eq!(memlock_rlim(), Some(1 << 20));
    }
}
