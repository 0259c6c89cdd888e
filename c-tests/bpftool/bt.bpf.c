// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpftool conformance object: every kind of thing bpftool shows — a
 * BTF-typed hash map, an array of structs, a ring buffer, a prog array,
 * .data/.bss/.rodata, a subprogram, a CO-RE read, a tracepoint and a raw
 * tracepoint (auto-attachable), XDP and TC programs (pinned instead). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct stat {
	__u64 packets;
	__u32 flags;
	char tag[4];
	union {
		__u16 port;
		__u8 raw[2];
	};
	enum { ST_NONE, ST_SEEN = 3 } state;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct stat);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} jumps SEC(".maps");

int my_pid = 0;
__u64 hits = 0;
__u64 total = 100;
const volatile __u32 factor = 3;
const char greeting[] = "hello";

/* Enough of the kernel's task_struct for a CO-RE read. */
struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

static __noinline __u64 scale(__u64 v)
{
	return v * factor;
}

SEC("tp/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	__u32 key = 1;
	__u64 *v;

	if (BPF_CORE_READ(t, tgid) != my_pid)
		return 0;
	__sync_fetch_and_add(&hits, 1);
	total += scale(1);
	v = bpf_map_lookup_elem(&slots, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("raw_tp/sys_exit")
int on_sys_exit(void *ctx)
{
	__u32 *e;

	if ((int)(bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	*e = greeting[0];
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	__u32 key = ctx->ingress_ifindex;
	struct stat s = { .packets = 1, .state = ST_SEEN };

	bpf_map_update_elem(&stats, &key, &s, BPF_NOEXIST);
	bpf_tail_call(ctx, &jumps, 0);
	return XDP_PASS;
}

SEC("tc")
int tc_pass(struct __sk_buff *skb)
{
	return 0;
}
