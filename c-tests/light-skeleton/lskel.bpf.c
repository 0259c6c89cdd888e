// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Light-skeleton test program: a write(2) tracepoint that only reacts to the
 * process whose pid user space put in .bss before load. It counts its hits
 * in .bss (read back through the skeleton's mmap'd view), keeps a per-pid
 * tally in a hash map, and leaves a marker line in the trace buffer. A
 * .rodata constant checks that read-only data reaches the loader too.
 * bpftool's light skeletons do not auto-attach plain tracepoints, so a
 * raw_tp twin (which they do attach, via skel_raw_tracepoint_open) counts
 * the same writes. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} writes SEC(".maps");

int my_pid = 0;
__u64 hits = 0;
__u64 raw_hits = 0;
const volatile __u32 tag = 0;

SEC("tp/syscalls/sys_enter_write")
int on_write(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *cnt;

	if (pid != (__u32)my_pid)
		return 0;

	__sync_fetch_and_add(&hits, 1);
	cnt = bpf_map_lookup_elem(&writes, &pid);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&writes, &pid, &one, BPF_NOEXIST);

	bpf_printk("oxbpf lskel: write from pid %d tag %u", pid, tag);
	return 0;
}

/* raw_tp/sys_enter: args[0] is the pt_regs pointer, args[1] the syscall nr. */
SEC("raw_tp/sys_enter")
int on_raw_enter(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (pid != (__u32)my_pid || ctx->args[1] != 1 /* __NR_write on x86_64 */)
		return 0;
	__sync_fetch_and_add(&raw_hits, 1);
	return 0;
}
