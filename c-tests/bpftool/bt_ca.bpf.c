// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* struct_ops for `bpftool struct_ops register`: a TCP congestion control
 * registered through a link (.struct_ops.link) and one by map update
 * (.struct_ops). CA_NAME makes the names unique per test run: they are
 * global in the kernel. */
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

SEC("struct_ops/ssthresh")
__u32 BPF_PROG(bt_ssthresh, struct sock *sk)
{
	return 10;
}

SEC("struct_ops/cong_avoid")
void BPF_PROG(bt_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC("struct_ops/undo_cwnd")
__u32 BPF_PROG(bt_undo_cwnd, struct sock *sk)
{
	return 2;
}

SEC(".struct_ops.link")
struct tcp_congestion_ops bt_ca = {
	.ssthresh = (void *)bt_ssthresh,
	.cong_avoid = (void *)bt_cong_avoid,
	.undo_cwnd = (void *)bt_undo_cwnd,
	.name = CA_NAME "l",
};

SEC(".struct_ops")
struct tcp_congestion_ops bt_ca_nolink = {
	.ssthresh = (void *)bt_ssthresh,
	.cong_avoid = (void *)bt_cong_avoid,
	.undo_cwnd = (void *)bt_undo_cwnd,
	.name = CA_NAME "m",
};
