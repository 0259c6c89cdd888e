// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Only an extern map: its .maps exists in BTF alone (ephemeral). */
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

SEC("tp/syscalls/sys_enter_gettid")
int mprog3(void *ctx)
{
	int k = 2;

	return bpf_map_lookup_elem(&shared_map, &k) != 0;
}
