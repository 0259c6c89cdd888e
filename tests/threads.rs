//! The library's process-wide state, hammered from threads: the print
//! callback, the feature-probe caches, the kernel BTF cache, the custom
//! section handler registry, and whole objects opened, loaded, attached and
//! destroyed at once (libbpf's rule: separate objects from separate threads).
//! Meant to run under ThreadSanitizer as well (RELIABILITY.md, "Threads").

mod common;

use bpf::capi::probes::{
    libbpf_probe_bpf_helper, libbpf_probe_bpf_map_type, libbpf_probe_bpf_prog_type,
};
use bpf::capi::utils::{libbpf_print_level, libbpf_set_print, PrintFn};
use bpf::object::{Object, OpenOpts};
use bpf::sys::kernel_btf;
use bpf::sys::probes::{self, Feature};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;

/// Every test here takes this: the print test checks exactly which callback
/// got a line, so no other test may log meanwhile. (Each test is
/// multi-threaded itself.)
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

static LINES: [AtomicUsize; 3] = [const { AtomicUsize::new(0) }; 3];
static BAD: AtomicUsize = AtomicUsize::new(0);

fn count(who: usize, level: libbpf_print_level, fmt: *const c_char) -> c_int {
    LINES[who].fetch_add(1, Ordering::Relaxed);
    // print.c calls a callback with "%s" and our line, or (the frequent
    // debug lines, as upstream) with a C format of its own "libbpf: " line.
    // SAFETY: fmt is the NUL-terminated format the library passed.
    let ok = !fmt.is_null() && {
        let f = unsafe { CStr::from_ptr(fmt) }.to_bytes();
        f == b"%s" || (f.starts_with(b"libbpf: ") && f.ends_with(b"\n"))
    };
    if !ok || (level as u32) > libbpf_print_level::LIBBPF_DEBUG as u32 {
        BAD.fetch_add(1, Ordering::Relaxed);
    }
    0
}

unsafe extern "C" fn cb_main(l: libbpf_print_level, f: *const c_char, _: *mut c_void) -> c_int {
    count(0, l, f)
}
unsafe extern "C" fn cb_a(l: libbpf_print_level, f: *const c_char, _: *mut c_void) -> c_int {
    count(1, l, f)
}
unsafe extern "C" fn cb_b(l: libbpf_print_level, f: *const c_char, _: *mut c_void) -> c_int {
    count(2, l, f)
}

/// The values a setter may set or get back; index 3 is NULL.
const FNS: [Option<PrintFn>; 4] = [Some(cb_main), Some(cb_a), Some(cb_b), None];

fn fn_index(f: Option<PrintFn>) -> Option<usize> {
    FNS.iter()
        .position(|g| g.map(|g| g as usize) == f.map(|f| f as usize))
}

