/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: CO-RE ("compile once, run everywhere") accessors for BPF programs.
 *
 * Clang records every access made through the builtins below as a relocation
 * in .BTF.ext; the loader rewrites the instruction for the running kernel's
 * BTF (field offsets, sizes, existence, enum values, type ids). The numeric
 * "kind" values passed to the builtins are part of that contract with the
 * loader and must never change.
 */
#ifndef __BPF_CORE_READ_H__
#define __BPF_CORE_READ_H__

#include "bpf_helpers.h"

/* Second argument of __builtin_preserve_field_info(). */
enum bpf_field_info_kind {
	BPF_FIELD_BYTE_OFFSET = 0,	/* byte offset of the field */
	BPF_FIELD_BYTE_SIZE = 1,	/* bytes to load to get the field */
	BPF_FIELD_EXISTS = 2,		/* 1 if the kernel has the field */
	BPF_FIELD_SIGNED = 3,		/* 1 if the field is signed */
	BPF_FIELD_LSHIFT_U64 = 4,	/* bitfield: left shift in a u64 */
	BPF_FIELD_RSHIFT_U64 = 5,	/* bitfield: right shift in a u64 */
};

/* Second argument of __builtin_btf_type_id(). */
enum bpf_type_id_kind {
	BPF_TYPE_ID_LOCAL = 0,		/* id in the program's own BTF */
	BPF_TYPE_ID_TARGET = 1,		/* id in the kernel's BTF */
};

/* Second argument of __builtin_preserve_type_info(). */
enum bpf_type_info_kind {
	BPF_TYPE_EXISTS = 0,		/* 1 if the kernel has the type */
	BPF_TYPE_SIZE = 1,		/* its size in the kernel */
	BPF_TYPE_MATCHES = 2,		/* 1 if the kernel's type matches ours */
};

/* Second argument of __builtin_preserve_enum_value(). */
enum bpf_enum_value_kind {
	BPF_ENUMVAL_EXISTS = 0,		/* 1 if the kernel has the enumerator */
	BPF_ENUMVAL_VALUE = 1,		/* its value in the kernel */
};

/* One relocated property of src->field; info is a BPF_FIELD_* suffix. */
#define __CORE_RELO(src, field, info) \
	__builtin_preserve_field_info((src)->field, BPF_FIELD_##info)

/*
 * Bitfields. The loader supplies the byte offset and size of the storage
 * unit that holds the bits, plus the shifts that isolate them in a u64.
 * The _PROBED form reads with bpf_probe_read_kernel() (any program type);
 * the plain form dereferences directly (tp_btf/fentry/iterators, where the
 * verifier allows direct loads from kernel memory).
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ___core_bitfield_fetch(dst, s, fld)				\
	bpf_probe_read_kernel((void *)(dst),				\
			      __CORE_RELO(s, fld, BYTE_SIZE),		\
			      (const void *)(s) + __CORE_RELO(s, fld, BYTE_OFFSET))
#else
/* Big endian: the unit's bytes belong at the low-order end of the u64. */
#define ___core_bitfield_fetch(dst, s, fld)				\
	bpf_probe_read_kernel((void *)(dst) + (8 - __CORE_RELO(s, fld, BYTE_SIZE)), \
			      __CORE_RELO(s, fld, BYTE_SIZE),		\
			      (const void *)(s) + __CORE_RELO(s, fld, BYTE_OFFSET))
#endif

/* Shift the raw unit so only the field's bits remain, sign-extending if needed. */
#define ___core_bitfield_extract(v, s, fld) ({				\
	(v) <<= __CORE_RELO(s, fld, LSHIFT_U64);			\
	if (__CORE_RELO(s, fld, SIGNED))				\
		(v) = (unsigned long long)((long long)(v) >>		\
					   __CORE_RELO(s, fld, RSHIFT_U64)); \
	else								\
		(v) >>= __CORE_RELO(s, fld, RSHIFT_U64);		\
	(v);								\
})

