// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Map-in-map a loader can record: an inner map template, statically
 * initialised outer slots (no program array). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
};

struct inner inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a, [2] = &inner_b },
};

int my_pid;

SEC("tp/syscalls/sys_enter_getppid")
int bump(void *ctx)
{
	__u32 k = 0, slot = 2;
	__u64 *v;
	void *m;

	if ((int)(bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	m = bpf_map_lookup_elem(&outer, &slot);
	if (!m)
		return 0;
	v = bpf_map_lookup_elem(m, &k);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
