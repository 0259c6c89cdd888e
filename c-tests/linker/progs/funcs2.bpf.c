// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with funcs1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int sum3(int a, int b, int c);
extern int hidden_add(int x);

static __noinline int twice(int x)
{
	return x << 1;
}

__noinline int pick(int x)
{
	return x + 2;
}

__noinline int mul2(int x)
{
	return x * 2;
}

int out2 = 0;

SEC("tp/syscalls/sys_enter_getppid")
int prog2(void *ctx)
{
	out2 = sum3(1, 2, 3) + twice(2) + pick(1) + hidden_add(1);
	return 0;
}
