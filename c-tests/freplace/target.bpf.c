// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The program whose global function the freplace test replaces: a tc
 * classifier that returns what target_func() computes. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__noinline int target_func(int x)
{
	/* volatile keeps the body from being folded into the caller's constant */
	volatile int y = x;

	return y + 1;
}

SEC("tc")
int target_prog(struct __sk_buff *skb)
{
	return target_func(skb->len > 0 ? 1 : 0);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
