// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with funcs2: a global function each calls in the other, a weak
 * function overridden there, a static function of the same name in both,
 * a __hidden global. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int mul2(int x);

__noinline int sum3(int a, int b, int c)
{
	return a + b + c;
}

static __noinline int twice(int x)
{
	return 2 * x;
}

__weak __noinline int pick(int x)
{
	return x + 1;
}

__hidden __noinline int hidden_add(int x)
{
	return x + 100;
}

int out1 = 0;

SEC("tp/syscalls/sys_enter_getpid")
int prog1(void *ctx)
{
	out1 = twice(1) + mul2(3) + pick(4) + hidden_add(5);
	return 0;
}
