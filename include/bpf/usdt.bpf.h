/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: BPF side of USDT (user statically defined tracepoint) support.
 *
 * A USDT probe is a nop in the traced binary plus a note telling where each
 * argument lives at that point (a constant, a register, memory at
 * register+offset, or base+index*scale+offset). The loader parses the notes,
 * attaches a uprobe at each probe address, and stores one decoded spec per
 * distinct argument layout in the __bpf_usdt_specs array map. The program
 * finds its spec id through the BPF cookie, or, on kernels without cookies,
 * through the __bpf_usdt_ip_to_spec_id map keyed by probe address.
 *
 * The map names, the LINUX_HAS_BPF_COOKIE Kconfig extern and the layout of
 * struct __bpf_usdt_spec are shared with the loader: they must stay exactly
 * as libbpf v1.7 has them.
 */
#ifndef __USDT_BPF_H__
#define __USDT_BPF_H__

#include <linux/errno.h>
#include "bpf_helpers.h"
#include "bpf_tracing.h"

/* Number of distinct argument layouts (spec map size); may be overridden. */
#ifndef BPF_USDT_MAX_SPEC_CNT
#define BPF_USDT_MAX_SPEC_CNT 256
#endif

/*
 * Size of the address -> spec id map, only used on kernels without BPF
 * cookies (there it may be shrunk to 1 to save memory); may be overridden.
 */
#ifndef BPF_USDT_MAX_IP_CNT
#define BPF_USDT_MAX_IP_CNT (4 * BPF_USDT_MAX_SPEC_CNT)
#endif

/* Where an argument lives. Values are shared with the loader. */
enum __bpf_usdt_arg_type {
	BPF_USDT_ARG_CONST = 0,		/* val_off is the value */
	BPF_USDT_ARG_REG = 1,		/* register at pt_regs + reg_off */
	BPF_USDT_ARG_REG_DEREF = 2,	/* user memory at reg + val_off */
	BPF_USDT_ARG_SIB = 3,		/* user memory at reg + (idx << scale) + val_off (v1.7+) */
};

/*
 * One argument, 24 bytes. This is the v1.7 layout (SIB support added the
 * index register fields; older releases had a 16-byte spec with reg_off at
 * offset 12), so objects built with this header need a v1.7-compatible
 * loader. The bitfield order flips with the byte order, as upstream's does.
 */
struct __bpf_usdt_arg_spec {
	/* CONST: the value; REG_DEREF/SIB: displacement added to the address */
	__u64 val_off;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	enum __bpf_usdt_arg_type arg_type: 8;
	/* SIB: offset of the index register within struct pt_regs */
	__u16 idx_reg_off: 12;
	/* SIB: log2 of the scale (1, 2, 4 or 8) */
	__u16 scale_bitshift: 4;
	__u8 __reserved: 8;
#else
	__u8 __reserved: 8;
	__u16 idx_reg_off: 12;
	__u16 scale_bitshift: 4;
	enum __bpf_usdt_arg_type arg_type: 8;
#endif
	/* REG/REG_DEREF/SIB: offset of the (base) register within struct pt_regs */
	short reg_off;
	/* sign-extend (rather than zero-extend) the value to 64 bits */
	_Bool arg_signed;
	/* 64 - 8 * argument size: shift that truncates the raw u64 read */
	char arg_bitshift;
};

/* Most arguments a USDT probe can have; the loader uses the same number. */
#define BPF_USDT_MAX_ARG_CNT 12

/* One argument layout plus the user's cookie for the attachment. */
struct __bpf_usdt_spec {
	struct __bpf_usdt_arg_spec args[BPF_USDT_MAX_ARG_CNT];
	__u64 usdt_cookie;
	short arg_cnt;
};

/* Weak so several objects using USDT can be linked into one. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BPF_USDT_MAX_SPEC_CNT);
	__type(key, int);
	__type(value, struct __bpf_usdt_spec);
} __bpf_usdt_specs SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BPF_USDT_MAX_IP_CNT);
	__type(key, long);
	__type(value, __u32);
} __bpf_usdt_ip_to_spec_id SEC(".maps") __weak;

/* Set by the loader: whether bpf_get_attach_cookie() works for uprobes. */
extern const _Bool LINUX_HAS_BPF_COOKIE __kconfig;

/* Spec id of the probe that fired, or -ESRCH. */
static __always_inline
int __bpf_usdt_spec_id(struct pt_regs *ctx)
{
	if (!LINUX_HAS_BPF_COOKIE) {
		/* no cookies: the loader keyed the spec ids by probe address */
		long ip = PT_REGS_IP(ctx);
		int *id = bpf_map_lookup_elem(&__bpf_usdt_ip_to_spec_id, &ip);

		return id ? *id : -ESRCH;
	}
	return bpf_get_attach_cookie(ctx);
}

/* Number of arguments of the probe that fired, or -ESRCH. */
__weak __hidden
int bpf_usdt_arg_cnt(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec;
	int id = __bpf_usdt_spec_id(ctx);

	if (id < 0)
		return -ESRCH;
	spec = bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
	if (!spec)
		return -ESRCH;
	return spec->arg_cnt;
}

/* Size in bytes of argument arg_num (from 0), or -ESRCH/-ENOENT. */
static __always_inline
int bpf_usdt_arg_size(struct pt_regs *ctx, __u64 arg_num)
{
	struct __bpf_usdt_spec *spec;
	int id = __bpf_usdt_spec_id(ctx);

	if (id < 0)
		return -ESRCH;
	spec = bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
	if (!spec)
		return -ESRCH;
	if (arg_num >= BPF_USDT_MAX_ARG_CNT)
		return -ENOENT;
	/* keep the bounds check above visible to the verifier */
	barrier_var(arg_num);
	if (arg_num >= (__u64)spec->arg_cnt)
		return -ENOENT;

	/* arg_bitshift == 64 - 8 * size */
	return (unsigned int)(64 - spec->args[arg_num].arg_bitshift) / 8;
}

