// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A small valid object: hostile calls are made on its program and maps. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int counter;

SEC("tp/syscalls/sys_enter_getpid")
int small(void *ctx)
{
	counter++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
