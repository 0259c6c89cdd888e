// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* sockfilter: a socket filter counting the IPv4 UDP packets to one port that
 * pass the socket it is attached to, and their payload bytes. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u16 port = 0;
__u64 packets, bytes;

SEC("socket")
int socket_handler(struct __sk_buff *skb)
{
	struct udphdr udp;
	__u8 verlen, proto;
	__u32 ihl;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	if (bpf_skb_load_bytes(skb, ETH_HLEN + offsetof(struct iphdr, protocol), &proto, 1))
		return 0;
	if (proto != IPPROTO_UDP)
		return 0;
	if (bpf_skb_load_bytes(skb, ETH_HLEN, &verlen, 1))
		return 0;
	ihl = (verlen & 0xf) * 4;
	if (bpf_skb_load_bytes(skb, ETH_HLEN + ihl, &udp, sizeof(udp)))
		return 0;
	if (udp.dest != bpf_htons(port))
		return 0;

	__sync_fetch_and_add(&packets, 1);
	__sync_fetch_and_add(&bytes, bpf_ntohs(udp.len) - sizeof(udp));
	/* the socket itself gets nothing: we only count */
	return 0;
}
