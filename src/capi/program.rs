//! libbpf.h: `struct bpf_program` — per-program getters and setters used
//! between open and load (type, autoload, log buffer, instructions …).
//!
//! Every pointer argument is NULL or what libbpf documents for it.
#![allow(non_snake_case, unused_variables)]

use super::bpf::bpf_prog_assoc_struct_ops_opts;
use super::handles::bpf_map;
use super::types::{__u32, bpf_attach_type, bpf_func_info, bpf_insn, bpf_line_info, bpf_prog_type};
use std::os::raw::{c_char, c_int};

use super::boundary::{ret_int, ret_val};
use super::handles::{self, bpf_program};
use std::os::fd::AsRawFd;

/// Sets the netdev ifindex for device offload (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__set_ifindex(prog: *mut bpf_program, ifindex: __u32) {
    // SAFETY: prog is NULL or a live program handle.
    ret_val("bpf_program__set_ifindex", (), || {
        unsafe { handles::prog_mut(prog)? }.ifindex = ifindex;
        Ok(())
    })
}

/// The program's name (its C function name).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__name(prog: *const bpf_program) -> *const c_char {
    // SAFETY: prog is NULL or a live program handle.
    unsafe {
        handles::read("bpf_program__name", prog, std::ptr::null(), |p| {
            Ok(p.name.as_ptr())
        })
    }
}

/// The ELF section the program came from (`tp/syscalls/...`).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__section_name(prog: *const bpf_program) -> *const c_char {
    // SAFETY: prog is NULL or a live program handle.
    unsafe {
        handles::read("bpf_program__section_name", prog, std::ptr::null(), |p| {
            Ok(p.sec_name.as_ptr())
        })
    }
}

/// Whether `bpf_object__load` will load this program.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__autoload(prog: *const bpf_program) -> bool {
    // SAFETY: prog is NULL or a live program handle.
    unsafe { handles::read("bpf_program__autoload", prog, false, |p| Ok(p.autoload)) }
}

/// Chooses whether the program is loaded (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__set_autoload(
    prog: *mut bpf_program,
    autoload: bool,
) -> c_int {
    // SAFETY: prog is NULL or a live program handle.
    ret_int("bpf_program__set_autoload", || {
        unsafe { handles::prog_mut(prog)? }
            .set_autoload(autoload)
            .map(|_| 0)
    })
}

/// Whether skeleton attach will attach this program.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__autoattach(prog: *const bpf_program) -> bool {
    // SAFETY: prog is NULL or a live program handle.
    unsafe { handles::read("bpf_program__autoattach", prog, false, |p| Ok(p.autoattach)) }
}

/// Chooses whether skeleton attach attaches this program.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__set_autoattach(prog: *mut bpf_program, autoattach: bool) {
    // SAFETY: prog is NULL or a live program handle.
    ret_val("bpf_program__set_autoattach", (), || {
        unsafe { handles::prog_mut(prog)? }.autoattach = autoattach;
        Ok(())
    })
}

/// The program's instructions as they stand (relocated after load).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__insns(prog: *const bpf_program) -> *const bpf_insn {
    // SAFETY: prog is NULL or a live program handle.
    unsafe {
        handles::read("bpf_program__insns", prog, std::ptr::null(), |p| {
            Ok(p.insns.as_ptr().cast::<bpf_insn>())
        })
    }
}

/// Replaces the program's instructions (copied; before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__set_insns(
    prog: *mut bpf_program,
    new_insns: *mut bpf_insn,
    new_insn_cnt: usize,
) -> c_int {
    ret_int("bpf_program__set_insns", || {
        // SAFETY: prog NULL or live; new_insns NULL or new_insn_cnt instructions.
        let p = unsafe { handles::prog_mut(prog)? };
        if new_insns.is_null() || new_insn_cnt == 0 {
            return Err(crate::Error::inval("new_insns is NULL or empty"));
        }
        // -EBUSY after load comes first, as in libbpf.
        p.set(|_| ())?;
        // The count is the caller's: the copy may fail (libbpf: -ENOMEM),
        // and is made before the caller's array is looked at.
        let mut copy = crate::mem::try_with_capacity(new_insn_cnt, "bpf_program__set_insns")
            .map_err(|e| {
                crate::Error::other(
                    e.errno(),
                    format!("prog '{}': failed to realloc prog code ({e})", p.name),
                )
            })?;
        // SAFETY: new_insns holds new_insn_cnt instructions (the contract);
        // the allocation above proved the size fits the address space.
        let insns = unsafe {
            std::slice::from_raw_parts(new_insns.cast::<crate::uapi::bpf::bpf_insn>(), new_insn_cnt)
        };
        copy.extend_from_slice(insns);
        p.replace_insns(copy).map(|_| 0)
    })
}

/// Number of instructions `bpf_program__insns` points to.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__insn_cnt(prog: *const bpf_program) -> usize {
    // SAFETY: prog is NULL or a live program handle.
    unsafe { handles::read("bpf_program__insn_cnt", prog, 0, |p| Ok(p.insns.len())) }
}

