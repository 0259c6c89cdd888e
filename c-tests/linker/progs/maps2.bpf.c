// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with maps1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct val {
	long count;
	int flags;
};

extern struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, int);
	__type(value, struct val);
} shared_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, long);
} weak_map SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("tp/syscalls/sys_enter_getppid")
int mprog2(void *ctx)
{
	int k = 1;
	long *v;

	v = bpf_map_lookup_elem(&weak_map, &k);
	if (v)
		bpf_ringbuf_output(&events, v, sizeof(*v), 0);
	return bpf_map_lookup_elem(&shared_map, &k) != 0;
}
