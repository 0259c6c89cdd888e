//! btf.h: making BTF objects — parsed from bytes, files (raw or ELF)
//! and the kernel, or empty — loading them into the kernel, and freeing them.

use super::*;

fn read_file(path: &str) -> crate::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        crate::Error::other(
            crate::Errno(crate::error::io_errno(&e, libc::EIO)),
            format!(
                "failed to read '{path}': {}",
                crate::Errno(crate::error::io_errno(&e, libc::EIO))
            ),
        )
    })
}

/// .BTF (and, when asked, .BTF.ext) of an ELF file.
///
/// # Safety
/// `base` NULL or live; `ext_out` NULL or writable.
unsafe fn parse_elf(
    data: &[u8],
    path: &str,
    base: *const btf,
    ext_out: *mut *mut btf_ext,
) -> crate::Result<*mut btf> {
    let (b, e) = crate::btf::elf::sections(data)?;
    let b = b.ok_or_else(|| {
        crate::Error::NotFound(format!("failed to find '.BTF' ELF section in {path}"))
    })?;
    let base_h = unsafe { h_opt(base)? };
    let parsed = Btf::parse_split(b, base_h.map(|h| h.btf.clone()))?;
    if !ext_out.is_null() {
        let ext = match e {
            Some(e) => handles::into_raw(ext::ExtHandle::new(BtfExt::parse(e)?)),
            None => std::ptr::null_mut(),
        };
        unsafe { *ext_out = ext };
    }
    Ok(h_new(parsed, base))
}

/// Frees a BTF object; NULL is a no-op.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__free(btf: *mut btf) {
    crate::capi::boundary::ret_val("btf__free", (), || {
        // SAFETY: a handle given back once.
        if let Some(h) = unsafe { h_from_raw(btf)? } {
            if h.fd >= 0 {
                // SAFETY: the fd was given to this object (btf__set_fd / load).
                unsafe { libc::close(h.fd) };
            }
        };
        Ok(())
    })
}

/// Parses raw BTF bytes into a new BTF object.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__new(data: *const c_void, size: __u32) -> *mut btf {
    ret_ptr("btf__new", || {
        // SAFETY: caller-provided buffer of `size` bytes.
        let raw = unsafe { bytes(data, size as usize, "data")? };
        Ok(h_new(Btf::parse(raw)?, std::ptr::null()))
    })
}

/// Parses raw split BTF on top of `base_btf` (plain BTF when NULL).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__new_split(
    data: *const c_void,
    size: __u32,
    base_btf: *mut btf,
) -> *mut btf {
    ret_ptr("btf__new_split", || {
        // SAFETY: caller-provided buffer / handle.
        let raw = unsafe { bytes(data, size as usize, "data")? };
        let base = unsafe { h_opt(base_btf)? };
        Ok(h_new(
            Btf::parse_split(raw, base.map(|h| h.btf.clone()))?,
            base_btf,
        ))
    })
}

/// Creates an empty BTF object to be filled with `btf__add_*`.
#[no_mangle]
pub extern "C" fn btf__new_empty() -> *mut btf {
    ret_ptr("btf__new_empty", || {
        Ok(h_new(Btf::new_empty(None), std::ptr::null()))
    })
}

/// Creates an empty split BTF object on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__new_empty_split(base_btf: *mut btf) -> *mut btf {
    ret_ptr("btf__new_empty_split", || {
        // SAFETY: NULL or a live handle.
        let base = unsafe { h_opt(base_btf)? };
        Ok(h_new(Btf::new_empty(base.map(|h| h.btf.clone())), base_btf))
    })
}

/// Reads BTF (and .BTF.ext) from an ELF or raw BTF file.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse(path: *const c_char, btf_ext: *mut *mut btf_ext) -> *mut btf {
    ret_ptr("btf__parse", || {
        // SAFETY: C string / out pointer per contract.
        let path = unsafe { cstr(path, "path")? };
        let data = kernel_btf::FileBytes::open_private(path)?;
        if data.as_ref().starts_with(b"\x7fELF") {
            return unsafe { parse_elf(data.as_ref(), path, std::ptr::null(), btf_ext) };
        }
        let backing: crate::btf::Backing = Arc::new(data);
        Ok(h_new(Btf::parse_shared(backing, None)?, std::ptr::null()))
    })
}

/// Reads split BTF from an ELF or raw file on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_split(path: *const c_char, base_btf: *mut btf) -> *mut btf {
    ret_ptr("btf__parse_split", || {
        // SAFETY: C string / handle per contract.
        let path = unsafe { cstr(path, "path")? };
        let data = read_file(path)?;
        if data.starts_with(b"\x7fELF") {
            return unsafe { parse_elf(&data, path, base_btf, std::ptr::null_mut()) };
        }
        let base = unsafe { h_opt(base_btf)? };
        Ok(h_new(
            Btf::parse_split(&data, base.map(|h| h.btf.clone()))?,
            base_btf,
        ))
    })
}

