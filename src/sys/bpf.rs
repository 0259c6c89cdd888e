//! `bpf(2)`: the one choke point every BPF command goes through, and one
//! small function per command that oxbpf uses.

use super::fd::own;
use crate::error::Errno;
use crate::uapi::bpf::*;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};

/// Calls `bpf(cmd, attr, size_of(attr))`, retrying on `EINTR`.
pub fn sys_bpf<T>(cmd: u32, attr: &mut T) -> Result<i64, Errno> {
    loop {
        // SAFETY: `attr` is a live #[repr(C)] bpf_attr prefix of the given size;
        // the kernel reads (and for some commands writes) only that many bytes.
        let r = unsafe {
            libc::syscall(
                libc::SYS_bpf,
                cmd as libc::c_long,
                attr as *mut T as *mut libc::c_void,
                std::mem::size_of::<T>() as libc::c_long,
            )
        };
        if r >= 0 {
            return Ok(r as i64);
        }
        let e = Errno::last();
        if e != Errno::EINTR {
            return Err(e);
        }
    }
}

fn sys_bpf_fd<T>(cmd: u32, attr: &mut T) -> Result<OwnedFd, Errno> {
    let r = sys_bpf(cmd, attr)?;
    own(r as RawFd)
}

/// Copies `name` into a kernel object name: at most 15 bytes plus NUL.
pub fn obj_name(name: &str) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (d, s) in out.iter_mut().zip(name.bytes().take(15)) {
        *d = s;
    }
    out
}

pub fn map_create(attr: &mut MapCreateAttr) -> Result<OwnedFd, Errno> {
    sys_bpf_fd(cmd::MAP_CREATE, attr)
}

pub fn prog_load(attr: &mut ProgLoadAttr) -> Result<OwnedFd, Errno> {
    // The verifier can transiently fail with EAGAIN; libbpf retries a few times.
    let mut tries = 0;
    loop {
        match sys_bpf_fd(cmd::PROG_LOAD, attr) {
            Err(e) if e == Errno::EAGAIN && tries < 5 => tries += 1,
            other => return other,
        }
    }
}

pub fn btf_load(attr: &mut BtfLoadAttr) -> Result<OwnedFd, Errno> {
    sys_bpf_fd(cmd::BTF_LOAD, attr)
}

fn elem(
    cmd: u32,
    fd: BorrowedFd<'_>,
    key: *const u8,
    value: *mut u8,
    flags: u64,
) -> Result<(), Errno> {
    let mut attr = MapElemAttr {
        map_fd: fd.as_raw_fd() as u32,
        key: key as u64,
        value: value as u64,
        flags,
        ..Default::default()
    };
    sys_bpf(cmd, &mut attr).map(|_| ())
}

/// `BPF_MAP_UPDATE_ELEM`; `key`/`value` must have the map's sizes (checked by callers).
pub fn map_update_elem(
    fd: BorrowedFd<'_>,
    key: &[u8],
    value: &[u8],
    flags: u64,
) -> Result<(), Errno> {
    elem(
        cmd::MAP_UPDATE_ELEM,
        fd,
        key.as_ptr(),
        value.as_ptr() as *mut u8,
        flags,
    )
}

/// `BPF_MAP_LOOKUP_AND_DELETE_ELEM` (queue/stack pops, hash take-outs).
pub fn map_lookup_and_delete_elem(
    fd: BorrowedFd<'_>,
    key: &[u8],
    value: &mut [u8],
    flags: u64,
) -> Result<(), Errno> {
    let k = if key.is_empty() {
        std::ptr::null()
    } else {
        key.as_ptr()
    };
    elem(
        cmd::MAP_LOOKUP_AND_DELETE_ELEM,
        fd,
        k,
        value.as_mut_ptr(),
        flags,
    )
}

pub fn map_lookup_elem(
    fd: BorrowedFd<'_>,
    key: &[u8],
    value: &mut [u8],
    flags: u64,
) -> Result<(), Errno> {
    elem(
        cmd::MAP_LOOKUP_ELEM,
        fd,
        key.as_ptr(),
        value.as_mut_ptr(),
        flags,
    )
}

pub fn map_delete_elem(fd: BorrowedFd<'_>, key: &[u8], flags: u64) -> Result<(), Errno> {
    elem(
        cmd::MAP_DELETE_ELEM,
        fd,
        key.as_ptr(),
        std::ptr::null_mut(),
        flags,
    )
}

/// `key` = None asks for the first key.
pub fn map_get_next_key(
    fd: BorrowedFd<'_>,
    key: Option<&[u8]>,
    next: &mut [u8],
) -> Result<(), Errno> {
    let k = key.map_or(std::ptr::null(), |k| k.as_ptr());
    elem(cmd::MAP_GET_NEXT_KEY, fd, k, next.as_mut_ptr(), 0)
}

