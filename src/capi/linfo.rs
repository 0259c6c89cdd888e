//! libbpf.h: `struct bpf_prog_linfo` — line info of a loaded program, looked
//! up by instruction offset or jited address (for disassemblers). The
//! records are copied out of the arrays a `struct bpf_prog_info` points at;
//! the search lives in `btf::linfo`.
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case)]

use super::boundary::{handle, ret_ptr, set_errno};
use super::handles::bpf_prog_linfo;
use super::types::{__u32, __u64, bpf_line_info, bpf_prog_info};
use crate::btf::linfo::ProgLineInfo;
use crate::error::{Errno, Error, Result};
use crate::uapi::bpf::bpf_prog_info as ProgInfo;

/// Copies `n` bytes from the user address `addr` (NULL with `n > 0` is an error).
///
/// # Safety
/// `addr` points at `n` readable bytes when non-zero.
unsafe fn user_bytes<'a>(addr: u64, n: usize, what: &str) -> Result<&'a [u8]> {
    if n == 0 {
        return Ok(&[]);
    }
    if addr == 0 {
        return Err(Error::inval(format!("bpf_prog_info.{what} is NULL")));
    }
    // SAFETY: per the contract above.
    Ok(unsafe { std::slice::from_raw_parts(addr as usize as *const u8, n) })
}

/// Reads `n` native-endian words of `W` bytes from the user address `addr`.
///
/// # Safety
/// As [`user_bytes`] for `n * W` bytes.
unsafe fn user_words<const W: usize>(addr: u64, n: usize, what: &str) -> Result<Vec<[u8; W]>> {
    crate::mem::array_bytes(n, W, what)?;
    let mut v = crate::mem::try_with_capacity(n, what)?;
    // SAFETY: forwarded; the size fits the address space (checked above).
    let b = unsafe { user_bytes(addr, n * W, what)? };
    v.extend(b.chunks_exact(W).map(|c| <[u8; W]>::try_from(c).unwrap()));
    Ok(v)
}

/// # Safety
/// `info` is a filled `struct bpf_prog_info` whose pointers are valid for
/// their counts.
unsafe fn from_info(info: *const bpf_prog_info) -> Result<ProgLineInfo> {
    // SAFETY: per the contract; unaligned read as the caller's buffer may be.
    let info: ProgInfo = unsafe {
        handle(info, "info")?;
        std::ptr::read_unaligned(info.cast::<ProgInfo>())
    };
    let n = info.nr_line_info as usize;
    let rs = info.line_info_rec_size as usize;
    if n == 0 || rs < 4 {
        return Err(Error::inval(format!(
            "prog_linfo: {n} line info records of {rs} bytes"
        )));
    }
    // Counts are the caller's: storage is allocated (fallibly) before the
    // caller's arrays are looked at. libbpf answers a failed malloc -EINVAL.
    let len = crate::mem::array_bytes(n, rs, "prog_linfo: line info").map_err(as_inval)?;
    let mut copy = crate::mem::try_with_capacity(len, "prog_linfo: line info").map_err(as_inval)?;
    // SAFETY: the kernel filled line_info with nr_line_info records.
    copy.extend_from_slice(unsafe { user_bytes(info.line_info, len, "line_info")? });
    let linfo = ProgLineInfo::new(&copy, rs as u32, n as u32).map_err(as_inval)?;
    drop(copy);
    let nf = info.nr_jited_ksyms as usize;
    // Without all the jited arrays, only lookups by insn offset work (libbpf).
    if nf == 0
        || info.jited_line_info == 0
        || info.nr_jited_line_info as usize != n
        || info.jited_line_info_rec_size < 8
        || info.nr_jited_func_lens as usize != nf
        || info.jited_ksyms == 0
        || info.jited_func_lens == 0
    {
        return Ok(linfo);
    }
    let jrs = info.jited_line_info_rec_size as usize;
    let jlen = crate::mem::array_bytes(n, jrs, "prog_linfo: jited line info").map_err(as_inval)?;
    let mut jcopy =
        crate::mem::try_with_capacity(jlen, "prog_linfo: jited line info").map_err(as_inval)?;
    // SAFETY: the kernel filled these arrays for their counts.
    let (ksyms, lens) = unsafe {
        jcopy.extend_from_slice(user_bytes(info.jited_line_info, jlen, "jited_line_info")?);
        (
            user_words::<8>(info.jited_ksyms, nf, "jited_ksyms")?,
            user_words::<4>(info.jited_func_lens, nf, "jited_func_lens")?,
        )
    };
    let jraw = &jcopy[..];
    let ksyms: Vec<u64> = ksyms.into_iter().map(u64::from_ne_bytes).collect();
    let lens: Vec<u32> = lens.into_iter().map(u32::from_ne_bytes).collect();
    linfo
        .with_jited(jraw, jrs as u32, &ksyms, &lens)
        .map_err(as_inval)
}

