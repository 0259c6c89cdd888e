//! libbpf.h: `struct bpf_object` — opening, loading, pinning and walking an
//! object file, plus the light-skeleton loader generator hook.
//!
//! Every pointer argument is NULL or what libbpf documents for it (a handle
//! this library returned, a NUL-terminated string, a caller's opts struct).
#![allow(non_snake_case, unused_variables)]

use super::handles::bpf_map;
use super::handles::bpf_program;
use super::handles::btf;
use super::types::__u32;
use std::os::raw::{c_char, c_int, c_uint, c_void};

use super::boundary::{cstr, opt_cstr, ret_int, ret_ptr, ret_val};
use super::handles::{self, bpf_object};
use crate::object::{Object, OpenOpts};
use std::os::fd::AsRawFd;

/// Options of `bpf_object__open_file`/`_mem`; keeps 0.x offsets (hole at 32 for a removed field).
/// cbindgen:field-names=[sz, object_name, relaxed_maps, pin_root_path, , kconfig, btf_custom_path, kernel_log_buf, kernel_log_size, kernel_log_level, bpf_token_path]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct bpf_object_open_opts {
    pub sz: usize,
    pub object_name: *const c_char,
    pub relaxed_maps: bool,
    pub pin_root_path: *const c_char,
    /// cbindgen:bitfield=32
    pub __unused_attach_prog_fd: __u32,
    pub kconfig: *const c_char,
    pub btf_custom_path: *const c_char,
    pub kernel_log_buf: *mut c_char,
    pub kernel_log_size: usize,
    pub kernel_log_level: __u32,
    pub bpf_token_path: *const c_char,
}
crate::impl_opts!(bpf_object_open_opts, bpf_token_path);

/// Opens an object file with default options.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__open(path: *const c_char) -> *mut bpf_object {
    // SAFETY: forwarded to open_file's contract.
    unsafe { bpf_object__open_file(path, std::ptr::null()) }
}

/// Opens an object file.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__open_file(
    path: *const c_char,
    opts: *const bpf_object_open_opts,
) -> *mut bpf_object {
    ret_ptr("bpf_object__open_file", || {
        // SAFETY: per the contract above.
        let path = unsafe { cstr(path, "path")? };
        // SAFETY: opts is NULL or a caller's opts struct.
        let o = unsafe { read_open_opts(opts)? };
        let given = o.object_name.clone();
        let name = given
            .as_deref()
            .unwrap_or_else(|| crate::object::name_from_path(path));
        Ok(handles::obj_into_raw(Object::open_file(path, name, o)?))
    })
}

/// Opens an object from an ELF image in memory (copied; the buffer may be freed after).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__open_mem(
    obj_buf: *const c_void,
    obj_buf_sz: usize,
    opts: *const bpf_object_open_opts,
) -> *mut bpf_object {
    ret_ptr("bpf_object__open_mem", || {
        if obj_buf.is_null() || obj_buf_sz == 0 {
            return Err(crate::Error::inval("obj_buf is NULL or obj_buf_sz is 0"));
        }
        // SAFETY: the caller provides obj_buf_sz readable bytes.
        let image = unsafe { std::slice::from_raw_parts(obj_buf.cast::<u8>(), obj_buf_sz) };
        // SAFETY: opts is NULL or a caller's opts struct.
        let o = unsafe { read_open_opts(opts)? };
        let name = o
            .object_name
            .clone()
            .unwrap_or_else(|| format!("{:x}-{:x}", obj_buf as usize, obj_buf_sz));
        Ok(handles::obj_into_raw(Object::open(image, &name, o)?))
    })
}

/// Does the load steps up to (not including) loading programs: maps created, BTF loaded.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__prepare(obj: *mut bpf_object) -> c_int {
    // SAFETY: obj is NULL or a live object handle.
    ret_int("bpf_object__prepare", || {
        unsafe { handles::obj_mut(obj)? }.prepare().map(|_| 0)
    })
}

