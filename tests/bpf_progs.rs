//! bpf.h program API against the real kernel: raw-instruction loads, the
//! verifier log and its retry, `log_true_size`, test runs with OUT fields
//! honouring the caller's `sz`, and `bpf_link_create`'s union checks.

mod common;

use bpf::capi::bpf::*;
use std::mem::{offset_of, size_of, zeroed};
use std::ptr::{null, null_mut};

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap()
}

/// One instruction as libbpf lays it out (code, dst|src<<4, off, imm).
fn insn(code: u8, dst: u8, src: u8, off: i16, imm: i32) -> u64 {
    (code as u64)
        | ((dst as u64 | (src as u64) << 4) << 8)
        | ((off as u16 as u64) << 16)
        | ((imm as u32 as u64) << 32)
}

fn load(ty: u32, insns: &[u64], opts: *mut bpf_prog_load_opts) -> i32 {
    unsafe {
        bpf_prog_load(
            ty,
            null(),
            c"GPL".as_ptr(),
            insns.as_ptr().cast(),
            insns.len(),
            opts,
        )
    }
}

#[test]
fn verifier_log_retry_and_true_size() {
    require_root!();
    let bad = [insn(0x95, 0, 0, 0, 0)]; // exit without setting r0
    let mut log = vec![0u8; 4096];
    unsafe {
        let mut o: bpf_prog_load_opts = zeroed();
        o.sz = size_of::<bpf_prog_load_opts>();
        o.log_buf = log.as_mut_ptr().cast();
        o.log_size = log.len() as u32;
        // log_level 0 with a buffer: the failed load is retried with level 1
        assert_eq!(load(1, &bad, &mut o), -libc::EACCES);
        assert_eq!(errno(), libc::EACCES);
        let text = std::ffi::CStr::from_ptr(log.as_ptr().cast())
            .to_string_lossy()
            .into_owned();
        assert!(text.contains("R0 !read_ok"), "log: {text}");
        assert_eq!(o.log_true_size as usize, text.len() + 1);
        // a buffer too small: ENOSPC, and log_true_size says what was needed
        let mut small = [0u8; 8];
        o.log_buf = small.as_mut_ptr().cast();
        o.log_size = small.len() as u32;
        o.log_level = 1;
        o.log_true_size = 0;
        assert_eq!(load(1, &bad, &mut o), -libc::ENOSPC);
        assert_eq!(o.log_true_size as usize, text.len() + 1);
        // log_buf without log_size (and the reverse) is the caller's mistake
        o.log_size = 0;
        assert_eq!(load(1, &bad, &mut o), -libc::EINVAL);
        // a caller whose struct ends before log_true_size never sees it written
        let mut short: bpf_prog_load_opts = zeroed();
        short.sz = offset_of!(bpf_prog_load_opts, log_true_size);
        short.log_buf = log.as_mut_ptr().cast();
        short.log_size = log.len() as u32;
        short.log_true_size = 0xdead;
        assert_eq!(load(1, &bad, &mut short), -libc::EACCES);
        assert_eq!(short.log_true_size, 0xdead);
        // success leaves no log retry and NULL name/license pass through
        let good = [insn(0xb7, 0, 0, 0, 0), insn(0x95, 0, 0, 0, 0)];
        let fd = bpf_prog_load(
            1,
            null(),
            c"GPL".as_ptr(),
            good.as_ptr().cast(),
            2,
            null_mut(),
        );
        assert!(fd > 0);
        libc::close(fd);
        // no license: the kernel's own answer, not a crash
        let r = bpf_prog_load(
            1,
            c"n".as_ptr(),
            null(),
            good.as_ptr().cast(),
            2,
            null_mut(),
        );
        assert!(r < 0 && errno() == -r);
    }
}

#[test]
fn test_run_out_fields_follow_sz() {
    require_root!();
    // XDP: return XDP_TX (3)
    let prog = [insn(0xb7, 0, 0, 0, 3), insn(0x95, 0, 0, 0, 0)];
    let fd = load(6, &prog, null_mut());
    assert!(fd > 0, "{}", std::io::Error::last_os_error());
    let pkt = [7u8; 64];
    let mut out = [0u8; 64];
    unsafe {
        let mut o: bpf_test_run_opts = zeroed();
        o.sz = size_of::<bpf_test_run_opts>();
        o.data_in = pkt.as_ptr().cast();
        o.data_size_in = 64;
        o.data_out = out.as_mut_ptr().cast();
        o.data_size_out = 64;
        o.repeat = 10;
        assert_eq!(bpf_prog_test_run_opts(fd, &mut o), 0);
        assert_eq!(o.retval, 3);
        assert_eq!(o.data_size_out, 64);
        assert_eq!(out, pkt);
        // sz ending before retval: retval and duration stay as they were
        let mut s: bpf_test_run_opts = o;
        s.sz = offset_of!(bpf_test_run_opts, retval);
        s.retval = 0xaaaa;
        s.duration = 0xbbbb;
        s.data_size_out = 64;
        assert_eq!(bpf_prog_test_run_opts(fd, &mut s), 0);
        assert_eq!((s.retval, s.duration), (0xaaaa, 0xbbbb));
        // a too small output buffer: ENOSPC, data_size_out reports the full size
        let mut t: bpf_test_run_opts = o;
        t.data_size_out = 10;
        assert_eq!(bpf_prog_test_run_opts(fd, &mut t), -libc::ENOSPC);
        assert_eq!(t.data_size_out, 64);
        libc::close(fd);
    }
}

#[test]
fn link_create_union_checks() {
    require_root!();
    unsafe {
        let prog = load(
            17,
            &[insn(0xb7, 0, 0, 0, 0), insn(0x95, 0, 0, 0, 0)],
            null_mut(),
        );
        assert!(prog > 0);
        // a cgroup_skb program (expected attach type 0 = cgroup_inet_ingress)
        let skb = load(
            8,
            &[insn(0xb7, 0, 0, 0, 1), insn(0x95, 0, 0, 0, 0)],
            null_mut(),
        );
        assert!(skb > 0);
        // a kprobe_multi field beyond the cgroup member's end, with a cgroup
        // attach type: rejected before the kernel
        let mut o: bpf_link_create_opts = zeroed();
        o.sz = size_of::<bpf_link_create_opts>();
        o.u.kprobe_multi.cookies = std::ptr::dangling::<u64>();
        assert_eq!(bpf_link_create(skb, 9999, 0, &o), -libc::EINVAL);
        // within the cgroup member: relative_fd, the kernel checks the fds
        o.u.kprobe_multi.cookies = null();
        o.u.cgroup.relative_fd = 9999;
        assert_eq!(bpf_link_create(skb, 9999, 0, &o), -libc::EBADF);
        // relative_fd and relative_id together: EINVAL
        o.u.cgroup.relative_id = 1;
        assert_eq!(bpf_link_create(skb, 9999, 0, &o), -libc::EINVAL);
        // raw_tp program through BPF_TRACE_RAW_TP without target: the kernel
        // needs a tracepoint name, so it says EINVAL; no options, so no fallback
        // can name one either. The raw_tracepoint_open path does:
        let mut ro: bpf_raw_tp_opts = zeroed();
        ro.sz = size_of::<bpf_raw_tp_opts>();
        ro.tp_name = c"sys_enter".as_ptr();
        ro.cookie = 5;
        let link = bpf_raw_tracepoint_open_opts(prog, &mut ro);
        assert!(link > 0, "{}", std::io::Error::last_os_error());
        libc::close(link);
        libc::close(prog);
        libc::close(skb);
    }
}
