// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_dup2: two strong definitions of one variable. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

int dup = 1;

SEC("tp/syscalls/sys_enter_getpid")
int dprog1(void *ctx)
{
	return dup;
}
