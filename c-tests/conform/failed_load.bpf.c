// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Load fails at map creation (a bloom filter with no entries): libbpf has
 * relocated every program by then (subprograms appended, map references
 * pointing at placeholder fds, callbacks marked), so after the failure the
 * instructions are the relocated ones. Dumped with c-tests/diff/objdump.c
 * in load mode against both libraries. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, int);
	__type(value, long);
} fine SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 0);
	__type(value, int);
} broken SEC(".maps");

int counter;

static __noinline int helper(int x)
{
	long *v = bpf_map_lookup_elem(&fine, &x);

	return v ? *v + counter : x;
}

static int cb(__u32 i, void *ctx)
{
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int uses_maps(void *ctx)
{
	int k = 1;

	bpf_map_push_elem(&broken, &k, 0);
	return helper(k);
}

SEC("?tp/syscalls/sys_enter_getppid")
int not_loaded(void *ctx)
{
	bpf_loop(1, cb, (void *)0, 0);
	return helper(2);
}
