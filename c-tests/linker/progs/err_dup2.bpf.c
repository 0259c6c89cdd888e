// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_dup1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

int dup = 2;

SEC("tp/syscalls/sys_enter_getpid")
int dprog2(void *ctx)
{
	return dup;
}
