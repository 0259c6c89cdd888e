// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* kprobe: entry and return of do_unlinkat, with the file name read via CO-RE. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

int my_pid = 0;
int entries, exits;

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;
	const char *filename;

	if (pid != my_pid)
		return 0;
	filename = BPF_CORE_READ(name, name);
	__sync_fetch_and_add(&entries, 1);
	bpf_printk("oxbpf kprobe: ENTRY pid = %d, filename = %s", pid, filename);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(do_unlinkat_exit, long ret)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;

	if (pid != my_pid)
		return 0;
	__sync_fetch_and_add(&exits, 1);
	bpf_printk("oxbpf kprobe: EXIT: pid = %d, ret = %ld", pid, ret);
	return 0;
}
