// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Uses a bpftool-generated skeleton the way libbpf-bootstrap's apps do, plus
 * the libbpf.h macros and callback typedefs, so the compiler checks them
 * against our header. Compiled only (-c). */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "skel.skel.h"

static int print_cb(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int on_sample(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	return (int)size;
}

int run(void);
int run(void)
{
	LIBBPF_OPTS(bpf_object_open_opts, open_opts, .object_name = "skel");
	struct bpf_program *prog;
	struct bpf_map *map;
	struct ring_buffer *rb;
	struct skel *s;
	int err, n = 0;

	libbpf_set_print(print_cb);
	s = skel__open_opts(&open_opts);
	if (!s)
		return -1;
	s->bss->my_pid = getpid();
	s->data->counter = 1;
	s->rodata->factor = 3;
	bpf_object__for_each_program(prog, s->obj)
		n += bpf_program__autoload(prog);
	bpf_object__for_each_map(map, s->obj)
		n += (int)bpf_map__max_entries(map);
	err = skel__load(s);
	if (!err)
		err = skel__attach(s);
	rb = ring_buffer__new(bpf_map__fd(s->maps.hits), on_sample, NULL, NULL);
	ring_buffer__free(rb);
	skel__detach(s);
	skel__destroy(s);
	return err ? err : n;
}
