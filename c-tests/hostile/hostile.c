// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Hostile sizes (issue 16): each case runs in a child process under a low
 * RLIMIT_AS and must return an error (or, where libbpf succeeds, succeed),
 * never die by a signal. Built once against oxbpf and once against upstream
 * libbpf; run.sh compares the two outputs line by line.
 *
 * usage: hostile DIR [CASE]   DIR holds the test objects; one line per case:
 *   "<case>: <result>" or "<case>: killed by signal N"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <linux/btf.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#define LIMIT (512ul << 20)

static const char *dir;
static char out[256];

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static char *path(const char *name)
{
	static char buf[4096];
	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

/* "ok" for a non-NULL result, else the errno. */
static void ptr_result(const void *p)
{
	if (p)
		snprintf(out, sizeof(out), "ok");
	else
		snprintf(out, sizeof(out), "NULL errno=%d", errno);
}

static void int_result(long r)
{
	snprintf(out, sizeof(out), "ret=%ld", r);
}

static long rss_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static void open_obj(const char *name)
{
	struct bpf_object *obj = bpf_object__open_file(path(name), NULL);

	ptr_result(obj);
	bpf_object__close(obj);
}

/* Without a limit: open succeeds and leaves the huge region untouched (the
 * kernel may then accept the map at load, and reading the region for its
 * initial value touches it, as with libbpf). */
static void open_load_untouched(const char *name)
{
	long before = rss_kib();
	struct bpf_object *obj = bpf_object__open_file(path(name), NULL);
	long opened = rss_kib();
	int err;

	if (!obj) {
		snprintf(out, sizeof(out), "open NULL errno=%d", errno);
		return;
	}
	err = bpf_object__load(obj);
	snprintf(out, sizeof(out), "open ok, rss %s, load %s",
		 opened - before < 65536 ? "small" : "GREW", err ? "failed" : "ok");
	bpf_object__close(obj);
}

static void kconfig_1g(void) { open_obj("kconfig_1g.bpf.o"); }
static void kconfig_b1(void) { open_obj("kconfig_b1.bpf.o"); }
static void kconfig_1g_nolimit(void) { open_load_untouched("kconfig_1g.bpf.o"); }
static void kconfig_b1_nolimit(void) { open_load_untouched("kconfig_b1.bpf.o"); }
static void bss_1g(void) { open_obj("bss_1g.bpf.o"); }
static void bss_1g_nolimit(void) { open_load_untouched("bss_1g.bpf.o"); }

static void linfo(__u32 nr, __u32 rec_size)
{
	struct bpf_prog_info info = {};
	static __u32 small[64];

	info.nr_line_info = nr;
	info.line_info_rec_size = rec_size;
	info.line_info = (__u64)(unsigned long)small;
	ptr_result(bpf_prog_linfo__new(&info));
}

static void linfo_big(void) { linfo(0x10000000, 0x1000); }
static void linfo_max(void) { linfo(0xffffffff, 0xffffffff); }

/* Valid xlated records, but a jited function count no array can hold. */
static void linfo_jited_big(void)
{
	struct bpf_prog_info info = {};
	static __u32 recs[8] = { 0, 1, 2, 3, 1, 1, 2, 3 };
	static __u64 addrs[2] = { 0x1000, 0x1008 };

	info.nr_line_info = 2;
	info.line_info_rec_size = 16;
	info.line_info = (__u64)(unsigned long)recs;
	info.nr_jited_line_info = 2;
	info.jited_line_info_rec_size = 8;
	info.jited_line_info = (__u64)(unsigned long)addrs;
	info.nr_jited_ksyms = 0x40000000;
	info.nr_jited_func_lens = 0x40000000;
	info.jited_ksyms = (__u64)(unsigned long)addrs;
	info.jited_func_lens = (__u64)(unsigned long)recs;
	ptr_result(bpf_prog_linfo__new(&info));
}

static void set_insns(size_t cnt)
{
	struct bpf_object *obj = bpf_object__open_file(path("small.bpf.o"), NULL);
	struct bpf_program *prog = obj ? bpf_object__next_program(obj, NULL) : NULL;
	static struct bpf_insn buf[2];
	int r;

	if (!prog) {
		snprintf(out, sizeof(out), "setup failed errno=%d", errno);
		bpf_object__close(obj);
		return;
	}
	r = bpf_program__set_insns(prog, buf, cnt);
	snprintf(out, sizeof(out), "ret=%d insn_cnt=%zu", r, bpf_program__insn_cnt(prog));
	bpf_object__close(obj);
}

static void set_insns_2_36(void) { set_insns(1ul << 36); }
static void set_insns_overflow(void) { set_insns(SIZE_MAX / 4); }

static void set_value_size_huge(void)
{
	struct bpf_object *obj = bpf_object__open_file(path("small.bpf.o"), NULL);
	struct bpf_map *bss = obj ? bpf_object__find_map_by_name(obj, ".bss") : NULL;

	if (!bss) {
		snprintf(out, sizeof(out), "setup failed errno=%d", errno);
		bpf_object__close(obj);
		return;
	}
	int_result(bpf_map__set_value_size(bss, 0xB1000000));
	bpf_object__close(obj);
}

/* A file of `size` bytes (sparse) starting with `head`. */
static int sparse_file(const char *name, const void *head, size_t len, off_t size)
{
	int fd = open(path(name), O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, head, len) != (ssize_t)len || ftruncate(fd, size)) {
		snprintf(out, sizeof(out), "setup failed errno=%d", errno);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Raw BTF whose header claims 3 GiB of types, in a 3 GiB (sparse) file. */
static void btf_parse_3g(void)
{
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h),
		.type_off = 0, .type_len = 0xC0000000u, .str_off = 0xC0000000u, .str_len = 0,
	};

	if (sparse_file("big.btf", &h, sizeof(h), (off_t)sizeof(h) + 0xC0000000u))
		return;
	ptr_result(btf__parse_raw(path("big.btf")));
	unlink(path("big.btf"));
}

