//! bpf.h map API against the real kernel: every map family this kernel has,
//! element and batch operations, their error codes, freezing, info, ids,
//! pinning, and the opts `sz` rule with structs smaller and larger than ours.

mod common;

use bpf::capi::bpf::*;
use bpf::capi::probes::libbpf_probe_bpf_map_type;
use std::os::raw::c_void;
use std::ptr::{null, null_mut};

const ANY: u64 = 0;
const NOEXIST: u64 = 1;
const EXIST: u64 = 2;

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap()
}

fn p<T>(v: &T) -> *const c_void {
    v as *const T as *const c_void
}
fn pm<T>(v: &mut T) -> *mut c_void {
    v as *mut T as *mut c_void
}

/// Creates a map with default opts, asserting success.
fn create(ty: u32, name: &str, k: u32, v: u32, max: u32, flags: u32) -> i32 {
    let n = std::ffi::CString::new(name).unwrap();
    let mut o: bpf_map_create_opts = unsafe { std::mem::zeroed() };
    o.sz = std::mem::size_of::<bpf_map_create_opts>();
    o.map_flags = flags;
    let fd = unsafe { bpf_map_create(ty, n.as_ptr(), k, v, max, &o) };
    assert!(fd > 0, "map type {ty}: {}", std::io::Error::last_os_error());
    fd
}

fn close(fd: i32) {
    unsafe { libc::close(fd) };
}

fn possible_cpus() -> usize {
    let s = std::fs::read_to_string("/sys/devices/system/cpu/possible").unwrap();
    s.trim()
        .split(',')
        .map(|r| match r.split_once('-') {
            Some((a, b)) => b.parse::<usize>().unwrap() - a.parse::<usize>().unwrap() + 1,
            None => 1,
        })
        .sum()
}

/// `struct bpf_map_info` fields we check, read from the raw record.
struct MapInfo {
    ty: u32,
    id: u32,
    key: u32,
    value: u32,
    max: u32,
    name: String,
}

fn map_info(fd: i32) -> MapInfo {
    let mut b = [0u8; 256];
    let mut len = b.len() as u32;
    let r = unsafe { bpf_map_get_info_by_fd(fd, b.as_mut_ptr().cast(), &mut len) };
    assert_eq!(r, 0);
    assert!((40..=256).contains(&len));
    let u = |o: usize| u32::from_ne_bytes(b[o..o + 4].try_into().unwrap());
    let name = &b[24..40];
    let end = name.iter().position(|&c| c == 0).unwrap_or(16);
    MapInfo {
        ty: u(0),
        id: u(4),
        key: u(8),
        value: u(12),
        max: u(16),
        name: String::from_utf8_lossy(&name[..end]).into_owned(),
    }
}

