// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Issue 14's API edges, run the same way against oxbpf and upstream libbpf:
 * prints a transcript (return values, errno, what exists in the kernel,
 * and log lines prefixed with their level) that run.sh compares.
 *
 *   edges dead   OBJ PROG [MAP...]  load only PROG, with MAPs not created
 *   edges fdnull                    bpf_map__fd(NULL), bpf_program__fd(NULL)
 *   edges usdt   OBJ                attach_usdt to this binary's probe
 *   edges pin    OBJ DIR NONBPF     pin_maps/unpin_maps, bpf_link__pin
 *   edges detach OBJ CGROUP         bpf_link__detach of three kinds of links
 *   edges extern OBJ                open + load
 *
 * Log lines: WARN and INFO all; DEBUG only those containing one of the
 * '|'-separated words in $EDGES_DEBUG (the rest differ by design). Each
 * line of a message starts with its level: "WARN: " first, "WARN> " next. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define SENTINEL 4242

static const char *debug_words;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char buf[1 << 16];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (level == LIBBPF_DEBUG) {
		const char *w = debug_words;
		int hit = 0;

		while (w && *w && !hit) {
			const char *end = strchrnul(w, '|');
			char word[128];

			snprintf(word, sizeof(word), "%.*s", (int)(end - w), w);
			hit = word[0] && strstr(buf, word);
			w = *end ? end + 1 : end;
		}
		if (!hit)
			return 0;
	}
	/* Every line of the message carries the level: "WARN: " on the
	 * first, "WARN> " on the next ones (a verifier log, say). */
	{
		const char *tag = level == LIBBPF_WARN ? "WARN" :
				  level == LIBBPF_INFO ? "INFO" : "DEBUG";
		char *line = buf, *nl;
		int first = 1;

		for (; *line; line = nl + 1, first = 0) {
			nl = strchrnul(line, '\n');
			printf("%s%c %.*s\n", tag, first ? ':' : '>', (int)(nl - line), line);
			if (!*nl)
				break;
		}
	}
	return 0;
}

static const char *ename(int e)
{
	const char *n = e ? strerrorname_np(e) : "0";

	return n ? n : "?";
}

/* "rc=R errno=E" (errno only on failure: on success it is unspecified);
 * errno set to SENTINEL before the call shows "untouched". */
static void result(const char *what, long rc, int err)
{
	if (rc >= 0) {
		printf("%s: rc=%s\n", what, rc == 0 ? "0" : "positive");
		return;
	}
	printf("%s: rc=-%s errno=%s\n", what, ename((int)-rc),
	       err == SENTINEL ? "untouched" : ename(err));
}

/* What an fd number handed out by the library is. */
static void describe_fd(const char *what, int fd, int err)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char link[64], target[256];
	ssize_t n;

	if (fd < 0) {
		printf("%s: fd=%d errno=%s\n", what, fd, err == SENTINEL ? "untouched" : ename(err));
		return;
	}
	if (!bpf_map_get_info_by_fd(fd, &info, &len)) {
		printf("%s: fd is a BPF map '%s' type %u\n", what, info.name, info.type);
		return;
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	target[n < 0 ? 0 : n] = 0;
	printf("%s: fd is '%s' (flags %s)\n", what, target,
	       fcntl(fd, F_GETFD) & FD_CLOEXEC ? "cloexec" : "-");
}

/* Runs EXPR with errno preset to SENTINEL and prints its result. */
#define CHECK(what, expr)                         \
	({                                        \
		long rc_;                         \
		errno = SENTINEL;                 \
		rc_ = (expr);                     \
		result(what, rc_, errno);         \
		rc_;                              \
	})

static struct bpf_map *find_map(struct bpf_object *obj, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	if (!m)
		printf("no map '%s'\n", name);
	return m;
}

/* Address of global variable NAME in section SEC's current value (`value`). */
static void *var_in(struct bpf_object *obj, const char *sec, const char *name, void *value)
{
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *t;
	const struct btf_var_secinfo *v;
	int id, i;

	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0)
		return NULL;
	t = btf__type_by_id(btf, id);
	v = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, v++) {
		const char *n = btf__name_by_offset(btf, btf__type_by_id(btf, v->type)->name_off);

		if (!strcmp(n, name))
			return (char *)value + v->offset;
	}
	return NULL;
}

/* Sets int variable NAME of a global-data section before load. */
static int set_int(struct bpf_object *obj, const char *sec, const char *name, int val)
{
	struct bpf_map *m = find_map(obj, sec);
	size_t sz;
	void *data = m ? bpf_map__initial_value(m, &sz) : NULL;
	int *p = data ? var_in(obj, sec, name, data) : NULL;

	if (!p) {
		printf("no variable %s in %s\n", name, sec);
		return -1;
	}
	*p = val;
	return 0;
}