/// Reads .BTF (and .BTF.ext) from an ELF file.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_elf(
    path: *const c_char,
    btf_ext: *mut *mut btf_ext,
) -> *mut btf {
    ret_ptr("btf__parse_elf", || {
        // SAFETY: C string / out pointer per contract.
        let path = unsafe { cstr(path, "path")? };
        let data = read_file(path)?;
        unsafe { parse_elf(&data, path, std::ptr::null(), btf_ext) }
    })
}

/// Reads split .BTF from an ELF file on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_elf_split(path: *const c_char, base_btf: *mut btf) -> *mut btf {
    ret_ptr("btf__parse_elf_split", || {
        // SAFETY: C string / handle per contract.
        let path = unsafe { cstr(path, "path")? };
        let data = read_file(path)?;
        unsafe { parse_elf(&data, path, base_btf, std::ptr::null_mut()) }
    })
}

/// Reads a raw BTF file (e.g. /sys/kernel/btf/vmlinux).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_raw(path: *const c_char) -> *mut btf {
    ret_ptr("btf__parse_raw", || {
        // SAFETY: C string per contract.
        let path = unsafe { cstr(path, "path")? };
        Ok(h_new(
            kernel_btf::parse_raw_file_private(path, None)?,
            std::ptr::null(),
        ))
    })
}

/// Reads a raw split BTF file on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_raw_split(path: *const c_char, base_btf: *mut btf) -> *mut btf {
    ret_ptr("btf__parse_raw_split", || {
        // SAFETY: C string / handle per contract.
        let path = unsafe { cstr(path, "path")? };
        let base = unsafe { h_opt(base_btf)? };
        Ok(h_new(
            kernel_btf::parse_raw_file_private(path, base.map(|h| h.btf.clone()))?,
            base_btf,
        ))
    })
}

/// Loads the running kernel's BTF.
#[no_mangle]
pub extern "C" fn btf__load_vmlinux_btf() -> *mut btf {
    ret_ptr("btf__load_vmlinux_btf", || {
        let v = kernel_btf::vmlinux_validated()?;
        crate::debug!("loaded kernel BTF from '{}'", kernel_btf::VMLINUX_PATH);
        Ok(h_new_arc(v, std::ptr::null()))
    })
}

/// Loads a kernel module's split BTF on top of `vmlinux_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__load_module_btf(
    module_name: *const c_char,
    vmlinux_btf: *mut btf,
) -> *mut btf {
    ret_ptr("btf__load_module_btf", || {
        // SAFETY: C string / handle per contract.
        let name = unsafe { cstr(module_name, "module_name")? };
        let base = match unsafe { h_opt(vmlinux_btf)? } {
            Some(h) => h.btf.clone(),
            None => kernel_btf::vmlinux_validated()?,
        };
        // As libbpf: a module without BTF is no news worth a line.
        let m = kernel_btf::module(name, base).map_err(|e| crate::Error::Reported(e.errno()))?;
        Ok(h_new(m, vmlinux_btf))
    })
}

/// Fetches a loaded BTF object from the kernel by id.
#[no_mangle]
pub extern "C" fn btf__load_from_kernel_by_id(id: __u32) -> *mut btf {
    // SAFETY: NULL base.
    unsafe { btf__load_from_kernel_by_id_split(id, std::ptr::null_mut()) }
}

/// Fetches a loaded split BTF object from the kernel by id.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__load_from_kernel_by_id_split(
    id: __u32,
    base_btf: *mut btf,
) -> *mut btf {
    ret_ptr("btf__load_from_kernel_by_id_split", || {
        let fd = kernel_btf::btf_get_fd_by_id(id)
            .map_err(|e| crate::Error::sys(format!("failed to get BTF object #{id} FD"), e))?;
        let raw = kernel_btf::btf_raw_by_fd(&fd)
            .map_err(|e| crate::Error::sys(format!("failed to get BTF object #{id} info"), e))?;
        // SAFETY: NULL or a live handle.
        let base = unsafe { h_opt(base_btf)? };
        Ok(h_new(
            Btf::parse_split(&raw, base.map(|h| h.btf.clone()))?,
            base_btf,
        ))
    })
}

/// Loads the BTF into the kernel; its fd is kept in the object.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__load_into_kernel(btf: *mut btf) -> c_int {
    ret_int("btf__load_into_kernel", || {
        // SAFETY: live handle.
        let h = unsafe { h_mut(btf)? };
        if h.fd >= 0 {
            return Err(crate::Error::other(
                crate::Errno(libc::EEXIST),
                "BTF is already loaded",
            ));
        }
        let raw = h.btf.raw();
        let mut attr = crate::uapi::bpf::BtfLoadAttr {
            btf: raw.as_ptr() as u64,
            btf_size: raw.len() as u32,
            ..Default::default()
        };
        let fd = crate::sys::bpf::btf_load(&mut attr)
            .map_err(|e| crate::Error::sys("Error loading BTF into kernel", e))?;
        h.fd = std::os::fd::IntoRawFd::into_raw_fd(fd);
        Ok(0)
    })
}
