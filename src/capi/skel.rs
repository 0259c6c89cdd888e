//! libbpf.h: the skeleton ABI shared with `bpftool gen skeleton`/`subskeleton`
//! generated code, and the calls that drive it.
//!
//! The generated code allocates these structs with `calloc` and fills them;
//! `map_skel_sz`/`prog_skel_sz`/`var_skel_sz` give each array's stride, which
//! differs between generator versions (a 24-byte map entry has no `link`).
//! Every pointer argument is NULL or such a generated struct.
#![allow(non_snake_case, unused_variables)]

use super::handles::bpf_link;
use super::handles::bpf_map;
use super::handles::bpf_object;
use super::handles::bpf_program;
use super::object::bpf_object_open_opts;
use std::os::raw::{c_char, c_int, c_void};

/// One map of a skeleton: where to store its handle, its data mmap and (struct_ops) its link.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_map_skeleton {
    pub name: *const c_char,
    pub map: *mut *mut bpf_map,
    pub mmaped: *mut *mut c_void,
    pub link: *mut *mut bpf_link,
}

/// One program of a skeleton: where to store its handle and its link.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_prog_skeleton {
    pub name: *const c_char,
    pub prog: *mut *mut bpf_program,
    pub link: *mut *mut bpf_link,
}

/// A whole skeleton: the embedded ELF image and the map/program tables.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_object_skeleton {
    pub sz: usize,
    pub name: *const c_char,
    pub data: *const c_void,
    pub data_sz: usize,
    pub obj: *mut *mut bpf_object,
    pub map_cnt: c_int,
    pub map_skel_sz: c_int,
    pub maps: *mut bpf_map_skeleton,
    pub prog_cnt: c_int,
    pub prog_skel_sz: c_int,
    pub progs: *mut bpf_prog_skeleton,
}

/// Opens the embedded object and fills in the map/program handles and data pointers.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__open_skeleton(
    s: *mut bpf_object_skeleton,
    opts: *const bpf_object_open_opts,
) -> c_int {
    ret_int("bpf_object__open_skeleton", || {
        // SAFETY: s is NULL or a generated skeleton; opts NULL or a caller's opts.
        let s = unsafe { s.as_ref() }.ok_or_else(|| crate::Error::inval("skeleton is NULL"))?;
        let name = unsafe { super::boundary::cstr(s.name, "skeleton name")? };
        if s.obj.is_null() {
            return Err(crate::Error::inval(format!(
                "skeleton '{name}': obj is NULL"
            )));
        }
        let image = unsafe { super::boundary::bytes(s.data, s.data_sz, "skeleton data")? };
        let mut o = unsafe { skel_open_opts(opts)? };
        o.object_name = Some(name.to_string());
        let obj = crate::object::Object::open(image, name, o).map_err(|e| {
            let e = e.reported();
            crate::warn!("failed to initialize skeleton BPF object '{name}': {e}");
            e
        })?;
        let obj = handles::obj_into_raw(obj);
        unsafe { *s.obj = obj };
        // SAFETY: obj was just created; the tables follow the skeleton's strides.
        unsafe { populate(s, &*(obj as *const crate::object::Object)) }.map(|_| 0)
    })
}

/// Loads the object and re-points the data pointers at the kernel maps' mmaps.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__load_skeleton(s: *mut bpf_object_skeleton) -> c_int {
    ret_int("bpf_object__load_skeleton", || {
        // SAFETY: s is NULL or a generated skeleton opened by open_skeleton.
        let s = unsafe { s.as_ref() }.ok_or_else(|| crate::Error::inval("skeleton is NULL"))?;
        let obj = unsafe { handles::obj_mut(skel_obj(s)?)? };
        obj.load().map_err(|e| {
            let e = e.reported();
            // SAFETY: a generated skeleton's name is a C string.
            let name = unsafe { super::boundary::cstr(s.name, "skeleton name") }.unwrap_or("");
            crate::warn!("failed to load BPF skeleton '{name}': {e}");
            e
        })?;
        for i in 0..count(s.map_cnt)? {
            // SAFETY: entries within the generated table, at its stride.
            let e = unsafe { map_entry(s.maps, s.map_skel_sz, i)? };
            if e.mmaped.is_null() || e.map.is_null() {
                continue;
            }
            let m = unsafe { handles::map(*e.map)? };
            // An arena's skeleton pointer is its `__arena` globals.
            let off = if m.def.map_type == crate::uapi::bpf::map_type::ARENA {
                obj.arena_data_off
            } else {
                0
            };
            unsafe {
                *e.mmaped = m
                    .mmaped
                    .as_ref()
                    .map_or(std::ptr::null_mut(), |r| r.as_ptr().add(off).cast())
            };
        }
        Ok(0)
    })
}