/* BTF whose header claims more types than its buffer holds. */
static void btf_new_short(void)
{
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h),
		.type_off = 0, .type_len = 0xfffffff0u, .str_off = 0, .str_len = 1,
	};
	char buf[sizeof(h) + 64] = {};

	memcpy(buf, &h, sizeof(h));
	ptr_result(btf__new(buf, sizeof(buf)));
}

/* .BTF.ext whose func_info claims 4 GiB in a 64-byte buffer. */
static void btf_ext_short(void)
{
	__u32 buf[16] = {};

	buf[0] = 0xeB9F | (1 << 16); /* magic, version 1, flags 0 */
	buf[1] = 32;                  /* hdr_len */
	buf[2] = 0;                   /* func_info_off */
	buf[3] = 0xfffffff0u;         /* func_info_len */
	buf[4] = 0;                   /* line_info_off */
	buf[5] = 0;                   /* line_info_len */
	buf[6] = 0;                   /* core_relo_off */
	buf[7] = 0;                   /* core_relo_len */
	ptr_result(btf_ext__new((const __u8 *)buf, sizeof(buf)));
}

/* An ELF image whose section count points far past its end. */
static void elf_shnum(void)
{
	static char img[1 << 16];
	FILE *f = fopen(path("small.bpf.o"), "rb");
	size_t n = f ? fread(img, 1, sizeof(img), f) : 0;
	struct bpf_object *obj;

	if (f)
		fclose(f);
	if (n < 64) {
		snprintf(out, sizeof(out), "setup failed");
		return;
	}
	img[60] = (char)0xff; /* e_shnum */
	img[61] = (char)0xff;
	obj = bpf_object__open_mem(img, n, NULL);
	ptr_result(obj);
	bpf_object__close(obj);
}

