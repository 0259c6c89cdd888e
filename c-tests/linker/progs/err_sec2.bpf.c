// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_sec1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int sv SEC(".data.two");
int other SEC(".data.two") = 2;

SEC("tp/syscalls/sys_enter_getppid")
int sp2(void *ctx)
{
	return sv + other;
}
