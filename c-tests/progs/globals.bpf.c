// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Global data end to end: user space sets the pid in .bss and a factor in
 * .rodata before load; the program counts matching write(2) calls into .bss,
 * accumulates into .data, and calls a non-inlined subprogram in .text. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

int my_pid = 0;
__u64 hits = 0;
__u64 total = 100;
const volatile __u64 factor = 1;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __noinline __u64 scale(__u64 v)
{
	return v * factor;
}

SEC("tracepoint/syscalls/sys_enter_write")
int count_writes(void *ctx)
{
	__u32 key = 7;
	__u64 one = 1, *v;

	if ((int)(bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	__sync_fetch_and_add(&hits, 1);
	total += scale(1);
	v = bpf_map_lookup_elem(&counts, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&counts, &key, &one, BPF_NOEXIST);
	return 0;
}
