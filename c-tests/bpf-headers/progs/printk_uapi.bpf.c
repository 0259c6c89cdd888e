// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* UAPI-only program: bpf_printk with 0..5 arguments (trace_printk and
 * trace_vprintk paths), BPF_SNPRINTF, bpf_endian, global data. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 filter_pid = 0;
__u64 hits = 0;
char out[64] = {};

/* constant forms must be usable where C requires constant expressions */
_Static_assert(bpf_htons(0x1234) == 0x3412, "bpf_htons");
_Static_assert(bpf_ntohs(0x3412) == 0x1234, "bpf_ntohs");
_Static_assert(bpf_htonl(0x12345678) == 0x78563412, "bpf_htonl");
_Static_assert(bpf_ntohl(0x78563412) == 0x12345678, "bpf_ntohl");
_Static_assert(bpf_cpu_to_be64(0x0102030405060708ULL) == 0x0807060504030201ULL, "cpu_to_be64");
_Static_assert(bpf_be64_to_cpu(0x0807060504030201ULL) == 0x0102030405060708ULL, "be64_to_cpu");
_Static_assert(__bpf_constant_htons(0xff00) == 0x00ff, "__bpf_constant_htons");

static __u16 port_class(__u16 be_port)
{
	switch (be_port) {
	case bpf_htons(80):
		return 1;
	case bpf_htons(443):
		return 2;
	default:
		return 0;
	}
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int printk_all(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u16 p = (__u16)bpf_get_prandom_u32();
	__u32 w = bpf_get_prandom_u32();
	__u64 q = bpf_ktime_get_ns();

	if (filter_pid && pid != filter_pid)
		return 0;
	__sync_fetch_and_add(&hits, 1);

	bpf_printk("zero args");
	bpf_printk("one %d", pid);
	bpf_printk("two %d %u", pid, port_class(p));
	bpf_printk("three %d %x %x", pid, bpf_ntohs(p), bpf_htonl(w));
	bpf_printk("four %d %d %d %llx", pid, 1, 2, bpf_be64_to_cpu(q));
	bpf_printk("five %d %d %d %d %lld", pid, 1, 2, 3, bpf_cpu_to_be64(q));
	BPF_SNPRINTF(out, sizeof(out), "pid=%d hits=%llu", pid, hits);
	return 0;
}
