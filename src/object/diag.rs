//! What a failed load tells the user beyond the error code: libbpf's hint
//! after an `EPERM` as root, and (ours) the verifier's complaint put next to
//! the C source line it is about.

use crate::error::Errno;

/// libbpf's hint when root gets `EPERM` under a finite RLIMIT_MEMLOCK
/// (kernels before 5.11 charge BPF memory against it).
pub fn perm_hint(e: Errno) {
    if e != Errno::EPERM {
        return;
    }
    let Some(cur) = crate::sys::rlimit::root_memlock() else {
        return;
    };
    let value = match cur {
        0..1024 => format!("{cur} bytes"),
        1024..0x10_0000 => format!("{:.1} KiB", cur as f64 / 1024.0),
        _ => format!("{:.1} MiB", cur as f64 / (1024.0 * 1024.0)),
    };
    crate::warn!(
        "permission error while running as root; try raising 'ulimit -l'? current value: {value}"
    );
}
