// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Producer of bench/rb_parallel.c, after the kernel's bench_ringbufs
 * ("parallel producer"): every getpgid(2) of the process `tgid` writes
 * `batch_cnt` 8-byte records to the ring buffer (mode 0) or the perf
 * buffer (mode 1); failed writes are counted in `dropped`, written ones
 * in `produced`. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 512 * 1024);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} pb SEC(".maps");

const volatile __u32 tgid = 0;
const volatile int batch_cnt = 500;
const volatile int mode = 0;

long sample_val = 42;
long produced __attribute__((aligned(128))) = 0;
long dropped __attribute__((aligned(128))) = 0;

SEC("tp/syscalls/sys_enter_getpgid")
int produce(void *ctx)
{
	long *sample, ok = 0;
	int i;

	if ((bpf_get_current_pid_tgid() >> 32) != tgid)
		return 0;
	if (mode == 0) {
		for (i = 0; i < batch_cnt; i++) {
			sample = bpf_ringbuf_reserve(&rb, sizeof(sample_val), 0);
			if (!sample) {
				__sync_fetch_and_add(&dropped, 1);
				continue;
			}
			*sample = sample_val;
			bpf_ringbuf_submit(sample, 0);
			ok++;
		}
	} else {
		for (i = 0; i < batch_cnt; i++) {
			if (bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU,
						  &sample_val, sizeof(sample_val)))
				__sync_fetch_and_add(&dropped, 1);
			else
				ok++;
		}
	}
	__sync_fetch_and_add(&produced, ok);
	return 0;
}