/// Auto-attaches every program that can be (and struct_ops maps), storing the links.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__attach_skeleton(s: *mut bpf_object_skeleton) -> c_int {
    ret_int("bpf_object__attach_skeleton", || {
        // SAFETY: s is NULL or a generated skeleton opened by open_skeleton.
        let s = unsafe { s.as_ref() }.ok_or_else(|| crate::Error::inval("skeleton is NULL"))?;
        for i in 0..count(s.prog_cnt)? {
            // SAFETY: entries within the generated table, at its stride.
            let e = unsafe { prog_entry(s.progs, s.prog_skel_sz, i)? };
            if e.prog.is_null() || e.link.is_null() || unsafe { !(*e.link).is_null() } {
                continue;
            }
            let p = unsafe { handles::prog(*e.prog)? };
            if !p.autoload || !p.autoattach {
                continue;
            }
            // SAFETY: a live program's object is live; shared references only.
            let obj = unsafe { handles::prog_obj(p)? };
            match crate::attach::auto_attach(p, obj) {
                Ok(Some(l)) => unsafe { *e.link = handles::link_into_raw(l) },
                Ok(None) => {}
                Err(err) => {
                    let err = err.reported();
                    crate::warn!("prog '{}': failed to auto-attach: {err}", p.name);
                    return Err(err);
                }
            }
        }
        // struct_ops maps: only when the generator's entries have `link`.
        let covers_link = usize::try_from(s.map_skel_sz)
            .is_ok_and(|sz| sz >= std::mem::size_of::<bpf_map_skeleton>());
        for i in 0..count(s.map_cnt)? {
            // SAFETY: entries within the generated table, at its stride.
            let e = unsafe { map_entry(s.maps, s.map_skel_sz, i)? };
            if e.map.is_null() || unsafe { (*e.map).is_null() } {
                continue;
            }
            let m = unsafe { handles::map(*e.map)? };
            if !m.autocreate || !m.autoattach || m.st_ops.is_none() {
                continue;
            }
            if !covers_link || e.link.is_null() {
                crate::warn!(
                    "map '{}': BPF skeleton version is old, skipping map auto-attachment...",
                    m.name
                );
                continue;
            }
            if unsafe { !(*e.link).is_null() } {
                continue;
            }
            let l = crate::attach::struct_ops::attach(m).map_err(|err| {
                let err = err.reported();
                crate::warn!("map '{}': failed to auto-attach: {err}", m.name);
                err
            })?;
            unsafe { *e.link = handles::link_into_raw(l) };
        }
        Ok(0)
    })
}

/// Destroys every link the skeleton holds.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__detach_skeleton(s: *mut bpf_object_skeleton) {
    // SAFETY: s is NULL or a generated skeleton.
    ret_val("bpf_object__detach_skeleton", (), || {
        let Some(s) = (unsafe { s.as_ref() }) else {
            return Ok(());
        };
        detach(s)
    })
}

/// Detaches, closes the object and frees the skeleton's arrays and itself.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__destroy_skeleton(s: *mut bpf_object_skeleton) {
    // SAFETY: s is NULL or a calloc'ed generated skeleton, destroyed once.
    ret_val("bpf_object__destroy_skeleton", (), || {
        let Some(sk) = (unsafe { s.as_ref() }) else {
            return Ok(());
        };
        let mut r = detach(sk);
        if !sk.obj.is_null() {
            unsafe {
                match handles::obj_from_raw(*sk.obj) {
                    Ok(o) => drop(o),
                    Err(e) => r = r.and(Err(e)),
                }
                *sk.obj = std::ptr::null_mut();
            }
        }
        // The generated code allocated these with calloc: free them with libc.
        unsafe {
            libc::free(sk.maps.cast());
            libc::free(sk.progs.cast());
            libc::free(s.cast());
        }
        r
    })
}

