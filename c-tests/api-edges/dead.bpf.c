// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Maps referenced only on paths CO-RE or .kconfig make dead: with autocreate
 * off for those maps, the object must still load (issue 14, item 1). The
 * `*_live` programs reference the same maps on a path that is taken. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} pb SEC(".maps");

/* No kernel has this type nor this option. */
struct oxbpf_no_such_type {
	int x;
};
extern _Bool CONFIG_OXBPF_NO_SUCH_OPTION __kconfig __weak;

long hits;

static __always_inline void emit(void *ctx, int ring)
{
	long v = 1;

	if (ring)
		bpf_ringbuf_output(&rb, &v, sizeof(v), 0);
	else
		bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, &v, sizeof(v));
}

/* "ring buffer if the kernel has one, else perf buffer", decided by CO-RE. */
SEC("tp/syscalls/sys_enter_getpid")
int core_dead(void *ctx)
{
	emit(ctx, bpf_core_type_exists(struct oxbpf_no_such_type));
	return 0;
}

/* The same, decided by a .kconfig value (frozen map: a known constant). */
SEC("tp/syscalls/sys_enter_getpid")
int kconfig_dead(void *ctx)
{
	emit(ctx, CONFIG_OXBPF_NO_SUCH_OPTION);
	return 0;
}

/* The dead reference sits in a subprogram (relocations numbered on). */
static __noinline int sub_emit(void *ctx)
{
	emit(ctx, bpf_core_type_exists(struct oxbpf_no_such_type));
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int sub_dead(void *ctx)
{
	return sub_emit(ctx);
}

/* A global-data map (.bss) referenced only on a dead path. */
SEC("tp/syscalls/sys_enter_getpid")
int bss_dead(void *ctx)
{
	if (bpf_core_type_exists(struct oxbpf_no_such_type))
		hits++;
	return 0;
}

/* Reachable references: the load must fail, naming the map. */
SEC("tp/syscalls/sys_enter_getpid")
int ring_live(void *ctx)
{
	emit(ctx, 1);
	return 0;
}

SEC("tp/syscalls/sys_enter_getpid")
int bss_live(void *ctx)
{
	hits++;
	return 0;
}

/* Nested subprograms (entry -> a -> c, entry -> b), the dead reference in
 * the deepest: upstream places them depth first (entry, a, c, b), which
 * fixes both the loaded layout and the relocation numbers. */
static __noinline int nest_c(void *ctx)
{
	emit(ctx, bpf_core_type_exists(struct oxbpf_no_such_type));
	return (int)bpf_get_prandom_u32();
}

static __noinline int nest_a(void *ctx)
{
	return nest_c(ctx) + (int)bpf_get_prandom_u32();
}

static __noinline int nest_b(int x)
{
	return x - (int)bpf_ktime_get_ns();
}

SEC("tp/syscalls/sys_enter_getpid")
int nested_dead(void *ctx)
{
	int r = nest_a(ctx);

	return r + nest_b(r);
}
