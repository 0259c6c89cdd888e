// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* ksyscall: syscall entry probes with the syscall's own arguments. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

int my_pid = 0;
int tgkills, kills;
int last_sig;

SEC("ksyscall/tgkill")
int BPF_KSYSCALL(tgkill_entry, pid_t tgid, pid_t tid, int sig)
{
	if ((bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	__sync_fetch_and_add(&tgkills, 1);
	last_sig = sig;
	bpf_printk("oxbpf ksyscall: tgkill(%d, %d, %d)", tgid, tid, sig);
	return 0;
}

SEC("ksyscall/kill")
int BPF_KSYSCALL(entry_probe, pid_t pid, int sig)
{
	if ((bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	__sync_fetch_and_add(&kills, 1);
	bpf_printk("oxbpf ksyscall: kill(%d, %d)", pid, sig);
	return 0;
}
