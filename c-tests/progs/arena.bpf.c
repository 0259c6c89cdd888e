// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An ARENA map with 64-bit attributes given by __ulong (map_extra: the user
 * address to map it at) and __arena globals, which clang puts in section
 * .addr_space.1: open keeps them as the arena's initial value, and
 * references to them are relocated into the arena map. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define __arena __attribute__((address_space(1)))

struct {
	__uint(type, 33 /* BPF_MAP_TYPE_ARENA */);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 10);
	__ulong(map_extra, (1ull << 44) | 0x1000);
} arena SEC(".maps");

int __arena counter = 7;
char __arena buf[100] = "arena";
long __arena zeroed;

SEC("syscall")
int bump(void *ctx)
{
	counter++;
	zeroed += buf[1];
	return 0;
}
