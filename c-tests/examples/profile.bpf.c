// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* profile: a perf_event program sampling on every CPU: counts samples, the
 * ones taken in our own process, and records a user stack id for those. */
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 1024);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 127 * sizeof(__u64));
} stacks SEC(".maps");

int my_pid = 0;
__u64 samples, own_samples, own_stacks;

SEC("perf_event")
int profile(struct bpf_perf_event_data *ctx)
{
	long id;

	__sync_fetch_and_add(&samples, 1);
	if ((bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	__sync_fetch_and_add(&own_samples, 1);
	id = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	if (id >= 0)
		__sync_fetch_and_add(&own_stacks, 1);
	return 0;
}
