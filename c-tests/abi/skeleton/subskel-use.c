// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Uses a bpftool-generated subskeleton over an opened object. Compiled only. */
#include <bpf/libbpf.h>
#include "skel.subskel.h"

int run_sub(struct bpf_object *obj);
int run_sub(struct bpf_object *obj)
{
	struct skel *sub = skel__open(obj);
	int v;

	if (!sub)
		return -1;
	v = *sub->bss.my_pid + (int)*sub->data.counter;
	skel__destroy(sub);
	return v;
}