#define BPF_CORE_READ_BITFIELD_PROBED(s, field) ({			\
	unsigned long long ___bf_val = 0;				\
	___core_bitfield_fetch(&___bf_val, s, field);			\
	___core_bitfield_extract(___bf_val, s, field);			\
})

#define BPF_CORE_READ_BITFIELD(s, field) ({				\
	const void *___bf_p = (const void *)(s) +			\
			      __CORE_RELO(s, field, BYTE_OFFSET);	\
	unsigned long long ___bf_val;					\
	/* Keep the relocated address in one register instead of	\
	 * letting the compiler redo the relocation in every case. */	\
	asm volatile("" : "+r"(___bf_p));				\
	switch (__CORE_RELO(s, field, BYTE_SIZE)) {			\
	case 1: ___bf_val = *(const unsigned char *)___bf_p; break;	\
	case 2: ___bf_val = *(const unsigned short *)___bf_p; break;	\
	case 4: ___bf_val = *(const unsigned int *)___bf_p; break;	\
	case 8: ___bf_val = *(const unsigned long long *)___bf_p; break; \
	default: ___bf_val = 0; break;					\
	}								\
	___core_bitfield_extract(___bf_val, s, field);			\
})

/* Store new_val into a bitfield (direct access, same program types as above). */
#define BPF_CORE_WRITE_BITFIELD(s, field, new_val) ({			\
	void *___bf_p = (void *)(s) + __CORE_RELO(s, field, BYTE_OFFSET); \
	unsigned int ___bf_sz = __CORE_RELO(s, field, BYTE_SIZE);	\
	unsigned int ___bf_ls = __CORE_RELO(s, field, LSHIFT_U64);	\
	unsigned int ___bf_rs = __CORE_RELO(s, field, RSHIFT_U64);	\
	unsigned long long ___bf_mask, ___bf_old, ___bf_new = (new_val); \
	/* field's bit position inside the u64-aligned value */	\
	unsigned int ___bf_pad = ___bf_rs - ___bf_ls;			\
	asm volatile("" : "+r"(___bf_p));				\
	switch (___bf_sz) {						\
	case 1: ___bf_old = *(unsigned char *)___bf_p; break;		\
	case 2: ___bf_old = *(unsigned short *)___bf_p; break;		\
	case 4: ___bf_old = *(unsigned int *)___bf_p; break;		\
	case 8: ___bf_old = *(unsigned long long *)___bf_p; break;	\
	}								\
	/* bits of the field inside the unit, as loaded into a u64 */	\
	___bf_mask = (~0ULL << ___bf_rs) >> ___bf_ls;			\
	___bf_old = (___bf_old & ~___bf_mask) |				\
		    ((___bf_new << ___bf_pad) & ___bf_mask);		\
	switch (___bf_sz) {						\
	case 1: *(unsigned char *)___bf_p = ___bf_old; break;		\
	case 2: *(unsigned short *)___bf_p = ___bf_old; break;		\
	case 4: *(unsigned int *)___bf_p = ___bf_old; break;		\
	case 8: *(unsigned long long *)___bf_p = ___bf_old; break;	\
	}								\
})

/*
 * A null pointer of the given type, so that builtins can name a type or a
 * field of a type without an object. GCC's BPF back end wants an lvalue, so
 * it gets an extern that is never defined (never emitted either).
 */
#ifdef __clang__
#define ___bpf_typeof(type) ((typeof(type) *)0)
#else
#define ___bpf_typeof_n(type, n) ({					\
	extern typeof(type) *___bpf_concat(___bpf_type_ref_, n);	\
	___bpf_concat(___bpf_type_ref_, n);				\
})
#define ___bpf_typeof(type) ___bpf_typeof_n(type, __COUNTER__)
#endif

