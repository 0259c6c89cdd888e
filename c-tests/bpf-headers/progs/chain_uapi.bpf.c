// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* UAPI-only, compile-only: every BPF_CORE_READ / BPF_PROBE_READ variant,
 * chains up to the 9-accessor maximum, and bitfield read/write on a local
 * CO-RE type; BPF_PROG2 with a 16-byte by-value argument. run.sh counts
 * relocations and helper calls per section. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct node {
	struct node *next;
	int val;
	char name[16];
	const char *label;
	unsigned int flag: 1;
	int level: 5;
} __attribute__((preserve_access_index));

struct node *head;
long sink;
char sbuf[16];

/* 9 accessors: 8 pointer hops + the final field, one relocated read each */
SEC("tracepoint/chain9")
int chain9(void *ctx)
{
	sink = BPF_CORE_READ(head, next, next, next, next, next, next, next, next, val);
	return 0;
}

SEC("tracepoint/chain_into")
int chain_into(void *ctx)
{
	int v = 0;

	BPF_CORE_READ_INTO(&v, head, next, val);
	BPF_CORE_READ_STR_INTO(&sbuf, head, next, name);
	sink = v + BPF_CORE_READ(head, val);
	return 0;
}

/* user-memory variants: bpf_probe_read_user(_str) with relocations */
SEC("uprobe")
int chain_user(void *ctx)
{
	int v = 0;

	BPF_CORE_READ_USER_INTO(&v, head, next, val);
	BPF_CORE_READ_USER_STR_INTO(&sbuf, head, next, name);
	sink = v + BPF_CORE_READ_USER(head, next, next, val);
	bpf_core_read_user(&v, sizeof(v), &head->val);
	bpf_core_read_user_str(sbuf, sizeof(sbuf), &head->name);
	return 0;
}

/* non-CO-RE variants: same reads, no relocations */
SEC("tracepoint/chain_probe")
int chain_probe(void *ctx)
{
	int v = 0;

	BPF_PROBE_READ_INTO(&v, head, next, val);
	BPF_PROBE_READ_STR_INTO(&sbuf, head, next, name);
	sink = v + BPF_PROBE_READ(head, next, next, val);
	BPF_PROBE_READ_USER_INTO(&v, head, next, val);
	BPF_PROBE_READ_USER_STR_INTO(&sbuf, head, next, name);
	sink += v + BPF_PROBE_READ_USER(head, next, val);
	return 0;
}

SEC("tracepoint/bitfields")
int bitfields(void *ctx)
{
	struct node *n = head;

	if (!n)
		return 0;
	sink = BPF_CORE_READ_BITFIELD_PROBED(n, flag) + BPF_CORE_READ_BITFIELD_PROBED(n, level);
	sink += BPF_CORE_READ_BITFIELD(n, level);
	BPF_CORE_WRITE_BITFIELD(n, level, -3);
	sink += bpf_core_field_exists(n->label) + bpf_core_field_size(struct node, name) +
		bpf_core_field_offset(n->val);
	return 0;
}

/* BPF_PROG2: x in slot 0, the 16-byte struct in slots 1-2, c in slot 3 */
struct pair16 {
	__u64 lo, hi;
};

SEC("fentry/oxbpf_fake")
int BPF_PROG2(prog2_wide, int, x, struct pair16, pr, char, c)
{
	sink = x + pr.lo * 3 + pr.hi * 5 + c;
	return 0;
}