/*
 * Fetch argument arg_num (from 0) of the probe that fired into *res,
 * widened to 64 bits with the argument's signedness. Returns 0, or a
 * negative error with *res set to 0.
 */
__weak __hidden
int bpf_usdt_arg(struct pt_regs *ctx, __u64 arg_num, long *res)
{
	struct __bpf_usdt_spec *spec;
	struct __bpf_usdt_arg_spec *arg;
	unsigned long val, idx;
	int err, id;

	*res = 0;

	id = __bpf_usdt_spec_id(ctx);
	if (id < 0)
		return -ESRCH;
	spec = bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
	if (!spec)
		return -ESRCH;
	if (arg_num >= BPF_USDT_MAX_ARG_CNT)
		return -ENOENT;
	barrier_var(arg_num);
	if (arg_num >= (__u64)spec->arg_cnt)
		return -ENOENT;

	arg = &spec->args[arg_num];
	switch (arg->arg_type) {
	case BPF_USDT_ARG_CONST:
		val = arg->val_off;
		break;
	case BPF_USDT_ARG_REG:
		/* register saved in pt_regs at the offset the loader computed */
		err = bpf_probe_read_kernel(&val, sizeof(val), (void *)ctx + arg->reg_off);
		if (err)
			return err;
		break;
	case BPF_USDT_ARG_REG_DEREF:
		err = bpf_probe_read_kernel(&val, sizeof(val), (void *)ctx + arg->reg_off);
		if (err)
			return err;
		err = bpf_probe_read_user(&val, sizeof(val), (void *)val + arg->val_off);
		if (err)
			return err;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		/* the argument's bytes are the first ones read: move them low */
		val >>= arg->arg_bitshift;
#endif
		break;
	case BPF_USDT_ARG_SIB:
		err = bpf_probe_read_kernel(&val, sizeof(val), (void *)ctx + arg->reg_off);
		if (err)
			return err;
		err = bpf_probe_read_kernel(&idx, sizeof(idx), (void *)ctx + arg->idx_reg_off);
		if (err)
			return err;
		err = bpf_probe_read_user(&val, sizeof(val),
					  (void *)(val + (idx << arg->scale_bitshift) + arg->val_off));
		if (err)
			return err;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		val >>= arg->arg_bitshift;
#endif
		break;
	default:
		return -EINVAL;
	}

	/* keep the low (64 - arg_bitshift) bits, sign- or zero-extended */
	val <<= arg->arg_bitshift;
	if (arg->arg_signed)
		val = ((long)val) >> arg->arg_bitshift;
	else
		val = val >> arg->arg_bitshift;
	*res = val;
	return 0;
}

/*
 * The cookie given at attach time (bpf_usdt_opts.usdt_cookie), or 0. USDT
 * uses the BPF cookie itself for the spec id, hence this separate helper.
 */
__weak __hidden
long bpf_usdt_cookie(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec;
	int id = __bpf_usdt_spec_id(ctx);

	if (id < 0)
		return 0;
	spec = bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
	if (!spec)
		return 0;
	return spec->usdt_cookie;
}

/* ctx, then each declared argument fetched with bpf_usdt_arg(). */
#define ___bpf_usdt_arg(n) ({ long ___a; bpf_usdt_arg(ctx, n, &___a); ___a; })
#define ___bpf_usdt_args0() ctx
#define ___bpf_usdt_args1(x) ___bpf_usdt_args0(), ___bpf_usdt_arg(0)
#define ___bpf_usdt_args2(x, args...) ___bpf_usdt_args1(args), ___bpf_usdt_arg(1)
#define ___bpf_usdt_args3(x, args...) ___bpf_usdt_args2(args), ___bpf_usdt_arg(2)
#define ___bpf_usdt_args4(x, args...) ___bpf_usdt_args3(args), ___bpf_usdt_arg(3)
#define ___bpf_usdt_args5(x, args...) ___bpf_usdt_args4(args), ___bpf_usdt_arg(4)
#define ___bpf_usdt_args6(x, args...) ___bpf_usdt_args5(args), ___bpf_usdt_arg(5)
#define ___bpf_usdt_args7(x, args...) ___bpf_usdt_args6(args), ___bpf_usdt_arg(6)
#define ___bpf_usdt_args8(x, args...) ___bpf_usdt_args7(args), ___bpf_usdt_arg(7)
#define ___bpf_usdt_args9(x, args...) ___bpf_usdt_args8(args), ___bpf_usdt_arg(8)
#define ___bpf_usdt_args10(x, args...) ___bpf_usdt_args9(args), ___bpf_usdt_arg(9)
#define ___bpf_usdt_args11(x, args...) ___bpf_usdt_args10(args), ___bpf_usdt_arg(10)
#define ___bpf_usdt_args12(x, args...) ___bpf_usdt_args11(args), ___bpf_usdt_arg(11)
#define ___bpf_usdt_args(args...) \
	___bpf_apply(___bpf_usdt_args, ___bpf_narg(args))(args)

/*
 * BPF_USDT(name, args...): a USDT handler with typed arguments, like
 * BPF_KPROBE; `ctx` (struct pt_regs *) stays available in the body.
 */
#define BPF_USDT(name, args...) \
	___bpf_wrap(name, struct pt_regs, ___bpf_usdt_args(args), ##args)

#endif /* __USDT_BPF_H__ */
