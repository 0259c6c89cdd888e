// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* SEC("?...") programs (autoload off; the '?' is not part of the section
 * name, so the type is found) next to plain ones, and sections whose
 * definition implies load flags (sleepable, XDP frags): bpf_program__flags
 * must not show those. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("?tp/syscalls/sys_enter_getpid")
int qmark_tp(void *ctx)
{
	return 0;
}

SEC("?raw_tp/sys_enter")
int qmark_raw_tp(void *ctx)
{
	return 0;
}

SEC("?xdp.frags")
int qmark_xdp_frags(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp.frags")
int xdp_frags(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("?syscall")
int qmark_syscall(void *ctx)
{
	return 0;
}

SEC("uprobe.s")
int sleepable_uprobe(void *ctx)
{
	return 0;
}

SEC("?socket")
int qmark_socket(void *ctx)
{
	return 0;
}

SEC("socket")
int plain_socket(void *ctx)
{
	return 0;
}

static int loop_cb(__u32 i, void *ctx)
{
	return 0;
}

/* Not loaded, but relocation still marks its callback address as
 * BPF_PSEUDO_FUNC, as libbpf does for every program. */
SEC("?tp/syscalls/sys_enter_getppid")
int qmark_with_cb(void *ctx)
{
	bpf_loop(2, loop_cb, (void *)0, 0);
	return 0;
}
