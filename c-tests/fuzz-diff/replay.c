// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Differential replay of the fuzz corpora: each input goes through the
 * public API that matches its target, and one line describes the result
 * (accepted or the errno, then what was built: type counts, programs and
 * maps, line info lookups). Built against oxbpf and against upstream;
 * run.sh compares the lines of inputs both accept.
 *
 * usage: replay TARGET FILE...
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void object(const char *data, size_t len)
{
	/* Named: the default name is made from the buffer's address. */
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "fuzz");
	struct bpf_object *obj = bpf_object__open_mem(data, len, &opts);
	struct bpf_program *p;
	struct bpf_map *m;

	if (!obj) {
		printf("reject %d\n", errno);
		return;
	}
	printf("accept progs:");
	bpf_object__for_each_program(p, obj)
		printf(" %s/%d", bpf_program__name(p), bpf_program__type(p));
	printf(" maps:");
	bpf_object__for_each_map(m, obj)
		printf(" %s/%d/%u", bpf_map__name(m), bpf_map__type(m), bpf_map__value_size(m));
	printf("\n");
	bpf_object__close(obj);
}

static void btf(const char *data, size_t len)
{
	struct btf *b = btf__new(data, len);

	if (!b) {
		printf("reject %d\n", errno);
		return;
	}
	printf("accept types %u\n", btf__type_cnt(b));
	btf__free(b);
}

static void btf_split(const char *data, size_t len)
{
	uint16_t n;
	struct btf *base, *split;

	if (len < 2) {
		printf("short\n");
		return;
	}
	memcpy(&n, data, 2);
	if (n > len - 2)
		n = len - 2;
	base = btf__new(data + 2, n);
	if (!base) {
		printf("reject base %d\n", errno);
		return;
	}
	split = btf__new_split(data + 2 + n, len - 2 - n, base);
	if (!split)
		printf("reject split %d\n", errno);
	else
		printf("accept types %u on %u\n", btf__type_cnt(split), btf__type_cnt(base));
	btf__free(split);
	btf__free(base);
}

static void btf_ext(const char *data, size_t len)
{
	struct btf_ext *e = btf_ext__new((const __u8 *)data, len);
	__u32 sz = 0;

	if (!e) {
		printf("reject %d\n", errno);
		return;
	}
	btf_ext__raw_data(e, &sz);
	printf("accept size %u\n", sz);
	btf_ext__free(e);
}

/* The input layout of the prog_linfo fuzz target (src/fuzz.rs). */
static void prog_linfo(const char *data, size_t len)
{
	struct bpf_prog_info info = {};
	struct bpf_prog_linfo *l;
	const unsigned char *h = (const unsigned char *)data;
	size_t off = 5, nr, rs, jrs, nf, need;

	if (len < 5) {
		printf("short\n");
		return;
	}
	nr = h[0] | h[1] << 8;
	rs = h[2];
	jrs = h[3];
	nf = h[4];
	need = 5 + nr * rs + nr * jrs + nf * 12;
	if (len < need || rs < 4) {
		/* The target pads short input with nothing: only whole layouts here. */
		printf("skip\n");
		return;
	}
	info.nr_line_info = nr;
	info.line_info_rec_size = rs;
	info.line_info = (__u64)(unsigned long)(data + off);
	off += nr * rs;
	if (nf) {
		info.nr_jited_line_info = nr;
		info.jited_line_info_rec_size = jrs;
		info.jited_line_info = (__u64)(unsigned long)(data + off);
		off += nr * jrs;
		info.nr_jited_ksyms = nf;
		info.nr_jited_func_lens = nf;
		info.jited_ksyms = (__u64)(unsigned long)(data + off);
		info.jited_func_lens = (__u64)(unsigned long)(data + off + nf * 8);
	}
	l = bpf_prog_linfo__new(&info);
	if (!l) {
		printf("reject %d\n", errno);
		return;
	}
	printf("accept");
	for (__u32 insn = 0; insn < 16; insn++) {
		const struct bpf_line_info *r = bpf_prog_linfo__lfind(l, insn, 0);

		printf(" %ld", r ? (long)r->insn_off : -1L);
	}
	printf("\n");
	bpf_prog_linfo__free(l);
}

int main(int argc, char **argv)
{
	void (*fn)(const char *, size_t) = NULL;

	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "object_prepare"))
		fn = object;
	else if (!strcmp(argv[1], "btf_new"))
		fn = btf;
	else if (!strcmp(argv[1], "btf_split"))
		fn = btf_split;
	else if (!strcmp(argv[1], "btf_ext_new"))
		fn = btf_ext;
	else if (!strcmp(argv[1], "prog_linfo"))
		fn = prog_linfo;
	if (!fn)
		return 2;
	libbpf_set_print(quiet);
	for (int i = 2; i < argc; i++) {
		size_t len;
		char *data = slurp(argv[i], &len);
		const char *base = strrchr(argv[i], '/');

		printf("%s: ", base ? base + 1 : argv[i]);
		if (!data) {
			printf("unreadable\n");
			continue;
		}
		fflush(stdout);
		fn(data, len);
		fflush(stdout);
		free(data);
	}
	return 0;
}
