// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* For valgrind memcheck: open → load → attach → destroy of each object given,
 * `rounds` times. Prints one line per object and round: the load's result. */
#include <stdio.h>
#include <stdlib.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1;

	libbpf_set_print(quiet);
	for (int r = 0; r < rounds; r++) {
		for (int i = 2; i < argc; i++) {
			struct bpf_object *obj = bpf_object__open_file(argv[i], NULL);
			struct bpf_program *prog;
			struct bpf_link *links[16];
			int n = 0, err;

			if (!obj) {
				printf("%s: open failed\n", argv[i]);
				continue;
			}
			err = bpf_object__load(obj);
			bpf_object__for_each_program(prog, obj) {
				if (!err && n < 16)
					links[n++] = bpf_program__attach(prog);
			}
			printf("%s: load %d\n", argv[i], err);
			while (n-- > 0)
				bpf_link__destroy(links[n]);
			bpf_object__close(obj);
		}
	}
	return 0;
}
