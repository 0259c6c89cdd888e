// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Object for conform.c: a BTF-typed tracepoint program (attachable with a
 * NULL raw tracepoint name), a raw one, and ring buffers whose size the
 * test changes, a USDT program. Its BTF has no 'long' type on purpose (pointer size). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} urb SEC(".maps");

int hits;

SEC("tp_btf/sys_enter")
int typed(void *ctx)
{
	hits++;
	return 0;
}

SEC("raw_tp/sys_enter")
int untyped(void *ctx)
{
	return 0;
}

/* Loaded for uprobe.multi where the kernel has it (libbpf's rule for USDT
 * sections): the expected attach type after load shows it. */
SEC("usdt")
int usdt_prog(void *ctx)
{
	return 0;
}
