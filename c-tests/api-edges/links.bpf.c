// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Global data of every kind (pin names of global-data maps) and programs to
 * attach through a perf-event link (tracepoint), a raw_tp BPF link and a
 * cgroup BPF link (pinning and detaching links; issue 14, items 5 and 6). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, long);
} counts SEC(".maps");

int my_pid;				/* .bss */
long tp_hits = 0;			/* .bss */
long raw_hits = 0;			/* .bss */
int data_val = 1;			/* .data */
const volatile int ro_val = 2;		/* .rodata */
int custom_val SEC(".data.custom") = 3;	/* .data.custom */

SEC("tp/syscalls/sys_enter_getpid")
int tp_count(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == my_pid)
		__sync_fetch_and_add(&tp_hits, data_val + ro_val + custom_val - 5);
	return 0;
}

SEC("raw_tp/sys_enter")
int raw_count(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == my_pid)
		__sync_fetch_and_add(&raw_hits, 1);
	return 0;
}

SEC("cgroup_skb/egress")
int cg_egress(struct __sk_buff *skb)
{
	return 1;
}
