// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* UAPI-only kprobe/uprobe program: struct pt_regs comes from <asm/ptrace.h>
 * (x86: rdi/rsi... names, not the kernel's di/si) or, for arm64, from the
 * user_pt_regs declared below. */
#include <linux/bpf.h>
#if defined(__TARGET_ARCH_x86)
#include <linux/ptrace.h>
#elif defined(__TARGET_ARCH_arm64)
struct user_pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
};
#endif
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 seen;

#if defined(__TARGET_ARCH_x86)
/* The UAPI spelling must have been selected. */
_Static_assert(__builtin_offsetof(struct pt_regs, __PT_PARM1_REG) ==
	       __builtin_offsetof(struct pt_regs, rdi), "x86 UAPI PARM1 is rdi");
_Static_assert(__builtin_offsetof(struct pt_regs, __PT_PARM4_SYSCALL_REG) ==
	       __builtin_offsetof(struct pt_regs, r10), "x86 syscall PARM4 is r10");
_Static_assert(__builtin_offsetof(struct pt_regs, __PT_IP_REG) ==
	       __builtin_offsetof(struct pt_regs, rip), "x86 IP is rip");
#endif

SEC("uprobe")
int BPF_UPROBE(uapi_uprobe, long a, long b, long c, long d, long e, long f)
{
	seen += a + b + c + d + e + f;
	seen += PT_REGS_RC(ctx) + PT_REGS_IP(ctx) + PT_REGS_SP(ctx) + PT_REGS_FP(ctx);
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(uapi_uretprobe, long ret)
{
	seen += ret;
	return 0;
}

SEC("kprobe/do_nanosleep")
int BPF_KPROBE(uapi_kprobe, void *t)
{
	seen += (unsigned long)t + PT_REGS_PARM4_SYSCALL(ctx);
	return 0;
}
