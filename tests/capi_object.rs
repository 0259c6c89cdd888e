//! The object/program/map C API as a C caller uses it: iteration, lookups,
//! getters and setters before and after load, user log buffers, and misuse.

mod common;

use bpf::capi::handles::{bpf_map, bpf_object};
use bpf::capi::map::*;
use bpf::capi::object::*;
use bpf::capi::program::*;
use std::ffi::{CStr, CString};
use std::ptr::{null, null_mut};

fn obj_path(name: &str) -> CString {
    common::bpf_object(name);
    CString::new(
        common::root()
            .join(format!("target/bpf-progs/{name}.bpf.o"))
            .to_str()
            .unwrap(),
    )
    .unwrap()
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

#[test]
fn iterate_find_and_get() {
    let path = obj_path("features");
    // SAFETY (whole test): handles come from this library and are used while alive.
    unsafe {
        let obj = bpf_object__open_file(path.as_ptr(), null());
        assert!(!obj.is_null());
        assert_eq!(
            CStr::from_ptr(bpf_object__name(obj)).to_str().unwrap(),
            "features"
        );
        let mut names = Vec::new();
        let mut p = bpf_object__next_program(obj, null_mut());
        while !p.is_null() {
            names.push(
                CStr::from_ptr(bpf_program__name(p))
                    .to_str()
                    .unwrap()
                    .to_string(),
            );
            p = bpf_object__next_program(obj, p);
        }
        assert_eq!(names.first().map(String::as_str), Some("tp_one"));
        assert!(names.contains(&"xdp_pass".to_string()));
        // prev walks backwards from the end.
        let last = bpf_object__prev_program(obj, null_mut());
        assert_eq!(
            CStr::from_ptr(bpf_program__name(last)).to_str().unwrap(),
            names.last().unwrap()
        );
        let xdp = bpf_object__find_program_by_name(obj, c"xdp_pass".as_ptr());
        assert_eq!(bpf_program__type(xdp), 6);
        assert_eq!(
            CStr::from_ptr(bpf_program__section_name(xdp))
                .to_str()
                .unwrap(),
            "xdp"
        );
        assert!(bpf_program__insn_cnt(xdp) > 0);
        assert!(bpf_object__find_program_by_name(obj, c"nope".as_ptr()).is_null());
        assert_eq!(errno(), libc::ENOENT);
        let lru = bpf_object__find_map_by_name(obj, c"lru".as_ptr());
        assert_eq!(
            (
                bpf_map__type(lru),
                bpf_map__key_size(lru),
                bpf_map__max_entries(lru)
            ),
            (9, 8, 128)
        );
        assert_eq!(bpf_map__set_max_entries(lru, 256), 0);
        assert_eq!(bpf_map__max_entries(lru), 256);
        assert!(!bpf_map__is_internal(lru));
        // Global data by section name too, and its initial value.
        let big = bpf_object__find_map_by_name(obj, c".data.big".as_ptr());
        let mut sz = 0usize;
        let init = bpf_map__initial_value(big, &mut sz) as *const u64;
        assert_eq!((sz, *init.add(3)), (32, 4));
        // Setting a wrong-size initial value is refused.
        assert_eq!(
            bpf_map__set_initial_value(big, init.cast(), 8),
            -libc::EINVAL
        );
        // fd before load: an error, not a crash.
        assert_eq!(bpf_map__fd(lru), -libc::EINVAL);
        assert_eq!(bpf_program__fd(xdp), -libc::EINVAL);
        bpf_object__close(obj);
    }
}

#[test]
fn load_with_user_log_buffer_and_busy_setters() {
    require_root!();
    let path = obj_path("globals");
    // SAFETY (whole test): as above; `log` outlives the load.
    unsafe {
        let obj = bpf_object__open_file(path.as_ptr(), null());
        let prog = bpf_object__find_program_by_name(obj, c"count_writes".as_ptr());
        let mut log = vec![0u8; 1 << 16];
        assert_eq!(
            bpf_program__set_log_buf(prog, log.as_mut_ptr().cast(), log.len()),
            0
        );
        assert_eq!(bpf_program__set_log_level(prog, 1 | 4), 0);
        let mut sz = 0;
        assert_eq!(
            bpf_program__log_buf(prog, &mut sz) as *const u8,
            log.as_ptr()
        );
        assert_eq!(bpf_object__load(obj), 0);
        let text = CStr::from_bytes_until_nul(&log).unwrap().to_str().unwrap();
        assert!(
            text.contains("processed"),
            "verifier stats in the caller's buffer: {text}"
        );
        assert!(bpf_program__fd(prog) > 0);
        assert!(bpf_program__func_info_cnt(prog) >= 2, "main + subprogram");
        assert!(bpf_program__line_info_cnt(prog) > 0);
        assert_eq!(bpf_program__set_type(prog, 1), -libc::EBUSY);
        let counts = bpf_object__find_map_by_name(obj, c"counts".as_ptr());
        assert_eq!(bpf_map__set_max_entries(counts, 2), -libc::EBUSY);
        assert!(bpf_object__find_map_fd_by_name(obj, c"counts".as_ptr()) > 0);
        // Element API with size checks.
        let (k, v) = (3u32, 9u64);
        assert_eq!(
            bpf_map__update_elem(
                counts,
                (&k as *const u32).cast(),
                4,
                (&v as *const u64).cast(),
                8,
                0
            ),
            0
        );
        let mut out = 0u64;
        assert_eq!(
            bpf_map__lookup_elem(
                counts,
                (&k as *const u32).cast(),
                4,
                (&mut out as *mut u64).cast(),
                8,
                0
            ),
            0
        );
        assert_eq!(out, 9);
        assert_eq!(
            bpf_map__lookup_elem(
                counts,
                (&k as *const u32).cast(),
                8,
                (&mut out as *mut u64).cast(),
                8,
                0
            ),
            -libc::EINVAL
        );
        let mut taken = 0u64;
        assert_eq!(
            bpf_map__lookup_and_delete_elem(
                counts,
                (&k as *const u32).cast(),
                4,
                (&mut taken as *mut u64).cast(),
                8,
                0
            ),
            0
        );
        assert_eq!(taken, 9);
        assert_eq!(
            bpf_map__lookup_elem(
                counts,
                (&k as *const u32).cast(),
                4,
                (&mut out as *mut u64).cast(),
                8,
                0
            ),
            -libc::ENOENT
        );
        let missing = 77u32;
        assert_eq!(
            bpf_map__delete_elem(counts, (&missing as *const u32).cast(), 4, 0),
            -libc::ENOENT
        );
        assert_eq!(bpf_object__load(obj), -libc::EINVAL, "second load");
        // The object's BTF, owned by the object, loaded into the kernel.
        let btf = bpf_object__btf(obj);
        assert!(!btf.is_null());
        assert!(bpf::capi::btf::btf__type_cnt(btf.cast()) > 10);
        assert!(bpf::capi::btf::btf__fd(btf.cast()) > 0);
        assert_eq!(bpf_object__btf(obj), btf, "same handle every time");
        assert!(
            bpf::capi::btf::btf__find_by_name_kind(btf.cast(), c"count_writes".as_ptr(), 12) > 0
        );
        bpf_object__close(obj);
    }
}

#[test]
fn failed_load_puts_the_verifier_log_in_the_callers_buffer() {
    require_root!();
    let path = obj_path("features");
    // SAFETY (whole test): as above.
    unsafe {
        let obj = bpf_object__open_file(path.as_ptr(), null());
        // Only the kprobe program, which this program type rejects as a tracepoint.
        let mut p = bpf_object__next_program(obj, null_mut());
        while !p.is_null() {
            bpf_program__set_autoload(p, CStr::from_ptr(bpf_program__name(p)) == c"tp_two");
            p = bpf_object__next_program(obj, p);
        }
        let tp = bpf_object__find_program_by_name(obj, c"tp_two".as_ptr());
        // A lone `exit`: R0 is never written, which the verifier rejects.
        let exit = [0x95u8, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(bpf_object__prepare(obj), 0);
        assert_eq!(bpf_program__set_insns(tp, exit.as_ptr() as *mut _, 1), 0);
        assert_eq!(bpf_program__insn_cnt(tp), 1);
        let mut log = vec![0u8; 1 << 16];
        bpf_program__set_log_buf(tp, log.as_mut_ptr().cast(), log.len());
        let err = bpf_object__load(obj);
        assert!(err < 0);
        let text = CStr::from_bytes_until_nul(&log).unwrap().to_str().unwrap();
        assert!(
            text.contains("R0 !read_ok"),
            "retried with log level 1 into the caller's buffer: {text}"
        );
        bpf_object__close(obj);
    }
}

#[test]
fn misuse_never_crashes() {
    // SAFETY: every pointer is NULL or valid; the API must reject NULLs.
    unsafe {
        assert!(bpf_object__open_file(null(), null()).is_null());
        assert_eq!(errno(), libc::EINVAL);
        assert!(bpf_object__open_file(c"/nonexistent/x.o".as_ptr(), null()).is_null());
        assert_eq!(errno(), libc::ENOENT);
        assert_eq!(bpf_object__load(null_mut()), -libc::EINVAL);
        bpf_object__close(null_mut());
        assert!(bpf_object__name(null()).is_null());
        assert!(bpf_object__next_program(null(), null_mut()).is_null());
        assert!(bpf_object__find_map_by_name(null(), c"x".as_ptr()).is_null());
        assert_eq!(bpf_map__fd(null()), -libc::EINVAL);
        assert_eq!(bpf_map__key_size(null()), 0);
        assert!(bpf_map__name(null()).is_null());
        assert_eq!(bpf_program__fd(null()), -libc::EINVAL);
        assert!(bpf_program__name(null()).is_null());
        assert_eq!(
            bpf_map__update_elem(null(), null(), 0, null(), 0, 0),
            -libc::EINVAL
        );
        // A too-small or non-zero-tailed opts struct is refused.
        let opts = [4usize, 0, 0, 0];
        let p = bpf_object__open_file(obj_path("minimal").as_ptr(), opts.as_ptr().cast());
        assert!(p.is_null());
        let mut big = [0u8; 128];
        big[..8].copy_from_slice(&128usize.to_ne_bytes());
        big[120] = 1;
        let p = bpf_object__open_file(obj_path("minimal").as_ptr(), big.as_ptr().cast());
        assert!(p.is_null());
        big[120] = 0;
        let p = bpf_object__open_file(obj_path("minimal").as_ptr(), big.as_ptr().cast());
        assert!(!p.is_null(), "larger struct with a zero tail is fine");
        bpf_object__close(p);
    }
}

/// A calloc'ed subskeleton over `obj` with one `.bss` map and one variable,
/// as `bpftool gen subskeleton` builds it (destroy frees it with free()).
unsafe fn subskel(
    obj: *const bpf_object,
    var: &'static CStr,
    map: *mut *mut bpf_map,
    addr: *mut *mut std::ffi::c_void,
) -> *mut bpf::capi::skel::bpf_object_subskeleton {
    use bpf::capi::skel::*;
    // SAFETY: plain allocations, filled before use.
    unsafe {
        let s = libc::calloc(1, size_of::<bpf_object_subskeleton>()) as *mut bpf_object_subskeleton;
        let maps = libc::calloc(1, size_of::<bpf_map_skeleton>()) as *mut bpf_map_skeleton;
        let vars = libc::calloc(1, size_of::<bpf_var_skeleton>()) as *mut bpf_var_skeleton;
        (*maps).name = c".bss".as_ptr();
        (*maps).map = map;
        (*vars).name = var.as_ptr();
        (*vars).map = map;
        (*vars).addr = addr;
        (*s).sz = size_of::<bpf_object_subskeleton>();
        (*s).obj = obj;
        (*s).map_cnt = 1;
        (*s).map_skel_sz = size_of::<bpf_map_skeleton>() as i32;
        (*s).maps = maps;
        (*s).var_cnt = 1;
        (*s).var_skel_sz = size_of::<bpf_var_skeleton>() as i32;
        (*s).vars = vars;
        s
    }
}

#[test]
fn subskeleton_variables_and_misuse() {
    use bpf::capi::skel::*;
    let path = obj_path("globals");
    // SAFETY (whole test): handles come from this library and are used while alive.
    unsafe {
        assert_eq!(bpf_object__open_subskeleton(null_mut()), -libc::EINVAL);
        bpf_object__destroy_subskeleton(null_mut());
        let obj = bpf_object__open_file(path.as_ptr(), null());
        assert!(!obj.is_null());
        let (mut map, mut addr) = (null_mut(), null_mut());
        let s = subskel(obj, c"hits", &mut map, &mut addr);
        assert_eq!(bpf_object__open_subskeleton(s), 0);
        let bss = bpf_object__find_map_by_name(obj, c".bss".as_ptr());
        assert_eq!(map, bss);
        let mut sz = 0usize;
        let base = bpf_map__initial_value(bss, &mut sz) as *mut u8;
        assert_eq!(
            addr as *mut u8,
            base.add(8),
            "hits follows my_pid, 8-aligned"
        );
        bpf_object__destroy_subskeleton(s);

        // A variable the DATASEC does not have, and a subskeleton without object.
        let s = subskel(obj, c"no_such_var", &mut map, &mut addr);
        assert_eq!(bpf_object__open_subskeleton(s), -libc::ESRCH);
        bpf_object__destroy_subskeleton(s);
        let s = subskel(null(), c"hits", &mut map, &mut addr);
        assert_eq!(bpf_object__open_subskeleton(s), -libc::EINVAL);
        assert_eq!(errno(), libc::EINVAL);
        bpf_object__destroy_subskeleton(s);
        bpf_object__close(obj);
    }
}
