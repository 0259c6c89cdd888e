/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: <bpf/btf.h>, libbpf's BTF API: reading, querying, building,
 * deduplicating and dumping BTF type information.
 *
 * Generated: the declarations come from src/capi/btf.rs and btf_dump.rs
 * through cbindgen, wrapped by include/gen/btf.{head,tail}.h. Edit those,
 * not this file.
 */
#ifndef __LIBBPF_BTF_H
#define __LIBBPF_BTF_H

#include <stdarg.h>
#include <stdbool.h>
#include <linux/btf.h>
#include <linux/types.h>

#include "libbpf_common.h"

/* ELF section names libbpf gives special meaning. */
#define BTF_ELF_SEC ".BTF"
#define BTF_EXT_ELF_SEC ".BTF.ext"
#define BTF_BASE_ELF_SEC ".BTF.base"
#define MAPS_ELF_SEC ".maps"

struct btf_type;
struct bpf_object;

/*
 * The btf_dump output callback: receives printf-style format and arguments.
 * Written by hand because the Rust side cannot name va_list.
 */
typedef void (*btf_dump_printf_fn_t)(void *ctx, const char *fmt, va_list args);

// Byte order of BTF data.
enum btf_endianness {
        BTF_LITTLE_ENDIAN = 0,
        BTF_BIG_ENDIAN = 1,
};

// What a BTF forward declaration stands for.
enum btf_fwd_kind {
        BTF_FWD_STRUCT = 0,
        BTF_FWD_UNION = 1,
        BTF_FWD_ENUM = 2,
};

// `struct btf`: a BTF object (opaque to C).
struct btf;

// `struct btf_dump`: a dumper bound to one BTF object (opaque to C).
struct btf_dump;

// `struct btf_ext`: parsed .BTF.ext data (opaque to C).
struct btf_ext;

// Options of `btf__dedup`.
struct btf_dedup_opts {
        size_t sz;
        // .BTF.ext to rewrite along with the types, or NULL.
        struct btf_ext *btf_ext;
        // Testing aid: treat every hash as colliding.
        bool force_collisions;
};

// Options of `btf__permute`.
struct btf_permute_opts {
        size_t sz;
        // .BTF.ext whose type ids follow the permutation, or NULL.
        struct btf_ext *btf_ext;
};

// Options of `btf_dump__new` (only `sz` so far).
struct btf_dump_opts {
        size_t sz;
};

// Options of `btf_dump__emit_type_decl`.
struct btf_dump_emit_type_decl_opts {
        size_t sz;
        // Name to declare (field or variable), or NULL for an abstract declarator.
        const char *field_name;
        // Extra tabs for the second and later lines of multi-line declarations.
        int indent_level;
        // Drop const/volatile/restrict.
        bool strip_mods;
};

// Options of `btf_dump__dump_type_data`.
struct btf_dump_type_data_opts {
        size_t sz;
        // Indentation unit (default a tab).
        const char *indent_str;
        int indent_level;
        // One line, no indentation.
        bool compact;
        // Omit member and type names.
        bool skip_names;
        // Also print zero-valued members.
        bool emit_zeroes;
        // Print char arrays as strings.
        bool emit_strings;
};

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

// Parses raw .BTF.ext bytes.
LIBBPF_API struct btf_ext *btf_ext__new(const __u8 *data, __u32 size);

// Frees a .BTF.ext object; NULL is a no-op.
LIBBPF_API void btf_ext__free(struct btf_ext *btf_ext);

// Raw .BTF.ext bytes; `*size` gets their length.
LIBBPF_API const void *btf_ext__raw_data(const struct btf_ext *btf_ext, __u32 *size);

// Byte order of the .BTF.ext data.
LIBBPF_API enum btf_endianness btf_ext__endianness(const struct btf_ext *btf_ext);

// Sets the byte order used when writing out .BTF.ext.
LIBBPF_API int btf_ext__set_endianness(struct btf_ext *btf_ext, enum btf_endianness endian);

// Id of the first type named `type_name`.
LIBBPF_API __s32 btf__find_by_name(const struct btf *btf, const char *type_name);

// Id of the type named `type_name` of kind `kind`.
LIBBPF_API __s32 btf__find_by_name_kind(const struct btf *btf, const char *type_name, __u32 kind);

// Number of type ids (including void and base types).
LIBBPF_API __u32 btf__type_cnt(const struct btf *btf);

