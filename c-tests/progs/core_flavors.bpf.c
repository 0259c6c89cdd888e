// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CO-RE corpus: `___v2`-style flavors, nested anonymous members, arrays,
 * typedefs, enum64 values, local type ids and non-matching types. Every read
 * goes through bpf_probe_read_kernel so the program loads whatever the
 * relocations decide; the differential suite compares the instructions. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

typedef int pid_t;

struct mm_struct {
	int map_count;           /* kernel: inside an anonymous struct */
	unsigned long task_size; /* same */
	int no_such_mm_field;
} __attribute__((preserve_access_index));

struct signal_struct {
	int nr_threads;
} __attribute__((preserve_access_index));

/* Two flavors of the same kernel type: the field that exists depends on the
 * kernel version (__state since 5.14, state before). */
struct task_struct___v2 {
	unsigned int __state;
	pid_t pid;
	char comm[16];
	struct mm_struct *mm;
	struct signal_struct *signal;
	unsigned int in_execve: 1;
	unsigned int sched_remote_wakeup: 1;
} __attribute__((preserve_access_index));

struct task_struct___v1 {
	long state;
} __attribute__((preserve_access_index));

/* Doesn't match the kernel's list_head (wrong member kind). */
struct list_head___bad {
	int next;
} __attribute__((preserve_access_index));

enum perf_callchain_context___x {
	PERF_CONTEXT_HV___x = 0xffffffffffffffe0ULL,
	PERF_CONTEXT_USER___x = 1,
	PERF_CONTEXT_NOPE___x = 2,
};

enum net_iov_type___v2 { NET_IOV_MAX___v2 = 3 };

__u32 out[32] = {};
__u64 out64[8] = {};

SEC("tracepoint/syscalls/sys_enter_getppid")
int core_flavors(void *ctx)
{
	struct task_struct___v2 *t = (void *)bpf_get_current_task();
	char c = 0;
	int i = 0;

	if (bpf_core_field_exists(t->__state))
		out[i++] = BPF_CORE_READ(t, __state);
	if (bpf_core_field_exists(((struct task_struct___v1 *)t)->state))
		out[i++] = BPF_CORE_READ((struct task_struct___v1 *)t, state);
	out[2] = BPF_CORE_READ(t, pid);
	out[3] = BPF_CORE_READ(t, mm, map_count);
	out64[0] = BPF_CORE_READ(t, mm, task_size);
	out[4] = BPF_CORE_READ(t, signal, nr_threads);
	bpf_core_read(&c, 1, &t->comm[3]);
	out[5] = c;
	out[6] = BPF_CORE_READ_BITFIELD_PROBED(t, in_execve);
	out[7] = BPF_CORE_READ_BITFIELD_PROBED(t, sched_remote_wakeup);
	out[8] = bpf_core_field_exists(t->mm->no_such_mm_field);
	out[9] = bpf_core_field_size(t->comm[1]);
	out[10] = bpf_core_field_offset(t->comm[5]);
	out[11] = bpf_core_field_size(t->mm->task_size);
	out[12] = bpf_core_type_id_local(struct task_struct___v2);
	out[13] = bpf_core_type_id_kernel(struct task_struct___v1);
	out[14] = bpf_core_type_exists(pid_t);
	out[15] = bpf_core_type_size(pid_t);
	out[16] = bpf_core_type_matches(struct list_head___bad);
	out[17] = bpf_core_type_matches(pid_t);
	out[18] = bpf_core_type_size(struct mm_struct);
	out[19] = bpf_core_enum_value_exists(enum perf_callchain_context___x, PERF_CONTEXT_NOPE___x);
	out64[1] = bpf_core_enum_value(enum perf_callchain_context___x, PERF_CONTEXT_HV___x);
	out64[2] = bpf_core_enum_value(enum perf_callchain_context___x, PERF_CONTEXT_USER___x);
	out64[3] = bpf_core_enum_value(enum net_iov_type___v2, NET_IOV_MAX___v2);
	out[20] = __builtin_preserve_field_info(t->pid, BPF_FIELD_SIGNED);
	out[21] = __builtin_preserve_field_info(t->in_execve, BPF_FIELD_LSHIFT_U64);
	out[22] = __builtin_preserve_field_info(t->in_execve, BPF_FIELD_RSHIFT_U64);
	out[23] = __builtin_preserve_field_info(t->in_execve, BPF_FIELD_BYTE_SIZE);
	out[24] = __builtin_preserve_field_info(t->in_execve, BPF_FIELD_BYTE_OFFSET);
	return 0;
}
