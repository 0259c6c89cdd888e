// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One numbered 8-byte record per getpgid(2) of process `tgid` (wakeup.c). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} rb SEC(".maps");

const volatile __u32 tgid = 0;
__u64 seq = 0;
__u64 dropped = 0;

SEC("tp/syscalls/sys_enter_getpgid")
int produce(void *ctx)
{
	__u64 *rec;

	if ((bpf_get_current_pid_tgid() >> 32) != tgid)
		return 0;
	rec = bpf_ringbuf_reserve(&rb, sizeof(*rec), 0);
	if (!rec) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	*rec = ++seq;
	bpf_ringbuf_submit(rec, 0);
	return 0;
}
