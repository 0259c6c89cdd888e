// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Sections no built-in definition knows: "myprog/..." is taught to the
 * library by handler.c through libbpf_register_prog_handler (a tracepoint
 * program), "weird_sec" only matches a fallback handler. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

int my_pid = 0;
int hits = 0;

SEC("myprog/getpid")
int on_getpid(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	__sync_fetch_and_add(&hits, 1);
	return 0;
}
