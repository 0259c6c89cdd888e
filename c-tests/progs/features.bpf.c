// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A corpus object exercising the loader: many section kinds, several programs
 * per section, static and global subprograms, callbacks (function pointers),
 * custom data sections, string literals, and several map types. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} pcpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096 * 4);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 128);
	__uint(map_flags, 0);
	__type(key, __u64);
	__type(value, struct { __u32 a; __u16 b; });
} lru SEC(".maps");

int counter SEC(".data.counters") = 3;
__u64 big[4] SEC(".data.big") = { 1, 2, 3, 4 };
const volatile char tag[8] SEC(".rodata.tags") = "oxbpf";
static volatile int hidden_static;
__u32 zero_bss;

static __noinline int add(int a, int b)
{
	return a + b + hidden_static;
}

__noinline int global_helper(int x)
{
	return x * 2;
}

static int loop_cb(__u32 idx, void *ctx)
{
	__u64 *sum = ctx;

	*sum += idx;
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int tp_one(void *ctx)
{
	__u64 sum = 0;

	bpf_loop(4, loop_cb, &sum, 0);
	counter = add(counter, (int)sum);
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int tp_two(void *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&pcpu, &k);

	if (v)
		*v += global_helper(big[1]);
	return 0;
}

SEC("raw_tp/sys_enter")
int raw_one(void *ctx)
{
	bpf_printk("raw %s %d", tag, zero_bss);
	return add(1, 2) > 0 ? 0 : 1;
}

SEC("socket")
int sock_filter(struct __sk_buff *skb)
{
	return skb->len > 100 ? 0 : -1;
}

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("tc")
int tc_ingress(struct __sk_buff *skb)
{
	return global_helper(0);
}

SEC("kprobe/do_nanosleep")
int kp(void *ctx)
{
	void *e = bpf_ringbuf_reserve(&rb, 8, 0);

	if (e)
		bpf_ringbuf_discard(e, 0);
	return 0;
}

SEC("uprobe//bin/true:main")
int up(void *ctx)
{
	int cpu = 0;

	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &cpu, sizeof(cpu));
	return 0;
}

SEC("perf_event")
int pe(void *ctx)
{
	__u64 k = 1;
	struct { __u32 a; __u16 b; } v = { 1, 2 };

	bpf_map_update_elem(&lru, &k, &v, BPF_ANY);
	return 0;
}

SEC("cgroup_skb/ingress")
int cg_in(struct __sk_buff *skb)
{
	return 1;
}