// The base BTF of split BTF, else NULL.
LIBBPF_API const struct btf *btf__base_btf(const struct btf *btf);

// The type record of `id`.
LIBBPF_API const struct btf_type *btf__type_by_id(const struct btf *btf, __u32 id);

// Pointer size of the BTF's target (0 if unknown).
LIBBPF_API size_t btf__pointer_size(const struct btf *btf);

// Sets the target pointer size (4 or 8).
LIBBPF_API int btf__set_pointer_size(struct btf *btf, size_t ptr_sz);

// Byte order of the BTF data.
LIBBPF_API enum btf_endianness btf__endianness(const struct btf *btf);

// Sets the byte order used when writing out the BTF.
LIBBPF_API int btf__set_endianness(struct btf *btf, enum btf_endianness endian);

// Size in bytes of type `type_id`, through typedefs and modifiers.
LIBBPF_API __s64 btf__resolve_size(const struct btf *btf, __u32 type_id);

// Id of the type behind typedefs and modifiers.
LIBBPF_API int btf__resolve_type(const struct btf *btf, __u32 type_id);

// Alignment in bytes of type `id`.
LIBBPF_API int btf__align_of(const struct btf *btf, __u32 id);

// Kernel fd of loaded BTF, or a negative error.
LIBBPF_API int btf__fd(const struct btf *btf);

// Sets the kernel fd the object refers to.
LIBBPF_API void btf__set_fd(struct btf *btf, int fd);

// Raw BTF bytes (in the chosen byte order); `*size` gets their length.
LIBBPF_API const void *btf__raw_data(const struct btf *btf, __u32 *size);

// String at `offset` of the string section.
LIBBPF_API const char *btf__name_by_offset(const struct btf *btf, __u32 offset);

// String at `offset` of the string section.
LIBBPF_API const char *btf__str_by_offset(const struct btf *btf, __u32 offset);

// Frees a BTF object; NULL is a no-op.
LIBBPF_API void btf__free(struct btf *btf);

// Parses raw BTF bytes into a new BTF object.
LIBBPF_API struct btf *btf__new(const void *data, __u32 size);

// Parses raw split BTF on top of `base_btf` (plain BTF when NULL).
LIBBPF_API struct btf *btf__new_split(const void *data, __u32 size, struct btf *base_btf);

// Creates an empty BTF object to be filled with `btf__add_*`.
LIBBPF_API struct btf *btf__new_empty(void);

// Creates an empty split BTF object on top of `base_btf`.
LIBBPF_API struct btf *btf__new_empty_split(struct btf *base_btf);

// Reads BTF (and .BTF.ext) from an ELF or raw BTF file.
LIBBPF_API struct btf *btf__parse(const char *path, struct btf_ext **btf_ext);

// Reads split BTF from an ELF or raw file on top of `base_btf`.
LIBBPF_API struct btf *btf__parse_split(const char *path, struct btf *base_btf);

// Reads .BTF (and .BTF.ext) from an ELF file.
LIBBPF_API struct btf *btf__parse_elf(const char *path, struct btf_ext **btf_ext);

// Reads split .BTF from an ELF file on top of `base_btf`.
LIBBPF_API struct btf *btf__parse_elf_split(const char *path, struct btf *base_btf);

// Reads a raw BTF file (e.g. /sys/kernel/btf/vmlinux).
LIBBPF_API struct btf *btf__parse_raw(const char *path);

// Reads a raw split BTF file on top of `base_btf`.
LIBBPF_API struct btf *btf__parse_raw_split(const char *path, struct btf *base_btf);

// Loads the running kernel's BTF.
LIBBPF_API struct btf *btf__load_vmlinux_btf(void);

// Loads a kernel module's split BTF on top of `vmlinux_btf`.
LIBBPF_API struct btf *btf__load_module_btf(const char *module_name, struct btf *vmlinux_btf);

// Fetches a loaded BTF object from the kernel by id.
LIBBPF_API struct btf *btf__load_from_kernel_by_id(__u32 id);

// Fetches a loaded split BTF object from the kernel by id.
LIBBPF_API struct btf *btf__load_from_kernel_by_id_split(__u32 id, struct btf *base_btf);

// Loads the BTF into the kernel; its fd is kept in the object.
LIBBPF_API int btf__load_into_kernel(struct btf *btf);

