// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* With err_fwd1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct opaque {
	int a;
};

struct shape {
	int x;
};

__noinline int use_opaque(struct opaque *o)
{
	return o ? o->a : 0;
}

__noinline int use_shape(struct shape *s)
{
	return s ? s->x : 0;
}
