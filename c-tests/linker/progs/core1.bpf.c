// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with core2: CO-RE relocations in both objects (their .BTF.ext
 * records move with the code), the same local type in both. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

int pid1;

SEC("tp/syscalls/sys_enter_getpid")
int cprog1(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	pid1 = BPF_CORE_READ(t, pid);
	if (bpf_core_field_exists(t->tgid))
		pid1 += 1;
	return 0;
}
