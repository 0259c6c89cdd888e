// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Resizable global data (resize.c): ".data.arr" ends in an array, so its
 * BTF can follow bpf_map__set_value_size; ".data.nonarr" ends in a plain
 * int, so resizing it drops the map's BTF types. The program reads an
 * element past the compiled size of each, at indexes user space puts in
 * .rodata (known to the verifier once frozen). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 idx = 0;
const volatile __u32 idx2 = 0;
int my_pid = 0;
int out = 0;
int out2 = 0;

int array[1] SEC(".data.arr") = { 1 };
int a SEC(".data.nonarr") = 5;
int b SEC(".data.nonarr") = 6;

SEC("tp/syscalls/sys_enter_getpid")
int reader(void *ctx)
{
	int *p = array, *q = &b;

	if ((bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	/* Hide the compiled bounds from the compiler: the verifier checks them. */
	asm volatile("" : "+r"(p));
	asm volatile("" : "+r"(q));
	out = p[idx];
	out2 = q[idx2];
	return 0;
}
