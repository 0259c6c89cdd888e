// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The USDT spec layout is an ABI with the loader (libbpf v1.7 usdt.c):
 * pin sizes and offsets here; run.sh compares the bitfield positions in BTF. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "GPL";

_Static_assert(sizeof(struct __bpf_usdt_arg_spec) == 24, "arg spec size");
_Static_assert(__builtin_offsetof(struct __bpf_usdt_arg_spec, val_off) == 0, "val_off");
_Static_assert(__builtin_offsetof(struct __bpf_usdt_arg_spec, reg_off) == 14, "reg_off");
_Static_assert(__builtin_offsetof(struct __bpf_usdt_arg_spec, arg_signed) == 16, "arg_signed");
_Static_assert(__builtin_offsetof(struct __bpf_usdt_arg_spec, arg_bitshift) == 17, "arg_bitshift");
_Static_assert(sizeof(struct __bpf_usdt_spec) == 304, "spec size");
_Static_assert(__builtin_offsetof(struct __bpf_usdt_spec, usdt_cookie) == 288, "usdt_cookie");
_Static_assert(__builtin_offsetof(struct __bpf_usdt_spec, arg_cnt) == 296, "arg_cnt");
_Static_assert(BPF_USDT_MAX_ARG_CNT == 12, "max args");
_Static_assert(BPF_USDT_ARG_CONST == 0 && BPF_USDT_ARG_REG == 1 &&
	       BPF_USDT_ARG_REG_DEREF == 2 && BPF_USDT_ARG_SIB == 3, "arg types");

/* keep both structs in BTF */
struct __bpf_usdt_spec layout_anchor;

SEC("usdt")
int BPF_USDT(layout_probe, long a)
{
	layout_anchor.arg_cnt = a;
	return 0;
}