/// Creates the maps and loads the programs into the kernel.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__load(obj: *mut bpf_object) -> c_int {
    // SAFETY: obj is NULL or a live object handle.
    ret_int("bpf_object__load", || {
        let obj = unsafe { handles::obj_mut(obj)? };
        obj.load()?;
        fill_gen_loader_opts(obj);
        Ok(0)
    })
}

/// Frees the object, its programs and maps (closing their fds); NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__close(obj: *mut bpf_object) {
    crate::capi::boundary::ret_val("bpf_object__close", (), || {
        // SAFETY: obj is NULL or a handle given back once.
        drop(unsafe { handles::obj_from_raw(obj)? });
        Ok(())
    })
}

/// Pins every map under the directory `path` (or at each map's own pin path when NULL).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__pin_maps(obj: *mut bpf_object, path: *const c_char) -> c_int {
    ret_int("bpf_object__pin_maps", || {
        // SAFETY: obj NULL or live; path NULL or a C string.
        let o = unsafe { handles::obj_mut(obj)? };
        let path = unsafe { opt_cstr(path, "path")? };
        o.pin_maps(path).map(|_| 0)
    })
}

/// Unpins the maps pinned by `bpf_object__pin_maps`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__unpin_maps(
    obj: *mut bpf_object,
    path: *const c_char,
) -> c_int {
    ret_int("bpf_object__unpin_maps", || {
        // SAFETY: obj NULL or live; path NULL or a C string.
        let o = unsafe { handles::obj_mut(obj)? };
        let path = unsafe { opt_cstr(path, "path")? };
        o.unpin_maps(path).map(|_| 0)
    })
}

/// Pins every loaded program under the directory `path`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__pin_programs(
    obj: *mut bpf_object,
    path: *const c_char,
) -> c_int {
    ret_int("bpf_object__pin_programs", || {
        // SAFETY: obj NULL or live; path NULL or a C string.
        let o = unsafe { handles::obj(obj)? };
        let path = unsafe { cstr(path, "path")? };
        o.pin_programs(path).map(|_| 0)
    })
}

/// Unpins the programs pinned by `bpf_object__pin_programs`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__unpin_programs(
    obj: *mut bpf_object,
    path: *const c_char,
) -> c_int {
    ret_int("bpf_object__unpin_programs", || {
        // SAFETY: obj NULL or live; path NULL or a C string.
        let o = unsafe { handles::obj(obj)? };
        let path = unsafe { cstr(path, "path")? };
        o.unpin_programs(path).map(|_| 0)
    })
}

/// Pins maps and programs under `path`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__pin(object: *mut bpf_object, path: *const c_char) -> c_int {
    ret_int("bpf_object__pin", || {
        // SAFETY: object NULL or live; path NULL or a C string.
        let o = unsafe { handles::obj_mut(object)? };
        let path = unsafe { cstr(path, "path")? };
        o.pin_maps(Some(path))?;
        if let Err(e) = o.pin_programs(path) {
            let _ = o.unpin_maps(Some(path));
            return Err(e);
        }
        Ok(0)
    })
}

/// Unpins maps and programs from `path`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__unpin(object: *mut bpf_object, path: *const c_char) -> c_int {
    ret_int("bpf_object__unpin", || {
        // SAFETY: object NULL or live; path NULL or a C string.
        let o = unsafe { handles::obj_mut(object)? };
        let path = unsafe { cstr(path, "path")? };
        o.unpin_maps(Some(path))?;
        o.unpin_programs(path).map(|_| 0)
    })
}

/// The object's name (file name without directory, or the `object_name` option).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__name(obj: *const bpf_object) -> *const c_char {
    // SAFETY: obj is NULL or a live object handle.
    ret_val("bpf_object__name", std::ptr::null(), || {
        Ok(unsafe { handles::obj(obj)? }.name.as_ptr())
    })
}

/// Kernel version from the object's `version` section (0 when absent).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__kversion(obj: *const bpf_object) -> c_uint {
    // SAFETY: obj is NULL or a live object handle.
    ret_val("bpf_object__kversion", 0, || {
        Ok(unsafe { handles::obj(obj)? }.kern_version())
    })
}

