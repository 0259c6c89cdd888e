// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* With err_fwd2: an extern function taking a pointer to a struct only
 * declared on one side (allowed), and one whose struct is a union on the
 * other side (refused). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct opaque;
union shape;

extern int use_opaque(struct opaque *o);
extern int use_shape(union shape *s);

SEC("tp/syscalls/sys_enter_getpid")
int fw1(void *ctx)
{
	return use_opaque(0) + use_shape(0);
}
