// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_sec2: a variable defined in one data section and
 * declared extern in another one. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

int sv SEC(".data.one") = 1;

SEC("tp/syscalls/sys_enter_getpid")
int sp1(void *ctx)
{
	return sv;
}
