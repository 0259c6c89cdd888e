// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One object per thread of the threads stress test: getppid(2) from the
 * thread whose id is in `target_tid` writes `per_call` records to `oxthr_rb`,
 * each carrying the thread id and a running sequence number. Names are
 * unique to this test: other tests trace the same syscall at the same time. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct rec {
	__u64 seq;
	__u32 tid;
	__u32 magic;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 1024);
} oxthr_rb SEC(".maps");

/* One struct, so user space knows the layout of .bss. */
struct state {
	int target_tid;
	__u32 per_call;
	__u64 seq;
	__u64 dropped;
} oxthr_st;

SEC("tracepoint/syscalls/sys_enter_getppid")
int oxthr_produce(void *ctx)
{
	__u32 i;

	if ((__u32)bpf_get_current_pid_tgid() != oxthr_st.target_tid)
		return 0;
	for (i = 0; i < 64 && i < oxthr_st.per_call; i++) {
		struct rec *r = bpf_ringbuf_reserve(&oxthr_rb, sizeof(*r), 0);

		if (!r) {
			__sync_fetch_and_add(&oxthr_st.dropped, 1);
			continue;
		}
		r->seq = __sync_fetch_and_add(&oxthr_st.seq, 1);
		r->tid = oxthr_st.target_tid;
		r->magic = 0x7448;
		bpf_ringbuf_submit(r, 0);
	}
	return 0;
}