/// The loaded program's fd; -ENOENT (silently) if it is not loaded.
///
/// Silent as libbpf: callers ask it of every program.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__fd(prog: *const bpf_program) -> c_int {
    if prog.is_null() {
        return super::boundary::quiet_einval();
    }
    // SAFETY: prog is a live program handle or refused (NULL handled above).
    unsafe {
        handles::read_int("bpf_program__fd", prog, |p| {
            p.fd()
                .map(|f| f.as_raw_fd())
                .ok_or(crate::Error::Reported(crate::Errno::ENOENT))
        })
    }
}

/// Pins the loaded program at `path` in bpffs.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__pin(prog: *mut bpf_program, path: *const c_char) -> c_int {
    ret_int("bpf_program__pin", || {
        // SAFETY: prog NULL or live; path NULL or a C string.
        let p = unsafe { handles::prog(prog)? };
        p.pin(unsafe { super::boundary::cstr(path, "path")? })
            .map(|_| 0)
    })
}

/// Removes the pin at `path`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__unpin(prog: *mut bpf_program, path: *const c_char) -> c_int {
    ret_int("bpf_program__unpin", || {
        // SAFETY: prog NULL or live; path NULL or a C string.
        let p = unsafe { handles::prog(prog)? };
        p.unpin(unsafe { super::boundary::cstr(path, "path")? })
            .map(|_| 0)
    })
}

/// Closes the program's fd, leaving the rest of the object loaded.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__unload(prog: *mut bpf_program) {
    // SAFETY: prog is NULL or a live program handle.
    ret_val("bpf_program__unload", (), || {
        unsafe { handles::prog_mut(prog)? }.fd = None;
        Ok(())
    })
}

/// The program's `enum bpf_prog_type`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__type(prog: *const bpf_program) -> bpf_prog_type {
    // SAFETY: prog is NULL or a live program handle.
    unsafe { handles::read("bpf_program__type", prog, 0, |p| Ok(p.prog_type)) }
}

/// Overrides the program type guessed from the section name (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__set_type(
    prog: *mut bpf_program,
    type_: bpf_prog_type,
) -> c_int {
    // SAFETY: prog is NULL or a live program handle.
    ret_int("bpf_program__set_type", || {
        unsafe { handles::prog_mut(prog)? }
            .set_type(type_)
            .map(|_| 0)
    })
}

/// The program's expected `enum bpf_attach_type`.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__expected_attach_type(
    prog: *const bpf_program,
) -> bpf_attach_type {
    // SAFETY: prog is NULL or a live program handle.
    unsafe {
        handles::read("bpf_program__expected_attach_type", prog, 0, |p| {
            Ok(p.expected_attach_type)
        })
    }
}

/// Overrides the expected attach type (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__set_expected_attach_type(
    prog: *mut bpf_program,
    type_: bpf_attach_type,
) -> c_int {
    // SAFETY: prog is NULL or a live program handle.
    ret_int("bpf_program__set_expected_attach_type", || {
        unsafe { handles::prog_mut(prog)? }
            .set(|p| p.expected_attach_type = type_)
            .map(|_| 0)
    })
}

/// The `BPF_F_*` load flags of the program.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__flags(prog: *const bpf_program) -> __u32 {
    // SAFETY: prog is NULL or a live program handle.
    unsafe { handles::read("bpf_program__flags", prog, 0, |p| Ok(p.prog_flags)) }
}

/// Sets the `BPF_F_*` load flags (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__set_flags(prog: *mut bpf_program, flags: __u32) -> c_int {
    // SAFETY: prog is NULL or a live program handle.
    ret_int("bpf_program__set_flags", || {
        unsafe { handles::prog_mut(prog)? }
            .set(|p| p.prog_flags = flags)
            .map(|_| 0)
    })
}

/// The verifier log level used when loading this program.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__log_level(prog: *const bpf_program) -> __u32 {
    // SAFETY: prog is NULL or a live program handle.
    unsafe { handles::read("bpf_program__log_level", prog, 0, |p| Ok(p.log_level)) }
}

/// Sets the verifier log level for this program (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__set_log_level(
    prog: *mut bpf_program,
    log_level: __u32,
) -> c_int {
    // SAFETY: prog is NULL or a live program handle.
    ret_int("bpf_program__set_log_level", || {
        unsafe { handles::prog_mut(prog)? }
            .set(|p| p.log_level = log_level)
            .map(|_| 0)
    })
}

/// The caller-provided verifier log buffer and its size, or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__log_buf(
    prog: *const bpf_program,
    log_size: *mut usize,
) -> *const c_char {
    // SAFETY: prog NULL or live; log_size NULL or writable.
    ret_val("bpf_program__log_buf", std::ptr::null(), || {
        let p = unsafe { handles::prog(prog)? };
        let (ptr, size) = p.user_log.unwrap_or((0, 0));
        if !log_size.is_null() {
            unsafe { *log_size = size };
        }
        Ok(ptr as *const c_char)
    })
}