/// One global variable of a subskeleton: its map and where to store its address.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_var_skeleton {
    pub name: *const c_char,
    pub map: *mut *mut bpf_map,
    pub addr: *mut *mut c_void,
}

/// A subskeleton: a view of part of an already opened object (a linked-in library).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_object_subskeleton {
    pub sz: usize,
    pub obj: *const bpf_object,
    pub map_cnt: c_int,
    pub map_skel_sz: c_int,
    pub maps: *mut bpf_map_skeleton,
    pub prog_cnt: c_int,
    pub prog_skel_sz: c_int,
    pub progs: *mut bpf_prog_skeleton,
    pub var_cnt: c_int,
    pub var_skel_sz: c_int,
    pub vars: *mut bpf_var_skeleton,
}

/// Fills in a subskeleton's map, program and variable pointers from its object.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__open_subskeleton(s: *mut bpf_object_subskeleton) -> c_int {
    ret_int("bpf_object__open_subskeleton", || {
        // SAFETY: s is NULL or a generated subskeleton.
        let s = unsafe { s.as_ref() }.ok_or_else(|| crate::Error::inval("subskeleton is NULL"))?;
        // SAFETY: obj is NULL or an opened object (the generated code's `src`).
        let obj = unsafe { handles::obj(s.obj) }?;
        // SAFETY: the tables follow the subskeleton's strides.
        unsafe {
            populate_maps(obj, s.maps, s.map_cnt, s.map_skel_sz)?;
            populate_progs(obj, s.progs, s.prog_cnt, s.prog_skel_sz)?;
        }
        for i in 0..count(s.var_cnt)? {
            // SAFETY: entries within the generated table, at its stride.
            let e = unsafe { var_entry(s.vars, s.var_skel_sz, i)? };
            let name = unsafe { super::boundary::cstr(e.name, "subskeleton variable name")? };
            // SAFETY: `map` points at a handle slot filled by populate_maps.
            let map = if e.map.is_null() {
                std::ptr::null()
            } else {
                unsafe { *e.map }
            };
            if map.is_null() || e.addr.is_null() {
                return Err(crate::Error::inval(format!(
                    "subskeleton variable '{name}': map or address slot is NULL"
                )));
            }
            let m = unsafe { handles::map(map)? };
            let off = obj.global_var_offset(m, name)?;
            let region = m.mmaped.as_ref().ok_or_else(|| {
                crate::Error::inval(format!("map '{}': has no data region", m.name))
            })?;
            if off as usize >= region.bytes().len() {
                return Err(crate::Error::inval(format!(
                    "subskeleton variable '{name}': offset {off} outside map '{}'",
                    m.name
                )));
            }
            // SAFETY: in bounds of the region, which lives (at a fixed
            // address, remapped in place at load) as long as the object.
            unsafe { *e.addr = region.as_ptr().add(off as usize).cast() };
        }
        Ok(0)
    })
}

/// Frees the subskeleton's arrays and itself (not the object).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__destroy_subskeleton(s: *mut bpf_object_subskeleton) {
    // SAFETY: s is NULL or a calloc'ed generated subskeleton, destroyed once.
    ret_val("bpf_object__destroy_subskeleton", (), || {
        let Some(sk) = (unsafe { s.as_ref() }) else {
            return Ok(());
        };
        // The generated code allocated these with calloc: free them with libc.
        unsafe {
            libc::free(sk.maps.cast());
            libc::free(sk.progs.cast());
            libc::free(sk.vars.cast());
            libc::free(s.cast());
        }
        Ok(())
    })
}

// The generated skeleton code is compiled against these sizes (x86_64 values
// of libbpf v1.7.0); a change here breaks every existing skeleton.
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<bpf_map_skeleton>() == 32);
    assert!(offset_of!(bpf_map_skeleton, link) == 24);
    assert!(size_of::<bpf_prog_skeleton>() == 24);
    assert!(size_of::<bpf_var_skeleton>() == 24);
    assert!(size_of::<bpf_object_skeleton>() == 72);
    assert!(offset_of!(bpf_object_skeleton, progs) == 64);
    assert!(size_of::<bpf_object_subskeleton>() == 64);
    assert!(offset_of!(bpf_object_subskeleton, vars) == 56);
};

use super::boundary::{ret_int, ret_val};
use super::handles;

