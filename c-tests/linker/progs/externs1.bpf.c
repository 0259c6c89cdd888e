// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with externs2: .kconfig and .ksyms externs declared in both
 * (resolved by the loader, left extern by the linker). */
#include <linux/bpf.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int LINUX_KERNEL_VERSION __kconfig;
extern bool CONFIG_BPF_SYSCALL __kconfig __weak;
extern const int bpf_prog_active __ksym;

int kv1;

SEC("tp/syscalls/sys_enter_getpid")
int eprog1(void *ctx)
{
	kv1 = LINUX_KERNEL_VERSION + CONFIG_BPF_SYSCALL;
	kv1 += *(int *)bpf_this_cpu_ptr(&bpf_prog_active);
	return 0;
}