#[test]
fn hash_element_ops_and_errors() {
    require_root!();
    let fd = create(1, "oxbpf_hash", 4, 8, 2, 0);
    let (k1, k2, k3) = (1u32, 2u32, 3u32);
    let mut v = 0u64;
    unsafe {
        assert_eq!(bpf_map_lookup_elem(fd, p(&k1), pm(&mut v)), -libc::ENOENT);
        assert_eq!(errno(), libc::ENOENT);
        assert_eq!(bpf_map_update_elem(fd, p(&k1), p(&10u64), NOEXIST), 0);
        assert_eq!(
            bpf_map_update_elem(fd, p(&k1), p(&11u64), NOEXIST),
            -libc::EEXIST
        );
        assert_eq!(
            bpf_map_update_elem(fd, p(&k2), p(&20u64), EXIST),
            -libc::ENOENT
        );
        assert_eq!(bpf_map_update_elem(fd, p(&k2), p(&20u64), ANY), 0);
        // Full (max_entries 2): a third key does not fit.
        assert_eq!(
            bpf_map_update_elem(fd, p(&k3), p(&30u64), ANY),
            -libc::E2BIG
        );
        assert_eq!(errno(), libc::E2BIG);
        assert_eq!(bpf_map_lookup_elem(fd, p(&k1), pm(&mut v)), 0);
        assert_eq!(v, 10);
        assert_eq!(bpf_map_lookup_elem_flags(fd, p(&k2), pm(&mut v), 0), 0);
        assert_eq!(v, 20);
        // Walk the keys.
        let mut keys = vec![];
        let mut cur = 0u32;
        let mut next = 0u32;
        let mut first = true;
        while bpf_map_get_next_key(fd, if first { null() } else { p(&cur) }, pm(&mut next)) == 0 {
            keys.push(next);
            cur = next;
            first = false;
        }
        assert_eq!(errno(), libc::ENOENT);
        keys.sort();
        assert_eq!(keys, [1, 2]);
        assert_eq!(bpf_map_lookup_and_delete_elem(fd, p(&k1), pm(&mut v)), 0);
        assert_eq!(v, 10);
        assert_eq!(bpf_map_lookup_elem(fd, p(&k1), pm(&mut v)), -libc::ENOENT);
        assert_eq!(bpf_map_delete_elem(fd, p(&k2)), 0);
        assert_eq!(bpf_map_delete_elem(fd, p(&k2)), -libc::ENOENT);
        assert_eq!(bpf_map_delete_elem_flags(fd, p(&k2), 0), -libc::ENOENT);
        assert_eq!(
            bpf_map_lookup_and_delete_elem_flags(fd, p(&k2), pm(&mut v), 0),
            -libc::ENOENT
        );
    }
    let i = map_info(fd);
    assert_eq!((i.ty, i.key, i.value, i.max), (1, 4, 8, 2));
    assert_eq!(i.name, "oxbpf_hash");
    close(fd);
}

