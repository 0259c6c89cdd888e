// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Behaviours of the C API that the kernel selftests rely on, printed so the
 * oxbpf build and the upstream build can be compared line by line:
 * btf__pointer_size of object BTF, bpf_map__set_max_entries on ring
 * buffers, bpf_program__attach_raw_tracepoint with a NULL name, the
 * expected attach type of a USDT program after load. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int main(int argc, char **argv)
{
	static const unsigned int sizes[] = { 0, 1, 8, 1000, 4096, 5000, 3 * 4096, 65536 };
	struct bpf_program *typed, *untyped;
	struct bpf_map *rb, *urb;
	struct bpf_object *obj;
	struct bpf_link *link;
	unsigned int i;
	int err;

	if (argc < 2)
		return 2;
	libbpf_set_print(quiet);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		printf("open: %d\n", -errno);
		return 1;
	}
	printf("pointer_size %zu\n", btf__pointer_size(bpf_object__btf(obj)));
	rb = bpf_object__find_map_by_name(obj, "rb");
	urb = bpf_object__find_map_by_name(obj, "urb");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		bpf_map__set_max_entries(rb, sizes[i]);
		bpf_map__set_max_entries(urb, sizes[i]);
		printf("set_max_entries %u: ringbuf %u user_ringbuf %u\n", sizes[i],
		       bpf_map__max_entries(rb), bpf_map__max_entries(urb));
	}
	bpf_map__set_max_entries(rb, 4096);
	bpf_map__set_max_entries(urb, 4096);
	err = bpf_object__load(obj);
	printf("load %d\n", err);
	printf("usdt expected_attach_type %d\n",
	       bpf_program__expected_attach_type(bpf_object__find_program_by_name(obj, "usdt_prog")));
	typed = bpf_object__find_program_by_name(obj, "typed");
	untyped = bpf_object__find_program_by_name(obj, "untyped");
	link = bpf_program__attach_raw_tracepoint(typed, NULL);
	printf("attach_raw_tracepoint(tp_btf, NULL): %s %d\n", link ? "link" : "error",
	       link ? 0 : -errno);
	if (link) {
		getpid();
		bpf_link__destroy(link);
	}
	link = bpf_program__attach_raw_tracepoint(untyped, NULL);
	printf("attach_raw_tracepoint(raw_tp, NULL): %s %d\n", link ? "link" : "error",
	       link ? 0 : -errno);
	bpf_link__destroy(link);
	link = bpf_program__attach_raw_tracepoint(untyped, "sys_enter");
	printf("attach_raw_tracepoint(raw_tp, \"sys_enter\"): %s\n", link ? "link" : "error");
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