// Splits off a minimal base for split BTF so it can be relocated later.
LIBBPF_API
int btf__distill_base(const struct btf *src_btf,
                      struct btf **new_base_btf,
                      struct btf **new_split_btf);

// Deduplicates types and strings in place.
LIBBPF_API int btf__dedup(struct btf *btf, const struct btf_dedup_opts *opts);

// Re-parents split BTF onto `base_btf`, fixing ids and strings.
LIBBPF_API int btf__relocate(struct btf *btf, const struct btf *base_btf);

// Reorders types in place according to `id_map`.
LIBBPF_API
int btf__permute(struct btf *btf,
                 __u32 *id_map,
                 __u32 id_map_cnt,
                 const struct btf_permute_opts *opts);

// Offset of string `s` if present.
LIBBPF_API int btf__find_str(struct btf *btf, const char *s);

// Adds string `s` (deduplicated); returns its offset.
LIBBPF_API int btf__add_str(struct btf *btf, const char *s);

// Copies one type from `src_btf`; returns its new id.
LIBBPF_API
int btf__add_type(struct btf *btf,
                  const struct btf *src_btf,
                  const struct btf_type *src_type);

// Appends all types of `src_btf`; returns the first new id.
LIBBPF_API int btf__add_btf(struct btf *btf, const struct btf *src_btf);

// Appends an INT type.
LIBBPF_API int btf__add_int(struct btf *btf, const char *name, size_t byte_sz, int encoding);

// Appends a FLOAT type.
LIBBPF_API int btf__add_float(struct btf *btf, const char *name, size_t byte_sz);

// Appends a PTR type.
LIBBPF_API int btf__add_ptr(struct btf *btf, int ref_type_id);

// Appends an ARRAY type.
LIBBPF_API int btf__add_array(struct btf *btf, int index_type_id, int elem_type_id, __u32 nr_elems);

// Appends a STRUCT type; follow with `btf__add_field`.
LIBBPF_API int btf__add_struct(struct btf *btf, const char *name, __u32 sz);

// Appends a UNION type; follow with `btf__add_field`.
LIBBPF_API int btf__add_union(struct btf *btf, const char *name, __u32 sz);

// Adds a member to the last STRUCT/UNION.
LIBBPF_API
int btf__add_field(struct btf *btf,
                   const char *name,
                   int field_type_id,
                   __u32 bit_offset,
                   __u32 bit_size);

// Appends an ENUM type; follow with `btf__add_enum_value`.
LIBBPF_API int btf__add_enum(struct btf *btf, const char *name, __u32 bytes_sz);

// Adds a value to the last ENUM/ENUM64.
LIBBPF_API int btf__add_enum_value(struct btf *btf, const char *name, __s64 value);

// Appends an ENUM64 type.
LIBBPF_API int btf__add_enum64(struct btf *btf, const char *name, __u32 bytes_sz, bool is_signed);

// Adds a 64-bit value to the last ENUM64.
LIBBPF_API int btf__add_enum64_value(struct btf *btf, const char *name, __u64 value);

// Appends a forward declaration.
LIBBPF_API int btf__add_fwd(struct btf *btf, const char *name, enum btf_fwd_kind fwd_kind);

// Appends a TYPEDEF.
LIBBPF_API int btf__add_typedef(struct btf *btf, const char *name, int ref_type_id);

// Appends a VOLATILE modifier.
LIBBPF_API int btf__add_volatile(struct btf *btf, int ref_type_id);

// Appends a CONST modifier.
LIBBPF_API int btf__add_const(struct btf *btf, int ref_type_id);

// Appends a RESTRICT modifier.
LIBBPF_API int btf__add_restrict(struct btf *btf, int ref_type_id);

// Appends a TYPE_TAG.
LIBBPF_API int btf__add_type_tag(struct btf *btf, const char *value, int ref_type_id);

// Appends a TYPE_TAG marked as an attribute (kflag set).
LIBBPF_API int btf__add_type_attr(struct btf *btf, const char *value, int ref_type_id);

// Appends a FUNC.
LIBBPF_API
int btf__add_func(struct btf *btf,
                  const char *name,
                  enum btf_func_linkage linkage,
                  int proto_type_id);

// Appends a FUNC_PROTO; follow with `btf__add_func_param`.
LIBBPF_API int btf__add_func_proto(struct btf *btf, int ret_type_id);

// Adds a parameter to the last FUNC_PROTO.
LIBBPF_API int btf__add_func_param(struct btf *btf, const char *name, int type_id);

