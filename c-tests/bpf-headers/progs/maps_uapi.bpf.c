// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* UAPI-only program: BTF map definitions (__uint/__type/__array/__ulong,
 * map-in-map and prog-array static initialisation), tail calls, open-coded
 * iterators, and the small utility macros of bpf_helpers.h. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* linux-libc-dev 6.1 predates the open-coded iterators (UAPI since 6.4):
 * declare the kernel's layout ourselves, as newer <linux/bpf.h> does. */
struct bpf_iter_num {
	__u64 __opaque[1];
} __attribute__((aligned(8)));

struct val {
	__u64 count;
	__u32 slot;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, struct val);
	__uint(pinning, LIBBPF_PIN_NONE);
} counts SEC(".maps");

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} inner_a SEC(".maps"), inner_b SEC(".maps");

/* map-in-map, slots 0 and 1 pre-filled by the loader */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { &inner_a, &inner_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 64);
	__type(value, __u32);
	__uint(map_flags, 0);
	__uint(map_extra, 3);	/* number of hash functions */
} bloom SEC(".maps");

int tail_target(void *ctx);

/* prog array, slot 0 pre-filled with tail_target */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, int (void *));
} jmp SEC(".maps") = {
	.values = { [0] = (void *)&tail_target },
};

struct wrapper {
	__u32 a;
	struct val v;
};

_Static_assert(KERNEL_VERSION(6, 1, 300) == ((6 << 16) + (1 << 8) + 255), "KERNEL_VERSION caps c");
_Static_assert(offsetof(struct wrapper, v) == 8, "offsetof");

static __always_inline __u32 slot_of(__u32 x)
{
	return x & 3;
}

static __noinline int sum_to(int n)
{
	int i, s = 0;

	bpf_for(i, 0, n)
		s += i;
	return s;
}

__weak __hidden int global_helper(__u32 x)
{
	return x * 2;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int tail_target(void *ctx)
{
	bpf_printk("tail call reached");
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int use_maps(void *ctx)
{
	__u32 key = bpf_get_current_pid_tgid() >> 32;
	struct val init = {}, *v;
	struct wrapper *w;
	void *in;
	__u64 *cell;
	__u32 zero = 0, bloom_val = key;
	int total = 0, *it;

	v = bpf_map_lookup_elem(&counts, &key);
	if (unlikely(!v)) {
		init.slot = slot_of(key);
		bpf_map_update_elem(&counts, &key, &init, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, &key);
		if (!v)
			return 0;
	}
	__sync_fetch_and_add(&v->count, 1);
	w = container_of(v, struct wrapper, v);
	barrier();
	if (likely(w != NULL))
		barrier_var(key);

	in = bpf_map_lookup_elem(&outer, &zero);
	if (in) {
		cell = bpf_map_lookup_elem(in, &zero);
		if (cell)
			__sync_fetch_and_add(cell, 1);
	}

	bpf_map_push_elem(&bloom, &bloom_val, 0);

	bpf_for_each(num, it, 0, 3)
		total += *it;
	bpf_repeat(2)
		total++;
	total += sum_to(4) + global_helper(key);

	bpf_printk("total %d", total);
	bpf_tail_call_static(ctx, &jmp, 0);
	return 0;
}