/* Reads long variable NAME of SEC from the kernel map. */
static long get_long(struct bpf_object *obj, const char *sec, const char *name)
{
	struct bpf_map *m = find_map(obj, sec);
	char value[4096];
	int zero = 0;
	long *p;

	if (!m || bpf_map__value_size(m) > sizeof(value) ||
	    bpf_map_lookup_elem(bpf_map__fd(m), &zero, value))
		return -1;
	p = var_in(obj, sec, name, value);
	return p ? *p : -1;
}

static struct bpf_object *open_obj(const char *path)
{
	struct bpf_object *obj;

	errno = SENTINEL;
	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		result("open", -errno, errno);
	return obj;
}

/* The program as the kernel has it: maps it uses and its instructions,
 * with what differs between runs (map addresses, ids) blanked. */
static void dump_kernel_prog(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), ids[8], i, n_ids;
	struct bpf_insn insns[512];
	char names[8][BPF_OBJ_NAME_LEN];

	if (bpf_prog_get_info_by_fd(fd, &info, &len)) {
		printf("prog info: %s\n", ename(errno));
		return;
	}
	n_ids = info.nr_map_ids < 8 ? info.nr_map_ids : 8;
	if (info.xlated_prog_len > sizeof(insns)) {
		printf("kernel prog too long: %u\n", info.xlated_prog_len);
		return;
	}
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = n_ids;
	info.map_ids = (unsigned long)ids;
	info.xlated_prog_len = sizeof(insns);
	info.xlated_prog_insns = (unsigned long)insns;
	len = sizeof(info);
	if (bpf_prog_get_info_by_fd(fd, &info, &len)) {
		printf("prog info: %s\n", ename(errno));
		return;
	}
	for (i = 0; i < n_ids; i++) {
		struct bpf_map_info mi = {};
		__u32 ml = sizeof(mi);
		int mfd = bpf_map_get_fd_by_id(ids[i]);

		names[i][0] = 0;
		if (mfd >= 0 && !bpf_map_get_info_by_fd(mfd, &mi, &ml))
			snprintf(names[i], sizeof(names[i]), "%s", mi.name);
		if (mfd >= 0)
			close(mfd);
	}
	qsort(names, n_ids, sizeof(names[0]), (int (*)(const void *, const void *))strcmp);
	printf("kernel: prog uses %u maps:", n_ids);
	for (i = 0; i < n_ids; i++)
		printf(" %s", names[i]);
	printf("\nkernel: %u insns:", info.xlated_prog_len / 8);
	for (i = 0; i < info.xlated_prog_len / 8; i++) {
		struct bpf_insn *x = &insns[i];
		int ld64 = x->code == (BPF_LD | BPF_IMM | BPF_DW);

		printf(" %02x:%d:%d:%d:%d", x->code, x->dst_reg, x->src_reg, x->off,
		       ld64 ? 0 : x->imm);
		if (ld64)
			i++;
	}
	printf("\n");
}

static int cmd_dead(const char *path, const char *prog_name, char **nocreate, int n)
{
	struct bpf_object *obj = open_obj(path);
	struct bpf_program *prog;
	struct bpf_map *map;
	int i, err;

	if (!obj)
		return 0;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), prog_name));
	for (i = 0; i < n; i++) {
		map = find_map(obj, nocreate[i]);
		if (map)
			bpf_map__set_autocreate(map, false);
	}
	/* Item 2: before load, every map answers alike, silently. */
	bpf_object__for_each_map(map, obj) {
		char what[128];

		snprintf(what, sizeof(what), "before load: bpf_map__fd(%s)", bpf_map__name(map));
		errno = SENTINEL;
		err = bpf_map__fd(map);
		describe_fd(what, err, errno);
	}
	prog = bpf_object__find_program_by_name(obj, prog_name);
	CHECK("before load: bpf_program__fd", bpf_program__fd(prog));
	err = CHECK("load", bpf_object__load(obj));
	if (err)
		CHECK("after load: bpf_program__fd", bpf_program__fd(prog));
	bpf_object__for_each_map(map, obj) {
		char what[128];

		snprintf(what, sizeof(what), "after load: bpf_map__fd(%s) autocreate=%d",
			 bpf_map__name(map), bpf_map__autocreate(map));
		errno = SENTINEL;
		i = bpf_map__fd(map);
		describe_fd(what, i, errno);
	}
	if (!err && prog)
		dump_kernel_prog(bpf_program__fd(prog));
	bpf_object__close(obj);
	return 0;
}