fn count(n: c_int) -> crate::Result<usize> {
    usize::try_from(n).map_err(|_| crate::Error::inval(format!("skeleton: negative count {n}")))
}

/// Reads the pointer fields of entry `i` of a generated table whose entries
/// are `stride` bytes apart (the generator's size, not ours). Fields beyond
/// the stride read as NULL; `min` is the smallest stride accepted.
///
/// # Safety
/// `base` points to at least `i + 1` entries of `stride` bytes.
unsafe fn read_entry<const N: usize>(
    base: *mut u8,
    stride: c_int,
    i: usize,
    min: usize,
    what: &str,
) -> crate::Result<[*mut c_void; N]> {
    let stride = usize::try_from(stride).unwrap_or(0);
    if base.is_null() || stride < min {
        return Err(crate::Error::inval(format!(
            "{what}: bad table (stride {stride})"
        )));
    }
    let mut out = [std::ptr::null_mut(); N];
    for (k, slot) in out.iter_mut().enumerate() {
        let off = k * std::mem::size_of::<*mut c_void>();
        if off + std::mem::size_of::<*mut c_void>() <= stride {
            // SAFETY: inside entry `i` per the contract; unaligned since strides are the caller's.
            *slot = unsafe {
                std::ptr::read_unaligned(base.add(i * stride + off).cast::<*mut c_void>())
            };
        }
    }
    Ok(out)
}

/// Reads map entry `i`; `link` only when the stride covers it (bpftool
/// before libbpf 1.5 headers wrote 24-byte entries).
///
/// # Safety
/// As [`read_entry`].
unsafe fn map_entry(
    base: *mut bpf_map_skeleton,
    stride: c_int,
    i: usize,
) -> crate::Result<bpf_map_skeleton> {
    let min = std::mem::offset_of!(bpf_map_skeleton, link);
    // SAFETY: forwarded.
    let [name, map, mmaped, link] =
        unsafe { read_entry::<4>(base.cast(), stride, i, min, "skeleton maps")? };
    Ok(bpf_map_skeleton {
        name: name as *const c_char,
        map: map.cast(),
        mmaped: mmaped.cast(),
        link: link.cast(),
    })
}

/// Reads program entry `i`.
///
/// # Safety
/// As [`read_entry`].
unsafe fn prog_entry(
    base: *mut bpf_prog_skeleton,
    stride: c_int,
    i: usize,
) -> crate::Result<bpf_prog_skeleton> {
    let min = std::mem::size_of::<bpf_prog_skeleton>();
    // SAFETY: forwarded.
    let [name, prog, link] =
        unsafe { read_entry::<3>(base.cast(), stride, i, min, "skeleton programs")? };
    Ok(bpf_prog_skeleton {
        name: name as *const c_char,
        prog: prog.cast(),
        link: link.cast(),
    })
}

fn skel_obj(s: &bpf_object_skeleton) -> crate::Result<*mut bpf_object> {
    // SAFETY: obj was checked non-NULL at open; it points into the generated struct.
    let obj = if s.obj.is_null() {
        std::ptr::null_mut()
    } else {
        unsafe { *s.obj }
    };
    if obj.is_null() {
        return Err(crate::Error::inval("skeleton is not opened"));
    }
    Ok(obj)
}

/// Stores each map's and program's handle (and data pointer) in the skeleton.
///
/// # Safety
/// `s`'s tables are valid at their strides.
unsafe fn populate(s: &bpf_object_skeleton, obj: &crate::object::Object) -> crate::Result<()> {
    // SAFETY: forwarded.
    unsafe {
        populate_maps(obj, s.maps, s.map_cnt, s.map_skel_sz)?;
        populate_progs(obj, s.progs, s.prog_cnt, s.prog_skel_sz)
    }
}