#[test]
fn array_percpu_lru_lpm() {
    require_root!();
    unsafe {
        // array: fixed keys, no delete, out-of-range index
        let fd = create(2, "arr", 4, 4, 4, 0);
        let mut v = 1u32;
        assert_eq!(bpf_map_lookup_elem(fd, p(&3u32), pm(&mut v)), 0);
        assert_eq!(v, 0);
        assert_eq!(bpf_map_update_elem(fd, p(&3u32), p(&7u32), ANY), 0);
        assert_eq!(
            bpf_map_update_elem(fd, p(&3u32), p(&7u32), NOEXIST),
            -libc::EEXIST
        );
        assert_eq!(
            bpf_map_update_elem(fd, p(&4u32), p(&7u32), ANY),
            -libc::E2BIG
        );
        assert_eq!(bpf_map_lookup_elem(fd, p(&4u32), pm(&mut v)), -libc::ENOENT);
        assert_eq!(bpf_map_delete_elem(fd, p(&3u32)), -libc::EINVAL);
        // freeze: user space can no longer write
        assert_eq!(bpf_map_freeze(fd), 0);
        assert_eq!(
            bpf_map_update_elem(fd, p(&3u32), p(&8u32), ANY),
            -libc::EPERM
        );
        assert_eq!(bpf_map_lookup_elem(fd, p(&3u32), pm(&mut v)), 0);
        assert_eq!(v, 7);
        close(fd);

        // per-CPU array and hash: one 8-aligned value per possible CPU
        let n = possible_cpus();
        for ty in [6u32, 5] {
            let fd = create(ty, "percpu", 4, 8, 4, 0);
            let vals: Vec<u64> = (0..n as u64).map(|i| i * 3 + 1).collect();
            assert_eq!(
                bpf_map_update_elem(fd, p(&1u32), vals.as_ptr().cast(), ANY),
                0
            );
            let mut out = vec![0u64; n];
            assert_eq!(
                bpf_map_lookup_elem(fd, p(&1u32), out.as_mut_ptr().cast()),
                0
            );
            assert_eq!(out, vals);
            close(fd);
        }

        // LRU hash: inserting past max_entries evicts instead of failing
        let fd = create(9, "lru", 4, 4, 8, 0);
        for k in 0..64u32 {
            assert_eq!(bpf_map_update_elem(fd, p(&k), p(&k), ANY), 0);
        }
        let mut cnt = 0;
        let mut cur = 0u32;
        let mut next = 0u32;
        let mut first = true;
        while bpf_map_get_next_key(fd, if first { null() } else { p(&cur) }, pm(&mut next)) == 0 {
            cnt += 1;
            cur = next;
            first = false;
        }
        assert!(cnt <= 64 && cnt > 0);
        assert_eq!(bpf_map_lookup_elem(fd, p(&63u32), pm(&mut v)), 0);
        close(fd);
        // LRU per-CPU too
        let fd = create(10, "lru_pcpu", 4, 8, 8, 0);
        close(fd);

        // LPM trie: longest prefix wins
        let fd = create(11, "lpm", 8, 4, 16, 1 /* BPF_F_NO_PREALLOC */);
        let key = |plen: u32, a: [u8; 4]| {
            let mut k = [0u8; 8];
            k[..4].copy_from_slice(&plen.to_ne_bytes());
            k[4..].copy_from_slice(&a);
            k
        };
        assert_eq!(
            bpf_map_update_elem(fd, key(8, [10, 0, 0, 0]).as_ptr().cast(), p(&8u32), ANY),
            0
        );
        assert_eq!(
            bpf_map_update_elem(fd, key(16, [10, 1, 0, 0]).as_ptr().cast(), p(&16u32), ANY),
            0
        );
        assert_eq!(
            bpf_map_lookup_elem(fd, key(32, [10, 1, 2, 3]).as_ptr().cast(), pm(&mut v)),
            0
        );
        assert_eq!(v, 16);
        assert_eq!(
            bpf_map_lookup_elem(fd, key(32, [10, 2, 2, 3]).as_ptr().cast(), pm(&mut v)),
            0
        );
        assert_eq!(v, 8);
        assert_eq!(
            bpf_map_lookup_elem(fd, key(32, [11, 2, 2, 3]).as_ptr().cast(), pm(&mut v)),
            -libc::ENOENT
        );
        close(fd);
    }
}

#[test]
fn queue_stack_bloom_ringbuf() {
    require_root!();
    unsafe {
        for (ty, expect) in [(22u32, [1u32, 2, 3]), (23, [3, 2, 1])] {
            let fd = create(ty, "qs", 0, 4, 3, 0);
            for v in 1..=3u32 {
                assert_eq!(bpf_map_update_elem(fd, null(), p(&v), ANY), 0);
            }
            // full
            assert_eq!(bpf_map_update_elem(fd, null(), p(&9u32), ANY), -libc::E2BIG);
            let mut v = 0u32;
            assert_eq!(bpf_map_lookup_elem(fd, null(), pm(&mut v)), 0); // peek
            assert_eq!(v, expect[0]);
            for e in expect {
                assert_eq!(bpf_map_lookup_and_delete_elem(fd, null(), pm(&mut v)), 0);
                assert_eq!(v, e);
            }
            assert_eq!(
                bpf_map_lookup_and_delete_elem(fd, null(), pm(&mut v)),
                -libc::ENOENT
            );
            close(fd);
        }
        let fd = create(30, "bloom", 0, 8, 100, 0);
        assert_eq!(bpf_map_update_elem(fd, null(), p(&0xdead_beefu64), ANY), 0);
        assert_eq!(bpf_map_lookup_elem(fd, null(), pm(&mut 0xdead_beefu64)), 0);
        assert_eq!(
            bpf_map_lookup_elem(fd, null(), pm(&mut 0x1234_5678u64)),
            -libc::ENOENT
        );
        close(fd);
        let fd = create(27, "rb", 0, 0, 4096, 0);
        assert_eq!(map_info(fd).ty, 27);
        // a ring buffer has no element ops
        assert!(bpf_map_lookup_elem(fd, p(&0u32), pm(&mut 0u32)) < 0);
        close(fd);
        // wrong size for a ring buffer (not a power-of-2 pages multiple)
        let bad = bpf_map_create(27, null(), 0, 0, 1000, null());
        assert_eq!(bad, -libc::EINVAL);
        assert_eq!(errno(), libc::EINVAL);
    }
}