pub fn map_freeze(fd: BorrowedFd<'_>) -> Result<(), Errno> {
    let mut attr = MapFreezeAttr {
        map_fd: fd.as_raw_fd() as u32,
    };
    sys_bpf(cmd::MAP_FREEZE, &mut attr).map(|_| ())
}

pub fn prog_bind_map(prog: BorrowedFd<'_>, map: BorrowedFd<'_>) -> Result<(), Errno> {
    let mut attr = ProgBindMapAttr {
        prog_fd: prog.as_raw_fd() as u32,
        map_fd: map.as_raw_fd() as u32,
        flags: 0,
    };
    sys_bpf(cmd::PROG_BIND_MAP, &mut attr).map(|_| ())
}

/// `BPF_LINK_CREATE` for a perf event (`target_fd` = the perf event fd).
pub fn link_create_perf_event(
    prog: BorrowedFd<'_>,
    pfd: BorrowedFd<'_>,
    cookie: u64,
) -> Result<OwnedFd, Errno> {
    let mut attr = LinkCreateAttr {
        prog_fd: prog.as_raw_fd() as u32,
        target_fd: pfd.as_raw_fd() as u32,
        attach_type: attach_type::BPF_PERF_EVENT,
        flags: 0,
        tail: [cookie, 0, 0, 0, 0, 0],
    };
    sys_bpf_fd(cmd::LINK_CREATE, &mut attr)
}

fn path_arg(path: &str) -> Result<std::ffi::CString, Errno> {
    std::ffi::CString::new(path).map_err(|_| Errno::EINVAL)
}

pub fn obj_pin(fd: BorrowedFd<'_>, path: &str) -> Result<(), Errno> {
    let p = path_arg(path)?;
    let mut attr = ObjPinAttr {
        pathname: p.as_ptr() as u64,
        bpf_fd: fd.as_raw_fd() as u32,
        ..Default::default()
    };
    sys_bpf(cmd::OBJ_PIN, &mut attr).map(|_| ())
}

pub fn obj_get(path: &str, file_flags: u32) -> Result<OwnedFd, Errno> {
    let p = path_arg(path)?;
    let mut attr = ObjPinAttr {
        pathname: p.as_ptr() as u64,
        file_flags,
        ..Default::default()
    };
    sys_bpf_fd(cmd::OBJ_GET, &mut attr)
}

/// `BPF_OBJ_GET_INFO_BY_FD` into `info` (any `bpf_*_info` struct); returns the
/// length the kernel filled.
pub fn obj_get_info_by_fd(fd: BorrowedFd<'_>, info: &mut [u8]) -> Result<u32, Errno> {
    let mut attr = InfoByFdAttr {
        bpf_fd: fd.as_raw_fd() as u32,
        info_len: info.len() as u32,
        info: info.as_mut_ptr() as u64,
    };
    sys_bpf(cmd::OBJ_GET_INFO_BY_FD, &mut attr)?;
    Ok(attr.info_len)
}

/// `bpf(cmd, attr)` for commands that return a new fd.
pub fn call_fd<T>(cmd: u32, attr: &mut T) -> Result<OwnedFd, Errno> {
    sys_bpf_fd(cmd, attr)
}

/// `bpf(cmd, attr)` for commands that return 0 (or a count) on success.
pub fn call<T>(cmd: u32, attr: &mut T) -> Result<i64, Errno> {
    sys_bpf(cmd, attr)
}

/// `BPF_PROG_LOAD`, retrying `EAGAIN` until `attempts` loads were tried.
pub fn prog_load_attempts(attr: &mut ProgLoadAttr, attempts: u32) -> Result<OwnedFd, Errno> {
    let mut left = attempts.max(1);
    loop {
        match sys_bpf_fd(cmd::PROG_LOAD, attr) {
            Err(e) if e == Errno::EAGAIN && left > 1 => left -= 1,
            other => return other,
        }
    }
}

/// Where a failed load may leave its verifier log: the caller's buffer, used
/// only on a retry when the first load ran without a log (`log_level` 0).
#[derive(Clone, Copy)]
pub struct RetryLog {
    pub buf: u64,
    pub size: u32,
}

/// Copies `cnt` records of `from` bytes each at `src` into records of `to`
/// bytes, keeping the first `keep` bytes of each and zeroing the rest.
///
/// # Safety
/// `src` is readable for `cnt * from` bytes.
/// The size is the caller's: `None` when it cannot be allocated (libbpf
/// then fails the load with `E2BIG`).
unsafe fn zero_tailing(src: u64, cnt: u32, from: u32, keep: u32) -> Option<Vec<u8>> {
    let (cnt, from, keep) = (cnt as usize, from as usize, keep as usize);
    let len = crate::mem::array_bytes(cnt, from, "func/line info").ok()?;
    let mut out = crate::mem::try_filled(0u8, len, "func/line info").ok()?;
    // SAFETY: per the contract above.
    let src = unsafe { std::slice::from_raw_parts(src as *const u8, len) };
    for (d, s) in out.chunks_mut(from).zip(src.chunks(from)) {
        d[..keep].copy_from_slice(&s[..keep]);
    }
    Some(out)
}

