/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: core macros for BPF programs (the kernel side).
 *
 * Include <linux/bpf.h> (or at least <linux/types.h>) or a bpftool-generated
 * vmlinux.h before this header: the helper declarations use __u64 & co.
 * Everything vmlinux.h or the UAPI headers may already define is guarded or
 * redefined on purpose, so either include order works.
 */
#ifndef __BPF_HELPERS__
#define __BPF_HELPERS__

#include "bpf_helper_defs.h"

/*
 * BTF-defined maps. The loader reads a map's attributes from the *types* of
 * the members of the map's anonymous struct:
 *   __uint(max_entries, 16)   -> int (*max_entries)[16]   (the array length)
 *   __type(key, __u32)        -> __u32 *key               (the pointee type)
 *   __array(values, struct x) -> struct x *values[]       (map-in-map, prog arrays)
 *   __ulong(map_extra, v)     -> an enum whose constant holds a 64-bit value
 */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
#define __ulong(name, val) enum { ___bpf_apply(__unique_value, __COUNTER__) = val } name

#ifndef likely
#define likely(x)	(__builtin_expect(!!(x), 1))
#endif
#ifndef unlikely
#define unlikely(x)	(__builtin_expect(!!(x), 0))
#endif

/*
 * SEC("name") puts a program, map or variable in an ELF section; the loader
 * derives the program type and attach point from the name. `used` keeps it
 * even when nothing references it. Clang warns when the attribute lands on
 * an extern declaration (extern .maps), hence the pragmas; GCC mishandles
 * _Pragma inside macros, so it gets the plain form.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define SEC(name) __attribute__((section(name), used))
#else
#define SEC(name)							\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wignored-attributes\"")	\
	__attribute__((section(name), used))				\
	_Pragma("GCC diagnostic pop")
#endif

/* linux/stddef.h's __always_inline lacks `inline`; BPF code wants both. */
#undef __always_inline
#define __always_inline inline __attribute__((always_inline))

#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif

/*
 * A global (non-static) function marked __hidden is not visible outside the
 * object, which lets the verifier check it in its caller's context, like a
 * static function, while it still gets its own BTF.
 */
#define __hidden __attribute__((visibility("hidden")))

/* vmlinux.h users cannot include libc/kernel headers, so provide these. */
#ifndef NULL
#define NULL ((void *)0)
#endif

#ifndef KERNEL_VERSION
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#endif

/*
 * offsetof() through a null pointer member access: unlike
 * __builtin_offsetof, clang turns this into a CO-RE field-offset relocation
 * inside preserve_access_index types, so the offset follows the kernel.
 */
#undef offsetof
#define offsetof(type, member) ((unsigned long)&((type *)0)->member)

/* container_of() on top of the relocatable offsetof() above. */
#undef container_of
#define container_of(ptr, type, member) ({				\
	void *___mptr = (void *)(ptr);					\
	((type *)(___mptr - offsetof(type, member)));			\
})

/* Compiler barrier: memory may have changed, reload everything. */
#ifndef barrier
#define barrier() asm volatile("" ::: "memory")
#endif

/*
 * Compiler barrier for one variable: the compiler must assume `var` changed
 * in an unknown way, so it cannot, e.g., postpone a 32->64-bit widening or
 * merge two range checks past this point, patterns the verifier can reject.
 */
#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif

/*
 * Fails the build if the compiler cannot prove the call unreachable: the BPF
 * back end has no trap instruction, so __builtin_trap() left in the code is
 * a compile error.
 */
#ifndef __bpf_unreachable
#define __bpf_unreachable() __builtin_trap()
#endif

/*
 * Tail call with a slot index known at compile time. Done in asm so the
 * compiler cannot merge calls coming from different paths with different
 * map/slot registers into one call instruction: the kernel JIT can only turn
 * a tail call into a direct jump if map and slot are constant at that call.
 * r0..r5 are clobbered as for any helper call.
 */
#if defined(__bpf__) && \
    ((defined(__clang__) && __clang_major__ >= 8) || (!defined(__clang__) && __GNUC__ > 12))
static __always_inline void
bpf_tail_call_static(void *ctx, const void *map, const __u32 slot)
{
	if (!__builtin_constant_p(slot))
		__bpf_unreachable();

	asm volatile("r1 = %[ctx]\n\t"
		     "r2 = %[map]\n\t"
		     "r3 = %[slot]\n\t"
		     "call 12"
		     :: [ctx]"r"(ctx), [map]"r"(map), [slot]"i"(slot)
		     : "r0", "r1", "r2", "r3", "r4", "r5");
}
#endif

/* Values of a map's `pinning` attribute: __uint(pinning, LIBBPF_PIN_BY_NAME). */
enum libbpf_pin_type {
	LIBBPF_PIN_NONE,
	LIBBPF_PIN_BY_NAME,	/* pin at <pin root>/<map name>, reuse if present */
};

/* Value of a tristate Kconfig extern: extern enum libbpf_tristate X __kconfig. */
enum libbpf_tristate {
	TRI_NO = 0,
	TRI_YES = 1,
	TRI_MODULE = 2,
};

