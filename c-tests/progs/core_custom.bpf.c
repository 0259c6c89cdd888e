// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CO-RE corpus for a btf_custom_path target (core_target.btf.c): offsets,
 * sizes, narrower integers, bitfield shifts, flavored target names, enum
 * values and typedefs all come from that file, not from the kernel. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct {
	int pid;
	int tgid;
	unsigned int flags;     /* target: unsigned char (size fixup) */
	struct task_struct *parent;
	char comm[16];
	unsigned int a: 3, b: 7, c: 22;
	signed int s: 5;
	int missing;
} __attribute__((preserve_access_index));

struct point {
	int x;
	int y;
} __attribute__((preserve_access_index));

enum color { GREEN = 2, RED = 1, BLUE = 3 };

typedef unsigned long long u64_t;

__u64 out[32] = {};

SEC("tracepoint/syscalls/sys_enter_getppid")
int core_custom(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct point *p = (void *)t;

	out[0] = BPF_CORE_READ(t, tgid);
	out[1] = BPF_CORE_READ(t, parent, tgid);
	out[2] = BPF_CORE_READ_BITFIELD_PROBED(t, b);
	out[3] = BPF_CORE_READ_BITFIELD_PROBED(t, s);
	out[4] = BPF_CORE_READ_BITFIELD_PROBED(t, c);
	out[5] = BPF_CORE_READ(p, x);
	out[6] = bpf_core_field_offset(p->y);
	out[7] = bpf_core_field_exists(t->missing);
	out[8] = bpf_core_field_size(t->comm);
	out[9] = bpf_core_field_size(t->pid);
	out[10] = bpf_core_enum_value(enum color, GREEN);
	out[11] = bpf_core_enum_value_exists(enum color, BLUE);
	out[12] = bpf_core_type_size(u64_t);
	out[13] = bpf_core_type_id_kernel(struct point);
	out[14] = bpf_core_type_id_kernel(struct task_struct);
	out[15] = bpf_core_type_matches(struct point);
	out[16] = __builtin_preserve_field_info(t->s, BPF_FIELD_SIGNED);
	out[17] = __builtin_preserve_field_info(t->flags, BPF_FIELD_SIGNED);
	return 0;
}