/// Overrides the kernel version passed when loading programs (before load).
#[no_mangle]
pub unsafe extern "C" fn bpf_object__set_kversion(
    obj: *mut bpf_object,
    kern_version: __u32,
) -> c_int {
    ret_int("bpf_object__set_kversion", || {
        // SAFETY: obj is NULL or a live object handle.
        let o = unsafe { handles::obj_mut(obj)? };
        if o.loaded || o.prepared {
            return Err(crate::Error::other(
                crate::Errno::EBUSY,
                "can't set kversion after load",
            ));
        }
        o.kern_version = kern_version;
        Ok(0)
    })
}

/// The BPF token fd the object loads with, or -1 when none.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__token_fd(obj: *const bpf_object) -> c_int {
    // SAFETY: obj is NULL or a live object handle.
    // No BPF token is ever created (bpf_token_path is refused at open): -1, as libbpf without one.
    ret_int("bpf_object__token_fd", || {
        unsafe { handles::obj(obj) }.map(|_| -1)
    })
}

/// The object's BTF (owned by the object), or NULL when it has none.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__btf(obj: *const bpf_object) -> *mut btf {
    // SAFETY: obj is NULL or a live object handle.
    ret_ptr("bpf_object__btf", || {
        let o = unsafe { handles::obj(obj)? };
        let Some(b) = o.spec.btf.as_ref() else {
            return Ok(std::ptr::null_mut());
        };
        let fd = o.btf_fd.as_ref().map_or(-1, |f| f.as_raw_fd());
        let any = o
            .c_edge
            .get_or_init(|| super::btf::borrowed_handle(std::sync::Arc::new(b.clone()), fd));
        let h = any
            .downcast_ref::<super::btf::BtfHandle>()
            .expect("only BTF handles are stored");
        Ok(handles::lend::<super::btf::btf, _>(h, obj))
    })
}

/// The fd of the object's BTF loaded into the kernel.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__btf_fd(obj: *const bpf_object) -> c_int {
    // SAFETY: obj is NULL or a live object handle.
    ret_int("bpf_object__btf_fd", || {
        let o = unsafe { handles::obj(obj)? };
        o.btf_fd
            .as_ref()
            .map(|f| f.as_raw_fd())
            .ok_or_else(|| crate::Error::NotFound(format!("object '{}': no BTF loaded", o.name)))
    })
}

/// The program called `name` (its function name), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__find_program_by_name(
    obj: *const bpf_object,
    name: *const c_char,
) -> *mut bpf_program {
    ret_ptr("bpf_object__find_program_by_name", || {
        // SAFETY: obj is NULL or a live handle; name NULL or a C string.
        let (o, name) = unsafe { (handles::obj(obj)?, cstr(name, "name")?) };
        o.prog_by_name(name).map(handles::prog_ptr).ok_or_else(|| {
            crate::Error::NotFound(format!("object '{}': no program '{name}'", o.name))
        })
    })
}

/// The program after `prog` in section order (the first when `prog` is NULL), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__next_program(
    obj: *const bpf_object,
    prog: *mut bpf_program,
) -> *mut bpf_program {
    // SAFETY: obj NULL or live; prev NULL or one of its programs.
    ret_ptr("bpf_object__next_program", || {
        let o = unsafe { handles::obj(obj)? };
        let next = if prog.is_null() {
            0
        } else {
            handles::check(prog.cast_const())?;
            handles::index_of(&o.progs, prog.cast())
                .ok_or_else(|| crate::Error::inval("prev is not a program of obj"))?
                + 1
        };
        Ok(o.progs
            .get(next)
            .map_or(std::ptr::null_mut(), handles::prog_ptr))
    })
}

