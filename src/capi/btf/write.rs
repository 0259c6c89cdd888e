//! btf.h construction: `btf__add_*` (types, members, strings, whole BTF).

use super::*;

/// Id of the record `p` points into (for btf__add_type).
fn find_type_id(b: &Btf, p: *const u8) -> Option<u32> {
    (0..b.type_cnt()).find(|&id| {
        b.type_by_id(id)
            .is_some_and(|t| std::ptr::eq(t.rec.as_ptr(), p))
    })
}

/// Offset of string `s` if present.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__find_str(btf: *mut btf, s: *const c_char) -> c_int {
    ret_int_quiet("btf__find_str", || {
        let h = unsafe { h_ref(btf)? };
        let s = unsafe { cstr(s, "s")? };
        h.btf
            .find_str(s)
            .map(|o| o as c_int)
            .ok_or_else(|| crate::Error::NotFound(s.into()))
    })
}

/// Adds string `s` (deduplicated); returns its offset.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_str(btf: *mut btf, s: *const c_char) -> c_int {
    ret_int("btf__add_str", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let s = unsafe { cstr(s, "s")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_str(s)?;
        Ok(r as c_int)
    })
}

/// Copies one type from `src_btf`; returns its new id.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_type(
    btf: *mut btf,
    src_btf: *const btf,
    src_type: *const btf_type,
) -> c_int {
    ret_int("btf__add_type", || {
        let src = unsafe { h_ref(src_btf)? };
        if src_type.is_null() {
            return Err(crate::Error::inval("src_type is NULL"));
        }
        let id = find_type_id(&src.btf, src_type.cast())
            .ok_or_else(|| crate::Error::inval("src_type is not a type of src_btf"))?;
        let t = src.btf.type_by_id(id).expect("found");
        let h = unsafe { h_mut(btf)? };
        h.raw = std::sync::OnceLock::new();
        Ok(Arc::make_mut(&mut h.btf).add_type(&src.btf, &t)? as c_int)
    })
}

/// Appends all types of `src_btf`; returns the first new id.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_btf(btf: *mut btf, src_btf: *const btf) -> c_int {
    ret_int("btf__add_btf", || {
        let src = unsafe { h_ref(src_btf)? }.btf.clone();
        let h = unsafe { h_mut(btf)? };
        h.raw = std::sync::OnceLock::new();
        Ok(Arc::make_mut(&mut h.btf).add_btf(&src)? as c_int)
    })
}

/// Appends an INT type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_int(
    btf: *mut btf,
    name: *const c_char,
    byte_sz: usize,
    encoding: c_int,
) -> c_int {
    ret_int("btf__add_int", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_int(name, byte_sz, encoding as u32)?;
        Ok(r as c_int)
    })
}

/// Appends a FLOAT type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_float(
    btf: *mut btf,
    name: *const c_char,
    byte_sz: usize,
) -> c_int {
    ret_int("btf__add_float", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_float(name, byte_sz)?;
        Ok(r as c_int)
    })
}

/// Appends a PTR type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_ptr(btf: *mut btf, ref_type_id: c_int) -> c_int {
    ret_int("btf__add_ptr", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(kind::PTR, None, ref_type_id, false)?;
        Ok(r as c_int)
    })
}

/// Appends an ARRAY type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_array(
    btf: *mut btf,
    index_type_id: c_int,
    elem_type_id: c_int,
    nr_elems: __u32,
) -> c_int {
    ret_int("btf__add_array", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_array(index_type_id, elem_type_id, nr_elems)?;
        Ok(r as c_int)
    })
}

/// Appends a STRUCT type; follow with `btf__add_field`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_struct(btf: *mut btf, name: *const c_char, sz: __u32) -> c_int {
    ret_int("btf__add_struct", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_composite(false, name, sz)?;
        Ok(r as c_int)
    })
}

/// Appends a UNION type; follow with `btf__add_field`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_union(btf: *mut btf, name: *const c_char, sz: __u32) -> c_int {
    ret_int("btf__add_union", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_composite(true, name, sz)?;
        Ok(r as c_int)
    })
}

/// Adds a member to the last STRUCT/UNION.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_field(
    btf: *mut btf,
    name: *const c_char,
    field_type_id: c_int,
    bit_offset: __u32,
    bit_size: __u32,
) -> c_int {
    ret_int("btf__add_field", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf)
            .add_field(name, field_type_id, bit_offset, bit_size)
            .map(|_| 0)?;
        Ok(r as c_int)
    })
}

/// Appends an ENUM type; follow with `btf__add_enum_value`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_enum(
    btf: *mut btf,
    name: *const c_char,
    bytes_sz: __u32,
) -> c_int {
    ret_int("btf__add_enum", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_enum(name, bytes_sz)?;
        Ok(r as c_int)
    })
}

/// Adds a value to the last ENUM/ENUM64.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_enum_value(
    btf: *mut btf,
    name: *const c_char,
    value: __s64,
) -> c_int {
    ret_int("btf__add_enum_value", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf)
            .add_enum_value(name, value)
            .map(|_| 0)?;
        Ok(r as c_int)
    })
}

/// Appends an ENUM64 type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_enum64(
    btf: *mut btf,
    name: *const c_char,
    bytes_sz: __u32,
    is_signed: c_bool,
) -> c_int {
    ret_int("btf__add_enum64", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_enum64(name, bytes_sz, is_signed != 0)?;
        Ok(r as c_int)
    })
}

