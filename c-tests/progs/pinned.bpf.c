// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A map pinned by name (shared between loads) and one that is not. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} shared SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} private_map SEC(".maps");

SEC("tp/syscalls/sys_enter_getppid")
int touch(void *ctx)
{
	__u32 k = 1;
	__u64 v = 42;

	bpf_map_update_elem(&shared, &k, &v, BPF_ANY);
	bpf_map_update_elem(&private_map, &(__u32){0}, &v, BPF_ANY);
	return 0;
}
