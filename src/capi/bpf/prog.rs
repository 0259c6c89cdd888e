//! bpf.h program commands: `bpf_prog_load` (with its log retry), test runs,
//! map binding, stream reads and struct_ops association.

use super::*;
use crate::sys::probes::{self, Feature};

/// Options of `bpf_prog_load`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_load_opts {
    pub sz: usize,
    pub attempts: c_int,
    pub expected_attach_type: bpf_attach_type,
    pub prog_btf_fd: __u32,
    pub prog_flags: __u32,
    pub prog_ifindex: __u32,
    pub kern_version: __u32,
    pub attach_btf_id: __u32,
    pub attach_prog_fd: __u32,
    pub attach_btf_obj_fd: __u32,
    pub fd_array: *const c_int,
    pub func_info: *const c_void,
    pub func_info_cnt: __u32,
    pub func_info_rec_size: __u32,
    pub line_info: *const c_void,
    pub line_info_cnt: __u32,
    pub line_info_rec_size: __u32,
    pub log_level: __u32,
    pub log_size: __u32,
    pub log_buf: *mut c_char,
    /// Out: the log size the kernel wanted, terminating NUL included.
    pub log_true_size: __u32,
    pub token_fd: __u32,
    pub fd_array_cnt: __u32,
}
crate::impl_opts!(bpf_prog_load_opts, fd_array_cnt);

/// Loads a program (BPF_PROG_LOAD); returns its fd.
///
/// # Safety
/// Strings are NULL or C strings; `insns` holds `insn_cnt` instructions;
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_load(
    prog_type: bpf_prog_type,
    prog_name: *const c_char,
    license: *const c_char,
    insns: *const bpf_insn,
    insn_cnt: usize,
    opts: *mut bpf_prog_load_opts,
) -> c_int {
    quiet("bpf_prog_load", || {
        // SAFETY: `opts` per this function's contract.
        let (o, sz) = unsafe { opts_or_default(opts)? };
        crate::sys::rlimit::bump_memlock();
        let attempts = match o.attempts {
            a if a < 0 => return Err(Error::inval("bpf_prog_load: attempts < 0")),
            0 => PROG_LOAD_ATTEMPTS,
            a => a as u32,
        };
        let insn_cnt = u32::try_from(insn_cnt)
            .map_err(|_| Error::other(Errno::E2BIG, "bpf_prog_load: too many instructions"))?;
        if o.attach_prog_fd != 0 && o.attach_btf_obj_fd != 0 {
            return Err(Error::inval(
                "bpf_prog_load: attach_prog_fd and attach_btf_obj_fd are exclusive",
            ));
        }
        if o.log_buf.is_null() != (o.log_size == 0) {
            return Err(Error::inval(
                "bpf_prog_load: log_buf and log_size go together",
            ));
        }
        let mut attr = ProgLoadAttr {
            prog_type,
            expected_attach_type: o.expected_attach_type,
            prog_btf_fd: o.prog_btf_fd,
            prog_flags: o.prog_flags,
            prog_ifindex: o.prog_ifindex,
            kern_version: o.kern_version,
            prog_token_fd: o.token_fd as i32,
            license: license as u64,
            insns: insns as u64,
            insn_cnt,
            attach_btf_id: o.attach_btf_id,
            attach_prog_fd: if o.attach_prog_fd != 0 {
                o.attach_prog_fd
            } else {
                o.attach_btf_obj_fd
            },
            func_info_rec_size: o.func_info_rec_size,
            func_info: o.func_info as u64,
            func_info_cnt: o.func_info_cnt,
            line_info_rec_size: o.line_info_rec_size,
            line_info: o.line_info as u64,
            line_info_cnt: o.line_info_cnt,
            fd_array: o.fd_array as u64,
            fd_array_cnt: o.fd_array_cnt,
            ..Default::default()
        };
        if !prog_name.is_null() && probes::supported(Feature::ProgName) {
            // SAFETY: a non-NULL name is a C string per the contract.
            attr.prog_name = unsafe { kernel_name(prog_name) };
        }
        if o.log_level != 0 {
            attr.log_buf = o.log_buf as u64;
            attr.log_size = o.log_size;
            attr.log_level = o.log_level;
        }
        let retry_log = (!o.log_buf.is_null()).then_some(sys::RetryLog {
            buf: o.log_buf as u64,
            size: o.log_size,
        });
        // SAFETY: every pointer in `attr` comes from the caller, who vouches for it.
        let r = unsafe { sys::prog_load_retrying(&mut attr, attempts, retry_log) };
        // SAFETY: `opts` is NULL or the caller's struct of `sz` bytes.
        unsafe {
            set_out!(
                opts,
                sz,
                bpf_prog_load_opts,
                log_true_size,
                attr.log_true_size
            )
        };
        fd_ret(r)
    })
}

/// Test-run description of libbpf 0.x, kept for code that still declares it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_test_run_attr {
    pub prog_fd: c_int,
    pub repeat: c_int,
    pub data_in: *const c_void,
    pub data_size_in: __u32,
    pub data_out: *mut c_void,
    pub data_size_out: __u32,
    pub retval: __u32,
    pub duration: __u32,
    pub ctx_in: *const c_void,
    pub ctx_size_in: __u32,
    pub ctx_out: *mut c_void,
    pub ctx_size_out: __u32,
}

