// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* uprobe: entry and return probes on functions of our own binary (one
 * attached by hand, one by its section name) and on libc's getpid(). */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

int my_pid = 0;
int add_calls, add_rets, sub_calls, sub_rets, getpid_calls;
int last_add_ret;

static __always_inline int mine(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == my_pid;
}

SEC("uprobe")
int BPF_UPROBE(uprobe_add, int a, int b)
{
	if (!mine())
		return 0;
	__sync_fetch_and_add(&add_calls, 1);
	bpf_printk("oxbpf uprobe: uprobed_add ENTRY: a = %d, b = %d", a, b);
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(uretprobe_add, int ret)
{
	if (!mine())
		return 0;
	__sync_fetch_and_add(&add_rets, 1);
	last_add_ret = ret;
	bpf_printk("oxbpf uprobe: uprobed_add EXIT: return = %d", ret);
	return 0;
}

SEC("uprobe//proc/self/exe:uprobed_sub")
int BPF_UPROBE(uprobe_sub, int a, int b)
{
	if (!mine())
		return 0;
	__sync_fetch_and_add(&sub_calls, 1);
	bpf_printk("oxbpf uprobe: uprobed_sub ENTRY: a = %d, b = %d", a, b);
	return 0;
}

SEC("uretprobe//proc/self/exe:uprobed_sub")
int BPF_URETPROBE(uretprobe_sub, int ret)
{
	if (!mine())
		return 0;
	__sync_fetch_and_add(&sub_rets, 1);
	bpf_printk("oxbpf uprobe: uprobed_sub EXIT: return = %d", ret);
	return 0;
}

SEC("uprobe")
int BPF_UPROBE(uprobe_getpid)
{
	if (!mine())
		return 0;
	__sync_fetch_and_add(&getpid_calls, 1);
	return 0;
}
