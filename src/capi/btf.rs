//! btf.h (except btf_dump, in `btf_dump.rs`): BTF objects — parsing, lookup,
//! construction (`btf__add_*`), dedup, .BTF.ext — and their opts structs.
//!
//! Declarations only for now: every export is a one-line placeholder that
//! logs and fails (`-EOPNOTSUPP` / NULL + errno), to be backed by `crate::btf`.
// Placeholder bodies do not read their arguments yet.
#![allow(unused_variables)]

use super::bpf::unsupported_as;
pub use super::bpf::{__s32, __s64, __u32, __u64, __u8, c_bool};
use std::os::raw::{c_char, c_int, c_void};

/// `struct btf`: a BTF object (opaque to C).
pub struct btf {
    _opaque: [u8; 0],
}

/// `struct btf_ext`: parsed .BTF.ext data (opaque to C).
pub struct btf_ext {
    _opaque: [u8; 0],
}

/// `struct btf_type` from <linux/btf.h>, used only behind pointers.
pub struct btf_type {
    _opaque: [u8; 0],
}

/// `enum btf_func_linkage` from <linux/btf.h>, taken by value.
pub type btf_func_linkage = std::os::raw::c_uint;

/// Byte order of BTF data.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum btf_endianness {
    BTF_LITTLE_ENDIAN = 0,
    BTF_BIG_ENDIAN = 1,
}

/// An `enum btf_endianness` coming from C (any int value may arrive).
pub type btf_endianness_t = std::os::raw::c_uint;

/// What a BTF forward declaration stands for.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum btf_fwd_kind {
    BTF_FWD_STRUCT = 0,
    BTF_FWD_UNION = 1,
    BTF_FWD_ENUM = 2,
}

/// An `enum btf_fwd_kind` coming from C (any int value may arrive).
pub type btf_fwd_kind_t = std::os::raw::c_uint;

/// Options of `btf__dedup`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct btf_dedup_opts {
    pub sz: usize,
    /// .BTF.ext to rewrite along with the types, or NULL.
    pub btf_ext: *mut btf_ext,
    /// Testing aid: treat every hash as colliding.
    pub force_collisions: c_bool,
}
crate::impl_opts!(btf_dedup_opts, force_collisions);

/// Options of `btf__permute`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct btf_permute_opts {
    pub sz: usize,
    /// .BTF.ext whose type ids follow the permutation, or NULL.
    pub btf_ext: *mut btf_ext,
}
crate::impl_opts!(btf_permute_opts, btf_ext);

/// Frees a BTF object; NULL is a no-op.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__free(btf: *mut btf) {
    if !btf.is_null() {
        unsupported_as("btf__free", ())
    }
}

/// Parses raw BTF bytes into a new BTF object.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__new(data: *const c_void, size: __u32) -> *mut btf {
    crate::unsupported!(ptr "btf__new")
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
    crate::unsupported!(ptr "btf__new_split")
}

/// Creates an empty BTF object to be filled with `btf__add_*`.
#[no_mangle]
pub extern "C" fn btf__new_empty() -> *mut btf {
    crate::unsupported!(ptr "btf__new_empty")
}

/// Creates an empty split BTF object on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__new_empty_split(base_btf: *mut btf) -> *mut btf {
    crate::unsupported!(ptr "btf__new_empty_split")
}

/// Splits off a minimal base for split BTF so it can be relocated later.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__distill_base(
    src_btf: *const btf,
    new_base_btf: *mut *mut btf,
    new_split_btf: *mut *mut btf,
) -> c_int {
    crate::unsupported!(int "btf__distill_base")
}

/// Reads BTF (and .BTF.ext) from an ELF or raw BTF file.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse(path: *const c_char, btf_ext: *mut *mut btf_ext) -> *mut btf {
    crate::unsupported!(ptr "btf__parse")
}

/// Reads split BTF from an ELF or raw file on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_split(path: *const c_char, base_btf: *mut btf) -> *mut btf {
    crate::unsupported!(ptr "btf__parse_split")
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
    crate::unsupported!(ptr "btf__parse_elf")
}

/// Reads split .BTF from an ELF file on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_elf_split(path: *const c_char, base_btf: *mut btf) -> *mut btf {
    crate::unsupported!(ptr "btf__parse_elf_split")
}

/// Reads a raw BTF file (e.g. /sys/kernel/btf/vmlinux).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_raw(path: *const c_char) -> *mut btf {
    crate::unsupported!(ptr "btf__parse_raw")
}

/// Reads a raw split BTF file on top of `base_btf`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__parse_raw_split(path: *const c_char, base_btf: *mut btf) -> *mut btf {
    crate::unsupported!(ptr "btf__parse_raw_split")
}