#[test]
fn map_in_map_and_prog_array() {
    require_root!();
    unsafe {
        let inner = create(2, "inner", 4, 4, 1, 0);
        let mut o: bpf_map_create_opts = std::mem::zeroed();
        o.sz = std::mem::size_of::<bpf_map_create_opts>();
        o.inner_map_fd = inner as u32;
        let outer = bpf_map_create(12, c"outer".as_ptr(), 4, 4, 2, &o);
        assert!(outer > 0);
        assert_eq!(bpf_map_update_elem(outer, p(&0u32), p(&inner), ANY), 0);
        let mut id = 0u32;
        assert_eq!(bpf_map_lookup_elem(outer, p(&0u32), pm(&mut id)), 0);
        assert_eq!(id, map_info(inner).id);
        // a non-map fd as value is refused
        assert!(bpf_map_update_elem(outer, p(&1u32), p(&0i32), ANY) < 0);
        close(outer);
        let hom = bpf_map_create(13, c"hom".as_ptr(), 4, 4, 2, &o);
        assert!(hom > 0);
        close(hom);
        close(inner);

        // prog array holds program fds
        let pa = create(3, "pa", 4, 4, 2, 0);
        let insns: [u64; 2] = [0x0000_0000_0000_00b7, 0x0000_0000_0000_0095];
        let prog = bpf_prog_load(
            1,
            null(),
            c"GPL".as_ptr(),
            insns.as_ptr().cast(),
            2,
            null_mut(),
        );
        assert!(prog > 0, "{}", std::io::Error::last_os_error());
        assert_eq!(bpf_map_update_elem(pa, p(&0u32), p(&prog), ANY), 0);
        assert_eq!(
            bpf_map_update_elem(pa, p(&1u32), p(&pa), ANY),
            -libc::EINVAL
        );
        close(prog);
        close(pa);
    }
}

/// Raw BTF: `[1] int` and `[2] struct { int v; }` (a storage map's value type).
fn storage_btf() -> i32 {
    let mut types: Vec<u32> = vec![];
    types.extend([1, 1 << 24, 4, (1 << 24) | 32]); // [1] int "int"
    types.extend([5, (4 << 24) | 1, 4, 7, 1, 0]); // [2] struct "val" { int v; }
    let strs = b"\0int\0val\0v\0";
    let mut raw = vec![];
    raw.extend_from_slice(&0xeb9fu16.to_ne_bytes());
    raw.extend_from_slice(&[1, 0]);
    let tl = (types.len() * 4) as u32;
    for w in [24u32, 0, tl, tl, strs.len() as u32] {
        raw.extend_from_slice(&w.to_ne_bytes());
    }
    for w in types {
        raw.extend_from_slice(&w.to_ne_bytes());
    }
    raw.extend_from_slice(strs);
    let fd = unsafe { bpf_btf_load(raw.as_ptr().cast(), raw.len(), null_mut()) };
    assert!(fd > 0, "btf load: {}", std::io::Error::last_os_error());
    fd
}

