// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_type2: an extern variable of another type. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

int tv = 1;

SEC("tp/syscalls/sys_enter_getpid")
int tp1(void *ctx)
{
	return tv;
}
