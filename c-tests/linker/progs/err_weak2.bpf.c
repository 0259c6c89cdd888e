// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_weak1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__weak short wv = 2;

SEC("tp/syscalls/sys_enter_getppid")
int wkp2(void *ctx)
{
	return wv;
}
