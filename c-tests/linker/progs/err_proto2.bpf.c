// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_proto1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int f(int x, int y);

SEC("tp/syscalls/sys_enter_getppid")
int pp2(void *ctx)
{
	return f(1, 2);
}