/// Loads the running kernel's BTF.
#[no_mangle]
pub extern "C" fn btf__load_vmlinux_btf() -> *mut btf {
    crate::unsupported!(ptr "btf__load_vmlinux_btf")
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
    crate::unsupported!(ptr "btf__load_module_btf")
}

/// Fetches a loaded BTF object from the kernel by id.
#[no_mangle]
pub extern "C" fn btf__load_from_kernel_by_id(id: __u32) -> *mut btf {
    crate::unsupported!(ptr "btf__load_from_kernel_by_id")
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
    crate::unsupported!(ptr "btf__load_from_kernel_by_id_split")
}

/// Loads the BTF into the kernel; its fd is kept in the object.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__load_into_kernel(btf: *mut btf) -> c_int {
    crate::unsupported!(int "btf__load_into_kernel")
}

/// Id of the first type named `type_name`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__find_by_name(btf: *const btf, type_name: *const c_char) -> __s32 {
    crate::unsupported!(int "btf__find_by_name")
}

/// Id of the type named `type_name` of kind `kind`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__find_by_name_kind(
    btf: *const btf,
    type_name: *const c_char,
    kind: __u32,
) -> __s32 {
    crate::unsupported!(int "btf__find_by_name_kind")
}

/// Number of type ids (including void and base types).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__type_cnt(btf: *const btf) -> __u32 {
    unsupported_as("btf__type_cnt", 0)
}

/// The base BTF of split BTF, else NULL.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__base_btf(btf: *const btf) -> *const btf {
    unsupported_as("btf__base_btf", std::ptr::null())
}

/// The type record of `id`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__type_by_id(btf: *const btf, id: __u32) -> *const btf_type {
    unsupported_as("btf__type_by_id", std::ptr::null())
}

/// Pointer size of the BTF's target (0 if unknown).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__pointer_size(btf: *const btf) -> usize {
    unsupported_as("btf__pointer_size", 0)
}

/// Sets the target pointer size (4 or 8).
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__set_pointer_size(btf: *mut btf, ptr_sz: usize) -> c_int {
    crate::unsupported!(int "btf__set_pointer_size")
}

/// Byte order of the BTF data.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__endianness(btf: *const btf) -> btf_endianness {
    unsupported_as("btf__endianness", btf_endianness::BTF_LITTLE_ENDIAN)
}

/// Sets the byte order used when writing out the BTF.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__set_endianness(btf: *mut btf, endian: btf_endianness_t) -> c_int {
    crate::unsupported!(int "btf__set_endianness")
}

/// Size in bytes of type `type_id`, through typedefs and modifiers.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__resolve_size(btf: *const btf, type_id: __u32) -> __s64 {
    crate::unsupported!(int "btf__resolve_size").into()
}

/// Id of the type behind typedefs and modifiers.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__resolve_type(btf: *const btf, type_id: __u32) -> c_int {
    crate::unsupported!(int "btf__resolve_type")
}

/// Alignment in bytes of type `id`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__align_of(btf: *const btf, id: __u32) -> c_int {
    crate::unsupported!(int "btf__align_of")
}

/// Kernel fd of loaded BTF, or a negative error.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__fd(btf: *const btf) -> c_int {
    crate::unsupported!(int "btf__fd")
}

/// Sets the kernel fd the object refers to.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__set_fd(btf: *mut btf, fd: c_int) {
    unsupported_as("btf__set_fd", ())
}

/// Raw BTF bytes (in the chosen byte order); `*size` gets their length.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__raw_data(btf: *const btf, size: *mut __u32) -> *const c_void {
    unsupported_as("btf__raw_data", std::ptr::null())
}

/// String at `offset` of the string section.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__name_by_offset(btf: *const btf, offset: __u32) -> *const c_char {
    unsupported_as("btf__name_by_offset", std::ptr::null())
}

/// String at `offset` of the string section.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__str_by_offset(btf: *const btf, offset: __u32) -> *const c_char {
    unsupported_as("btf__str_by_offset", std::ptr::null())
}

/// Parses raw .BTF.ext bytes.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__new(data: *const __u8, size: __u32) -> *mut btf_ext {
    crate::unsupported!(ptr "btf_ext__new")
}

/// Frees a .BTF.ext object; NULL is a no-op.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__free(btf_ext: *mut btf_ext) {
    if !btf_ext.is_null() {
        unsupported_as("btf_ext__free", ())
    }
}

/// Raw .BTF.ext bytes; `*size` gets their length.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__raw_data(
    btf_ext: *const btf_ext,
    size: *mut __u32,
) -> *const c_void {
    unsupported_as("btf_ext__raw_data", std::ptr::null())
}

/// Byte order of the .BTF.ext data.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__endianness(btf_ext: *const btf_ext) -> btf_endianness {
    unsupported_as("btf_ext__endianness", btf_endianness::BTF_LITTLE_ENDIAN)
}

