// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CO-RE corpus, a failure case: against core_target.btf.c "twice" has two
 * candidates that place "v" differently, so the relocation is ambiguous and
 * load fails (the same way in oxbpf and upstream). Against the kernel there
 * is no candidate and the read is poisoned behind a dead branch. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct twice {
	int v;
} __attribute__((preserve_access_index));

__u64 out = 0;

SEC("tracepoint/syscalls/sys_enter_getppid")
int core_ambig(void *ctx)
{
	struct twice *w = (void *)bpf_get_current_task();

	if (bpf_core_field_exists(w->v))
		out = BPF_CORE_READ(w, v);
	return 0;
}
