// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpf_prog_linfo__* on a loaded program: loads each program of OBJ, reads
 * its bpf_prog_info with line info and jited line info (raw bpf(2), so the
 * test doesn't depend on the library's info wrappers), then prints what
 * lfind answers for every instruction offset and nr_skip, and what
 * lfind_addr_func answers for every byte of every jited function (addresses
 * relative to the function). Built against oxbpf and upstream; the outputs
 * must be equal. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static int prog_info(int fd, struct bpf_prog_info *info)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(*info);
	attr.info.info = (unsigned long)info;
	return syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
}

static void print_rec(const char *what, const struct bpf_line_info *l)
{
	if (l)
		printf("%s insn_off=%u line=%u col=%u\n", what, l->insn_off, l->line_col >> 10,
		       l->line_col & 0x3ff);
	else
		printf("%s NULL errno=%d\n", what, errno);
}

static void dump_prog(int fd)
{
	struct bpf_prog_info info = {}, full = {};
	struct bpf_prog_linfo *pl;
	__u32 i, f, skip, n;
	__u64 *ksyms;
	__u32 *lens;
	char what[64];

	if (prog_info(fd, &info)) {
		printf("info: error %d\n", -errno);
		return;
	}
	n = info.nr_line_info;
	printf("nr_line_info=%u nr_jited_ksyms=%u nr_jited_line_info=%u xlated=%u\n", n,
	       info.nr_jited_ksyms, info.nr_jited_line_info, info.xlated_prog_len / 8);
	full.nr_line_info = n;
	full.line_info_rec_size = info.line_info_rec_size;
	full.line_info = (unsigned long)calloc(n, info.line_info_rec_size);
	full.nr_jited_line_info = info.nr_jited_line_info;
	full.jited_line_info_rec_size = info.jited_line_info_rec_size;
	full.jited_line_info = (unsigned long)calloc(n, info.jited_line_info_rec_size);
	full.nr_jited_ksyms = info.nr_jited_ksyms;
	full.jited_ksyms = (unsigned long)(ksyms = calloc(info.nr_jited_ksyms + 1, 8));
	full.nr_jited_func_lens = info.nr_jited_func_lens;
	full.jited_func_lens = (unsigned long)(lens = calloc(info.nr_jited_func_lens + 1, 4));
	if (prog_info(fd, &full)) {
		printf("info: error %d\n", -errno);
		return;
	}

	pl = bpf_prog_linfo__new(&full);
	if (!pl) {
		printf("new: NULL errno=%d\n", errno);
		return;
	}
	for (skip = 0; skip <= n; skip += n / 3 + 1)
		for (i = 0; i < info.xlated_prog_len / 8 + 2; i++) {
			snprintf(what, sizeof(what), "lfind(%u, skip %u)", i, skip);
			print_rec(what, bpf_prog_linfo__lfind(pl, i, skip));
		}
	for (f = 0; f <= full.nr_jited_ksyms; f++) {
		__u32 len = f < full.nr_jited_ksyms ? lens[f] : 4;
		__u64 base = f < full.nr_jited_ksyms ? ksyms[f] : ksyms[0];

		for (skip = 0; skip < 3; skip++)
			for (i = 0; i < len + 2; i++) {
				snprintf(what, sizeof(what), "addr(func %u + %u, skip %u)", f, i, skip);
				print_rec(what, bpf_prog_linfo__lfind_addr_func(pl, base + i - 1, f, skip));
			}
	}
	bpf_prog_linfo__free(pl);

	/* Only insn lookups without the jited arrays; no records at all is EINVAL. */
	full.nr_jited_ksyms = 0;
	pl = bpf_prog_linfo__new(&full);
	print_rec("no jited: lfind(0)", pl ? bpf_prog_linfo__lfind(pl, 0, 0) : NULL);
	print_rec("no jited: addr", pl ? bpf_prog_linfo__lfind_addr_func(pl, ksyms[0], 0, 0) : NULL);
	bpf_prog_linfo__free(pl);
	full.nr_line_info = 0;
	pl = bpf_prog_linfo__new(&full);
	printf("no records: %s errno=%d\n", pl ? "handle" : "NULL", pl ? 0 : errno);
	bpf_prog_linfo__free(pl);
	bpf_prog_linfo__free(NULL);
}

int main(int argc, char **argv)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OBJ\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		printf("open: error %d\n", -errno);
		return 1;
	}
	err = bpf_object__load(obj);
	if (err) {
		printf("load: error %d\n", err);
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		printf("prog %s\n", bpf_program__name(prog));
		dump_prog(bpf_program__fd(prog));
	}
	bpf_object__close(obj);
	return 0;
}
