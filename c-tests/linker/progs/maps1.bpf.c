// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with maps2 and maps3: a map defined here and declared extern
 * there, a weak map defined identically in two objects, an extern-only
 * .maps section (maps3), map-in-map. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct val {
	long count;
	int flags;
};

struct {
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

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, int);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, int);
	__array(values, struct inner);
} outer SEC(".maps");

SEC("tp/syscalls/sys_enter_getpid")
int mprog1(void *ctx)
{
	struct val v = { .count = 1 }, *p;
	int k = 0;
	long one = 1;

	p = bpf_map_lookup_elem(&shared_map, &k);
	if (!p)
		bpf_map_update_elem(&shared_map, &k, &v, BPF_ANY);
	bpf_map_update_elem(&weak_map, &k, &one, BPF_ANY);
	return bpf_map_lookup_elem(&outer, &k) != 0;
}
