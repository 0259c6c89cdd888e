// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Programs aimed at another BPF program's global function target_func(). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define REPLACED_RET 4242

/* freplace with the target function named in the section. */
SEC("freplace/target_func")
int new_target_func(int x)
{
	return REPLACED_RET + x;
}

/* freplace whose target is given only by bpf_program__set_attach_target(). */
SEC("freplace")
int new_target_func2(int x)
{
	return REPLACED_RET + x;
}

__u64 fentry_hits;

/* BPF-to-BPF tracing: fentry on the target program's function. */
SEC("fentry/target_func")
int BPF_PROG(trace_target_func, int x)
{
	__sync_fetch_and_add(&fentry_hits, 1);
	return 0;
}

/* fentry whose kernel target is given by bpf_program__set_attach_target(prog, 0, name). */
SEC("fentry")
int BPF_PROG(trace_kernel_func)
{
	__sync_fetch_and_add(&fentry_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
