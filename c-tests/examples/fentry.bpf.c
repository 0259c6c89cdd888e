// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* fentry: BPF trampolines on do_unlinkat's entry and exit. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

int my_pid = 0;
int entries, exits;

SEC("fentry/do_unlinkat")
int BPF_PROG(do_unlinkat, int dfd, struct filename *name)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;

	if (pid != my_pid)
		return 0;
	__sync_fetch_and_add(&entries, 1);
	bpf_printk("oxbpf fentry: pid = %d, filename = %s", pid, name->name);
	return 0;
}

SEC("fexit/do_unlinkat")
int BPF_PROG(do_unlinkat_exit, int dfd, struct filename *name, long ret)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;

	if (pid != my_pid)
		return 0;
	__sync_fetch_and_add(&exits, 1);
	bpf_printk("oxbpf fexit: pid = %d, filename = %s, ret = %ld", pid, name->name, ret);
	return 0;
}
