// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A program array statically initialised with a program whose autoload is
 * off: libbpf writes fd -1 into the slot and the kernel's -EBADF fails the
 * load. Dumped in load mode against both libraries. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("?socket")
int tail(void *ctx)
{
	return 1;
}

SEC("socket")
int entry(void *ctx)
{
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));
	__array(values, int (void *));
} jmp SEC(".maps") = {
	.values = { [1] = (void *)&tail },
};