// Appends a VAR.
LIBBPF_API int btf__add_var(struct btf *btf, const char *name, int linkage, int type_id);

// Appends a DATASEC; follow with `btf__add_datasec_var_info`.
LIBBPF_API int btf__add_datasec(struct btf *btf, const char *name, __u32 byte_sz);

// Adds a variable entry to the last DATASEC.
LIBBPF_API
int btf__add_datasec_var_info(struct btf *btf,
                              int var_type_id,
                              __u32 offset,
                              __u32 byte_sz);

// Appends a DECL_TAG.
LIBBPF_API
int btf__add_decl_tag(struct btf *btf,
                      const char *value,
                      int ref_type_id,
                      int component_idx);

// Appends a DECL_TAG marked as an attribute (kflag set).
LIBBPF_API
int btf__add_decl_attr(struct btf *btf,
                       const char *value,
                       int ref_type_id,
                       int component_idx);

// Creates a dumper for `btf` writing through `printf_fn(ctx, ...)`.
LIBBPF_API
struct btf_dump *btf_dump__new(const struct btf *btf,
                               btf_dump_printf_fn_t printf_fn,
                               void *ctx,
                               const struct btf_dump_opts *opts);

// Frees a dumper; NULL is a no-op.
LIBBPF_API void btf_dump__free(struct btf_dump *d);

// Prints type `id` and everything it depends on as C declarations.
LIBBPF_API int btf_dump__dump_type(struct btf_dump *d, __u32 id);

// Prints one declaration of type `id` (no dependencies, no `;`).
LIBBPF_API
int btf_dump__emit_type_decl(struct btf_dump *d,
                             __u32 id,
                             const struct btf_dump_emit_type_decl_opts *opts);

// Prints `data` (of type `id`, `data_sz` bytes) as a C initialiser.
LIBBPF_API
int btf_dump__dump_type_data(struct btf_dump *d,
                             __u32 id,
                             const void *data,
                             size_t data_sz,
                             const struct btf_dump_type_data_opts *opts);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus


/* Last field of each opts struct, for code that checks what a libbpf knows. */
#define btf_dedup_opts__last_field force_collisions
#define btf_permute_opts__last_field btf_ext
#define btf_dump_opts__last_field sz
#define btf_dump_emit_type_decl_opts__last_field strip_mods
#define btf_dump_type_data_opts__last_field emit_strings

/*
 * Inline helpers for walking `struct btf_type` records.
 *
 * Kinds newer than some installed <linux/btf.h> are defined here so the
 * helpers compile against old UAPI headers. Kernels since 5.x declare the
 * later kinds as enum constants, never as macros, so those are always
 * defined (with the kernel's values).
 */
#ifndef BTF_KIND_FUNC
#define BTF_KIND_FUNC		12
#define BTF_KIND_FUNC_PROTO	13
#endif
#ifndef BTF_KIND_VAR
#define BTF_KIND_VAR		14
#define BTF_KIND_DATASEC	15
#endif
#ifndef BTF_KIND_FLOAT
#define BTF_KIND_FLOAT		16
#endif
#define BTF_KIND_DECL_TAG	17
#define BTF_KIND_TYPE_TAG	18
#define BTF_KIND_ENUM64		19

/* Kind, member count and kind flag, packed in btf_type.info. */
static inline __u16 btf_kind(const struct btf_type *t)
{
	return (__u16)BTF_INFO_KIND(t->info);
}

static inline __u16 btf_vlen(const struct btf_type *t)
{
	return (__u16)BTF_INFO_VLEN(t->info);
}

static inline bool btf_kflag(const struct btf_type *t)
{
	return BTF_INFO_KFLAG(t->info) != 0;
}

/* One predicate per kind. */
static inline bool btf_is_void(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_UNKN; }
static inline bool btf_is_int(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_INT; }
static inline bool btf_is_ptr(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_PTR; }
static inline bool btf_is_array(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_ARRAY; }
static inline bool btf_is_struct(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_STRUCT; }
static inline bool btf_is_union(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_UNION; }
static inline bool btf_is_enum(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_ENUM; }
static inline bool btf_is_enum64(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_ENUM64; }
static inline bool btf_is_fwd(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_FWD; }
static inline bool btf_is_typedef(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_TYPEDEF; }
static inline bool btf_is_volatile(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_VOLATILE; }
static inline bool btf_is_const(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_CONST; }
static inline bool btf_is_restrict(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_RESTRICT; }
static inline bool btf_is_func(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_FUNC; }
static inline bool btf_is_func_proto(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_FUNC_PROTO; }
static inline bool btf_is_var(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_VAR; }
static inline bool btf_is_datasec(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_DATASEC; }
static inline bool btf_is_float(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_FLOAT; }
static inline bool btf_is_decl_tag(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_DECL_TAG; }
static inline bool btf_is_type_tag(const struct btf_type *t) { return btf_kind(t) == BTF_KIND_TYPE_TAG; }

