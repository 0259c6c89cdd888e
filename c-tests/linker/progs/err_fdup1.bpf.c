// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_fdup2: two strong definitions of one function. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__noinline int twin(int x)
{
	return x + 1;
}

SEC("tp/syscalls/sys_enter_getpid")
int fprog1(void *ctx)
{
	return twin(1);
}
