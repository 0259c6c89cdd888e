// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* task_iter: a task iterator writing one line per task (pid, tgid, comm) to
 * the seq_file user space reads. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("iter/task")
int get_tasks(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	if (ctx->meta->seq_num == 0)
		BPF_SEQ_PRINTF(seq, "%-8s %-8s %s\n", "PID", "TGID", "COMM");
	BPF_SEQ_PRINTF(seq, "%-8d %-8d %s\n", task->pid, task->tgid, task->comm);
	return 0;
}
