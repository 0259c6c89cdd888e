// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_map2: an extern map declared with another size. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, int);
	__type(value, long);
} m SEC(".maps");

SEC("tp/syscalls/sys_enter_getpid")
int mp1(void *ctx)
{
	int k = 0;

	return bpf_map_lookup_elem(&m, &k) != 0;
}
