// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A section name nothing matches but a fallback handler (handler.c). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("weird_sec")
int odd_one(void *ctx)
{
	return 0;
}
