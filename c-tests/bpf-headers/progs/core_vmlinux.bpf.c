// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* vmlinux.h program: BPF_PROG/BPF_PROG2 on tp_btf, the CO-RE macro family,
 * kconfig/ksym externs, open-coded iterators and BPF_SEQ_PRINTF. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* A flavour of task_struct as older kernels had it (state, not __state). */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

/* A type this kernel does not have. */
struct oxbpf_no_such_type {
	int x;
} __attribute__((preserve_access_index));

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig __weak;
extern void bpf_rcu_read_lock(void) __ksym __weak;
extern void bpf_rcu_read_unlock(void) __ksym __weak;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct event {
	int pid;
	int ppid;
	unsigned long long flags;
	unsigned int size, off, reset_on_fork, reset_on_fork2;
	int has_old_state, has_state, has_type, no_type, tgid_ok, pgid;
	unsigned int kid, lid, tsize;
	char comm[16];
	char exe[32];
	long sum;
};

SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_exec, struct task_struct *proc, pid_t old_pid, struct linux_binprm *bprm)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *cast;
	const unsigned char *name;
	struct event *e;
	int i;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;

	/* one- and multi-level chains, value and _INTO forms */
	e->pid = BPF_CORE_READ(task, tgid);
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	BPF_CORE_READ_INTO(&e->flags, task, real_parent, real_parent, flags);
	BPF_CORE_READ_STR_INTO(&e->comm, task, comm);
	name = BPF_CORE_READ(task, mm, exe_file, f_path.dentry, d_name.name);
	bpf_core_read_str(e->exe, sizeof(e->exe), name);
	bpf_core_read(&e->size, sizeof(e->size), &task->pid);

	/* field/type/enum relocations */
	e->size = bpf_core_field_size(task->comm);
	e->off = bpf_core_field_offset(struct task_struct, tgid);
	e->has_old_state = bpf_core_field_exists(struct task_struct___old, state);
	e->has_state = bpf_core_field_exists(task->__state);
	e->has_type = bpf_core_type_exists(struct bpf_iter_num);
	e->no_type = bpf_core_type_exists(struct oxbpf_no_such_type) +
		     bpf_core_type_matches(struct task_struct___old);
	e->tgid_ok = bpf_core_enum_value_exists(enum pid_type, PIDTYPE_TGID);
	e->pgid = bpf_core_enum_value(enum pid_type, PIDTYPE_PGID);
	e->kid = bpf_core_type_id_kernel(struct task_struct);
	e->lid = bpf_core_type_id_local(struct task_struct);
	e->tsize = bpf_core_type_size(struct task_struct);

	/* bitfields, probed and direct (tp_btf may read proc directly) */
	e->reset_on_fork = BPF_CORE_READ_BITFIELD_PROBED(task, sched_reset_on_fork);
	e->reset_on_fork2 = BPF_CORE_READ_BITFIELD(proc, sched_reset_on_fork);

	cast = bpf_core_cast(task, struct task_struct);
	e->sum = cast->pid + old_pid + LINUX_KERNEL_VERSION + CONFIG_HZ;

	bpf_for(i, 0, 4)
		e->comm[i] ^= 0;

	if (bpf_ksym_exists(bpf_rcu_read_lock) && bpf_ksym_exists(bpf_rcu_read_unlock)) {
		bpf_rcu_read_lock();
		bpf_rcu_read_unlock();
	}
	(void)bprm;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* BPF_PROG2 with a bool and pointers (one u64 slot each) */
SEC("tp_btf/sched_switch")
int BPF_PROG2(handle_switch, bool, preempt, struct task_struct *, prev,
	      struct task_struct *, next, unsigned int, prev_state)
{
	if (preempt && prev->pid == 1)
		bpf_printk("switch %d -> %d (%u)", prev->pid, next->pid, prev_state);
	return 0;
}

SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	BPF_SEQ_PRINTF(seq, "%d %s\n", task->pid, task->comm);
	BPF_SEQ_PRINTF(seq, "plain line\n");
	return 0;
}