/// The program before `prog` (the last when `prog` is NULL), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__prev_program(
    obj: *const bpf_object,
    prog: *mut bpf_program,
) -> *mut bpf_program {
    // SAFETY: obj NULL or live; next NULL or one of its programs.
    ret_ptr("bpf_object__prev_program", || {
        let o = unsafe { handles::obj(obj)? };
        let idx = if prog.is_null() {
            o.progs.len()
        } else {
            handles::check(prog.cast_const())?;
            handles::index_of(&o.progs, prog.cast())
                .ok_or_else(|| crate::Error::inval("next is not a program of obj"))?
        };
        Ok(idx
            .checked_sub(1)
            .and_then(|i| o.progs.get(i))
            .map_or(std::ptr::null_mut(), handles::prog_ptr))
    })
}

/// The map called `name` (internal maps match by their short `.data`-style name too), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__find_map_by_name(
    obj: *const bpf_object,
    name: *const c_char,
) -> *mut bpf_map {
    ret_ptr("bpf_object__find_map_by_name", || {
        // SAFETY: obj is NULL or a live handle; name NULL or a C string.
        let (o, name) = unsafe { (handles::obj(obj)?, cstr(name, "name")?) };
        o.map_by_name(name)
            .map(handles::map_ptr)
            .ok_or_else(|| crate::Error::NotFound(format!("object '{}': no map '{name}'", o.name)))
    })
}

/// The fd of the map called `name`.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__find_map_fd_by_name(
    obj: *const bpf_object,
    name: *const c_char,
) -> c_int {
    ret_int("bpf_object__find_map_fd_by_name", || {
        // SAFETY: obj is NULL or a live handle; name NULL or a C string.
        let (o, name) = unsafe { (handles::obj(obj)?, cstr(name, "name")?) };
        let m = o.map_by_name(name).ok_or_else(|| {
            crate::Error::NotFound(format!("object '{}': no map '{name}'", o.name))
        })?;
        m.fd()
            .map(|f| f.as_raw_fd())
            .ok_or_else(|| crate::Error::inval(format!("map '{name}': not created")))
    })
}

/// The map after `map` (the first when `map` is NULL), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__next_map(
    obj: *const bpf_object,
    map: *const bpf_map,
) -> *mut bpf_map {
    // SAFETY: obj NULL or live; prev NULL or one of its maps.
    ret_ptr("bpf_object__next_map", || {
        let o = unsafe { handles::obj(obj)? };
        let next = if map.is_null() {
            0
        } else {
            handles::check(map)?;
            handles::index_of(&o.maps, map.cast())
                .ok_or_else(|| crate::Error::inval("prev is not a map of obj"))?
                + 1
        };
        Ok(o.maps
            .get(next)
            .map_or(std::ptr::null_mut(), handles::map_ptr))
    })
}

/// The map before `map` (the last when `map` is NULL), or NULL.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__prev_map(
    obj: *const bpf_object,
    map: *const bpf_map,
) -> *mut bpf_map {
    // SAFETY: obj NULL or live; next NULL or one of its maps.
    ret_ptr("bpf_object__prev_map", || {
        let o = unsafe { handles::obj(obj)? };
        let idx = if map.is_null() {
            o.maps.len()
        } else {
            handles::check(map)?;
            handles::index_of(&o.maps, map.cast())
                .ok_or_else(|| crate::Error::inval("next is not a map of obj"))?
        };
        Ok(idx
            .checked_sub(1)
            .and_then(|i| o.maps.get(i))
            .map_or(std::ptr::null_mut(), handles::map_ptr))
    })
}

/// Options of `bpf_object__gen_loader`; `data`/`insns` and sizes are filled in by load.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct gen_loader_opts {
    pub sz: usize,
    pub data: *const c_char,
    pub insns: *const c_char,
    pub data_sz: __u32,
    pub insns_sz: __u32,
    pub gen_hash: bool,
}
crate::impl_opts!(gen_loader_opts, gen_hash);