/* extern variables the loader fills from the kernel's Kconfig. */
#define __kconfig __attribute__((section(".kconfig")))
/* extern kernel symbols (variables or kfuncs) resolved against kernel BTF. */
#define __ksym __attribute__((section(".ksyms")))
/* BTF type tags on pointer fields of map values (kernel object pointers). */
#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))
#define __kptr __attribute__((btf_type_tag("kptr")))
#define __percpu_kptr __attribute__((btf_type_tag("percpu_kptr")))
#define __uptr __attribute__((btf_type_tag("uptr")))

/*
 * bpf_ksym_exists(sym): true if the __weak extern `sym` was found in the
 * running kernel. A non-weak extern would make the test constant, so refuse
 * it at compile time.
 */
#if defined(__clang__)
#define bpf_ksym_exists(sym) ({						\
	_Static_assert(!__builtin_constant_p(!!sym),			\
		       #sym " should be marked as __weak");		\
	!!sym;								\
})
#elif defined(__GNUC__) && __GNUC__ > 8
#define bpf_ksym_exists(sym) ({						\
	_Static_assert(__builtin_has_attribute(*sym, __weak__),		\
		       #sym " should be marked as __weak");		\
	!!sym;								\
})
#else
#define bpf_ksym_exists(sym) (!!(sym))
#endif

/* Argument tags for global subprograms, checked by the verifier. */
#define __arg_ctx __attribute__((btf_decl_tag("arg:ctx")))
#define __arg_nonnull __attribute__((btf_decl_tag("arg:nonnull")))
#define __arg_nullable __attribute__((btf_decl_tag("arg:nullable")))
#define __arg_trusted __attribute__((btf_decl_tag("arg:trusted")))
#define __arg_untrusted __attribute__((btf_decl_tag("arg:untrusted")))
#define __arg_arena __attribute__((btf_decl_tag("arg:arena")))

/* Preprocessor plumbing shared with bpf_tracing.h / bpf_core_read.h. */
#ifndef ___bpf_concat
#define ___bpf_concat(a, b) a ## b
#endif
#ifndef ___bpf_apply
#define ___bpf_apply(fn, n) ___bpf_concat(fn, n)
#endif
/* ___bpf_narg(args...) is the number of arguments, 0 to 12. */
#ifndef ___bpf_nth
#define ___bpf_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _a, _b, _c, N, ...) N
#endif
#ifndef ___bpf_narg
#define ___bpf_narg(...) \
	___bpf_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#endif

/* ___bpf_fill(arr, a, b, c) expands to arr[0] = a; arr[1] = b; arr[2] = c */
#define ___bpf_fill0(arr, p, x) do {} while (0)
#define ___bpf_fill1(arr, p, x) arr[p] = x
#define ___bpf_fill2(arr, p, x, args...) arr[p] = x; ___bpf_fill1(arr, p + 1, args)
#define ___bpf_fill3(arr, p, x, args...) arr[p] = x; ___bpf_fill2(arr, p + 1, args)
#define ___bpf_fill4(arr, p, x, args...) arr[p] = x; ___bpf_fill3(arr, p + 1, args)
#define ___bpf_fill5(arr, p, x, args...) arr[p] = x; ___bpf_fill4(arr, p + 1, args)
#define ___bpf_fill6(arr, p, x, args...) arr[p] = x; ___bpf_fill5(arr, p + 1, args)
#define ___bpf_fill7(arr, p, x, args...) arr[p] = x; ___bpf_fill6(arr, p + 1, args)
#define ___bpf_fill8(arr, p, x, args...) arr[p] = x; ___bpf_fill7(arr, p + 1, args)
#define ___bpf_fill9(arr, p, x, args...) arr[p] = x; ___bpf_fill8(arr, p + 1, args)
#define ___bpf_fill10(arr, p, x, args...) arr[p] = x; ___bpf_fill9(arr, p + 1, args)
#define ___bpf_fill11(arr, p, x, args...) arr[p] = x; ___bpf_fill10(arr, p + 1, args)
#define ___bpf_fill12(arr, p, x, args...) arr[p] = x; ___bpf_fill11(arr, p + 1, args)
#define ___bpf_fill(arr, args...) \
	___bpf_apply(___bpf_fill, ___bpf_narg(args))(arr, 0, args)

/*
 * Helpers taking a format plus a u64 array (bpf_seq_printf, bpf_snprintf,
 * bpf_trace_vprintk, bpf_stream_vprintk) get variadic wrappers: the
 * arguments are packed into a local array. Pointers and ints are stored as
 * u64 on purpose, hence the silenced -Wint-conversion.
 */
#define ___bpf_pack_args(arr, args...)					\
	unsigned long long arr[___bpf_narg(args)];			\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")		\
	___bpf_fill(arr, args);						\
	_Pragma("GCC diagnostic pop")

