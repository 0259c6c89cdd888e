// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The soak benchmark's object (bench/soak.sh): a tracepoint program with a
 * ring buffer, a hash map and global data, and (unless NO_CORE) a CO-RE
 * read, so that loading it needs the kernel's BTF. Every kernel object it
 * makes is named PREFIX* (-DPREFIX=..., default oxsoak; the file name
 * should be PREFIX.bpf.o for the global data maps), so the benchmark can
 * count what is left, and runs side by side do not count each other's. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#ifndef PREFIX
#define PREFIX oxsoak
#endif
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define N(x) CAT(PREFIX, x)

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} N(_rb) SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} N(_hash) SEC(".maps");

#ifndef NO_CORE
struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));
#endif

const volatile int oxsoak_tid = -1;
__u64 oxsoak_hits;
__u64 oxsoak_base = 7;

SEC("tracepoint/syscalls/sys_enter_getppid")
int N(_tp)(void *ctx)
{
	__u32 key = 0;
	__u64 one = 1, *v;
	int pid = (int)bpf_get_current_pid_tgid();

#ifndef NO_CORE
	struct task_struct *t = (void *)bpf_get_current_task();

	pid = BPF_CORE_READ(t, pid);
#endif
	if (pid != oxsoak_tid)
		return 0;
	oxsoak_hits += oxsoak_base;
	v = bpf_map_lookup_elem(&N(_hash), &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&N(_hash), &key, &one, BPF_ANY);
	bpf_ringbuf_output(&N(_rb), &one, sizeof(one), 0);
	return 0;
}
