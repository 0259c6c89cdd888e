// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CO-RE corpus: task_struct and friends declared locally with deliberately
 * wrong layouts (preserve_access_index), read through every relocation kind.
 * The tracepoint fires on getppid(2) from the test thread (.bss tid) and
 * stores what it saw; user space checks each value against the kernel. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct {
	unsigned long flags;          /* kernel: unsigned int (size fixup) */
	int pid;
	int tgid;
	struct task_struct *real_parent;
	char comm[16];
	unsigned int sched_reset_on_fork: 1;
	int no_such_field;
} __attribute__((preserve_access_index));

/* A flavor: same kernel type, a field that only some kernels have. */
struct task_struct___old {
	int pid;
	long state_that_never_was;
} __attribute__((preserve_access_index));

struct list_head {
	struct list_head *next, *prev;
} __attribute__((preserve_access_index));

struct oxbpf_missing_type {
	int x;
} __attribute__((preserve_access_index));

enum pid_type___mine { PIDTYPE_SID___mine = 77, PIDTYPE_MAX___mine = 99, PIDTYPE_NOPE___mine = 5 };

__u32 target_tid = 0;
__u32 seen = 0;
int pid = 0, tgid = 0, ppid = 0, pid_direct = 0;
char comm[16] = {};
__u64 flags = 0;
__u32 reset_on_fork = 0, reset_on_fork_probed = 0;
__u32 pid_exists = 0, old_pid_exists = 0, never_exists = 0, no_such_exists = 0;
__u32 comm_size = 0, pid_offset = 0, pid_signed = 0, flags_signed = 0;
__u32 ts_exists = 0, missing_exists = 0, lh_matches = 0, ts_size = 0, missing_size = 0;
__u32 ts_kernel_id = 0;
__u64 sid_value = 0, max_value = 0;
__u32 sid_exists = 0, nope_exists = 0;

static __noinline int read_parent(struct task_struct *t)
{
	/* CO-RE in a subprogram: relocated where it sits in .text. */
	return BPF_CORE_READ(t, real_parent, tgid);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int core_task(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct task_struct *tb = bpf_get_current_task_btf();

	if ((__u32)bpf_get_current_pid_tgid() != target_tid)
		return 0;
	pid = BPF_CORE_READ(t, pid);
	tgid = BPF_CORE_READ(t, tgid);
	ppid = read_parent(t);
	pid_direct = tb->pid;
	flags = tb->flags;
	BPF_CORE_READ_STR_INTO(&comm, t, comm);
	reset_on_fork = BPF_CORE_READ_BITFIELD(tb, sched_reset_on_fork);
	reset_on_fork_probed = BPF_CORE_READ_BITFIELD_PROBED(t, sched_reset_on_fork);

	pid_exists = bpf_core_field_exists(t->pid);
	old_pid_exists = bpf_core_field_exists(((struct task_struct___old *)t)->pid);
	never_exists = bpf_core_field_exists(((struct task_struct___old *)t)->state_that_never_was);
	no_such_exists = bpf_core_field_exists(t->no_such_field);
	if (no_such_exists) /* dead code once relocated: the poisoned read is never reached */
		no_such_exists = 100 + BPF_CORE_READ(t, no_such_field);
	comm_size = bpf_core_field_size(t->comm);
	pid_offset = bpf_core_field_offset(t->pid);
	pid_signed = __builtin_preserve_field_info(t->pid, BPF_FIELD_SIGNED);
	flags_signed = __builtin_preserve_field_info(t->flags, BPF_FIELD_SIGNED);

	ts_exists = bpf_core_type_exists(struct task_struct);
	missing_exists = bpf_core_type_exists(struct oxbpf_missing_type);
	lh_matches = bpf_core_type_matches(struct list_head);
	ts_size = bpf_core_type_size(struct task_struct);
	missing_size = bpf_core_type_size(struct oxbpf_missing_type);
	ts_kernel_id = bpf_core_type_id_kernel(struct task_struct);

	sid_exists = bpf_core_enum_value_exists(enum pid_type___mine, PIDTYPE_SID___mine);
	nope_exists = bpf_core_enum_value_exists(enum pid_type___mine, PIDTYPE_NOPE___mine);
	sid_value = bpf_core_enum_value(enum pid_type___mine, PIDTYPE_SID___mine);
	max_value = bpf_core_enum_value(enum pid_type___mine, PIDTYPE_MAX___mine);
	seen++;
	return 0;
}
