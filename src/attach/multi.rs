//! kprobe.multi and uprobe.multi: one BPF link on many functions, chosen by
//! a glob pattern or given as explicit symbols/addresses/offsets.

use super::elfsym::{resolve_binary, ElfImage};
use super::{prog_fd, Link, LinkKind};
use crate::error::{Error, Result};
use crate::object::Program;
use crate::sys;
use crate::uapi::link::{attach_type, LinkCreateAttr};
use object::{Object, ObjectSymbol, SymbolKind};
use std::ffi::CString;
use std::os::fd::AsRawFd;

/// `*` and `?` glob match, as libbpf's patterns use.
pub fn glob_match(pat: &str, s: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some(b'*') => (0..=s.len()).any(|i| go(&p[1..], &s[i..])),
            Some(b'?') => !s.is_empty() && go(&p[1..], &s[1..]),
            Some(c) => s.first() == Some(c) && go(&p[1..], &s[1..]),
        }
    }
    go(pat.as_bytes(), s.as_bytes())
}

#[derive(Clone, Debug, Default)]
pub struct KprobeMultiOpts {
    pub syms: Vec<String>,
    pub addrs: Vec<u64>,
    pub cookies: Vec<u64>,
    pub retprobe: bool,
    pub session: bool,
}

/// Kernel functions matching `pattern` (from `available_filter_functions`).
fn kernel_funcs(pattern: &str) -> Result<Vec<String>> {
    let path = sys::tracefs::root().join("available_filter_functions");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::other(
            crate::Errno(crate::error::io_errno(&e, libc::ENOENT)),
            format!(
                "failed to read {}: {}",
                path.display(),
                crate::Errno(crate::error::io_errno(&e, libc::ENOENT))
            ),
        )
    })?;
    let mut v: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|f| glob_match(pattern, f))
        .map(str::to_string)
        .collect();
    v.sort();
    v.dedup();
    Ok(v)
}

pub fn attach_kprobe_multi(
    prog: &Program,
    pattern: Option<&str>,
    o: &KprobeMultiOpts,
) -> Result<Link> {
    let fd = prog_fd(prog)?;
    let given = !o.syms.is_empty() || !o.addrs.is_empty();
    if pattern.is_some() == given {
        return Err(Error::inval(format!(
            "prog '{}': kprobe.multi needs exactly one of a pattern, symbols or addresses",
            prog.name
        )));
    }
    let syms: Vec<String> = match pattern {
        Some(p) => kernel_funcs(p)?,
        None => o.syms.clone(),
    };
    if pattern.is_some() && syms.is_empty() {
        return Err(Error::NotFound(format!(
            "prog '{}': no kernel function matches '{}'",
            prog.name,
            pattern.unwrap_or("")
        )));
    }
    let csyms: Vec<CString> = syms
        .iter()
        .map(|s| CString::new(s.as_str()).map_err(|_| Error::inval("symbol has a NUL")))
        .collect::<Result<_>>()?;
    let ptrs: Vec<u64> = csyms.iter().map(|c| c.as_ptr() as u64).collect();
    let cnt = if ptrs.is_empty() {
        o.addrs.len()
    } else {
        ptrs.len()
    };
    if !o.cookies.is_empty() && o.cookies.len() != cnt {
        return Err(Error::inval("kprobe.multi: cookies must match the targets"));
    }
    let mut attr = LinkCreateAttr {
        prog_fd: fd.as_raw_fd() as u32,
        attach_type: attach_type::TRACE_KPROBE_MULTI,
        ..Default::default()
    };
    attr.set_u32(0, u32::from(o.retprobe));
    attr.set_u32(4, cnt as u32);
    if !ptrs.is_empty() {
        attr.set_u64(8, ptrs.as_ptr() as u64);
    } else {
        attr.set_u64(16, o.addrs.as_ptr() as u64);
    }
    if !o.cookies.is_empty() {
        attr.set_u64(24, o.cookies.as_ptr() as u64);
    }
    let link = sys::link::link_create(&mut attr).map_err(|e| {
        Error::sys(
            format!(
                "prog '{}': failed to attach kprobe.multi ({cnt} functions)",
                prog.name
            ),
            e,
        )
    })?;
    Ok(Link::new(LinkKind::Fd(link)))
}

