// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The selftests' btf_dump check: every type of an object's BTF dumped as C
 * with btf_dump__dump_type, in id order, to stdout (as prog_tests/btf_dump.c
 * does). "ptr8" sets the pointer size to 8 first, for the cases whose BTF
 * has no long to guess it from. Built against oxbpf and against upstream. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static void print_type(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

int main(int argc, char **argv)
{
	struct btf_dump *d;
	struct btf *btf;
	__u32 id, n;
	int err = 0;

	if (argc != 3 || (strcmp(argv[2], "ptr8") && strcmp(argv[2], "known"))) {
		fprintf(stderr, "usage: %s OBJ ptr8|known\n", argv[0]);
		return 2;
	}
	btf = btf__parse_elf(argv[1], NULL);
	if (!btf) {
		printf("btf__parse_elf: error %d\n", -errno);
		return 1;
	}
	if (strcmp(argv[2], "ptr8") == 0)
		btf__set_pointer_size(btf, 8);
	else if (btf__pointer_size(btf) != 8)
		fprintf(stderr, "pointer size %zu, expected 8\n", btf__pointer_size(btf));
	d = btf_dump__new(btf, print_type, stdout, NULL);
	if (!d) {
		printf("btf_dump__new: error %d\n", -errno);
		btf__free(btf);
		return 1;
	}
	n = btf__type_cnt(btf);
	for (id = 1; id < n && !err; id++)
		err = btf_dump__dump_type(d, id);
	if (err)
		printf("btf_dump__dump_type: error %d\n", err);
	btf_dump__free(d);
	btf__free(btf);
	return err ? 1 : 0;
}
