// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Names and sizes libbpf adjusts at open: the object name (from this file's
 * name, over 15 characters) is cut to 15; custom .data.* / .rodata.* maps
 * keep their full section name for bpf_map__name while the kernel gets 15
 * characters; ring buffer sizes that are not a page-size power of two are
 * rounded up (also for user ring buffers). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1000);
} rb_1000 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 2);
} rb_2 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 3 * 4096);
} rb_3pages SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} rb_exact SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 8);
} urb_8 SEC(".maps");

int in_long_data SEC(".data.a_rather_long_section_name") = 1;
const volatile int in_long_rodata SEC(".rodata.another_long_one") = 2;
int in_short SEC(".data.short") = 3;
int plain_data = 4;

SEC("tp/syscalls/sys_enter_getpid")
int use_them(void *ctx)
{
	__u64 *v = bpf_ringbuf_reserve(&rb_1000, 8, 0);

	if (v) {
		*v = in_long_data + in_long_rodata + in_short + plain_data;
		bpf_ringbuf_submit(v, 0);
	}
	bpf_ringbuf_output(&rb_2, &in_short, 4, 0);
	bpf_ringbuf_output(&rb_3pages, &in_short, 4, 0);
	bpf_ringbuf_output(&rb_exact, &in_short, 4, 0);
	return 0;
}
