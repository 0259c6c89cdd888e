// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Bad-input corpus: a legacy SEC("maps") definition (dropped in libbpf 1.0). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct legacy_def {
	unsigned int type, key_size, value_size, max_entries, map_flags;
};

struct legacy_def old_map SEC("maps") = { BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0 };

SEC("tp/syscalls/sys_enter_getpid")
int prog(void *ctx)
{
	return 0;
}
