// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Error case with err_weak2: weak definitions of one variable with other
 * types; and a weak and a strong function of other prototypes. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__weak int wv = 1;

SEC("tp/syscalls/sys_enter_getpid")
int wkp1(void *ctx)
{
	return wv;
}
