// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* vmlinux.h program: BPF_USDT and the bpf_usdt_* helpers. */
#include "vmlinux.h"
/* arm64 registers (vmlinux.h here is from an x86 kernel) */
#if defined(__TARGET_ARCH_arm64)
struct user_pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
};
#endif
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "GPL";

long usdt_sum;
long usdt_cookie_seen;
int usdt_argc;

SEC("usdt")
int BPF_USDT(on_probe, int x, long y, const char *s)
{
	long a2 = 0;

	usdt_argc = bpf_usdt_arg_cnt(ctx);
	usdt_cookie_seen = bpf_usdt_cookie(ctx);
	if (bpf_usdt_arg(ctx, 2, &a2) == 0 && bpf_usdt_arg_size(ctx, 0) == 4)
		usdt_sum += x + y + (a2 == (long)s);
	return 0;
}

SEC("usdt")
int BPF_USDT(on_probe_noargs)
{
	usdt_sum += bpf_usdt_arg_cnt(ctx);
	return 0;
}

/* all twelve argument slots */
SEC("usdt")
int BPF_USDT(on_probe12, long a, long b, long c, long d, long e, long f,
	     long g, long h, long i, long j, long k, long l)
{
	usdt_sum += a + b + c + d + e + f + g + h + i + j + k + l;
	return 0;
}
