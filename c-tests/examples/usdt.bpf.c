// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* usdt: two USDT probes of our own binary: one attached from its SEC() name,
 * one by hand with a cookie; both read their arguments with BPF_USDT. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

int my_pid = 0;
int auto_hits, manual_hits;
long auto_sum, manual_sum, manual_cookie, arg_cnt;

SEC("usdt//proc/self/exe:oxbpf:add")
int BPF_USDT(usdt_auto, int a, long b)
{
	if ((bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	__sync_fetch_and_add(&auto_hits, 1);
	auto_sum += a + b;
	arg_cnt = bpf_usdt_arg_cnt(ctx);
	bpf_printk("oxbpf usdt: oxbpf:add a = %d, b = %ld", a, b);
	return 0;
}

SEC("usdt")
int BPF_USDT(usdt_manual, int x, long *p)
{
	long v = 0;

	if ((bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	bpf_probe_read_user(&v, sizeof(v), p);
	__sync_fetch_and_add(&manual_hits, 1);
	manual_sum += x + v;
	manual_cookie = bpf_usdt_cookie(ctx);
	return 0;
}
