// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* minimal without global variables: the pid to watch lives in an array map
 * that user space fills with bpf_map__update_elem(). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, int);
} my_pid_map SEC(".maps");

SEC("tp/syscalls/sys_enter_write")
int handle_tp(void *ctx)
{
	__u32 index = 0;
	int pid = bpf_get_current_pid_tgid() >> 32;
	int *my_pid = bpf_map_lookup_elem(&my_pid_map, &index);

	if (!my_pid || *my_pid != pid)
		return 1;

	bpf_printk("oxbpf minimal_legacy: BPF triggered from PID %d.", pid);
	return 0;
}