/// Adds a 64-bit value to the last ENUM64.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_enum64_value(
    btf: *mut btf,
    name: *const c_char,
    value: __u64,
) -> c_int {
    ret_int("btf__add_enum64_value", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf)
            .add_enum64_value(name, value)
            .map(|_| 0)?;
        Ok(r as c_int)
    })
}

/// Appends a forward declaration.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_fwd(
    btf: *mut btf,
    name: *const c_char,
    fwd_kind: btf_fwd_kind_t,
) -> c_int {
    ret_int("btf__add_fwd", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_fwd(name, fwd_kind)?;
        Ok(r as c_int)
    })
}

/// Appends a TYPEDEF.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_typedef(
    btf: *mut btf,
    name: *const c_char,
    ref_type_id: c_int,
) -> c_int {
    ret_int("btf__add_typedef", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(
            kind::TYPEDEF,
            Some(name),
            ref_type_id,
            false,
        )?;
        Ok(r as c_int)
    })
}

/// Appends a VOLATILE modifier.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_volatile(btf: *mut btf, ref_type_id: c_int) -> c_int {
    ret_int("btf__add_volatile", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(kind::VOLATILE, None, ref_type_id, false)?;
        Ok(r as c_int)
    })
}

/// Appends a CONST modifier.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_const(btf: *mut btf, ref_type_id: c_int) -> c_int {
    ret_int("btf__add_const", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(kind::CONST, None, ref_type_id, false)?;
        Ok(r as c_int)
    })
}

/// Appends a RESTRICT modifier.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_restrict(btf: *mut btf, ref_type_id: c_int) -> c_int {
    ret_int("btf__add_restrict", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(kind::RESTRICT, None, ref_type_id, false)?;
        Ok(r as c_int)
    })
}

/// Appends a TYPE_TAG.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_type_tag(
    btf: *mut btf,
    value: *const c_char,
    ref_type_id: c_int,
) -> c_int {
    ret_int("btf__add_type_tag", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let value = unsafe { cstr(value, "value")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(
            kind::TYPE_TAG,
            Some(value),
            ref_type_id,
            false,
        )?;
        Ok(r as c_int)
    })
}

/// Appends a TYPE_TAG marked as an attribute (kflag set).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_type_attr(
    btf: *mut btf,
    value: *const c_char,
    ref_type_id: c_int,
) -> c_int {
    ret_int("btf__add_type_attr", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let value = unsafe { cstr(value, "value")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_ref_kind(
            kind::TYPE_TAG,
            Some(value),
            ref_type_id,
            true,
        )?;
        Ok(r as c_int)
    })
}

/// Appends a FUNC.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_func(
    btf: *mut btf,
    name: *const c_char,
    linkage: btf_func_linkage,
    proto_type_id: c_int,
) -> c_int {
    ret_int("btf__add_func", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_func(name, linkage, proto_type_id)?;
        Ok(r as c_int)
    })
}

/// Appends a FUNC_PROTO; follow with `btf__add_func_param`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_func_proto(btf: *mut btf, ret_type_id: c_int) -> c_int {
    ret_int("btf__add_func_proto", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_func_proto(ret_type_id)?;
        Ok(r as c_int)
    })
}

/// Adds a parameter to the last FUNC_PROTO.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_func_param(
    btf: *mut btf,
    name: *const c_char,
    type_id: c_int,
) -> c_int {
    ret_int("btf__add_func_param", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { opt_cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf)
            .add_func_param(name, type_id)
            .map(|_| 0)?;
        Ok(r as c_int)
    })
}

/// Appends a VAR.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_var(
    btf: *mut btf,
    name: *const c_char,
    linkage: c_int,
    type_id: c_int,
) -> c_int {
    ret_int("btf__add_var", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_var(name, linkage as u32, type_id)?;
        Ok(r as c_int)
    })
}

/// Appends a DATASEC; follow with `btf__add_datasec_var_info`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_datasec(
    btf: *mut btf,
    name: *const c_char,
    byte_sz: __u32,
) -> c_int {
    ret_int("btf__add_datasec", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let name = unsafe { cstr(name, "name")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_datasec(name, byte_sz)?;
        Ok(r as c_int)
    })
}

/// Adds a variable entry to the last DATASEC.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_datasec_var_info(
    btf: *mut btf,
    var_type_id: c_int,
    offset: __u32,
    byte_sz: __u32,
) -> c_int {
    ret_int("btf__add_datasec_var_info", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };

        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf)
            .add_datasec_var_info(var_type_id, offset, byte_sz)
            .map(|_| 0)?;
        Ok(r as c_int)
    })
}

/// Appends a DECL_TAG.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_decl_tag(
    btf: *mut btf,
    value: *const c_char,
    ref_type_id: c_int,
    component_idx: c_int,
) -> c_int {
    ret_int("btf__add_decl_tag", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let value = unsafe { cstr(value, "value")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_decl_tag(value, ref_type_id, component_idx, false)?;
        Ok(r as c_int)
    })
}

/// Appends a DECL_TAG marked as an attribute (kflag set).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_decl_attr(
    btf: *mut btf,
    value: *const c_char,
    ref_type_id: c_int,
    component_idx: c_int,
) -> c_int {
    ret_int("btf__add_decl_attr", || {
        // SAFETY: live handle; C strings per contract.
        let h = unsafe { h_mut(btf)? };
        let value = unsafe { cstr(value, "value")? };
        h.raw = std::sync::OnceLock::new();
        let r = Arc::make_mut(&mut h.btf).add_decl_tag(value, ref_type_id, component_idx, true)?;
        Ok(r as c_int)
    })
}
