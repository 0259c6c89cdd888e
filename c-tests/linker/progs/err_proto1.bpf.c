// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_proto2: an extern function of another prototype. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__noinline int f(int x)
{
	return x;
}

SEC("tp/syscalls/sys_enter_getpid")
int pp1(void *ctx)
{
	return f(1);
}
