//! Kernel facts the `.kconfig` virtual externs report.

use std::sync::OnceLock;

/// `bpf_get_attach_cookie` is available (kernel 5.15+): the helper exists in
/// the kernel's symbol table (`bpf_get_attach_cookie_*` protos).
pub fn bpf_cookie() -> bool {
    static V: OnceLock<bool> = OnceLock::new();
    *V.get_or_init(|| kallsyms_has(|name| name.starts_with("bpf_get_attach_cookie")))
}

/// Syscalls go through arch wrappers (`__x64_sys_bpf` on x86-64).
pub fn syscall_wrapper() -> bool {
    static V: OnceLock<bool> = OnceLock::new();
    let want = if cfg!(target_arch = "x86_64") {
        "__x64_sys_bpf"
    } else if cfg!(target_arch = "aarch64") {
        "__arm64_sys_bpf"
    } else {
        return false;
    };
    *V.get_or_init(|| kallsyms_has(|name| name == want))
}

fn kallsyms_has(pred: impl Fn(&str) -> bool) -> bool {
    let Ok(text) = std::fs::read_to_string("/proc/kallsyms") else {
        return false;
    };
    text.lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .any(pred)
}