#[test]
fn local_storage_maps() {
    require_root!();
    let btf = storage_btf();
    let mk = |ty: u32| unsafe {
        let mut o: bpf_map_create_opts = std::mem::zeroed();
        o.sz = std::mem::size_of::<bpf_map_create_opts>();
        o.btf_fd = btf as u32;
        o.btf_key_type_id = 1;
        o.btf_value_type_id = 2;
        o.map_flags = 1; // BPF_F_NO_PREALLOC
        let fd = bpf_map_create(ty, c"storage".as_ptr(), 4, 4, 0, &o);
        assert!(
            fd > 0,
            "storage type {ty}: {}",
            std::io::Error::last_os_error()
        );
        fd
    };
    unsafe {
        // task storage, keyed by a pidfd
        let task = mk(29);
        let pidfd = libc::syscall(libc::SYS_pidfd_open, libc::getpid(), 0) as i32;
        assert!(pidfd >= 0);
        assert_eq!(bpf_map_update_elem(task, p(&pidfd), p(&77u32), ANY), 0);
        let mut v = 0u32;
        assert_eq!(bpf_map_lookup_elem(task, p(&pidfd), pm(&mut v)), 0);
        assert_eq!(v, 77);
        assert_eq!(bpf_map_delete_elem(task, p(&pidfd)), 0);
        assert_eq!(
            bpf_map_lookup_elem(task, p(&pidfd), pm(&mut v)),
            -libc::ENOENT
        );
        close(pidfd);
        close(task);
        // socket storage, keyed by a socket fd
        let sk = mk(24);
        let sock = libc::socket(libc::AF_INET, libc::SOCK_DGRAM, 0);
        assert_eq!(bpf_map_update_elem(sk, p(&sock), p(&5u32), ANY), 0);
        assert_eq!(bpf_map_lookup_elem(sk, p(&sock), pm(&mut v)), 0);
        assert_eq!(v, 5);
        close(sock);
        close(sk);
        // inode storage: user space has no element ops on it
        if libbpf_probe_bpf_map_type(28, null()) == 1 {
            let ino = mk(28);
            close(ino);
        } else {
            eprintln!("SKIP: inode storage maps not supported by this kernel");
        }
        // cgroup storage (cgrp_storage), keyed by a cgroup fd
        if libbpf_probe_bpf_map_type(32, null()) == 1 {
            let cg = mk(32);
            close(cg);
        }
    }
    close(btf);
}

#[test]
fn arena_if_available() {
    require_root!();
    unsafe {
        match libbpf_probe_bpf_map_type(33, null()) {
            1 => {
                let fd = create(33, "arena", 0, 0, 1, 1 << 10 /* BPF_F_MMAPABLE */);
                assert_eq!(map_info(fd).ty, 33);
                close(fd);
            }
            r => eprintln!("SKIP: arena maps not supported by this kernel (probe {r})"),
        }
    }
}