/* field or (type, field): what the field-info builtins take. */
#ifdef __clang__
#define ___bpf_field_ref1(field)	(field)
#define ___bpf_field_ref2(type, field)	(___bpf_typeof(type)->field)
#else
#define ___bpf_field_ref1(field)	(&(field))
#define ___bpf_field_ref2(type, field)	(&(___bpf_typeof(type)->field))
#endif
#define ___bpf_field_ref(args...) \
	___bpf_apply(___bpf_field_ref, ___bpf_narg(args))(args)

/*
 * bpf_core_field_exists(p->f) or bpf_core_field_exists(struct t, f):
 * 1 if the running kernel's type has the field, else 0.
 */
#define bpf_core_field_exists(field...) \
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_EXISTS)

/* Size in bytes of the field in the running kernel. */
#define bpf_core_field_size(field...) \
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_BYTE_SIZE)

/* Byte offset of the field in the running kernel's type. */
#define bpf_core_field_offset(field...) \
	__builtin_preserve_field_info(___bpf_field_ref(field), BPF_FIELD_BYTE_OFFSET)

/* BTF id of the type in the program's own BTF. */
#define bpf_core_type_id_local(type) \
	__builtin_btf_type_id(*___bpf_typeof(type), BPF_TYPE_ID_LOCAL)

/* BTF id of the matching type in the kernel's (or module's) BTF. */
#define bpf_core_type_id_kernel(type) \
	__builtin_btf_type_id(*___bpf_typeof(type), BPF_TYPE_ID_TARGET)

/* 1 if the kernel has a type of that name and kind. */
#define bpf_core_type_exists(type) \
	__builtin_preserve_type_info(*___bpf_typeof(type), BPF_TYPE_EXISTS)

/* 1 if the kernel's type has every member ours has, with compatible types. */
#define bpf_core_type_matches(type) \
	__builtin_preserve_type_info(*___bpf_typeof(type), BPF_TYPE_MATCHES)

/* Size of the type in the kernel. */
#define bpf_core_type_size(type) \
	__builtin_preserve_type_info(*___bpf_typeof(type), BPF_TYPE_SIZE)

/*
 * bpf_core_enum_value_exists(enum e, ENUMERATOR): 1 if the kernel's enum has
 * it. bpf_core_enum_value(enum e, ENUMERATOR): its value in the kernel.
 */
#ifdef __clang__
#define bpf_core_enum_value_exists(enum_type, enum_value) \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, BPF_ENUMVAL_EXISTS)
#define bpf_core_enum_value(enum_type, enum_value) \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, BPF_ENUMVAL_VALUE)
#else
#define bpf_core_enum_value_exists(enum_type, enum_value) \
	__builtin_preserve_enum_value(___bpf_typeof(enum_type), enum_value, BPF_ENUMVAL_EXISTS)
#define bpf_core_enum_value(enum_type, enum_value) \
	__builtin_preserve_enum_value(___bpf_typeof(enum_type), enum_value, BPF_ENUMVAL_VALUE)
#endif

/*
 * Relocatable probe reads: the address expression src (e.g. &t->mm->pgd) is
 * recorded for relocation, then read with the matching probe helper.
 */
#define bpf_core_read(dst, sz, src) \
	bpf_probe_read_kernel(dst, sz, (const void *)__builtin_preserve_access_index(src))

#define bpf_core_read_user(dst, sz, src) \
	bpf_probe_read_user(dst, sz, (const void *)__builtin_preserve_access_index(src))

#define bpf_core_read_str(dst, sz, src) \
	bpf_probe_read_kernel_str(dst, sz, (const void *)__builtin_preserve_access_index(src))

#define bpf_core_read_user_str(dst, sz, src) \
	bpf_probe_read_user_str(dst, sz, (const void *)__builtin_preserve_access_index(src))

/* kfunc behind bpf_core_cast(): marks a pointer as a read-only BTF object. */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;

/* View ptr as a kernel `type *` that the program may dereference directly. */
#define bpf_core_cast(ptr, type) \
	((typeof(type) *)bpf_rdonly_cast((ptr), bpf_core_type_id_kernel(type)))

