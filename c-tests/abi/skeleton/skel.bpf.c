// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A small object with every kind of section a skeleton exposes: .bss, .data,
 * .rodata, a hash map and a tracepoint program. Only compiled, never loaded. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

int my_pid;			/* .bss */
long counter = 5;		/* .data */
const volatile int factor = 2;	/* .rodata */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, int);
	__type(value, long);
} hits SEC(".maps");

SEC("tp/syscalls/sys_enter_write")
int on_write(void *ctx)
{
	int key = bpf_get_current_pid_tgid() >> 32;
	long one = factor;

	if (key != my_pid)
		return 0;
	counter++;
	bpf_map_update_elem(&hits, &key, &one, BPF_ANY);
	return 0;
}