#[test]
fn batch_ops_with_counts() {
    require_root!();
    let fd = create(1, "batch", 4, 8, 64, 0);
    unsafe {
        let keys: Vec<u32> = (0..10).collect();
        let vals: Vec<u64> = (0..10).map(|k| k * 100).collect();
        let mut o: bpf_map_batch_opts = std::mem::zeroed();
        o.sz = std::mem::size_of::<bpf_map_batch_opts>();
        let mut count = 10u32;
        assert_eq!(
            bpf_map_update_batch(
                fd,
                keys.as_ptr().cast(),
                vals.as_ptr().cast(),
                &mut count,
                &o
            ),
            0
        );
        assert_eq!(count, 10);
        // lookup in chunks of 4: 4, 4, then 2 with ENOENT at the end
        let mut got = vec![];
        let mut in_b = 0u32;
        let mut out_b = 0u32;
        let mut first = true;
        loop {
            let mut ks = [0u32; 4];
            let mut vs = [0u64; 4];
            let mut c = 4u32;
            let r = bpf_map_lookup_batch(
                fd,
                if first { null_mut() } else { pm(&mut in_b) },
                pm(&mut out_b),
                ks.as_mut_ptr().cast(),
                vs.as_mut_ptr().cast(),
                &mut c,
                &o,
            );
            got.extend(
                ks[..c as usize]
                    .iter()
                    .zip(&vs[..c as usize])
                    .map(|(k, v)| (*k, *v)),
            );
            if r != 0 {
                assert_eq!(r, -libc::ENOENT);
                break;
            }
            in_b = out_b;
            first = false;
        }
        got.sort();
        assert_eq!(
            got,
            (0..10).map(|k| (k, k as u64 * 100)).collect::<Vec<_>>()
        );
        // delete three by key
        let mut c = 3u32;
        assert_eq!(
            bpf_map_delete_batch(fd, keys.as_ptr().cast(), &mut c, null()),
            0
        );
        assert_eq!(c, 3);
        // deleting them again: ENOENT and count says how many were processed
        let mut c = 3u32;
        assert_eq!(
            bpf_map_delete_batch(fd, keys.as_ptr().cast(), &mut c, null()),
            -libc::ENOENT
        );
        assert_eq!(c, 0);
        // lookup_and_delete the remaining 7 in one go
        let mut ks = [0u32; 16];
        let mut vs = [0u64; 16];
        let mut c = 16u32;
        let r = bpf_map_lookup_and_delete_batch(
            fd,
            null_mut(),
            pm(&mut out_b),
            ks.as_mut_ptr().cast(),
            vs.as_mut_ptr().cast(),
            &mut c,
            null(),
        );
        assert_eq!(r, -libc::ENOENT);
        assert_eq!(c, 7);
        let mut next = 0u32;
        assert_eq!(
            bpf_map_get_next_key(fd, null(), pm(&mut next)),
            -libc::ENOENT
        );
        // NULL count is refused, not dereferenced
        assert_eq!(
            bpf_map_delete_batch(fd, keys.as_ptr().cast(), null_mut(), null()),
            -libc::EINVAL
        );
        assert_eq!(errno(), libc::EINVAL);
    }
    close(fd);
}

#[test]
fn ids_info_and_pinning() {
    require_root!();
    let fd = create(2, "a_very_long_map_name_indeed", 4, 4, 1, 0);
    let info = map_info(fd);
    assert_eq!(info.name, "a_very_long_map"); // 15 bytes kept
    unsafe {
        // walk map ids until ours shows up
        let mut id = 0u32;
        let mut found = false;
        while bpf_map_get_next_id(id, &mut id) == 0 {
            if id == info.id {
                found = true;
                break;
            }
        }
        assert!(found);
        let fd2 = bpf_map_get_fd_by_id(info.id);
        assert!(fd2 > 0);
        let i2 = map_info(fd2);
        assert_eq!(
            (i2.id, i2.ty, i2.name.as_str()),
            (info.id, 2, "a_very_long_map")
        );
        close(fd2);
        let mut o: bpf_get_fd_by_id_opts = std::mem::zeroed();
        o.sz = std::mem::size_of::<bpf_get_fd_by_id_opts>();
        o.open_flags = 1 << 3; // BPF_F_RDONLY
        let ro = bpf_map_get_fd_by_id_opts(info.id, &o);
        assert!(ro > 0);
        assert_eq!(
            bpf_map_update_elem(ro, p(&0u32), p(&1u32), ANY),
            -libc::EPERM
        );
        close(ro);
        assert_eq!(bpf_map_get_fd_by_id(0x7fff_fff0), -libc::ENOENT);
        // last id: ENOENT, next_id untouched
        let mut untouched = 1234u32;
        assert_eq!(
            bpf_map_get_next_id(0x7fff_fff0, &mut untouched),
            -libc::ENOENT
        );
        assert_eq!(untouched, 1234);

        // pin, get back, compare ids
        let path = format!("/sys/fs/bpf/oxbpf_test_map_{}", std::process::id());
        let c = std::ffi::CString::new(path.clone()).unwrap();
        assert_eq!(bpf_obj_pin(fd, c.as_ptr()), 0);
        assert_eq!(bpf_obj_pin(fd, c.as_ptr()), -libc::EEXIST);
        let got = bpf_obj_get(c.as_ptr());
        assert!(got > 0);
        assert_eq!(map_info(got).id, info.id);
        close(got);
        let mut go: bpf_obj_get_opts = std::mem::zeroed();
        go.sz = std::mem::size_of::<bpf_obj_get_opts>();
        go.file_flags = 1 << 3; // BPF_F_RDONLY
        let ro = bpf_obj_get_opts(c.as_ptr(), &go);
        assert!(ro > 0);
        assert_eq!(
            bpf_map_update_elem(ro, p(&0u32), p(&1u32), ANY),
            -libc::EPERM
        );
        close(ro);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(bpf_obj_get(c.as_ptr()), -libc::ENOENT);
        // relative to a directory fd
        let dir = libc::open(c"/sys/fs/bpf".as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY);
        let rel = std::ffi::CString::new(format!("oxbpf_rel_{}", std::process::id())).unwrap();
        let mut po: bpf_obj_pin_opts = std::mem::zeroed();
        po.sz = std::mem::size_of::<bpf_obj_pin_opts>();
        po.file_flags = 1 << 14; // BPF_F_PATH_FD
        po.path_fd = dir;
        assert_eq!(bpf_obj_pin_opts(fd, rel.as_ptr(), &po), 0);
        let mut go: bpf_obj_get_opts = std::mem::zeroed();
        go.sz = std::mem::size_of::<bpf_obj_get_opts>();
        go.file_flags = 1 << 14;
        go.path_fd = dir;
        let g = bpf_obj_get_opts(rel.as_ptr(), &go);
        assert!(g > 0);
        assert_eq!(map_info(g).id, info.id);
        close(g);
        assert_eq!(libc::unlinkat(dir, rel.as_ptr(), 0), 0);
        close(dir);
    }
    close(fd);
}