#[test]
fn print_callback_swapped_while_threads_log() {
    let _g = serial();
    let image = common::bpf_object("globals");
    // SAFETY: the callbacks are plain functions that stay callable.
    let initial = unsafe { libbpf_set_print(Some(cb_main)) };
    let stop = Arc::new(AtomicBool::new(false));
    let setters: Vec<_> = (0..3)
        .map(|t| {
            thread::spawn(move || {
                let (mut set, mut got) = ([0usize; 4], [0usize; 4]);
                for i in 0..3000 {
                    let want = 1 + (i + t) % 3;
                    // SAFETY: as above.
                    let prev = unsafe { libbpf_set_print(FNS[want]) };
                    set[want] += 1;
                    got[fn_index(prev).expect("a callback that was set")] += 1;
                }
                (set, got)
            })
        })
        .collect();
    let loggers: Vec<_> = (0..2)
        .map(|_| {
            let stop = stop.clone();
            thread::spawn(move || {
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    bpf::warn!("threads test line {n}");
                    bpf::debug!("threads test debug line {n}");
                    n += 1;
                }
            })
        })
        .chain(std::iter::once({
            // Real lines too: open logs what it finds at debug level.
            let stop = stop.clone();
            thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    Object::open(&image, "globals", OpenOpts::default()).expect("open");
                }
            })
        }))
        .collect();
    let (mut set, mut got) = ([0usize; 4], [0usize; 4]);
    for s in setters {
        let (s1, g1) = s.join().unwrap();
        for j in 0..4 {
            set[j] += s1[j];
            got[j] += g1[j];
        }
    }
    stop.store(true, Ordering::Relaxed);
    for l in loggers {
        l.join().unwrap();
    }
    // The callback in force now must be the one the next swap returns.
    let before = LINES.each_ref().map(|c| c.load(Ordering::Relaxed));
    bpf::warn!("threads test: after the swaps");
    let after = LINES.each_ref().map(|c| c.load(Ordering::Relaxed));
    // SAFETY: as above.
    let last = fn_index(unsafe { libbpf_set_print(initial) }).expect("known callback");
    for (j, (b, a)) in before.iter().zip(after).enumerate() {
        assert_eq!(
            a - b,
            usize::from(j == last),
            "callback {j} got {} lines, the setting says {last}",
            a - b
        );
    }
    // Every callback set was handed back by the next swap, but the last.
    for j in 0..4 {
        assert_eq!(
            set[j] + usize::from(j == 0),
            got[j] + usize::from(j == last),
            "callback {j}"
        );
    }
    assert!(LINES[1].load(Ordering::Relaxed) + LINES[2].load(Ordering::Relaxed) > 0);
    assert_eq!(BAD.load(Ordering::Relaxed), 0, "malformed calls");
}

#[test]
fn feature_probes_from_threads() {
    let _g = serial();
    require_root!();
    const PROGS: [u32; 8] = [1, 2, 3, 5, 6, 17, 26, 999];
    const MAPS: [u32; 7] = [1, 2, 4, 12, 27, 31, 999];
    const HELPERS: [(u32, u32); 4] = [(5, 130), (5, 14), (6, 14), (6, 100000)];
    let ask = || -> Vec<c_int> {
        let mut v = Vec::new();
        // SAFETY: opts NULL, as required.
        unsafe {
            v.extend(PROGS.map(|t| libbpf_probe_bpf_prog_type(t, ptr::null())));
            v.extend(MAPS.map(|t| libbpf_probe_bpf_map_type(t, ptr::null())));
            v.extend(HELPERS.map(|(t, h)| libbpf_probe_bpf_helper(t, h, ptr::null())));
        }
        v
    };
    let all = [
        Feature::ProgName,
        Feature::GlobalData,
        Feature::Btf,
        Feature::BtfFunc,
        Feature::BtfDatasec,
        Feature::BtfGlobalFunc,
        Feature::BtfFloat,
        Feature::BtfDeclTag,
        Feature::BtfTypeTag,
        Feature::BtfEnum64,
        Feature::ArrayMmap,
        Feature::ExpAttachType,
        Feature::ProbeReadKern,
        Feature::ProgBindMap,
        Feature::MemcgAccount,
        Feature::BpfCookie,
        Feature::PerfLink,
        Feature::Ldimm64FullRangeOff,
        Feature::UprobeMultiLink,
    ];
    let want = ask();
    // The cached features are asked first by all threads at once.
    let start = Arc::new(Barrier::new(4));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let start = start.clone();
            let want = want.clone();
            thread::spawn(move || {
                start.wait();
                let features: Vec<bool> = all.iter().map(|&f| probes::supported(f)).collect();
                for _ in 0..20 {
                    assert_eq!(ask(), want);
                }
                features
            })
        })
        .collect();
    let answers: Vec<Vec<bool>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    assert!(answers[0][Feature::Btf as usize], "BTF on this kernel");
}

