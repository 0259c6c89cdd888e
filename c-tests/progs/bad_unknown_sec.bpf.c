// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Bad-input corpus: a program in a section libbpf has no definition for. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("no_such_kind/foo")
int mystery(void *ctx)
{
	return 0;
}
