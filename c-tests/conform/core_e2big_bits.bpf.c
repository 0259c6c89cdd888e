// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CO-RE on a target bitfield too wide for one load (core_e2big.h): libbpf
 * fails the relocation, and the load, with -E2BIG. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct e2big_bits___local {
	unsigned long long ub1: 4;
	unsigned long long ub2: 4;
} __attribute__((preserve_access_index));

struct e2big_bits___local *bits;
long out;

SEC("raw_tp/sys_enter")
int too_big(void *ctx)
{
	out = bpf_core_field_offset(bits->ub2);
	return 0;
}
