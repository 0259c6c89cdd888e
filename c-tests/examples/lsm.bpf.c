// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* lsm: the `bpf` LSM hook; denies BPF_MAP_CREATE with a magic max_entries
 * to our own process, so the test can see the hook decide. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define EPERM 1
#define MAGIC_ENTRIES 4242

int my_pid = 0;
int calls;

SEC("lsm/bpf")
int BPF_PROG(lsm_bpf, int cmd, union bpf_attr *attr, unsigned int size, bool kernel, int ret)
{
	if (ret != 0)
		return ret;
	if ((bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	__sync_fetch_and_add(&calls, 1);
	if (cmd == BPF_MAP_CREATE && attr->max_entries == MAGIC_ENTRIES) {
		bpf_printk("oxbpf lsm: denied map create");
		return -EPERM;
	}
	return 0;
}
