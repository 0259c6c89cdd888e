// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* .kconfig externs: virtual LINUX_* values, CONFIG_* of several types from
 * the running kernel's config, and a weak one that does not exist. */
#include <linux/bpf.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern bool LINUX_HAS_BPF_COOKIE __kconfig;
extern bool CONFIG_BPF __kconfig;
extern enum libbpf_tristate CONFIG_BPF_SYSCALL __kconfig;
extern int CONFIG_HZ __kconfig;
extern char CONFIG_LOCALVERSION[16] __kconfig __weak;
extern unsigned long long CONFIG_OXBPF_DOES_NOT_EXIST __kconfig __weak;

__u64 seen[6];

SEC("tp/syscalls/sys_enter_getppid")
int read_config(void *ctx)
{
	seen[0] = LINUX_KERNEL_VERSION;
	seen[1] = LINUX_HAS_BPF_COOKIE;
	seen[2] = CONFIG_BPF;
	seen[3] = CONFIG_BPF_SYSCALL;
	seen[4] = CONFIG_HZ;
	seen[5] = CONFIG_OXBPF_DOES_NOT_EXIST + CONFIG_LOCALVERSION[0];
	return 0;
}
