// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_fdup1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__noinline int twin(int x)
{
	return x + 2;
}

SEC("tp/syscalls/sys_enter_getpid")
int fprog2(void *ctx)
{
	return twin(1);
}