/*
 * Pointer chains: BPF_CORE_READ(t, mm, exe_file, f_inode) reads t->mm, then
 * ->exe_file of that, then ->f_inode, each step a separate relocatable probe
 * read. ___arrow() spells the chain so typeof() can name each step's type;
 * ___core_chainN() emits the N reads (up to 9 accessors after the source).
 */
#define ___arrow1(a) a
#define ___arrow2(a, b) a->b
#define ___arrow3(a, b, c) a->b->c
#define ___arrow4(a, b, c, d) a->b->c->d
#define ___arrow5(a, b, c, d, e) a->b->c->d->e
#define ___arrow6(a, b, c, d, e, f) a->b->c->d->e->f
#define ___arrow7(a, b, c, d, e, f, g) a->b->c->d->e->f->g
#define ___arrow8(a, b, c, d, e, f, g, h) a->b->c->d->e->f->g->h
#define ___arrow9(a, b, c, d, e, f, g, h, i) a->b->c->d->e->f->g->h->i
#define ___arrow10(a, b, c, d, e, f, g, h, i, j) a->b->c->d->e->f->g->h->i->j
#define ___arrow(...) ___bpf_apply(___arrow, ___bpf_narg(__VA_ARGS__))(__VA_ARGS__)

/* Type of a chain, without qualifiers where the compiler can drop them, so
 * a local of that type stays assignable even for const fields. */
#if (defined(__clang__) && __clang_major__ >= 19) || \
    (!defined(__clang__) && defined(__GNUC__) && __GNUC__ >= 14)
#define ___type(...) __typeof_unqual__(___arrow(__VA_ARGS__))
#else
#define ___type(...) typeof(___arrow(__VA_ARGS__))
#endif

/* One intermediate hop: read pointer member `fld` of `from` (typed T) into __t. */
#define ___core_hop(rd, T, from, fld) \
	rd((void *)&__t, sizeof(__t), &((T)(from))->fld);
/* The final read into the caller's destination. */
#define ___core_end(rd, dst, T, from, fld) \
	rd((void *)(dst), sizeof(*(dst)), &((T)(from))->fld);

#define ___core_chain1(rd, rdp, dst, s, a)				\
	___core_end(rd, dst, ___type(s), s, a)
#define ___core_chain2(rd, rdp, dst, s, a, b)				\
	const void *__t;						\
	___core_hop(rdp, ___type(s), s, a)				\
	___core_end(rd, dst, ___type(s, a), __t, b)
#define ___core_chain3(rd, rdp, dst, s, a, b, c)			\
	___core_chain2(rdp, rdp, &__t, s, a, b)				\
	___core_end(rd, dst, ___type(s, a, b), __t, c)
#define ___core_chain4(rd, rdp, dst, s, a, b, c, d)			\
	___core_chain3(rdp, rdp, &__t, s, a, b, c)			\
	___core_end(rd, dst, ___type(s, a, b, c), __t, d)
#define ___core_chain5(rd, rdp, dst, s, a, b, c, d, e)			\
	___core_chain4(rdp, rdp, &__t, s, a, b, c, d)			\
	___core_end(rd, dst, ___type(s, a, b, c, d), __t, e)
#define ___core_chain6(rd, rdp, dst, s, a, b, c, d, e, f)		\
	___core_chain5(rdp, rdp, &__t, s, a, b, c, d, e)		\
	___core_end(rd, dst, ___type(s, a, b, c, d, e), __t, f)
#define ___core_chain7(rd, rdp, dst, s, a, b, c, d, e, f, g)		\
	___core_chain6(rdp, rdp, &__t, s, a, b, c, d, e, f)		\
	___core_end(rd, dst, ___type(s, a, b, c, d, e, f), __t, g)
#define ___core_chain8(rd, rdp, dst, s, a, b, c, d, e, f, g, h)	\
	___core_chain7(rdp, rdp, &__t, s, a, b, c, d, e, f, g)		\
	___core_end(rd, dst, ___type(s, a, b, c, d, e, f, g), __t, h)
