//! Attach-target lookup in kernel BTF: `tp_btf/<tp>` resolves the
//! `btf_trace_<tp>` typedef, fentry/fexit/fmod_ret/lsm/iter resolve a FUNC
//! (with the `bpf_lsm_`/`bpf_iter_` prefixes the kernel uses).

use super::{kind, Btf};
use crate::error::{Error, Result};

/// What kind of program is attaching (decides the name prefix and kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachKind {
    /// `tp_btf/`: raw tracepoint with BTF.
    TraceRawTp,
    /// fentry/fexit/fmod_ret/freplace-style: a kernel function.
    Func,
    Lsm,
    Iter,
}

/// Type id in `btf` of the attach target `name` for `kind`.
pub fn find_attach_btf_id(btf: &Btf, kind_: AttachKind, name: &str) -> Result<u32> {
    let (prefix, k) = match kind_ {
        AttachKind::TraceRawTp => ("btf_trace_", kind::TYPEDEF),
        AttachKind::Func => ("", kind::FUNC),
        AttachKind::Lsm => ("bpf_lsm_", kind::FUNC),
        AttachKind::Iter => ("bpf_iter_", kind::FUNC),
    };
    let full = format!("{prefix}{name}");
    btf.find_by_name_kind(&full, k)
        .ok_or_else(|| Error::NotFound(format!("attach target '{full}' not found in kernel BTF")))
}
