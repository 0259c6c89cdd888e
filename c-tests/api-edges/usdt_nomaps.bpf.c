// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A USDT program built without <bpf/usdt.bpf.h>: the object has no USDT
 * support maps, which attaching reports (issue 14, item 4). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

long hits;

SEC("usdt")
int count(void *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}
