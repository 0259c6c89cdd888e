// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* minimal_ns: like minimal, but matches the writer by its pid as seen from a
 * given pid namespace (dev/ino of /proc/self/ns/pid), so it works in containers. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

int my_pid = 0;
unsigned long long dev = 0;
unsigned long long ino = 0;
int hits = 0;

SEC("tp/syscalls/sys_enter_write")
int handle_tp(void *ctx)
{
	struct bpf_pidns_info ns;

	if (bpf_get_ns_current_pid_tgid(dev, ino, &ns, sizeof(ns)))
		return 0;
	if (ns.pid != my_pid)
		return 0;

	__sync_fetch_and_add(&hits, 1);
	bpf_printk("oxbpf minimal_ns: BPF triggered from PID %d.", ns.pid);
	return 0;
}