/// Sets the byte order used when writing out .BTF.ext.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf_ext__set_endianness(
    btf_ext: *mut btf_ext,
    endian: btf_endianness_t,
) -> c_int {
    crate::unsupported!(int "btf_ext__set_endianness")
}

/// Offset of string `s` if present.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__find_str(btf: *mut btf, s: *const c_char) -> c_int {
    crate::unsupported!(int "btf__find_str")
}

/// Adds string `s` (deduplicated); returns its offset.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_str(btf: *mut btf, s: *const c_char) -> c_int {
    crate::unsupported!(int "btf__add_str")
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
    crate::unsupported!(int "btf__add_type")
}

/// Appends all types of `src_btf`; returns the first new id.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_btf(btf: *mut btf, src_btf: *const btf) -> c_int {
    crate::unsupported!(int "btf__add_btf")
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
    crate::unsupported!(int "btf__add_int")
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
    crate::unsupported!(int "btf__add_float")
}

/// Appends a PTR type.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_ptr(btf: *mut btf, ref_type_id: c_int) -> c_int {
    crate::unsupported!(int "btf__add_ptr")
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
    crate::unsupported!(int "btf__add_array")
}

/// Appends a STRUCT type; follow with `btf__add_field`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_struct(btf: *mut btf, name: *const c_char, sz: __u32) -> c_int {
    crate::unsupported!(int "btf__add_struct")
}

/// Appends a UNION type; follow with `btf__add_field`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_union(btf: *mut btf, name: *const c_char, sz: __u32) -> c_int {
    crate::unsupported!(int "btf__add_union")
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
    crate::unsupported!(int "btf__add_field")
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
    crate::unsupported!(int "btf__add_enum")
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
    crate::unsupported!(int "btf__add_enum_value")
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
    crate::unsupported!(int "btf__add_enum64")
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
    crate::unsupported!(int "btf__add_enum64_value")
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
    crate::unsupported!(int "btf__add_fwd")
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
    crate::unsupported!(int "btf__add_typedef")
}

/// Appends a VOLATILE modifier.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_volatile(btf: *mut btf, ref_type_id: c_int) -> c_int {
    crate::unsupported!(int "btf__add_volatile")
}

/// Appends a CONST modifier.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_const(btf: *mut btf, ref_type_id: c_int) -> c_int {
    crate::unsupported!(int "btf__add_const")
}

/// Appends a RESTRICT modifier.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_restrict(btf: *mut btf, ref_type_id: c_int) -> c_int {
    crate::unsupported!(int "btf__add_restrict")
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
    crate::unsupported!(int "btf__add_type_tag")
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
    crate::unsupported!(int "btf__add_type_attr")
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
    crate::unsupported!(int "btf__add_func")
}

/// Appends a FUNC_PROTO; follow with `btf__add_func_param`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__add_func_proto(btf: *mut btf, ret_type_id: c_int) -> c_int {
    crate::unsupported!(int "btf__add_func_proto")
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
    crate::unsupported!(int "btf__add_func_param")
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
    crate::unsupported!(int "btf__add_var")
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
    crate::unsupported!(int "btf__add_datasec")
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
    crate::unsupported!(int "btf__add_datasec_var_info")
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
    crate::unsupported!(int "btf__add_decl_tag")
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
    crate::unsupported!(int "btf__add_decl_attr")
}

/// Deduplicates types and strings in place.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__dedup(btf: *mut btf, opts: *const btf_dedup_opts) -> c_int {
    crate::unsupported!(int "btf__dedup")
}

/// Re-parents split BTF onto `base_btf`, fixing ids and strings.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__relocate(btf: *mut btf, base_btf: *const btf) -> c_int {
    crate::unsupported!(int "btf__relocate")
}

/// Reorders types in place according to `id_map`.
///
/// # Safety
/// Pointer arguments are NULL or valid as libbpf documents for this call.
#[no_mangle]
pub unsafe extern "C" fn btf__permute(
    btf: *mut btf,
    id_map: *mut __u32,
    id_map_cnt: __u32,
    opts: *const btf_permute_opts,
) -> c_int {
    crate::unsupported!(int "btf__permute")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    #[test]
    fn layouts_match_upstream() {
        assert_eq!(size_of::<btf_dedup_opts>(), 24);
        assert_eq!(size_of::<btf_permute_opts>(), 16);
    }

    #[test]
    fn placeholders_fail_with_eopnotsupp() {
        // SAFETY: NULL is accepted by these calls.
        unsafe {
            assert!(btf__new(std::ptr::null(), 0).is_null());
            assert_eq!(crate::Errno::last(), crate::Errno::ENOTSUP);
            assert_eq!(btf__fd(std::ptr::null()), -libc::EOPNOTSUPP);
            btf__free(std::ptr::null_mut());
        }
    }
}
