// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with any GPL object: another license text. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("tp/syscalls/sys_enter_getpid")
int lp(void *ctx)
{
	return 0;
}