/// Gives the program a buffer for its verifier log (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_program__set_log_buf(
    prog: *mut bpf_program,
    log_buf: *mut c_char,
    log_size: usize,
) -> c_int {
    ret_int("bpf_program__set_log_buf", || {
        // SAFETY: prog is NULL or a live program handle.
        let p = unsafe { handles::prog_mut(prog)? };
        if log_size > 0 && log_buf.is_null() {
            return Err(crate::Error::inval(
                "log_buf is NULL with a non-zero log_size",
            ));
        }
        if log_size > u32::MAX as usize {
            return Err(crate::Error::other(
                crate::Errno::E2BIG,
                "log_size too large",
            ));
        }
        p.set(|p| p.user_log = (!log_buf.is_null()).then_some((log_buf as usize, log_size)))?;
        Ok(0)
    })
}

/// The program's BTF func_info records (after load), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__func_info(prog: *const bpf_program) -> *mut bpf_func_info {
    // SAFETY: prog is NULL or a live program handle.
    ret_val("bpf_program__func_info", std::ptr::null_mut(), || {
        let p = unsafe { handles::prog(prog)? };
        Ok(p.linked
            .as_ref()
            .filter(|l| !l.func_info.is_empty())
            .map_or(std::ptr::null_mut(), |l| {
                l.func_info.as_ptr() as *mut bpf_func_info
            }))
    })
}

/// Number of records `bpf_program__func_info` returns.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__func_info_cnt(prog: *const bpf_program) -> __u32 {
    // SAFETY: prog is NULL or a live program handle.
    ret_val("bpf_program__func_info_cnt", 0, || {
        let p = unsafe { handles::prog(prog)? };
        Ok(p.linked.as_ref().map_or(0, |l| {
            l.func_info
                .len()
                .checked_div(l.func_info_rec_size as usize)
                .unwrap_or(0) as u32
        }))
    })
}

/// The program's BTF line_info records (after load), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__line_info(prog: *const bpf_program) -> *mut bpf_line_info {
    // SAFETY: prog is NULL or a live program handle.
    ret_val("bpf_program__line_info", std::ptr::null_mut(), || {
        let p = unsafe { handles::prog(prog)? };
        Ok(p.linked
            .as_ref()
            .filter(|l| !l.line_info.is_empty())
            .map_or(std::ptr::null_mut(), |l| {
                l.line_info.as_ptr() as *mut bpf_line_info
            }))
    })
}

/// Number of records `bpf_program__line_info` returns.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__line_info_cnt(prog: *const bpf_program) -> __u32 {
    // SAFETY: prog is NULL or a live program handle.
    ret_val("bpf_program__line_info_cnt", 0, || {
        let p = unsafe { handles::prog(prog)? };
        Ok(p.linked.as_ref().map_or(0, |l| {
            l.line_info
                .len()
                .checked_div(l.line_info_rec_size as usize)
                .unwrap_or(0) as u32
        }))
    })
}

/// Sets the target of a tracing/freplace program: a BPF program fd, or 0 for the kernel.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__set_attach_target(
    prog: *mut bpf_program,
    attach_prog_fd: c_int,
    attach_func_name: *const c_char,
) -> c_int {
    ret_int("bpf_program__set_attach_target", || {
        // SAFETY: prog NULL or live; attach_func_name NULL or a C string.
        let p = unsafe { handles::prog_mut(prog)? };
        let name = unsafe { super::boundary::opt_cstr(attach_func_name, "attach_func_name")? };
        p.set_attach_target(attach_prog_fd, name)?;
        Ok(0)
    })
}

/// Associates a loaded program with a struct_ops map.
#[no_mangle]
pub unsafe extern "C" fn bpf_program__assoc_struct_ops(
    prog: *mut bpf_program,
    map: *mut bpf_map,
    opts: *mut bpf_prog_assoc_struct_ops_opts,
) -> c_int {
    ret_int("bpf_program__assoc_struct_ops", || {
        // SAFETY: prog and map are NULL or live handles; opts NULL or sized.
        let (p, m) = unsafe { (handles::prog(prog)?, handles::map(map)?) };
        let prog_fd = p.fd().ok_or_else(|| {
            crate::Error::inval(format!(
                "prog '{}': can't associate BPF program without FD (was it loaded?)",
                p.name
            ))
        })?;
        if p.prog_type == crate::elf::secdef::pt::STRUCT_OPS {
            return Err(crate::Error::inval(format!(
                "prog '{}': can't associate struct_ops program",
                p.name
            )));
        }
        if m.def.map_type != crate::uapi::bpf::map_type::STRUCT_OPS {
            return Err(crate::Error::inval(format!(
                "map '{}': can't associate non-struct_ops map",
                m.name
            )));
        }
        let map_fd = m.fd().ok_or_else(|| {
            crate::Error::inval(format!(
                "map '{}': can't associate BPF map without FD (was it created?)",
                m.name
            ))
        })?;
        // The bpf.h wrapper sets errno and returns -errno itself.
        Ok(unsafe {
            super::bpf::bpf_prog_assoc_struct_ops(
                prog_fd.as_raw_fd(),
                map_fd.as_raw_fd(),
                opts.cast(),
            )
        })
    })
}
