// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CO-RE on a field the target nests deeper than libbpf's 64 access steps
 * (core_e2big.h): matching the candidate fails, and the load, with -E2BIG. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct e2big_deep___local {
	int x;
	struct {
		struct {
			int y;
		} y;
	} y;
} __attribute__((preserve_access_index));

struct e2big_deep___local *deep;
long out;

SEC("raw_tp/sys_enter")
int too_deep(void *ctx)
{
	out = bpf_core_field_offset(deep->y.y.y);
	return 0;
}