/* bpf_seq_printf() with inline arguments, for iterator programs. */
#define BPF_SEQ_PRINTF(seq, fmt, args...) ({				\
	static const char ___fmt[] = fmt;				\
	___bpf_pack_args(___param, args)				\
	bpf_seq_printf(seq, ___fmt, sizeof(___fmt),			\
		       ___param, sizeof(___param));			\
})

/* bpf_snprintf() with inline arguments. */
#define BPF_SNPRINTF(out, out_size, fmt, args...) ({			\
	static const char ___fmt[] = fmt;				\
	___bpf_pack_args(___param, args)				\
	bpf_snprintf(out, out_size, ___fmt,				\
		     ___param, sizeof(___param));			\
})

/*
 * The format string normally lives in .rodata; with BPF_NO_GLOBAL_DATA (old
 * kernels without global data) it is built on the stack instead.
 */
#ifdef BPF_NO_GLOBAL_DATA
#define BPF_PRINTK_FMT_MOD
#else
#define BPF_PRINTK_FMT_MOD static const
#endif

/* Up to 3 arguments: bpf_trace_printk() takes them directly. */
#define __bpf_printk(fmt, ...) ({					\
	BPF_PRINTK_FMT_MOD char ____fmt[] = fmt;			\
	bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__);	\
})

/* More arguments: bpf_trace_vprintk() (Linux 5.16+) takes an array. */
#define __bpf_vprintk(fmt, args...) ({					\
	static const char ___fmt[] = fmt;				\
	___bpf_pack_args(___param, args)				\
	bpf_trace_vprintk(___fmt, sizeof(___fmt),			\
			  ___param, sizeof(___param));			\
})

/* bpf_stream_vprintk() (a kfunc of newer kernels) with inline arguments. */
#define bpf_stream_printk(stream_id, fmt, args...) ({			\
	static const char ___fmt[] = fmt;				\
	___bpf_pack_args(___param, args)				\
	bpf_stream_vprintk(stream_id, ___fmt, ___param, sizeof(___param)); \
})

/* Picks __bpf_printk for 0..3 arguments, __bpf_vprintk for 4..12. */
#define ___bpf_pick_printk(...)						\
	___bpf_nth(_, ##__VA_ARGS__,					\
		   __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,		\
		   __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,		\
		   __bpf_vprintk, __bpf_vprintk, __bpf_vprintk,		\
		   __bpf_printk, __bpf_printk, __bpf_printk, __bpf_printk)

/* printf-style debug output to the kernel trace pipe. */
#define bpf_printk(fmt, args...) ___bpf_pick_printk(args)(fmt, ##args)

/* Open-coded numeric iterator kfuncs (Linux 6.4+). */
struct bpf_iter_num;

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __weak __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __weak __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __weak __ksym;

/*
 * The loops below declare the iterator inside the for() so its lifetime is
 * the loop's, with a cleanup attribute calling the _destroy kfunc on every
 * exit (break included), the pairing the verifier insists on. ___p is only a
 * vehicle to run the _new kfunc once in the declaration; naming _destroy
 * there also makes clang emit its BTF, which cleanup() alone does not.
 */

/*
 * bpf_for_each(type, cur, args...): iterate with bpf_iter_<type>_new(args),
 * setting cur to each element bpf_iter_<type>_next() returns until NULL.
 */
#ifndef bpf_for_each
#define bpf_for_each(type, cur, args...) for (				\
	struct bpf_iter_##type ___it					\
		__attribute__((aligned(8),				\
			       cleanup(bpf_iter_##type##_destroy))),	\
		*___p __attribute__((unused)) =				\
			(bpf_iter_##type##_new(&___it, ##args),		\
			 (void)bpf_iter_##type##_destroy, (void *)0);	\
	((cur) = bpf_iter_##type##_next(&___it));			\
	)
#endif

/*
 * bpf_for(i, start, end): i = start .. end-1. The explicit range test on
 * every step tells the verifier i is within [start, end), so i can index an
 * array without further checks. start/end are evaluated more than once.
 */
#ifndef bpf_for
#define bpf_for(i, start, end) for (					\
	struct bpf_iter_num ___it					\
		__attribute__((aligned(8), cleanup(bpf_iter_num_destroy))), \
		*___p __attribute__((unused)) =				\
			(bpf_iter_num_new(&___it, (start), (end)),	\
			 (void)bpf_iter_num_destroy, (void *)0);	\
	({								\
		int *___v = bpf_iter_num_next(&___it);			\
		___v && ((i) = *___v, (i) >= (start) && (i) < (end));	\
	});								\
	)
#endif

/* bpf_repeat(n): run the body n times. */
#ifndef bpf_repeat
#define bpf_repeat(N) for (						\
	struct bpf_iter_num ___it					\
		__attribute__((aligned(8), cleanup(bpf_iter_num_destroy))), \
		*___p __attribute__((unused)) =				\
			(bpf_iter_num_new(&___it, 0, (N)),		\
			 (void)bpf_iter_num_destroy, (void *)0);	\
	bpf_iter_num_next(&___it);					\
	)
#endif

#endif /* __BPF_HELPERS__ */