#[derive(Clone, Debug, Default)]
pub struct UprobeMultiOpts {
    pub syms: Vec<String>,
    pub offsets: Vec<u64>,
    pub ref_ctr_offsets: Vec<u64>,
    pub cookies: Vec<u64>,
    pub retprobe: bool,
    pub session: bool,
}

/// `BPF_TRACE_UPROBE_MULTI`.
pub const TRACE_UPROBE_MULTI: u32 = 48;

pub fn attach_uprobe_multi(
    prog: &Program,
    pid: i32,
    binary: &str,
    pattern: Option<&str>,
    o: &UprobeMultiOpts,
) -> Result<Link> {
    let fd = prog_fd(prog)?;
    let path = resolve_binary(binary)?;
    let given = !o.syms.is_empty() || !o.offsets.is_empty();
    if pattern.is_some() == given {
        return Err(Error::inval(format!(
            "prog '{}': uprobe.multi needs exactly one of a pattern, symbols or offsets",
            prog.name
        )));
    }
    let offsets: Vec<u64> = if let Some(p) = pattern {
        let img = ElfImage::read(&path)?;
        let elf = img.parse()?;
        let mut v = Vec::new();
        for s in elf.symbols().chain(elf.dynamic_symbols()) {
            if s.kind() != SymbolKind::Text || s.is_undefined() || s.address() == 0 {
                continue;
            }
            let Ok(n) = s.name() else { continue };
            if glob_match(p, n.split('@').next().unwrap_or(n)) {
                v.push(img.addr_to_offset(&elf, s.address())?);
            }
        }
        v.sort_unstable();
        v.dedup();
        if v.is_empty() {
            return Err(Error::NotFound(format!(
                "prog '{}': no function in '{}' matches '{p}'",
                prog.name,
                path.display()
            )));
        }
        v
    } else if !o.syms.is_empty() {
        let img = ElfImage::read(&path)?;
        o.syms
            .iter()
            .map(|s| img.func_offset(s))
            .collect::<Result<_>>()?
    } else {
        o.offsets.clone()
    };
    let cnt = offsets.len();
    if (!o.cookies.is_empty() && o.cookies.len() != cnt)
        || (!o.ref_ctr_offsets.is_empty() && o.ref_ctr_offsets.len() != cnt)
    {
        return Err(Error::inval(
            "uprobe.multi: cookies/ref_ctr_offsets must match the targets",
        ));
    }
    let cpath = CString::new(path.to_string_lossy().as_bytes())
        .map_err(|_| Error::inval("binary path has a NUL"))?;
    let mut attr = LinkCreateAttr {
        prog_fd: fd.as_raw_fd() as u32,
        attach_type: attach_type::TRACE_UPROBE_MULTI,
        ..Default::default()
    };
    attr.set_u64(0, cpath.as_ptr() as u64);
    attr.set_u64(8, offsets.as_ptr() as u64);
    if !o.ref_ctr_offsets.is_empty() {
        attr.set_u64(16, o.ref_ctr_offsets.as_ptr() as u64);
    }
    if !o.cookies.is_empty() {
        attr.set_u64(24, o.cookies.as_ptr() as u64);
    }
    attr.set_u32(32, cnt as u32);
    attr.set_u32(36, u32::from(o.retprobe));
    attr.set_u32(40, if pid < 0 { 0 } else { pid as u32 });
    let link = sys::link::link_create(&mut attr).map_err(|e| {
        Error::sys(
            format!(
                "prog '{}': failed to attach uprobe.multi to '{}' ({cnt} offsets)",
                prog.name,
                path.display()
            ),
            e,
        )
    })?;
    Ok(Link::new(LinkKind::Fd(link)))
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("do_*", "do_unlinkat"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("a?c", "ac"));
        assert!(!glob_match("do_*x", "do_unlinkat"));
    }
}
