// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_mapval1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct v {
	int a;
	int c;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct v);
} wm SEC(".maps") __weak;

SEC("tp/syscalls/sys_enter_getpid")
int wp2(void *ctx)
{
	int k = 0;

	return bpf_map_lookup_elem(&wm, &k) != 0;
}
