// One of each thing the handle-safety test needs a live handle of: a
// program (for a link and line info), a ring buffer, a user ring buffer and
// a perf event array.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} urb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} pb SEC(".maps");

SEC("raw_tp/sys_enter")
int handle(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
