// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Weak externs libbpf leaves at 0 instead of failing: a kfunc the kernel
 * has but with another prototype (bpf_task_from_pid takes an int, not a
 * pointer), and a LINUX_* kconfig name libbpf does not know. Also
 * LINUX_HAS_SYSCALL_WRAPPER, computed as libbpf does. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct;
extern struct task_struct *bpf_task_from_pid(void *wrong, long more) __ksym __weak;
extern int LINUX_OXBPF_NOT_A_THING __kconfig __weak;
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
/* libbpf says yes only if a kprobe can be put on the wrapper. */
extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;

__u64 seen[4];

SEC("tp_btf/sys_enter")
int weak_ones(void *ctx)
{
	seen[0] = LINUX_OXBPF_NOT_A_THING;
	seen[1] = LINUX_KERNEL_VERSION != 0;
	seen[3] = LINUX_HAS_SYSCALL_WRAPPER;
	if (bpf_ksym_exists(bpf_task_from_pid))
		seen[2] = (__u64)bpf_task_from_pid(0, 1);
	return 0;
}
