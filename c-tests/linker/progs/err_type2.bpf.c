// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_type1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern long tv;

SEC("tp/syscalls/sys_enter_getppid")
int tp2(void *ctx)
{
	return tv;
}
