// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The second half of `bpftool gen object`'s link: it uses bt.bpf.c's
 * globals through externs and adds a global subprogram, a map and a
 * program of its own. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int my_pid;
extern __u64 hits;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

__noinline int bt_double(int x)
{
	return x * 2;
}

SEC("tp/syscalls/sys_enter_getpgid")
int on_getpgid(void *ctx)
{
	__u32 key = 1;
	__u64 one = 1;

	if ((int)(bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	hits += bt_double(1);
	bpf_map_update_elem(&seen, &key, &one, BPF_ANY);
	return 0;
}
