// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A subskeleton ("lib", from `bpftool gen subskeleton ... name lib`) over the
 * object a full skeleton opened: its maps, programs and variables must be the
 * skeleton's own, writes through it must reach the BPF program, and (as root)
 * the variables must still alias the kernel maps after load. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>
#include <bpf/libbpf.h>
#include "skel.skel.h"
#include "lib.subskel.h"

#define WRITES 5
static int bad;
#define CHECK(expr)                                                  \
	do {                                                         \
		if (!(expr)) {                                       \
			printf("subskel-run: failed: %s\n", #expr);  \
			bad++;                                       \
		}                                                    \
	} while (0)

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_WARN)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

int main(void)
{
	struct skel *s;
	struct lib *l;
	long key, *vp, v = 0;
	int i, fd, err;

	libbpf_set_print(quiet);
	s = skel__open();
	if (!s) {
		printf("subskel-run: skeleton open failed: %d\n", -errno);
		return 1;
	}
	l = lib__open(s->obj);
	if (!l) {
		printf("subskel-run: subskeleton open failed: %d\n", -errno);
		skel__destroy(s);
		return 1;
	}
	CHECK(l->obj == NULL || l->obj == s->obj);
	CHECK(l->maps.hits == s->maps.hits);
	CHECK(l->maps.bss == s->maps.bss && l->maps.data == s->maps.data);
	CHECK(l->maps.rodata == s->maps.rodata);
	CHECK(l->progs.on_write == s->progs.on_write);
	CHECK(l->bss.my_pid == &s->bss->my_pid);
	CHECK(l->data.counter == &s->data->counter);
	CHECK(l->rodata.factor == &s->rodata->factor);
	CHECK(*l->data.counter == 5 && *l->rodata.factor == 2);

	/* Configure through the subskeleton only. */
	*l->bss.my_pid = getpid();
	*l->rodata.factor = 3;
	*l->data.counter = 40;

	if (geteuid() != 0) {
		printf("subskel-run: %s; SKIP load: not root\n", bad ? "MISMATCH" : "open ok");
		goto out;
	}
	err = skel__load(s);
	if (!err)
		err = skel__attach(s);
	if (err) {
		printf("subskel-run: load/attach failed: %d\n", err);
		bad++;
		goto out;
	}
	CHECK(l->bss.my_pid == &s->bss->my_pid);
	CHECK(l->data.counter == &s->data->counter);
	fd = open("/dev/null", O_WRONLY);
	for (i = 0; i < WRITES; i++)
		CHECK(write(fd, "x", 1) == 1);
	close(fd);
	skel__detach(s);
	key = getpid();
	vp = &v;
	CHECK(bpf_map__lookup_elem(l->maps.hits, &(int){ (int)key }, sizeof(int), vp,
				   sizeof(v), 0) == 0);
	CHECK(v == 3);
	CHECK(*l->data.counter == 40 + WRITES);
	printf("subskel-run: counter %ld, hits value %ld\n", *l->data.counter, v);
	printf("subskel-run: %s\n", bad ? "MISMATCH" : "subskeleton aliases the loaded maps");
out:
	lib__destroy(l);
	skel__destroy(s);
	return bad != 0;
}