/// `BPF_PROG_LOAD` the way libbpf's `bpf_prog_load()` does it: `EAGAIN`
/// retries; on `E2BIG` where the kernel shrank `func_info_rec_size` or
/// `line_info_rec_size` (older kernel, newer records), a retry with the
/// unknown tail of each record zeroed; and, when the caller gave a log buffer
/// but `log_level` 0, a last retry with `log_level` 1 to fill it.
/// `attr.log_true_size` holds the last attempt's value afterwards.
///
/// # Safety
/// Every pointer in `attr` is valid for the sizes and counts it gives.
pub unsafe fn prog_load_retrying(
    attr: &mut ProgLoadAttr,
    attempts: u32,
    retry_log: Option<RetryLog>,
) -> Result<OwnedFd, Errno> {
    let func_rec = attr.func_info_rec_size;
    let line_rec = attr.line_info_rec_size;
    let (func_src, line_src) = (attr.func_info, attr.line_info);
    let mut finfo: Option<Vec<u8>> = None;
    let mut linfo: Option<Vec<u8>> = None;
    let mut res = prog_load_attempts(attr, attempts);
    while matches!(res, Err(e) if e == Errno::E2BIG) && (finfo.is_none() || linfo.is_none()) {
        if finfo.is_none() && attr.func_info_cnt != 0 && attr.func_info_rec_size < func_rec {
            // SAFETY: the caller's func_info holds func_info_cnt records of func_rec bytes.
            let v = unsafe {
                zero_tailing(
                    func_src,
                    attr.func_info_cnt,
                    func_rec,
                    attr.func_info_rec_size,
                )
            };
            let Some(v) = v else {
                res = Err(Errno::E2BIG);
                break;
            };
            attr.func_info = v.as_ptr() as u64;
            attr.func_info_rec_size = func_rec;
            finfo = Some(v);
        } else if linfo.is_none() && attr.line_info_cnt != 0 && attr.line_info_rec_size < line_rec {
            // SAFETY: as above, for line_info.
            let v = unsafe {
                zero_tailing(
                    line_src,
                    attr.line_info_cnt,
                    line_rec,
                    attr.line_info_rec_size,
                )
            };
            let Some(v) = v else {
                res = Err(Errno::E2BIG);
                break;
            };
            attr.line_info = v.as_ptr() as u64;
            attr.line_info_rec_size = line_rec;
            linfo = Some(v);
        } else {
            break;
        }
        res = prog_load_attempts(attr, attempts);
    }
    if res.is_err() && attr.log_level == 0 {
        if let Some(log) = retry_log {
            attr.log_buf = log.buf;
            attr.log_size = log.size;
            attr.log_level = 1;
            res = prog_load_attempts(attr, attempts);
        }
    }
    // The copies must outlive every load that pointed at them.
    drop((finfo, linfo));
    res
}

/// `BPF_OBJ_GET_INFO_BY_FD` for a map.
pub fn map_info(fd: BorrowedFd<'_>) -> Result<bpf_map_info, Errno> {
    let mut info = bpf_map_info::default();
    // SAFETY-free view: bpf_map_info is plain integers, any bytes are valid.
    let bytes = unsafe {
        std::slice::from_raw_parts_mut(
            (&mut info as *mut bpf_map_info).cast::<u8>(),
            std::mem::size_of::<bpf_map_info>(),
        )
    };
    obj_get_info_by_fd(fd, bytes)?;
    Ok(info)
}

/// `BPF_OBJ_GET_INFO_BY_FD` for a program (no arrays requested). The request
/// is a zeroed byte buffer, not the struct: the struct's 4 tail padding bytes
/// would be uninitialised, and this kernel answers non-zero bytes past its
/// 228-byte `bpf_prog_info` with `E2BIG`.
pub fn prog_info(fd: BorrowedFd<'_>) -> Result<bpf_prog_info, Errno> {
    let mut buf = [0u8; std::mem::size_of::<bpf_prog_info>()];
    obj_get_info_by_fd(fd, &mut buf)?;
    // SAFETY: bpf_prog_info is plain integers (any bytes are valid) and `buf`
    // is exactly its size; read_unaligned has no alignment requirement.
    Ok(unsafe { std::ptr::read_unaligned(buf.as_ptr().cast::<bpf_prog_info>()) })
}
