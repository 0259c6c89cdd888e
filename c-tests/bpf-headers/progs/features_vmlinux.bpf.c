// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* vmlinux.h, compile-only: attributes newer than the system loader knows
 * (__ulong, kptr tags, argument tags) and the printf-style wrappers. run.sh
 * checks their BTF encoding. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 16);
	__type(value, __u32);
	__ulong(map_extra, 0x100000005ULL);
} big_extra SEC(".maps");

/* a second __ulong in the same file must not clash with the first */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 16);
	__type(value, __u64);
	__ulong(map_extra, 7);
} small_extra SEC(".maps");

struct holder {
	struct task_struct __kptr *task;
	struct task_struct __kptr_untrusted *weak_task;
	struct bpf_cpumask __percpu_kptr *pcpu;
	struct task_struct __uptr *user_obj;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct holder);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} holders SEC(".maps");

enum libbpf_tristate tristate_anchor = TRI_MODULE;
extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig __weak;
extern int bpf_stream_vprintk(int stream_id, const char *fmt, const void *args, __u32 len) __ksym __weak;

__noinline int sub_ctx(void *ctx __arg_ctx, struct task_struct *t __arg_trusted,
		       int *p __arg_nonnull, int *q __arg_nullable, void *u __arg_untrusted)
{
	return (ctx != NULL) + (t != NULL) + *p + (q ? *q : 0) + (u != NULL);
}

__noinline int sub_arena(void *a __arg_arena)
{
	return a != NULL;
}

/* Macro hygiene: user variables named like the macros' temporaries. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(hygiene, struct task_struct *p, struct task_struct *val)
{
	unsigned long long __t = BPF_CORE_READ_BITFIELD(p, sched_reset_on_fork);
	long __r = BPF_CORE_READ(val, real_parent, pid);

	return __t + __r + BPF_CORE_READ_BITFIELD_PROBED(val, in_execve);
}

SEC("raw_tp/sys_enter")
int use_features(struct bpf_raw_tracepoint_args *ctx)
{
	char buf[32];
	int one = 1;

	BPF_SNPRINTF(buf, sizeof(buf), "%d %d %d %d %d %d %d %d %d %d %d %d",
		     1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
	bpf_printk("%d %d %d %d %d %d %d %d %d %d %d %d", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
	bpf_stream_printk(1, "stream %d %s", one, buf);
	return sub_ctx(ctx, bpf_get_current_task_btf(), &one, NULL, NULL) + sub_arena(NULL) +
	       (CONFIG_BPF_JIT == TRI_YES);
}