/// Options of `bpf_prog_bind_map`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_bind_opts {
    pub sz: usize,
    pub flags: __u32,
}
crate::impl_opts!(bpf_prog_bind_opts, flags);

/// Keeps a map alive as long as a program (BPF_PROG_BIND_MAP).
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_bind_map(
    prog_fd: c_int,
    map_fd: c_int,
    opts: *const bpf_prog_bind_opts,
) -> c_int {
    quiet("bpf_prog_bind_map", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        let mut attr = ProgBindMapAttr {
            prog_fd: prog_fd as u32,
            map_fd: map_fd as u32,
            flags: o.flags,
        };
        zero_ret(sys::call(cmd::PROG_BIND_MAP, &mut attr))
    })
}

/// Options (in and out) of `bpf_prog_test_run_opts`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_test_run_opts {
    pub sz: usize,
    pub data_in: *const c_void,
    pub data_out: *mut c_void,
    pub data_size_in: __u32,
    /// In: room in `data_out`; out: bytes written.
    pub data_size_out: __u32,
    pub ctx_in: *const c_void,
    pub ctx_out: *mut c_void,
    pub ctx_size_in: __u32,
    /// In: room in `ctx_out`; out: bytes written.
    pub ctx_size_out: __u32,
    /// Out: the program's return value.
    pub retval: __u32,
    pub repeat: c_int,
    /// Out: mean run time per repetition, ns.
    pub duration: __u32,
    pub flags: __u32,
    pub cpu: __u32,
    pub batch_size: __u32,
}
crate::impl_opts!(bpf_test_run_opts, batch_size);

/// Runs a program on test input (BPF_PROG_TEST_RUN).
///
/// # Safety
/// `opts` is NULL or a valid opts struct with buffers as sized.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_test_run_opts(
    prog_fd: c_int,
    opts: *mut bpf_test_run_opts,
) -> c_int {
    quiet("bpf_prog_test_run_opts", || {
        // SAFETY: `opts` per this function's contract.
        let (o, sz) = unsafe { opts_or_default(opts)? };
        let mut attr = TestRunAttr {
            prog_fd: prog_fd as u32,
            batch_size: o.batch_size,
            cpu: o.cpu,
            flags: o.flags,
            repeat: o.repeat as u32,
            duration: o.duration,
            ctx_size_in: o.ctx_size_in,
            ctx_size_out: o.ctx_size_out,
            data_size_in: o.data_size_in,
            data_size_out: o.data_size_out,
            ctx_in: o.ctx_in as u64,
            ctx_out: o.ctx_out as u64,
            data_in: o.data_in as u64,
            data_out: o.data_out as u64,
            ..Default::default()
        };
        let r = sys::call(cmd::PROG_TEST_RUN, &mut attr);
        // SAFETY: `opts` is NULL or the caller's struct of `sz` bytes.
        unsafe {
            set_out!(
                opts,
                sz,
                bpf_test_run_opts,
                data_size_out,
                attr.data_size_out
            );
            set_out!(opts, sz, bpf_test_run_opts, ctx_size_out, attr.ctx_size_out);
            set_out!(opts, sz, bpf_test_run_opts, duration, attr.duration);
            set_out!(opts, sz, bpf_test_run_opts, retval, attr.retval);
        }
        zero_ret(r)
    })
}

/// Options of `bpf_prog_stream_read` (only `sz` so far).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_stream_read_opts {
    pub sz: usize,
}
crate::impl_opts!(bpf_prog_stream_read_opts, sz);

/// Reads a program's BPF stream (stdout/stderr of BPF code); returns bytes read.
///
/// # Safety
/// `buf` is writable for `buf_len` bytes; `opts` is NULL or valid.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_stream_read(
    prog_fd: c_int,
    stream_id: __u32,
    buf: *mut c_void,
    buf_len: __u32,
    opts: *mut bpf_prog_stream_read_opts,
) -> c_int {
    quiet("bpf_prog_stream_read", || {
        // SAFETY: `opts` per this function's contract.
        unsafe { opts_or_default(opts)? };
        let mut attr = ProgStreamReadAttr {
            stream_buf: buf as u64,
            stream_buf_len: buf_len,
            stream_id,
            prog_fd: prog_fd as u32,
            ..Default::default()
        };
        Ok(sys::call(cmd::PROG_STREAM_READ_BY_FD, &mut attr)? as c_int)
    })
}

/// Options of `bpf_prog_assoc_struct_ops`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_assoc_struct_ops_opts {
    pub sz: usize,
    pub flags: __u32,
}
crate::impl_opts!(bpf_prog_assoc_struct_ops_opts, flags);

/// Associates a program with a struct_ops map.
///
/// # Safety
/// `opts` is NULL or a valid opts struct.
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_assoc_struct_ops(
    prog_fd: c_int,
    map_fd: c_int,
    opts: *mut bpf_prog_assoc_struct_ops_opts,
) -> c_int {
    quiet("bpf_prog_assoc_struct_ops", || {
        // SAFETY: `opts` per this function's contract.
        let (o, _) = unsafe { opts_or_default(opts)? };
        let mut attr = ProgAssocStructOpsAttr {
            map_fd: map_fd as u32,
            prog_fd: prog_fd as u32,
            flags: o.flags,
        };
        zero_ret(sys::call(cmd::PROG_ASSOC_STRUCT_OPS, &mut attr))
    })
}