#[test]
fn kernel_btf_from_threads() {
    let _g = serial();
    if !std::path::Path::new(kernel_btf::VMLINUX_PATH).exists() {
        eprintln!("SKIP: no {}", kernel_btf::VMLINUX_PATH);
        return;
    }
    let threads: Vec<_> = (0..4)
        .map(|t| {
            thread::spawn(move || {
                let mut ids = Vec::new();
                for i in 0..25 {
                    let btf = if (i + t) % 2 == 0 {
                        kernel_btf::vmlinux()
                    } else {
                        kernel_btf::vmlinux_validated()
                    }
                    .expect("kernel BTF");
                    ids.push((
                        btf.find_by_name("task_struct").expect("task_struct"),
                        btf.find_by_name("bpf_prog").expect("bpf_prog"),
                    ));
                    // Dropped here: the next iteration may parse it afresh.
                }
                ids.dedup();
                ids
            })
        })
        .collect();
    let ids: Vec<Vec<(u32, u32)>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(ids.iter().all(|v| *v == ids[0] && v.len() == 1), "{ids:?}");
}

#[test]
fn handler_registry_from_threads() {
    let _g = serial();
    use bpf::capi::handler::{libbpf_register_prog_handler, libbpf_unregister_prog_handler};
    let image = common::bpf_object("minimal");
    let stop = Arc::new(AtomicBool::new(false));
    let openers: Vec<_> = (0..2)
        .map(|_| {
            let (stop, image) = (stop.clone(), image.clone());
            thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) || n == 0 {
                    let obj = Object::open(&image, "minimal", OpenOpts::default()).expect("open");
                    assert_eq!(obj.progs.len(), 1);
                    n += 1;
                }
                n
            })
        })
        .collect();
    let registrars: Vec<_> = (0..3)
        .map(|t| {
            thread::spawn(move || {
                let mut ids = Vec::new();
                for i in 0..200 {
                    let sec = std::ffi::CString::new(format!("oxthr_{t}_{i}/")).unwrap();
                    // SAFETY: a C string; opts NULL.
                    let id =
                        unsafe { libbpf_register_prog_handler(sec.as_ptr(), 5, 0, ptr::null()) };
                    assert!(id > 0, "register: {id}");
                    ids.push(id);
                    if i % 2 == 1 {
                        let id = ids.swap_remove(ids.len() / 2);
                        assert_eq!(libbpf_unregister_prog_handler(id), 0);
                    }
                }
                for &id in &ids {
                    assert_eq!(libbpf_unregister_prog_handler(id), 0);
                }
                ids
            })
        })
        .collect();
    let mut kept: Vec<i32> = registrars
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    stop.store(true, Ordering::Relaxed);
    let opened: usize = openers.into_iter().map(|t| t.join().unwrap()).sum();
    assert!(opened > 0);
    let n = kept.len();
    kept.sort_unstable();
    kept.dedup();
    assert_eq!(kept.len(), n, "handler ids are unique");
    assert_eq!(libbpf_unregister_prog_handler(kept[0]), -libc::ENOENT);
}