static int cmd_fdnull(void)
{
	CHECK("bpf_map__fd(NULL)", bpf_map__fd(NULL));
	CHECK("bpf_program__fd(NULL)", bpf_program__fd(NULL));
	return 0;
}

/* <sys/sdt.h> probe of this binary; noinline keeps one call site. */
__attribute__((noinline)) static void tick(int i)
{
	DTRACE_PROBE1(oxbpf_edges, tick, i);
}

static int cmd_usdt(const char *path)
{
	struct bpf_object *obj = open_obj(path);
	struct bpf_program *prog;
	struct bpf_link *link;
	int err, i;

	if (!obj)
		return 0;
	if (set_int(obj, ".bss", "my_pid", getpid()) && set_int(obj, ".data", "my_pid", getpid()))
		printf("(no my_pid: counting every process)\n");
	err = CHECK("load", bpf_object__load(obj));
	prog = bpf_object__find_program_by_name(obj, "count");
	if (err || !prog)
		goto out;
	errno = SENTINEL;
	link = bpf_program__attach_usdt(prog, 0, "/proc/self/exe", "oxbpf_edges", "tick", NULL);
	result("attach_usdt", link ? 0 : -errno, errno);
	for (i = 0; i < 5; i++)
		tick(i);
	printf("hits: %ld\n", get_long(obj, ".bss", "hits"));
	bpf_link__destroy(link);
	tick(5);
	printf("hits after destroy: %ld\n", get_long(obj, ".bss", "hits"));
out:
	bpf_object__close(obj);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entries of BASE/SUB, shown as LABEL/SUB (run-specific paths out). */
static void list_dir(const char *label, const char *base, const char *sub)
{
	char *names[64], dir[512];
	struct dirent *e;
	int n = 0, i;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s%s", base, sub);
	d = opendir(dir);
	printf("ls %s%s:", label, sub);
	if (!d) {
		printf(" (%s)\n", ename(errno));
		return;
	}
	while ((e = readdir(d)) && n < 64)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static struct bpf_object *open_load(const char *path)
{
	struct bpf_object *obj = open_obj(path);

	if (obj && CHECK("load", bpf_object__load(obj))) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

static int cmd_pin(const char *path, const char *dir, const char *nonbpf)
{
	struct bpf_object *obj = open_obj(path), *obj2;
	struct bpf_program *prog;
	struct bpf_link *link = NULL;
	char p[512];

	if (!obj)
		return 0;
	CHECK("pin_maps before load", bpf_object__pin_maps(obj, dir));
	if (CHECK("load", bpf_object__load(obj)))
		goto out;

	/* Global-data maps pin as <dir>/<name with '.' turned into '_'>. */
	CHECK("pin_maps", bpf_object__pin_maps(obj, dir));
	list_dir("$DIR", dir, "");
	CHECK("unpin_maps", bpf_object__unpin_maps(obj, dir));
	list_dir("$DIR", dir, "");
	/* A '.' in the directory is turned too (the whole path is); a
	 * second object, as the first one's maps keep their pin paths. */
	obj2 = open_load(path);
	if (obj2) {
		snprintf(p, sizeof(p), "%s/sub.d", dir);
		CHECK("pin_maps sub.d", bpf_object__pin_maps(obj2, p));
		list_dir("$DIR", dir, "");
		list_dir("$DIR", dir, "/sub_d");
		CHECK("unpin_maps sub.d", bpf_object__unpin_maps(obj2, p));
		list_dir("$DIR", dir, "/sub_d");
		bpf_object__close(obj2);
	}

	/* bpf_link__pin creates the parent directory, checks it is bpffs. */
	prog = bpf_object__find_program_by_name(obj, "raw_count");
	link = prog ? bpf_program__attach(prog) : NULL;
	if (!link) {
		printf("attach raw_count failed: %s\n", ename(errno));
		goto out;
	}
	snprintf(p, sizeof(p), "%s/newdir/link", dir);
	CHECK("link pin newdir/link", bpf_link__pin(link, p));
	list_dir("$DIR", dir, "/newdir");
	printf("link pin path: %s\n", bpf_link__pin_path(link) ? "set" : "none");
	CHECK("link pin again", bpf_link__pin(link, p));
	CHECK("link unpin", bpf_link__unpin(link));
	list_dir("$DIR", dir, "/newdir");
	/* Two missing levels: only the last is created, so this fails. */
	snprintf(p, sizeof(p), "%s/a/b/link", dir);
	CHECK("link pin a/b/link", bpf_link__pin(link, p));
	list_dir("$DIR", dir, "");
	/* Not on bpffs: the directory is still made, the pin refused. */
	snprintf(p, sizeof(p), "%s/x/link", nonbpf);
	CHECK("link pin non-bpffs", bpf_link__pin(link, p));
	list_dir("$NONBPF", nonbpf, "");
	printf("link pin path: %s\n", bpf_link__pin_path(link) ? "set" : "none");
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}

static void getpids(int n)
{
	while (n--)
		syscall(__NR_getpid);
}

/* Programs attached to the cgroup for EGRESS, as the kernel lists them. */
static void cgroup_progs(int cg)
{
	__u32 ids[4], cnt = 4;

	if (bpf_prog_query(cg, BPF_CGROUP_INET_EGRESS, 0, NULL, ids, &cnt))
		printf("kernel: cgroup query: %s\n", ename(errno));
	else
		printf("kernel: cgroup egress programs: %u\n", cnt);
}

static int cmd_detach(const char *path, const char *cgroup)
{
	struct bpf_object *obj = open_obj(path);
	struct bpf_program *prog;
	struct bpf_link *link;
	long before, after;
	int cg;

	if (!obj)
		return 0;
	set_int(obj, ".bss", "my_pid", getpid());
	if (CHECK("load", bpf_object__load(obj)))
		goto out;

	/* A perf-event based link (tracepoint): the kernel refuses to detach
	 * it and the program stays attached; destroy detaches it. */
	prog = bpf_object__find_program_by_name(obj, "tp_count");
	link = prog ? bpf_program__attach(prog) : NULL;
	result("attach tp_count", link ? 0 : -errno, SENTINEL);
	if (!link)
		goto out;
	getpids(2);
	CHECK("detach tp_count", bpf_link__detach(link));
	getpids(3);
	printf("tp hits after detach: %ld\n", get_long(obj, ".bss", "tp_hits"));
	CHECK("detach tp_count again", bpf_link__detach(link));
	bpf_link__destroy(link);
	getpids(4);
	printf("tp hits after destroy: %ld\n", get_long(obj, ".bss", "tp_hits"));

	/* A raw_tp BPF link: refused by the kernel as well. */
	prog = bpf_object__find_program_by_name(obj, "raw_count");
	link = prog ? bpf_program__attach(prog) : NULL;
	result("attach raw_count", link ? 0 : -errno, SENTINEL);
	if (!link)
		goto out;
	CHECK("detach raw_count", bpf_link__detach(link));
	before = get_long(obj, ".bss", "raw_hits");
	getpids(3);
	after = get_long(obj, ".bss", "raw_hits");
	printf("raw hits grow after detach: %s\n", after > before ? "yes" : "no");
	bpf_link__destroy(link);

	/* A cgroup BPF link: detached in the kernel, the handle stays. */
	cg = open(cgroup, O_RDONLY | O_DIRECTORY);
	prog = bpf_object__find_program_by_name(obj, "cg_egress");
	link = prog && cg >= 0 ? bpf_program__attach_cgroup(prog, cg) : NULL;
	result("attach cg_egress", link ? 0 : -errno, SENTINEL);
	if (link) {
		cgroup_progs(cg);
		CHECK("detach cg_egress", bpf_link__detach(link));
		cgroup_progs(cg);
		printf("link fd after detach: %s\n", bpf_link__fd(link) >= 0 ? "kept" : "gone");
		CHECK("detach cg_egress again", bpf_link__detach(link));
		bpf_link__destroy(link);
	}
	if (cg >= 0)
		close(cg);
out:
	bpf_object__close(obj);
	return 0;
}

static int cmd_extern(const char *path)
{
	struct bpf_object *obj = open_obj(path);

	if (!obj)
		return 0;
	CHECK("load", bpf_object__load(obj));
	bpf_object__close(obj);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	debug_words = getenv("EDGES_DEBUG");
	libbpf_set_print(print_fn);
	if (argc >= 4 && !strcmp(argv[1], "dead"))
		return cmd_dead(argv[2], argv[3], argv + 4, argc - 4);
	if (argc == 2 && !strcmp(argv[1], "fdnull"))
		return cmd_fdnull();
	if (argc == 3 && !strcmp(argv[1], "usdt"))
		return cmd_usdt(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "pin"))
		return cmd_pin(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "detach"))
		return cmd_detach(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "extern"))
		return cmd_extern(argv[2]);
	fprintf(stderr, "usage: see the comment at the top of edges.c\n");
	return 2;
}
