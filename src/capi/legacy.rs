//! libbpf_legacy.h: what remains of libbpf 0.x's compatibility switches.

use std::os::raw::c_int;

/// `enum libbpf_strict_mode`: libbpf 1.x is always strict; the value is ignored.
pub type libbpf_strict_mode = c_int;

/// Accepted and ignored, as upstream 1.x does.
#[no_mangle]
pub extern "C" fn libbpf_set_strict_mode(_mode: libbpf_strict_mode) -> c_int {
    0
}
