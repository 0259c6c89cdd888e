// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Programs whose events the log tests provoke (events.c): sections with and
 * without an attach form, a USDT program, a map for a wrong-size update,
 * and four made to fail (events.c loads them only when asked): one the
 * verifier rejects, one whose CO-RE relocation finds no target, a kprobe,
 * and a tracepoint that does not exist. Lines marked LINE-* are what the
 * messages must point at. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, long);
} counts SEC(".maps");

long hits;

SEC("socket")
int no_attach_form(void *ctx)
{
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int on_getpid(void *ctx)
{
	hits++;
	return 0;
}

SEC("usdt")
int BPF_USDT(on_usdt, int x)
{
	hits += x;
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int bad_deref(void *ctx)
{
	long *p = (long *)hits;

	return *p; /* LINE-VERIFIER */
}

struct task_struct___oxbpf {
	int oxbpf_no_such_field;
} __attribute__((preserve_access_index));

SEC("tp/syscalls/sys_enter_getppid")
int core_miss(void *ctx)
{
	struct task_struct___oxbpf *t = (void *)bpf_get_current_task();

	return BPF_CORE_READ(t, oxbpf_no_such_field); /* LINE-CORE */
}

SEC("kprobe/do_nanosleep")
int kp(struct pt_regs *ctx)
{
	return 0;
}

SEC("tp/oxbpf_no_such_category/nothing")
int no_tp(void *ctx)
{
	return 0;
}