#[test]
fn objects_from_threads() {
    let _g = serial();
    require_root!();
    let objects: Vec<(&str, Vec<u8>)> = ["minimal", "globals", "ringbuf"]
        .into_iter()
        .map(|n| (n, common::bpf_object(n)))
        .collect();
    let objects = Arc::new(objects);
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let objects = objects.clone();
            thread::spawn(move || {
                for i in 0..6 {
                    let (name, image) = &objects[(i + t) % objects.len()];
                    let mut obj = Object::open(image, name, OpenOpts::default()).expect("open");
                    obj.load().unwrap_or_else(|e| panic!("load {name}: {e}"));
                    let links: Vec<_> = obj
                        .progs
                        .iter()
                        .filter_map(|p| bpf::attach::auto_attach(p, &obj).expect("attach"))
                        .collect();
                    assert!(!links.is_empty(), "{name}: nothing attached");
                    for l in links {
                        l.destroy();
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

/// The handle checks (registry front and table) read while other threads
/// register and unregister handles: a live object's getters keep answering,
/// garbage and wrong-kind pointers keep being refused, as objects of other
/// threads are opened and closed around them (the registry's table grows
/// and its front slots are taken and freed meanwhile). No load: no root.
#[test]
fn handle_checks_from_threads() {
    let _g = serial();
    use bpf::capi::handles::{bpf_map, bpf_program};
    use bpf::capi::map::{bpf_map__fd, bpf_map__name};
    use bpf::capi::object::{
        bpf_object__close, bpf_object__next_map, bpf_object__next_program, bpf_object__open_mem,
    };
    use bpf::capi::program::{bpf_program__fd, bpf_program__name};
    let image = Arc::new(common::bpf_object("globals"));
    // Refusals log a warning each: not for this test's output.
    // SAFETY: NULL turns printing off.
    let old = unsafe { libbpf_set_print(None) };
    let open = |image: &[u8]| {
        // SAFETY: a readable buffer of that length; no opts.
        let obj = unsafe { bpf_object__open_mem(image.as_ptr().cast(), image.len(), ptr::null()) };
        assert!(!obj.is_null(), "open");
        obj as usize
    };
    let obj = open(&image);
    // SAFETY: a live object handle.
    let (map, prog) = unsafe {
        let o = obj as *mut _;
        (
            bpf_object__next_map(o, ptr::null()) as usize,
            bpf_object__next_program(o, ptr::null_mut()) as usize,
        )
    };
    assert!(map != 0 && prog != 0);
    // SAFETY: live handles, read only.
    let names = unsafe {
        (
            CStr::from_ptr(bpf_map__name(map as *const bpf_map)).to_owned(),
            CStr::from_ptr(bpf_program__name(prog as *const bpf_program)).to_owned(),
        )
    };
    let stop = Arc::new(AtomicBool::new(false));
    let rounds = Arc::new(AtomicUsize::new(0));
    let churn: Vec<_> = (0..2)
        .map(|_| {
            let (stop, image, rounds) = (stop.clone(), image.clone(), rounds.clone());
            thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    // Several open at once: the table grows past its first size.
                    let objs: Vec<usize> = (0..40).map(|_| open(&image)).collect();
                    for o in objs {
                        // SAFETY: opened above, closed once.
                        unsafe { bpf_object__close(o as *mut _) };
                    }
                    rounds.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (names, rounds) = (names.clone(), rounds.clone());
            thread::spawn(move || {
                let garbage = [0x5au8; 512];
                let g = garbage.as_ptr() as usize + 64;
                // Until both churners have been round 10 times each.
                while rounds.load(Ordering::Relaxed) < 20 {
                    // SAFETY: live handles of an object nobody closes meanwhile;
                    // the others are refused without being read through.
                    unsafe {
                        assert_eq!(bpf_map__fd(map as *const bpf_map), -1, "not loaded");
                        assert_eq!(CStr::from_ptr(bpf_map__name(map as *const _)), &*names.0);
                        let p = bpf_program__name(prog as *const bpf_program);
                        assert_eq!(CStr::from_ptr(p), &*names.1);
                        assert_eq!(bpf_program__fd(prog as *const _), -libc::ENOENT);
                        assert_eq!(bpf_map__fd(g as *const bpf_map), -libc::EINVAL);
                        assert!(bpf_program__name(map as *const bpf_program).is_null());
                        assert!(bpf_map__name(prog as *const bpf_map).is_null());
                    }
                }
            })
        })
        .collect();
    for r in readers {
        r.join().unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    for c in churn {
        c.join().unwrap();
    }
    // SAFETY: opened above, closed once.
    unsafe { bpf_object__close(obj as *mut _) };
    // SAFETY: restores the previous callback.
    unsafe { libbpf_set_print(old) };
}
