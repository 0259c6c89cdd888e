// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A task iterator in a light skeleton: bpftool attaches it with
 * skel_link_create(prog_fd, 0, BPF_TRACE_ITER). It writes one line for the
 * task whose pid user space set in .bss. The context types are declared
 * here (no vmlinux.h); CO-RE relocates the task->tgid read. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

struct bpf_iter_meta {
	void *seq;
	__u64 session_id;
	__u64 seq_num;
} __attribute__((preserve_access_index));

struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
} __attribute__((preserve_access_index));

int want_tgid = 0;
__u64 seen = 0;

SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	char line[] = "oxbpf-iter: found tgid\n";

	if (!task)
		return 0;
	__sync_fetch_and_add(&seen, 1);
	if (task->tgid != want_tgid || task->pid != want_tgid)
		return 0;
	bpf_seq_write(ctx->meta->seq, line, sizeof(line) - 1);
	return 0;
}