#[test]
fn opts_smaller_and_larger_than_ours() {
    require_root!();
    // Our struct inside a bigger buffer: a zero tail is fine, a non-zero tail is EINVAL.
    #[repr(C)]
    struct Bigger {
        o: bpf_map_create_opts,
        extra: [u8; 16],
    }
    unsafe {
        let mut b: Bigger = std::mem::zeroed();
        b.o.sz = std::mem::size_of::<Bigger>();
        b.o.map_flags = 1; // BPF_F_NO_PREALLOC, so an observable field
        let fd = bpf_map_create(1, null(), 4, 4, 4, &b.o);
        assert!(fd > 0);
        close(fd);
        b.extra[7] = 1;
        assert_eq!(bpf_map_create(1, null(), 4, 4, 4, &b.o), -libc::EINVAL);
        assert_eq!(errno(), libc::EINVAL);
        // Debian 1.1.2's bpf_map_create_opts ended at map_ifindex (48 bytes):
        // fields beyond sz are never read, even if our memory has garbage there.
        let mut small: bpf_map_create_opts = std::mem::zeroed();
        small.sz = 48;
        small.map_flags = 0;
        small.token_fd = 0xdead; // beyond sz: must be ignored
        let fd = bpf_map_create(1, null(), 4, 4, 4, &small);
        assert!(fd > 0, "{}", std::io::Error::last_os_error());
        close(fd);
        // sz smaller than a size_t: EINVAL
        small.sz = 4;
        assert_eq!(bpf_map_create(1, null(), 4, 4, 4, &small), -libc::EINVAL);
        // the padding after the last field (before sizeof) may be anything
        // only if the caller's sz stops before it: sizeof with zero padding is fine
        let mut full: bpf_map_create_opts = std::mem::zeroed();
        full.sz = std::mem::size_of::<bpf_map_create_opts>();
        let fd = bpf_map_create(2, null(), 4, 4, 1, &full);
        assert!(fd > 0);
        close(fd);
    }
}