/// libbpf answers every failure of `bpf_prog_linfo__new`, a failed
/// allocation included, with EINVAL.
fn as_inval(e: Error) -> Error {
    match e.errno() {
        Errno::EINVAL => e,
        _ => Error::inval(e.to_string()),
    }
}

/// Frees the line info; NULL is a no-op.
///
/// # Safety
/// `prog_linfo` is NULL or from [`bpf_prog_linfo__new`], freed once.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_linfo__free(prog_linfo: *mut bpf_prog_linfo) {
    super::boundary::ret_val("bpf_prog_linfo__free", (), || {
        // SAFETY: NULL, a Box from bpf_prog_linfo__new or refused.
        drop(unsafe { super::handles::from_raw(prog_linfo)? });
        Ok(())
    })
}

/// Copies the line info records referenced by `info`.
///
/// # Safety
/// `info` is NULL or a `struct bpf_prog_info` filled by the kernel, its
/// array pointers valid for their counts.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_linfo__new(info: *const bpf_prog_info) -> *mut bpf_prog_linfo {
    ret_ptr("bpf_prog_linfo__new", || {
        // SAFETY: forwarded.
        let l = unsafe { from_info(info) }.map_err(as_inval)?;
        Ok(super::handles::into_raw(l))
    })
}

/// Record `i` as a C pointer, or NULL with errno ENOENT (quiet, as libbpf:
/// "not found" ends a caller's loop).
fn found(l: &ProgLineInfo, i: Option<usize>) -> *const bpf_line_info {
    match i {
        Some(i) => l.record(i).as_ptr().cast(),
        None => {
            set_errno(Errno::ENOENT);
            std::ptr::null()
        }
    }
}

/// The line record covering jited address `addr` in function `func_idx`, skipping `nr_skip`.
///
/// # Safety
/// `prog_linfo` is NULL or a live handle from [`bpf_prog_linfo__new`].
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_linfo__lfind_addr_func(
    prog_linfo: *const bpf_prog_linfo,
    addr: __u64,
    func_idx: __u32,
    nr_skip: __u32,
) -> *const bpf_line_info {
    ret_ptr("bpf_prog_linfo__lfind_addr_func", || {
        // SAFETY: per the contract.
        let l = unsafe { super::handles::get(prog_linfo)? };
        Ok(found(l, l.lfind_addr_func(addr, func_idx, nr_skip)).cast_mut())
    })
}

/// The line record covering instruction `insn_off`, skipping `nr_skip`.
///
/// # Safety
/// `prog_linfo` is NULL or a live handle from [`bpf_prog_linfo__new`].
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_linfo__lfind(
    prog_linfo: *const bpf_prog_linfo,
    insn_off: __u32,
    nr_skip: __u32,
) -> *const bpf_line_info {
    ret_ptr("bpf_prog_linfo__lfind", || {
        // SAFETY: per the contract.
        let l = unsafe { super::handles::get(prog_linfo)? };
        Ok(found(l, l.lfind(insn_off, nr_skip)).cast_mut())
    })
}
