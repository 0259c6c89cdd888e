// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Prints libbpf's answers about a BTF (vmlinux by default, or the file given
 * with -f): type count, then for each name on stdin find_by_name,
 * find_by_name_kind for every kind, and resolve_size/resolve_type/align_of of
 * what was found; then the same three for every 97th type id. Built against
 * oxbpf and against upstream; the outputs must be equal. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static void describe(const struct btf *btf, int id)
{
	printf(" size=%d resolve=%d align=%d", (int)btf__resolve_size(btf, id),
	       btf__resolve_type(btf, id), btf__align_of(btf, id));
}

int main(int argc, char **argv)
{
	struct btf *btf;
	char line[256];
	unsigned int n, id, kind;

	libbpf_set_print(quiet);
	if (argc > 2 && strcmp(argv[1], "-f") == 0)
		btf = btf__parse(argv[2], NULL);
	else
		btf = btf__load_vmlinux_btf();
	if (!btf) {
		printf("load: error %d\n", -errno);
		return 0;
	}
	n = btf__type_cnt(btf);
	printf("type_cnt %u endianness %d ptr %zu\n", n, btf__endianness(btf), btf__pointer_size(btf));
	while (fgets(line, sizeof(line), stdin)) {
		int found;

		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		found = btf__find_by_name(btf, line);
		printf("'%s': find_by_name=%d", line, found);
		if (found > 0)
			describe(btf, found);
		printf("\n");
		for (kind = 0; kind <= BTF_KIND_ENUM64 + 1; kind++) {
			found = btf__find_by_name_kind(btf, line, kind);
			if (found == -ENOENT)
				continue;
			printf("  kind %u: %d", kind, found);
			if (found > 0)
				describe(btf, found);
			printf("\n");
		}
	}
	for (id = 0; id < n; id += id < 200 ? 1 : 97) {
		printf("[%u]", id);
		describe(btf, id);
		printf("\n");
	}
	btf__free(btf);
	return 0;
}
