// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_map1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32);
	__type(key, int);
	__type(value, long);
} m SEC(".maps");

SEC("tp/syscalls/sys_enter_getpid")
int mp2(void *ctx)
{
	int k = 0;

	return bpf_map_lookup_elem(&m, &k) != 0;
}
