// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with externs1 (see there). */
#include <linux/bpf.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int LINUX_KERNEL_VERSION __kconfig;
extern unsigned long CONFIG_HZ __kconfig __weak;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

int kv2;

SEC("tp_btf/sys_enter")
int eprog2(void *ctx)
{
	bpf_rcu_read_lock();
	kv2 = LINUX_KERNEL_VERSION + CONFIG_HZ;
	bpf_rcu_read_unlock();
	return 0;
}