/* bpf_prog_load with instruction counts past anything the kernel takes. */
static void prog_load_cnt(size_t cnt)
{
	static struct bpf_insn insns[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", insns, cnt, NULL);

	int_result(fd < 0 ? fd : 0);
	if (fd >= 0)
		close(fd);
}

static void prog_load_u32max(void) { prog_load_cnt(0xffffffffu); }
static void prog_load_2_36(void) { prog_load_cnt(1ul << 36); }

/* A struct whose second member sits 256 MiB after its first: the C dump
 * prints 369 MB of padding, which must go out as it is produced. (Bit
 * offsets of 2^31 and more are negative ints to libbpf: no padding.) */
static size_t dumped;

static void count_printf(void *ctx, const char *fmt, va_list args)
{
	dumped += vsnprintf(NULL, 0, fmt, args);
}

static void btf_dump_padding(void)
{
	struct btf *btf = btf__new_empty();
	struct btf_dump *d;
	int i32, s, r;

	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	s = btf__add_struct(btf, "sparse", 0x7ff00000u / 8 + 8);
	btf__add_field(btf, "a", i32, 0, 0);
	btf__add_field(btf, "b", i32, 0x7ff00000u, 0);
	d = btf_dump__new(btf, count_printf, NULL, NULL);
	if (!d || i32 < 0 || s < 0) {
		snprintf(out, sizeof(out), "setup failed errno=%d", errno);
		btf__free(btf);
		return;
	}
	r = btf_dump__dump_type(d, s);
	snprintf(out, sizeof(out), "ret=%d printed %zu bytes", r, dumped);
	btf_dump__free(d);
	btf__free(btf);
}

struct hcase {
	const char *name;
	void (*fn)(void);
	int limit; /* run under RLIMIT_AS = LIMIT */
};

static const struct hcase cases[] = {
	{ "kconfig_1g", kconfig_1g, 1 },
	{ "kconfig_b1", kconfig_b1, 1 },
	{ "kconfig_1g_nolimit", kconfig_1g_nolimit, 0 },
	{ "kconfig_b1_nolimit", kconfig_b1_nolimit, 0 },
	{ "bss_1g", bss_1g, 1 },
	{ "bss_1g_nolimit", bss_1g_nolimit, 0 },
	{ "linfo_big", linfo_big, 1 },
	{ "linfo_max", linfo_max, 1 },
	{ "linfo_jited_big", linfo_jited_big, 1 },
	{ "set_insns_2_36", set_insns_2_36, 1 },
	{ "set_insns_overflow", set_insns_overflow, 1 },
	{ "set_value_size_huge", set_value_size_huge, 1 },
	{ "btf_parse_3g", btf_parse_3g, 1 },
	{ "btf_new_short", btf_new_short, 1 },
	{ "btf_ext_short", btf_ext_short, 1 },
	{ "elf_shnum", elf_shnum, 1 },
	{ "prog_load_u32max", prog_load_u32max, 1 },
	{ "prog_load_2_36", prog_load_2_36, 1 },
	{ "btf_dump_padding", btf_dump_padding, 1 },
};

static void run_child(const struct hcase *c)
{
	struct rlimit rl = { LIMIT, LIMIT };

	if (c->limit && setrlimit(RLIMIT_AS, &rl)) {
		printf("%s: setrlimit failed\n", c->name);
		exit(1);
	}
	libbpf_set_print(quiet);
	out[0] = 0;
	c->fn();
	printf("%s: %s\n", c->name, out);
	fflush(stdout);
	exit(0);
}

int main(int argc, char **argv)
{
	int failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR [CASE]\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hcase *c = &cases[i];
		int st;
		pid_t pid;

		if (argc > 2 && strcmp(argv[2], c->name))
			continue;
		pid = fork();
		if (pid == 0)
			run_child(c);
		if (pid < 0 || waitpid(pid, &st, 0) != pid) {
			printf("%s: fork/wait failed\n", c->name);
			failed = 1;
		} else if (WIFSIGNALED(st)) {
			printf("%s: killed by signal %d\n", c->name, WTERMSIG(st));
			failed = 1;
		} else if (WEXITSTATUS(st)) {
			printf("%s: exit status %d\n", c->name, WEXITSTATUS(st));
			failed = 1;
		}
	}
	return failed;
}
