// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A USDT program that only counts hits: it never reads its arguments, so it
 * never touches the USDT spec map (issue 14, item 4). */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "GPL";

int my_pid;
long hits;

SEC("usdt")
int count(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == my_pid)
		__sync_fetch_and_add(&hits, 1);
	return 0;
}
