// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* .ksyms externs: a typed per-CPU kernel variable, an untyped symbol
 * (address from kallsyms), kfunc calls, and weak ones the kernel lacks. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct {
	int pid;
} __attribute__((preserve_access_index));

extern const int bpf_prog_active __ksym;
extern const void schedule __ksym; /* untyped: just its address */
extern struct task_struct *bpf_task_from_pid(int pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern int oxbpf_no_such_var __ksym __weak;
extern void oxbpf_no_such_kfunc(void) __ksym __weak;
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym __weak;

/* One struct so the test knows the layout. */
struct {
	int my_pid;
	__u64 results[6];
} st;

/* Typed ksyms need the variable in kallsyms, which kernels without
 * CONFIG_KALLSYMS_ALL lack: kept in its own program. */
SEC("tp_btf/sys_enter")
int ksyms_typed(void *ctx)
{
	const int *active = bpf_this_cpu_ptr(&bpf_prog_active);

	st.results[0] = *active + 1000;
	return 0;
}

SEC("tp_btf/sys_enter")
int ksyms_test(void *ctx)
{
	struct task_struct *t;

	if ((int)(bpf_get_current_pid_tgid() >> 32) != st.my_pid)
		return 0;
	st.results[1] = (__u64)&schedule;
	t = bpf_task_from_pid(st.my_pid);
	if (t) {
		st.results[2] = 1;
		bpf_task_release(t);
	}
	st.results[3] = bpf_ksym_exists(&oxbpf_no_such_var) ? 1 : 2;
	if (bpf_ksym_exists(oxbpf_no_such_kfunc))
		oxbpf_no_such_kfunc();
	else
		st.results[4] = 2;
	/* a present kfunc's address taken: a BTF id load, non-zero */
	st.results[5] = bpf_ksym_exists(bpf_task_acquire) ? 1 : 2;
	return 0;
}
