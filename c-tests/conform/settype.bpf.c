// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Object for settype.c: an freplace program, which loads only once its type
 * is changed (what veristat does with such programs). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("freplace/some_target")
int replacement(struct __sk_buff *skb)
{
	return skb->len > 10;
}
