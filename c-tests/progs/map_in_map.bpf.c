// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Map-in-map and program-array static initialisation: the outer map's slots
 * and the tail-call table are filled by the loader from `.maps` relocations. */
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

/* One struct so the test knows the layout: pid at 0, counter at 8. */
struct {
	int my_pid;
	__u64 tail_hits;
} st;

SEC("tp/syscalls/sys_enter_getppid")
int tail_target(void *ctx)
{
	__sync_fetch_and_add(&st.tail_hits, 1);
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, int (void *));
} jumps SEC(".maps") = {
	.values = { [1] = (void *)&tail_target },
};

SEC("tp/syscalls/sys_enter_getppid")
int entry(void *ctx)
{
	__u32 k = 0, slot = 2;
	__u64 *v;
	void *m;

	if ((int)(bpf_get_current_pid_tgid() >> 32) != st.my_pid)
		return 0;
	m = bpf_map_lookup_elem(&outer, &slot);
	if (m) {
		v = bpf_map_lookup_elem(m, &k);
		if (v)
			__sync_fetch_and_add(v, 1);
	}
	bpf_tail_call(ctx, &jumps, 1);
	return 0;
}
