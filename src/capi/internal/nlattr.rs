//! `include/internal/nlattr.h`: netlink attribute parsing for tools (the
//! work is in `crate::nlattr`).

use super::super::boundary::ret_val;
use crate::nlattr::{self as nla, Policy};
use std::os::raw::{c_int, c_void};

/// `struct nlattr` (`<linux/netlink.h>`), only behind pointers.
#[repr(C)]
pub struct nlattr {
    _opaque: [u8; 0],
}

/// Fills `tb[0..=maxtype]` from the `len` attribute bytes at `head`.
///
/// # Safety
/// `tb` has maxtype + 1 slots; `head` is readable for `len` bytes;
/// `policy` is NULL or has maxtype + 1 entries.
#[no_mangle]
pub unsafe extern "C" fn libbpf_nla_parse(
    tb: *mut *mut nlattr,
    maxtype: c_int,
    head: *mut nlattr,
    len: c_int,
    policy: *mut Policy,
) -> c_int {
    ret_val("libbpf_nla_parse", -libc::EINVAL, || {
        let Ok(max) = usize::try_from(maxtype) else {
            return Ok(0);
        };
        if tb.is_null() {
            return Err(crate::Error::inval("libbpf_nla_parse: tb is NULL"));
        }
        // SAFETY: tb has maxtype + 1 slots per contract.
        let slots = unsafe { std::slice::from_raw_parts_mut(tb, max + 1) };
        slots.fill(std::ptr::null_mut());
        let n = usize::try_from(len).unwrap_or(0);
        if head.is_null() || n == 0 {
            return Ok(0);
        }
        // SAFETY: readable for len bytes per contract.
        let buf = unsafe { std::slice::from_raw_parts(head.cast::<u8>().cast_const(), n) };
        // SAFETY: NULL or maxtype + 1 entries per contract.
        let pol =
            (!policy.is_null()).then(|| unsafe { std::slice::from_raw_parts(policy, max + 1) });
        let Ok(found) = nla::parse(buf, max, pol) else {
            return Ok(-libc::EINVAL);
        };
        for (slot, at) in slots.iter_mut().zip(found) {
            if let Some(at) = at {
                // SAFETY: an offset within the caller's buffer.
                *slot = unsafe { head.cast::<u8>().add(at) }.cast();
            }
        }
        Ok(0)
    })
}

/// `libbpf_nla_parse` over the payload of the nested attribute `nla`.
///
/// # Safety
/// As `libbpf_nla_parse`; `nla` is a whole attribute.
#[no_mangle]
pub unsafe extern "C" fn libbpf_nla_parse_nested(
    tb: *mut *mut nlattr,
    maxtype: c_int,
    nla: *mut nlattr,
    policy: *mut Policy,
) -> c_int {
    if nla.is_null() {
        // SAFETY: forwarded (no attributes).
        return unsafe { libbpf_nla_parse(tb, maxtype, std::ptr::null_mut(), 0, policy) };
    }
    // SAFETY: nla points to an attribute header (nla_len first).
    let total = unsafe { nla.cast::<u16>().read_unaligned() } as c_int;
    let payload = unsafe { nla.cast::<u8>().add(nla::HDRLEN) }.cast::<nlattr>();
    // SAFETY: forwarded.
    unsafe { libbpf_nla_parse(tb, maxtype, payload, total - nla::HDRLEN as c_int, policy) }
}

/// Logs the extended-ack message of the netlink error reply `nlh`; returns 0.
///
/// # Safety
/// `nlh` is NULL or a whole netlink message (`nlmsg_len` bytes).
#[no_mangle]
pub unsafe extern "C" fn libbpf_nla_dump_errormsg(nlh: *mut c_void) -> c_int {
    ret_val("libbpf_nla_dump_errormsg", 0, || {
        if nlh.is_null() {
            return Ok(0);
        }
        // SAFETY: the header's first word is its length; the message is that long.
        let len = unsafe { nlh.cast::<u32>().read_unaligned() } as usize;
        let msg = unsafe { std::slice::from_raw_parts(nlh.cast::<u8>().cast_const(), len.max(16)) };
        nla::dump_errormsg(msg);
        Ok(0)
    })
}
