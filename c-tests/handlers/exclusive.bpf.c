// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpf_map__set_exclusive_program: excl_map is made exclusive to `owner`
 * (exclusive.c). `owner` reads .bss (a map-value ld_imm64) and calls a
 * subprogram, so its digest is of linked, relocated instructions;
 * `intruder` uses excl_map too and must be refused by the kernel. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} excl_map SEC(".maps");

int my_pid = 0;

static __attribute__((noinline)) int bump(__u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&excl_map, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int owner(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) != my_pid)
		return 0;
	return bump(0);
}

SEC("tp/syscalls/sys_enter_getpid")
int intruder(void *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&excl_map, &k);

	if (v)
		*v += 100;
	return 0;
}
