// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* struct_ops: a TCP congestion control written in BPF, registered once
 * through a link (.struct_ops.link) and once by map update (.struct_ops).
 * The object's struct names only the members it sets; the loader matches
 * them by name with the kernel's struct tcp_congestion_ops. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct sock;

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
};

__u64 ssthresh_calls, cong_avoid_calls;

SEC("struct_ops/ssthresh")
__u32 BPF_PROG(ca_ssthresh, struct sock *sk)
{
	__sync_fetch_and_add(&ssthresh_calls, 1);
	return 10;
}

SEC("struct_ops/cong_avoid")
void BPF_PROG(ca_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	__sync_fetch_and_add(&cong_avoid_calls, 1);
}

SEC("struct_ops/undo_cwnd")
__u32 BPF_PROG(ca_undo_cwnd, struct sock *sk)
{
	return 10;
}

SEC(".struct_ops.link")
struct tcp_congestion_ops oxbpf_ca = {
	.ssthresh = (void *)ca_ssthresh,
	.cong_avoid = (void *)ca_cong_avoid,
	.undo_cwnd = (void *)ca_undo_cwnd,
	.name = "oxbpf_ca",
};

SEC(".struct_ops")
struct tcp_congestion_ops oxbpf_ca_nolink = {
	.ssthresh = (void *)ca_ssthresh,
	.cong_avoid = (void *)ca_cong_avoid,
	.undo_cwnd = (void *)ca_undo_cwnd,
	.name = "oxbpf_ca_nl",
};