#define ___core_chain9(rd, rdp, dst, s, a, b, c, d, e, f, g, h, i)	\
	___core_chain8(rdp, rdp, &__t, s, a, b, c, d, e, f, g, h)	\
	___core_end(rd, dst, ___type(s, a, b, c, d, e, f, g, h), __t, i)

/* rd reads the last step (maybe a string read); rdp reads the pointers. */
#define ___core_read(rd, rdp, dst, src, a, ...)				\
	___bpf_apply(___core_chain, ___bpf_narg(a, ##__VA_ARGS__))	\
		(rd, rdp, dst, src, a, ##__VA_ARGS__)

/* Read the chain's final value into *dst; returns nothing useful. */
#define BPF_CORE_READ_INTO(dst, src, a, ...) ({				\
	___core_read(bpf_core_read, bpf_core_read, dst, (src), a, ##__VA_ARGS__) \
})
#define BPF_CORE_READ_USER_INTO(dst, src, a, ...) ({			\
	___core_read(bpf_core_read_user, bpf_core_read_user,		\
		     dst, (src), a, ##__VA_ARGS__)			\
})
/* Non-CO-RE variants: plain probe reads, no relocations recorded. */
#define BPF_PROBE_READ_INTO(dst, src, a, ...) ({			\
	___core_read(bpf_probe_read_kernel, bpf_probe_read_kernel,	\
		     dst, (src), a, ##__VA_ARGS__)			\
})
#define BPF_PROBE_READ_USER_INTO(dst, src, a, ...) ({			\
	___core_read(bpf_probe_read_user, bpf_probe_read_user,		\
		     dst, (src), a, ##__VA_ARGS__)			\
})

/* The last step is a NUL-terminated string copied into the array dst. */
#define BPF_CORE_READ_STR_INTO(dst, src, a, ...) ({			\
	___core_read(bpf_core_read_str, bpf_core_read,			\
		     dst, (src), a, ##__VA_ARGS__)			\
})
#define BPF_CORE_READ_USER_STR_INTO(dst, src, a, ...) ({		\
	___core_read(bpf_core_read_user_str, bpf_core_read_user,	\
		     dst, (src), a, ##__VA_ARGS__)			\
})
#define BPF_PROBE_READ_STR_INTO(dst, src, a, ...) ({			\
	___core_read(bpf_probe_read_kernel_str, bpf_probe_read_kernel,	\
		     dst, (src), a, ##__VA_ARGS__)			\
})
#define BPF_PROBE_READ_USER_STR_INTO(dst, src, a, ...) ({		\
	___core_read(bpf_probe_read_user_str, bpf_probe_read_user,	\
		     dst, (src), a, ##__VA_ARGS__)			\
})

/* Value-returning forms: evaluate to the chain's final value. */
#define BPF_CORE_READ(src, a, ...) ({					\
	___type((src), a, ##__VA_ARGS__) __r;				\
	BPF_CORE_READ_INTO(&__r, (src), a, ##__VA_ARGS__);		\
	__r;								\
})
#define BPF_CORE_READ_USER(src, a, ...) ({				\
	___type((src), a, ##__VA_ARGS__) __r;				\
	BPF_CORE_READ_USER_INTO(&__r, (src), a, ##__VA_ARGS__);		\
	__r;								\
})
#define BPF_PROBE_READ(src, a, ...) ({					\
	___type((src), a, ##__VA_ARGS__) __r;				\
	BPF_PROBE_READ_INTO(&__r, (src), a, ##__VA_ARGS__);		\
	__r;								\
})
#define BPF_PROBE_READ_USER(src, a, ...) ({				\
	___type((src), a, ##__VA_ARGS__) __r;				\
	BPF_PROBE_READ_USER_INTO(&__r, (src), a, ##__VA_ARGS__);	\
	__r;								\
})

#endif /* __BPF_CORE_READ_H__ */