/// Fills a (sub)skeleton's map table: each handle, and each data pointer
/// with the map's pre-load region.
///
/// # Safety
/// `maps` holds `cnt` entries of `stride` bytes.
unsafe fn populate_maps(
    obj: &crate::object::Object,
    maps: *mut bpf_map_skeleton,
    cnt: c_int,
    stride: c_int,
) -> crate::Result<()> {
    for i in 0..count(cnt)? {
        // SAFETY: per the contract.
        let e = unsafe { map_entry(maps, stride, i)? };
        let name = unsafe { super::boundary::cstr(e.name, "skeleton map name")? };
        let m = obj.map_by_name(name).ok_or_else(|| {
            crate::Error::other(
                crate::Errno::ESRCH,
                format!("failed to find skeleton map '{name}'"),
            )
        })?;
        if e.map.is_null() {
            return Err(crate::Error::inval(format!(
                "skeleton map '{name}': map pointer is NULL"
            )));
        }
        // SAFETY: pointers into the generated struct.
        unsafe {
            *e.map = handles::map_ptr(m);
            // `.kconfig` is the loader's to fill: not exposed before load.
            if !e.mmaped.is_null() && m.kind != crate::elf::MapKind::Kconfig {
                *e.mmaped = m
                    .mmaped
                    .as_ref()
                    .map_or(std::ptr::null_mut(), |r| r.as_ptr().cast());
            }
        }
    }
    Ok(())
}

/// Fills a (sub)skeleton's program table with the program handles.
///
/// # Safety
/// `progs` holds `cnt` entries of `stride` bytes.
unsafe fn populate_progs(
    obj: &crate::object::Object,
    progs: *mut bpf_prog_skeleton,
    cnt: c_int,
    stride: c_int,
) -> crate::Result<()> {
    for i in 0..count(cnt)? {
        // SAFETY: per the contract.
        let e = unsafe { prog_entry(progs, stride, i)? };
        let name = unsafe { super::boundary::cstr(e.name, "skeleton program name")? };
        let p = obj.prog_by_name(name).ok_or_else(|| {
            crate::Error::other(
                crate::Errno::ESRCH,
                format!("failed to find skeleton program '{name}'"),
            )
        })?;
        if e.prog.is_null() {
            return Err(crate::Error::inval(format!(
                "skeleton program '{name}': prog pointer is NULL"
            )));
        }
        // SAFETY: pointer into the generated struct.
        unsafe { *e.prog = handles::prog_ptr(p) };
    }
    Ok(())
}

/// Reads variable entry `i` of a subskeleton.
///
/// # Safety
/// As [`read_entry`].
unsafe fn var_entry(
    base: *mut bpf_var_skeleton,
    stride: c_int,
    i: usize,
) -> crate::Result<bpf_var_skeleton> {
    let min = std::mem::size_of::<bpf_var_skeleton>();
    // SAFETY: forwarded.
    let [name, map, addr] =
        unsafe { read_entry::<3>(base.cast(), stride, i, min, "subskeleton variables")? };
    Ok(bpf_var_skeleton {
        name: name as *const c_char,
        map: map.cast(),
        addr: addr.cast(),
    })
}

/// Destroys every program link (and struct_ops map link) the skeleton holds.
fn detach(s: &bpf_object_skeleton) -> crate::Result<()> {
    // A link that is not live is reported once all the others are destroyed.
    let mut r = Ok(());
    for i in 0..count(s.prog_cnt)? {
        // SAFETY: entries within the generated table.
        let e = unsafe { prog_entry(s.progs, s.prog_skel_sz, i)? };
        if !e.link.is_null() {
            // SAFETY: *link is NULL or a link we created.
            unsafe {
                match handles::link_from_raw(*e.link) {
                    Ok(l) => drop(l.map(|l| l.destroy())),
                    Err(err) => r = r.and(Err(err)),
                }
                *e.link = std::ptr::null_mut();
            }
        }
    }
    for i in 0..count(s.map_cnt)? {
        // SAFETY: entries within the generated table.
        let e = unsafe { map_entry(s.maps, s.map_skel_sz, i)? };
        if !e.link.is_null() {
            // SAFETY: *link is NULL or a link we created.
            unsafe {
                match handles::link_from_raw(*e.link) {
                    Ok(l) => drop(l.map(|l| l.destroy())),
                    Err(err) => r = r.and(Err(err)),
                }
                *e.link = std::ptr::null_mut();
            }
        }
    }
    r
}

/// The open opts a skeleton forwards (its own name always wins).
///
/// # Safety
/// `opts` is NULL or a caller's opts struct.
unsafe fn skel_open_opts(
    opts: *const bpf_object_open_opts,
) -> crate::Result<crate::object::OpenOpts> {
    // SAFETY: forwarded.
    unsafe { super::object::read_open_opts(opts) }
}
