// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Subprograms are appended depth first, as libbpf does: main calls a then
 * b, a calls c, so the layout is main, a, c, b (breadth first would put b
 * before c). An exception callback named by the exception_callback decl
 * tag is appended after everything the program calls. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define exception_cb(name) __attribute__((btf_decl_tag("exception_callback:" #name)))

int out;

__noinline int c(int x)
{
	return x * 3 + out;
}

__noinline int a(int x)
{
	return c(x) + 1;
}

__noinline int b(int x)
{
	return x - 2 + out;
}

__noinline int d(int x)
{
	return b(x) + c(x);
}

__noinline int my_exc_cb(__u64 cookie)
{
	return cookie + d(1);
}

SEC("tc")
int depth_first(struct __sk_buff *skb)
{
	out = a(skb->len) + b(skb->len);
	return 0;
}

SEC("tc")
exception_cb(my_exc_cb)
int with_exc_cb(struct __sk_buff *skb)
{
	return b(skb->len);
}
