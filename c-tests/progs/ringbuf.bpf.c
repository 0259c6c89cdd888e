// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Event producers for the ring buffer, user ring buffer and perf buffer
 * tests and benchmarks. getppid(2) from the pid in `st.target_pid` emits
 * `st.n_per_call` records, numbered by `st.seq`, to the ring(s) or perf buffer
 * chosen by `st.mode`; getpgid(2) drains the user ring buffer. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_PER_CALL 1024
#define BIG 1024

enum mode {
	RB_SMALL = 0,	/* 16 B records to rb */
	RB_BIG = 1,	/* 1 KiB records to rb */
	PB_SMALL = 2,	/* 16 B samples to pb */
	PB_BIG = 3,	/* 1 KiB samples to pb */
	RB_BOTH = 4,	/* 16 B records alternating between rb and rb2 */
};

struct small {
	__u64 seq;
	__u32 cpu;
	__u32 tag;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} rb2 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} pb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 16 * 1024);
} urb SEC(".maps");

struct big {
	__u8 data[BIG];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct big);
} scratch SEC(".maps");

/* All knobs and counters in one .bss struct so user space knows the layout
 * (offsets 0, 4, 8, 12, then u64s from 16). */
struct state {
	int target_pid;
	__u32 mode;
	__u32 n_per_call;
	/* Every discard_every-th record (by seq) is discarded; 0: none. */
	__u32 discard_every;
	__u64 seq;
	__u64 dropped;
	/* User ring buffer drain results. */
	__u64 drained;
	__u64 drained_sum;
	__u64 drained_bad;
	__s64 drain_ret;
} st;

static __always_inline int emit_rb(void *ring, __u64 s)
{
	struct small *e = bpf_ringbuf_reserve(ring, sizeof(*e), 0);

	if (!e) {
		__sync_fetch_and_add(&st.dropped, 1);
		return 0;
	}
	e->seq = s;
	e->cpu = bpf_get_smp_processor_id();
	e->tag = 0xabcd;
	if (st.discard_every && s % st.discard_every == 0)
		bpf_ringbuf_discard(e, 0);
	else
		bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int produce(void *ctx)
{
	__u32 i, n = st.n_per_call, zero = 0;
	struct small s;
	struct big *b;

	if ((int)(bpf_get_current_pid_tgid() >> 32) != st.target_pid)
		return 0;
	for (i = 0; i < MAX_PER_CALL && i < n; i++) {
		__u64 cur = __sync_fetch_and_add(&st.seq, 1);

		switch (st.mode) {
		case RB_SMALL:
			emit_rb(&rb, cur);
			break;
		case RB_BOTH:
			emit_rb(cur & 1 ? (void *)&rb2 : (void *)&rb, cur);
			break;
		case RB_BIG:
			b = bpf_ringbuf_reserve(&rb, sizeof(*b), 0);
			if (!b) {
				__sync_fetch_and_add(&st.dropped, 1);
				break;
			}
			*(__u64 *)b->data = cur;
			bpf_ringbuf_submit(b, 0);
			break;
		case PB_SMALL:
			s.seq = cur;
			s.cpu = bpf_get_smp_processor_id();
			s.tag = 0xabcd;
			if (bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, &s, sizeof(s)))
				__sync_fetch_and_add(&st.dropped, 1);
			break;
		case PB_BIG:
			b = bpf_map_lookup_elem(&scratch, &zero);
			if (!b)
				break;
			*(__u64 *)b->data = cur;
			if (bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, b, sizeof(*b)))
				__sync_fetch_and_add(&st.dropped, 1);
			break;
		}
	}
	return 0;
}

static long drain_one(struct bpf_dynptr *dynptr, void *ctx)
{
	__u64 v;

	if (bpf_dynptr_read(&v, sizeof(v), dynptr, 0, 0)) {
		__sync_fetch_and_add(&st.drained_bad, 1);
		return 0;
	}
	__sync_fetch_and_add(&st.drained, 1);
	__sync_fetch_and_add(&st.drained_sum, v);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpgid")
int consume_user(void *ctx)
{
	long r;

	if ((int)(bpf_get_current_pid_tgid() >> 32) != st.target_pid)
		return 0;
	r = bpf_user_ringbuf_drain(&urb, drain_one, NULL, 0);
	st.drain_ret = r;
	return 0;
}
