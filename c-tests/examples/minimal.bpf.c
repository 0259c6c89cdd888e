// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The smallest real program: a tracepoint on write(2) that prints when the
 * writer's pid matches the one user space stored in .bss. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

int my_pid = 0;
const volatile int magic = 42;

SEC("tp/syscalls/sys_enter_write")
int handle_tp(void *ctx)
{
	int pid = bpf_get_current_pid_tgid() >> 32;

	if (pid != my_pid)
		return 0;

	bpf_printk("oxbpf minimal: BPF triggered from PID %d, magic %d.", pid, magic);
	return 0;
}
