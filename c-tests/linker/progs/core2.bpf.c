// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with core1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

int tgid2;

static __noinline int read_tgid(struct task_struct *t)
{
	return BPF_CORE_READ(t, tgid);
}

SEC("tp/syscalls/sys_enter_getppid")
int cprog2(void *ctx)
{
	tgid2 = read_tgid((void *)bpf_get_current_task());
	return bpf_core_type_exists(struct task_struct);
}