/* Struct or union. */
static inline bool btf_is_composite(const struct btf_type *t)
{
	return btf_is_struct(t) || btf_is_union(t);
}

/* Modifiers that CO-RE and dumping look through (type tags included). */
static inline bool btf_is_mod(const struct btf_type *t)
{
	return btf_is_volatile(t) || btf_is_const(t) || btf_is_restrict(t) || btf_is_type_tag(t);
}

static inline bool btf_is_any_enum(const struct btf_type *t)
{
	return btf_is_enum(t) || btf_is_enum64(t);
}

/* Same kind for CO-RE purposes: ENUM and ENUM64 match each other. */
static inline bool btf_kind_core_compat(const struct btf_type *t1, const struct btf_type *t2)
{
	return btf_kind(t1) == btf_kind(t2) || (btf_is_any_enum(t1) && btf_is_any_enum(t2));
}

/* INT: the 32-bit word after the record holds encoding, bit offset and bits. */
static inline __u32 __btf_int_word(const struct btf_type *t)
{
	return *(const __u32 *)(t + 1);
}

static inline __u8 btf_int_encoding(const struct btf_type *t)
{
	return (__u8)BTF_INT_ENCODING(__btf_int_word(t));
}

static inline __u8 btf_int_offset(const struct btf_type *t)
{
	return (__u8)BTF_INT_OFFSET(__btf_int_word(t));
}

static inline __u8 btf_int_bits(const struct btf_type *t)
{
	return (__u8)BTF_INT_BITS(__btf_int_word(t));
}

/* Kind-specific data follows the btf_type record directly. */
static inline struct btf_array *btf_array(const struct btf_type *t)
{
	return (struct btf_array *)(t + 1);
}

static inline struct btf_enum *btf_enum(const struct btf_type *t)
{
	return (struct btf_enum *)(t + 1);
}

struct btf_enum64;

static inline struct btf_enum64 *btf_enum64(const struct btf_type *t)
{
	return (struct btf_enum64 *)(t + 1);
}

/*
 * Value of an ENUM64 entry. The entry is { name_off, val_lo32, val_hi32 },
 * read as three __u32 so that this works without the (6.0+) UAPI definition
 * of struct btf_enum64, in C and C++ alike.
 */
static inline __u64 btf_enum64_value(const struct btf_enum64 *e)
{
	const __u32 *w = (const __u32 *)e;

	return (__u64)w[1] | ((__u64)w[2] << 32);
}

static inline struct btf_member *btf_members(const struct btf_type *t)
{
	return (struct btf_member *)(t + 1);
}

/* Bit offset of member `member_idx` (the kind flag packs a bitfield size in). */
static inline __u32 btf_member_bit_offset(const struct btf_type *t, __u32 member_idx)
{
	__u32 off = btf_members(t)[member_idx].offset;

	return btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(off) : off;
}

/* Bitfield size of member `member_idx`; 0 when it is not a bitfield. */
static inline __u32 btf_member_bitfield_size(const struct btf_type *t, __u32 member_idx)
{
	__u32 off = btf_members(t)[member_idx].offset;

	return btf_kflag(t) ? BTF_MEMBER_BITFIELD_SIZE(off) : 0;
}

static inline struct btf_param *btf_params(const struct btf_type *t)
{
	return (struct btf_param *)(t + 1);
}

static inline struct btf_var *btf_var(const struct btf_type *t)
{
	return (struct btf_var *)(t + 1);
}

static inline struct btf_var_secinfo *btf_var_secinfos(const struct btf_type *t)
{
	return (struct btf_var_secinfo *)(t + 1);
}

struct btf_decl_tag;

static inline struct btf_decl_tag *btf_decl_tag(const struct btf_type *t)
{
	return (struct btf_decl_tag *)(t + 1);
}

#endif /* __LIBBPF_BTF_H */
