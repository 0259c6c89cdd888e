// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A small object with a 1 GiB .bss: its region is mapped at open, not touched. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char big[0x3ff00000];

SEC("tp/syscalls/sys_enter_getpid")
int huge_bss(void *ctx)
{
	return big[0x1000];
}

char LICENSE[] SEC("license") = "GPL";
