// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* vmlinux.h program: kprobe/kretprobe/ksyscall/uprobe/uretprobe wrappers and
 * the PT_REGS accessors. Built for x86 and arm64 (vmlinux.h comes from the
 * x86 kernel here, so arm64's register block is declared below). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#if defined(__TARGET_ARCH_arm64)
/* arm64 UAPI layout of the saved user registers */
struct user_pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
};
#endif

char LICENSE[] SEC("license") = "GPL";

long total;

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(kp_unlinkat, int dfd, struct filename *name)
{
	const char *fname = BPF_CORE_READ(name, name);
	unsigned long ip = 0;

	BPF_KPROBE_READ_RET_IP(ip, ctx);
	bpf_printk("unlinkat dfd=%d %s ip=%lx", dfd, fname, ip);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(krp_unlinkat, long ret)
{
	unsigned long ip = 0;

	BPF_KRETPROBE_READ_RET_IP(ip, ctx);
	total += ret + ip;
	return 0;
}

/* eight arguments where the ABI has them in registers */
SEC("kprobe/oxbpf_dummy")
int BPF_KPROBE(kp_many, long a, long b, long c, long d, long e, long f)
{
	total += a + b + c + d + e + f;
	total += PT_REGS_PARM1_CORE(ctx) + PT_REGS_PARM2_CORE(ctx) + PT_REGS_PARM3_CORE(ctx) +
		 PT_REGS_PARM4_CORE(ctx) + PT_REGS_PARM5_CORE(ctx) + PT_REGS_PARM6_CORE(ctx);
	total += PT_REGS_RC_CORE(ctx) + PT_REGS_SP_CORE(ctx) + PT_REGS_IP_CORE(ctx) +
		 PT_REGS_FP_CORE(ctx) + PT_REGS_RET_CORE(ctx);
	total += PT_REGS_RC(ctx) + PT_REGS_SP(ctx) + PT_REGS_IP(ctx) + PT_REGS_FP(ctx) +
		 PT_REGS_RET(ctx);
#if defined(__TARGET_ARCH_arm64)
	total += PT_REGS_PARM7(ctx) + PT_REGS_PARM8(ctx) +
		 PT_REGS_PARM7_CORE(ctx) + PT_REGS_PARM8_CORE(ctx);
#endif
	return 0;
}

SEC("ksyscall/kill")
int BPF_KSYSCALL(ks_kill, pid_t pid, int sig)
{
	bpf_printk("kill(%d, %d)", pid, sig);
	return 0;
}

SEC("kprobe/__x64_sys_openat")
int BPF_KPROBE_SYSCALL(ks_openat, int dfd, const char *path, int flags, int mode)
{
	struct pt_regs *regs = PT_REGS_SYSCALL_REGS(ctx);

	total += dfd + flags + mode + (long)path;
	total += PT_REGS_PARM1_CORE_SYSCALL(regs) + PT_REGS_PARM4_CORE_SYSCALL(regs) +
		 PT_REGS_PARM6_CORE_SYSCALL(regs);
	return 0;
}

SEC("uprobe")
int BPF_UPROBE(up_probe, int a, const char *s)
{
	char buf[16];

	bpf_probe_read_user_str(buf, sizeof(buf), s);
	bpf_printk("uprobe a=%d s=%s", a, buf);
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(urp_probe, int ret)
{
	total += ret;
	return 0;
}

/* no declared arguments: only ctx */
SEC("uprobe")
int BPF_UPROBE(up_noargs)
{
	total += PT_REGS_PARM1(ctx) + PT_REGS_PARM2(ctx) + PT_REGS_PARM3(ctx) +
		 PT_REGS_PARM4(ctx) + PT_REGS_PARM5(ctx) + PT_REGS_PARM6(ctx);
	total += PT_REGS_PARM1_SYSCALL(ctx) + PT_REGS_PARM2_SYSCALL(ctx) +
		 PT_REGS_PARM3_SYSCALL(ctx) + PT_REGS_PARM4_SYSCALL(ctx) +
		 PT_REGS_PARM5_SYSCALL(ctx) + PT_REGS_PARM6_SYSCALL(ctx);
	return 0;
}