/// Switches the object to recording a loader program (light skeleton) instead of loading.
#[no_mangle]
pub unsafe extern "C" fn bpf_object__gen_loader(
    obj: *mut bpf_object,
    opts: *mut gen_loader_opts,
) -> c_int {
    ret_int("bpf_object__gen_loader", || {
        // libbpf's order: opts are checked first, a missing one is EFAULT.
        if opts.is_null() {
            return Err(crate::Error::other(
                crate::Errno(libc::EFAULT),
                "bpf_object__gen_loader: opts must not be NULL".to_string(),
            ));
        }
        // SAFETY: opts is a caller's gen_loader_opts of opts->sz bytes.
        let o = unsafe { super::opts::read(opts.cast_const())? }
            .ok_or_else(|| crate::Error::inval("gen_loader_opts: NULL"))?;
        if !super::opts::covers(o.sz, std::mem::offset_of!(gen_loader_opts, insns_sz) + 4) {
            return Err(crate::Error::inval(format!(
                "gen_loader_opts: sz {} does not cover the output fields",
                o.sz
            )));
        }
        // SAFETY: obj is NULL or a live object handle.
        let obj = unsafe { handles::obj_mut(obj)? };
        obj.set_gen_loader(o.gen_hash, opts as usize)?;
        Ok(0)
    })
}

/// After a load in gen-loader mode, hands the generated loader to the
/// caller's `gen_loader_opts` (pointers into the object, valid until close).
fn fill_gen_loader_opts(obj: &crate::object::Object) {
    let Some(g) = obj.gen_loader.as_ref() else {
        return;
    };
    let Some(out) = g.output.as_ref() else { return };
    let opts = g.c_opts as *mut gen_loader_opts;
    // SAFETY: c_opts is the caller's gen_loader_opts given to
    // bpf_object__gen_loader, whose sz was checked to cover these fields;
    // libbpf's contract keeps it alive until load.
    unsafe {
        (*opts).data = out.data.as_ptr().cast();
        (*opts).data_sz = out.data.len() as __u32;
        (*opts).insns = out.insns.as_ptr().cast();
        (*opts).insns_sz = out.insns.len() as __u32;
    }
}

// libbpf ≥ 1.0.1 keeps the 0.x offsets of the fields after the removed one.
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(offset_of!(bpf_object_open_opts, kconfig) == 40);
    assert!(offset_of!(bpf_object_open_opts, bpf_token_path) == 80);
    assert!(size_of::<bpf_object_open_opts>() == 88);
};

/// Converts the caller's open opts into the object layer's.
///
/// # Safety
/// `opts` is NULL or a caller's `bpf_object_open_opts` of `opts->sz` bytes.
pub(crate) unsafe fn read_open_opts(opts: *const bpf_object_open_opts) -> crate::Result<OpenOpts> {
    // SAFETY: forwarded.
    let Some(o) = (unsafe { super::opts::read(opts)? }) else {
        return Ok(OpenOpts::default());
    };
    // SAFETY: string fields are NULL or C strings per the opts contract.
    let object_name = unsafe { opt_cstr(o.object_name, "object_name")? }.map(str::to_string);
    // SAFETY: as above.
    let pin_root_path = unsafe { opt_cstr(o.pin_root_path, "pin_root_path")? }.map(str::to_string);
    // SAFETY: as above.
    let kconfig = unsafe { opt_cstr(o.kconfig, "kconfig")? }.map(str::to_string);
    for (p, what) in [(o.bpf_token_path, "bpf_token_path")] {
        if !p.is_null() {
            return Err(crate::Error::NotSupported(format!(
                "bpf_object_open_opts.{what}"
            )));
        }
    }
    // libbpf's rule: a buffer needs a size, and a size needs a buffer.
    if o.kernel_log_buf.is_null() != (o.kernel_log_size == 0) {
        return Err(crate::Error::inval(
            "kernel_log_buf and kernel_log_size must be set together",
        ));
    }
    let kernel_log =
        (!o.kernel_log_buf.is_null()).then_some((o.kernel_log_buf as usize, o.kernel_log_size));
    // SAFETY: as above.
    let btf_custom_path =
        unsafe { opt_cstr(o.btf_custom_path, "btf_custom_path")? }.map(str::to_string);
    Ok(OpenOpts {
        object_name,
        btf_custom_path,
        kernel_log_level: o.kernel_log_level,
        pin_root_path,
        kconfig,
        kernel_log,
    })
}
