// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpf_object__gen_loader end to end: open an object, record its load as a
 * loader program, run that loader the way a light skeleton does
 * (skel_internal.h's bpf_load_and_run with a bpf_loader_ctx followed by one
 * bpf_map_desc per map and one bpf_prog_desc per program), then check the
 * maps and programs it created against the object, attach a program and
 * watch it run.
 *
 * Built once against oxbpf and once against upstream libbpf v1.7.0; lines
 * starting with "SIG " describe what the loader created (kernel info
 * fields, process-independent results) and must match between the two.
 *
 *   gen_loader <globals.bpf.o> <core_task.bpf.o> <ksyms.bpf.o> <map_in_map.bpf.o>
 *              <features.bpf.o> <kconfig.bpf.o> <mim.bpf.o>
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
/* The runner is always ours (the same for both libraries under test). */
#include "skel_internal.h"

static int npass, nfail, nskip;

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		if (cond) {                                                   \
			npass++;                                              \
		} else {                                                      \
			nfail++;                                              \
			printf("FAIL: %s:%d: ", __func__, __LINE__);          \
			printf(__VA_ARGS__);                                  \
			printf("\n");                                         \
		}                                                             \
	} while (0)

/* The verifier log of the last loader that failed. */
static char last_log[1 << 16];

#define MAX_MAPS 16
#define MAX_PROGS 16

/* A light skeleton's state, as bpftool lays it out. */
struct lskel {
	struct bpf_object *obj;
	struct gen_loader_opts gen;
	int nr_maps, nr_progs;
	struct bpf_map *maps[MAX_MAPS];
	struct bpf_program *progs[MAX_PROGS];
	/* max_entries handed to the loader (0: the recorded one) */
	__u32 max_entries[MAX_MAPS];
	/* initial values handed to the loader (NULL: the recorded ones) */
	void *init[MAX_MAPS];
	size_t mmap_sz[MAX_MAPS];
	/* ctx | map descs | prog descs */
	struct bpf_loader_ctx *ctx;
	struct bpf_map_desc *map_desc;
	struct bpf_prog_desc *prog_desc;
};

/* Offset of variable `var` in datasec `sec` of the object's BTF. */
static long var_off(struct bpf_object *obj, const char *sec, const char *var)
{
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *t;
	const struct btf_var_secinfo *vs;
	int id, i;

	if (!btf)
		return -1;
	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(btf, vs->type);

		if (!strcmp(btf__name_by_offset(btf, v->name_off), var))
			return vs->offset;
	}
	return -1;
}

static struct bpf_map *map_by_sec(struct lskel *s, const char *sfx, int *idx)
{
	int i;

	for (i = 0; i < s->nr_maps; i++) {
		const char *n = bpf_map__name(s->maps[i]);
		size_t ln = strlen(n), ls = strlen(sfx);

		if (ln >= ls && !strcmp(n + ln - ls, sfx)) {
			*idx = i;
			return s->maps[i];
		}
	}
	return NULL;
}

/* Opens `path` and records its load (program `skip` not loaded); 0 or
 * -errno of the failing step. */
static int lskel_gen(struct lskel *s, const char *path, const char *skip)
{
	struct bpf_map *m;
	struct bpf_program *p;
	int err;

	memset(s, 0, sizeof(*s));
	s->obj = bpf_object__open_file(path, NULL);
	if (!s->obj)
		return -errno;
	bpf_object__for_each_map(m, s->obj) {
		if (s->nr_maps == MAX_MAPS)
			return -E2BIG;
		s->maps[s->nr_maps++] = m;
	}
	bpf_object__for_each_program(p, s->obj) {
		if (skip && !strcmp(bpf_program__name(p), skip)) {
			bpf_program__set_autoload(p, false);
			continue;
		}
		if (s->nr_progs == MAX_PROGS)
			return -E2BIG;
		s->progs[s->nr_progs++] = p;
	}
	s->gen.sz = sizeof(s->gen);
	err = bpf_object__gen_loader(s->obj, &s->gen);
	if (err)
		return err;
	err = bpf_object__load(s->obj);
	if (!err)
		printf("INFO: %s: loader of %u insns, %u bytes of data\n", bpf_object__name(s->obj),
		       s->gen.insns_sz / 8, s->gen.data_sz);
	return err;
}

/*
 * Like a generated <name>__open: global-data maps get an anonymous shared
 * region holding their initial value, which the caller may change before
 * load; the loader copies it in (map_desc.initial_value).
 */
static void *lskel_prep_map(struct lskel *s, int i)
{
	size_t sz;
	const void *init = bpf_map__initial_value(s->maps[i], &sz);
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	if (!init)
		return NULL;
	s->mmap_sz[i] = (sz + page - 1) / page * page;
	p = skel_prep_map_data(init, s->mmap_sz[i], sz);
	s->init[i] = p;
	return p;
}

static int lskel_run(struct lskel *s)
{
	struct bpf_load_and_run_opts opts = {};
	size_t sz = sizeof(struct bpf_loader_ctx) + s->nr_maps * sizeof(struct bpf_map_desc) +
		    s->nr_progs * sizeof(struct bpf_prog_desc);
	int i, err;

	s->ctx = calloc(1, sz);
	if (!s->ctx)
		return -ENOMEM;
	s->ctx->sz = sz;
	s->map_desc = (void *)(s->ctx + 1);
	s->prog_desc = (void *)(s->map_desc + s->nr_maps);
	for (i = 0; i < s->nr_maps; i++) {
		s->map_desc[i].initial_value = (__u64)(long)s->init[i];
		s->map_desc[i].max_entries = s->max_entries[i];
	}
	opts.ctx = s->ctx;
	opts.data = s->gen.data;
	opts.data_sz = s->gen.data_sz;
	opts.insns = s->gen.insns;
	opts.insns_sz = s->gen.insns_sz;
	err = bpf_load_and_run(&opts);
	if (err) {
		/* again, with the verifier's log of what the loader loads */
		s->ctx->log_level = 1;
		s->ctx->log_size = sizeof(last_log);
		s->ctx->log_buf = (__u64)(long)last_log;
		bpf_load_and_run(&opts);
		fprintf(stderr, "loader failed (%s): %d\n%.2000s\n", opts.errstr, err, last_log);
	}
	return err;
}

static void lskel_free(struct lskel *s)
{
	int i;

	if (s->ctx) {
		for (i = 0; i < s->nr_maps; i++)
			if (s->map_desc[i].map_fd > 0)
				close(s->map_desc[i].map_fd);
		for (i = 0; i < s->nr_progs; i++)
			if (s->prog_desc[i].prog_fd > 0)
				close(s->prog_desc[i].prog_fd);
	}
	for (i = 0; i < s->nr_maps; i++)
		if (s->init[i])
			munmap(s->init[i], s->mmap_sz[i]);
	free(s->ctx);
	bpf_object__close(s->obj);
}

/* Maps and programs the loader created match the object; SIG lines. */
static void check_created(struct lskel *s, const char *what)
{
	int i;

	for (i = 0; i < s->nr_maps; i++) {
		struct bpf_map *m = s->maps[i];
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);
		int fd = s->map_desc[i].map_fd;

		CHECK(fd > 0, "%s: map '%s' fd %d", what, bpf_map__name(m), fd);
		if (fd <= 0 || bpf_map_get_info_by_fd(fd, &info, &len)) {
			CHECK(0, "%s: map '%s' info: %s", what, bpf_map__name(m), strerror(errno));
			continue;
		}
		CHECK(info.type == (__u32)bpf_map__type(m), "%s: map '%s' type %u", what,
		      bpf_map__name(m), info.type);
		CHECK(info.key_size == bpf_map__key_size(m) &&
			      info.value_size == bpf_map__value_size(m) &&
			      info.max_entries == (s->max_entries[i] ?: bpf_map__max_entries(m)),
		      "%s: map '%s' sizes %u/%u/%u", what, bpf_map__name(m), info.key_size,
		      info.value_size, info.max_entries);
		CHECK(info.map_flags == bpf_map__map_flags(m), "%s: map '%s' flags %#x vs %#x",
		      what, bpf_map__name(m), info.map_flags, bpf_map__map_flags(m));
		CHECK(!strncmp(info.name, bpf_map__name(m), BPF_OBJ_NAME_LEN - 1),
		      "%s: map name '%s' vs '%s'", what, info.name, bpf_map__name(m));
		if (bpf_map__btf_value_type_id(m))
			CHECK(info.btf_id && info.btf_value_type_id == bpf_map__btf_value_type_id(m),
			      "%s: map '%s' BTF %u/%u", what, bpf_map__name(m), info.btf_id,
			      info.btf_value_type_id);
		printf("SIG %s map %s type=%u key=%u value=%u max=%u flags=%#x btf=%d key_id=%u value_id=%u\n",
		       what, info.name, info.type, info.key_size, info.value_size, info.max_entries,
		       info.map_flags, !!info.btf_id, info.btf_key_type_id, info.btf_value_type_id);
	}
	for (i = 0; i < s->nr_progs; i++) {
		struct bpf_program *p = s->progs[i];
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		int fd = s->prog_desc[i].prog_fd;

		CHECK(fd > 0, "%s: prog '%s' fd %d", what, bpf_program__name(p), fd);
		if (fd <= 0 || bpf_prog_get_info_by_fd(fd, &info, &len)) {
			CHECK(0, "%s: prog '%s' info: %s", what, bpf_program__name(p), strerror(errno));
			continue;
		}
		CHECK(info.type == (__u32)bpf_program__type(p), "%s: prog '%s' type %u", what,
		      bpf_program__name(p), info.type);
		CHECK(!strncmp(info.name, bpf_program__name(p), BPF_OBJ_NAME_LEN - 1),
		      "%s: prog name '%s' vs '%s'", what, info.name, bpf_program__name(p));
		CHECK(info.btf_id != 0 && info.nr_func_info > 0 && info.nr_line_info > 0,
		      "%s: prog '%s' has BTF %u, func info %u, line info %u", what, info.name,
		      info.btf_id, info.nr_func_info, info.nr_line_info);
		printf("SIG %s prog %s type=%u xlated=%u maps=%u btf=%d func_info=%u line_info=%u gpl=%u\n",
		       what, info.name, info.type, info.xlated_prog_len, info.nr_map_ids, !!info.btf_id,
		       info.nr_func_info, info.nr_line_info, info.gpl_compatible);
	}
}

/* Attaches a tracepoint program through a perf event (pid: this process). */
static int attach_tp(int prog_fd, const char *tp)
{
	struct perf_event_attr attr = {};
	char path[256], buf[32] = {};
	int fd, pfd;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%s/id", tp);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/tracing/events/%s/id", tp);
		fd = open(path, O_RDONLY);
	}
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EINVAL;
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = strtoull(buf, NULL, 10);
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	pfd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (pfd < 0)
		return -errno;
	if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog_fd) || ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0)) {
		int err = -errno;

		close(pfd);
		return err;
	}
	return pfd;
}

/* globals.bpf.o: .data/.rodata/.bss + a hash map; a tracepoint counts writes. */
static void test_globals(const char *path)
{
	struct lskel s;
	int err, bss_i = -1, data_i = -1, ro_i = -1, counts_i = -1, pfd, i;
	long off_pid, off_hits, off_total, off_factor;
	char *rodata, *bss;
	__u32 zero = 0, seven = 7;
	__u64 v, hits, total, count = 0;
	char buf[64];

	err = lskel_gen(&s, path, NULL);
	CHECK(!err, "globals: gen_loader + load: %d", err);
	if (err)
		goto out;
	CHECK(s.gen.insns && s.gen.insns_sz && s.gen.insns_sz % 8 == 0 && s.gen.data &&
		      s.gen.data_sz,
	      "globals: loader %u insn bytes, %u data bytes", s.gen.insns_sz, s.gen.data_sz);
	/* nothing was created by load itself */
	for (i = 0; i < s.nr_progs; i++)
		CHECK(bpf_program__fd(s.progs[i]) < 0, "globals: prog fd after gen load");
	map_by_sec(&s, ".bss", &bss_i);
	map_by_sec(&s, ".data", &data_i);
	map_by_sec(&s, ".rodata", &ro_i);
	map_by_sec(&s, "counts", &counts_i);
	CHECK(bss_i >= 0 && data_i >= 0 && ro_i >= 0 && counts_i >= 0, "globals: maps found");
	if (bss_i < 0 || data_i < 0 || ro_i < 0 || counts_i < 0)
		goto out;
	off_pid = var_off(s.obj, ".bss", "my_pid");
	off_hits = var_off(s.obj, ".bss", "hits");
	off_total = var_off(s.obj, ".data", "total");
	off_factor = var_off(s.obj, ".rodata", "factor");
	CHECK(off_pid >= 0 && off_hits >= 0 && off_total >= 0 && off_factor >= 0,
	      "globals: variable offsets");
	/* .rodata and .bss through the skeleton's regions (factor = 3, my_pid);
	 * .data from the values recorded in the blob (initial_value 0). */
	rodata = lskel_prep_map(&s, ro_i);
	bss = lskel_prep_map(&s, bss_i);
	CHECK(rodata && bss, "globals: initial value regions");
	if (!rodata || !bss)
		goto out;
	*(__u64 *)(rodata + off_factor) = 3;
	*(int *)(bss + off_pid) = getpid();
	/* a skeleton may resize a map before load */
	s.max_entries[counts_i] = 32;
	err = lskel_run(&s);
	CHECK(!err, "globals: bpf_load_and_run: %d", err);
	if (err)
		goto out;
	check_created(&s, "globals");

	/* initial values read back */
	CHECK(!bpf_map_lookup_elem(s.map_desc[ro_i].map_fd, &zero, buf) &&
		      *(__u64 *)(buf + off_factor) == 3,
	      "globals: .rodata holds the caller's factor");
	CHECK(!bpf_map_lookup_elem(s.map_desc[data_i].map_fd, &zero, buf) &&
		      *(__u64 *)(buf + off_total) == 100,
	      "globals: .data holds the recorded total=100");
	/* .rodata is frozen: user space can't write it */
	err = bpf_map_update_elem(s.map_desc[ro_i].map_fd, &zero, buf, 0);
	CHECK(err && errno == EPERM, "globals: .rodata frozen (update: %d, errno %d)", err, errno);
	err = bpf_map_update_elem(s.map_desc[data_i].map_fd, &zero, buf, 0);
	CHECK(!err, "globals: .data writable (%d)", err);
	/* .bss mmap'able as the skeleton maps it */
	bss = skel_finalize_map_data(&s.map_desc[bss_i].initial_value, s.mmap_sz[bss_i],
				     PROT_READ | PROT_WRITE, s.map_desc[bss_i].map_fd);
	CHECK(bss != NULL, "globals: .bss mmap over the skeleton region");
	if (!bss)
		goto out;
	s.init[bss_i] = bss;

	pfd = attach_tp(s.prog_desc[0].prog_fd, "syscalls/sys_enter_write");
	CHECK(pfd > 0, "globals: attach tracepoint: %d", pfd);
	if (pfd <= 0)
		goto out;
	for (i = 0; i < 3; i++)
		CHECK(write(STDERR_FILENO, "", 0) == 0, "globals: write");
	close(pfd);
	hits = *(volatile __u64 *)(bss + off_hits);
	CHECK(hits >= 3, "globals: program ran %llu times", (unsigned long long)hits);
	CHECK(!bpf_map_lookup_elem(s.map_desc[counts_i].map_fd, &seven, &count) && count == hits,
	      "globals: counts[7] = %llu (hits %llu)", (unsigned long long)count,
	      (unsigned long long)hits);
	CHECK(!bpf_map_lookup_elem(s.map_desc[data_i].map_fd, &zero, buf), "globals: .data");
	total = *(__u64 *)(buf + off_total);
	v = 100 + 3 * hits;
	CHECK(total == v, "globals: total %llu, expected %llu (factor 3 from .rodata)",
	      (unsigned long long)total, (unsigned long long)v);
	printf("SIG globals ran factor_ok=%d\n", total == v);
out:
	lskel_free(&s);
}

/* core_task.bpf.o: CO-RE relocations, applied by the kernel at load. */
static void test_core(const char *path)
{
	struct lskel s;
	int err, bss_i = -1, pfd, i;
	char *bss, buf[512], comm[16] = {};
	__u32 zero = 0;
	static const char *const u32s[] = {
		"seen",	       "pid_exists",  "old_pid_exists", "never_exists", "no_such_exists",
		"comm_size",   "pid_offset",  "pid_signed",	"flags_signed", "ts_exists",
		"missing_exists", "lh_matches", "ts_size",	"missing_size", "sid_exists",
		"nope_exists",
	};
	long off;

	err = lskel_gen(&s, path, NULL);
	CHECK(!err, "core: gen_loader + load: %d", err);
	if (err)
		goto out;
	map_by_sec(&s, ".bss", &bss_i);
	CHECK(bss_i >= 0, "core: .bss");
	if (bss_i < 0)
		goto out;
	bss = lskel_prep_map(&s, bss_i);
	off = var_off(s.obj, ".bss", "target_tid");
	CHECK(bss && off >= 0, "core: target_tid");
	if (!bss || off < 0)
		goto out;
	*(__u32 *)(bss + off) = syscall(SYS_gettid);
	err = lskel_run(&s);
	CHECK(!err, "core: bpf_load_and_run: %d", err);
	if (err)
		goto out;
	check_created(&s, "core");
	pfd = attach_tp(s.prog_desc[0].prog_fd, "syscalls/sys_enter_getppid");
	CHECK(pfd > 0, "core: attach: %d", pfd);
	if (pfd <= 0)
		goto out;
	getppid();
	close(pfd);
	CHECK(!bpf_map_lookup_elem(s.map_desc[bss_i].map_fd, &zero, buf), "core: read .bss");
#define BSS(type, name) (*(type *)(buf + var_off(s.obj, ".bss", name)))
	CHECK(BSS(__u32, "seen") == 1, "core: ran %u times", BSS(__u32, "seen"));
	CHECK(BSS(int, "pid") == (int)syscall(SYS_gettid) && BSS(int, "tgid") == getpid() &&
		      BSS(int, "ppid") == getppid() && BSS(int, "pid_direct") == BSS(int, "pid"),
	      "core: pid %d tgid %d ppid %d", BSS(int, "pid"), BSS(int, "tgid"), BSS(int, "ppid"));
	prctl(PR_GET_NAME, comm);
	CHECK(!strncmp((char *)&BSS(char, "comm"), comm, sizeof(comm)),
	      "core: comm '%s' vs '%s'", (char *)&BSS(char, "comm"), comm);
	CHECK(BSS(__u32, "pid_exists") == 1 && BSS(__u32, "never_exists") == 0 &&
		      BSS(__u32, "no_such_exists") == 0 && BSS(__u32, "comm_size") == 16 &&
		      BSS(__u32, "ts_exists") == 1 && BSS(__u32, "missing_exists") == 0,
	      "core: field/type existence relocated by the kernel");
	printf("SIG core");
	for (i = 0; i < (int)(sizeof(u32s) / sizeof(u32s[0])); i++)
		printf(" %s=%u", u32s[i], BSS(__u32, u32s[i]));
	printf(" sid=%llu max=%llu kid=%d\n", (unsigned long long)BSS(__u64, "sid_value"),
	       (unsigned long long)BSS(__u64, "max_value"), BSS(__u32, "ts_kernel_id") != 0);
#undef BSS
out:
	lskel_free(&s);
}

/* features.bpf.o: many program types, per-CPU/ring buffer/perf event
 * array/LRU maps, custom .data.* and .rodata.* sections, bpf_loop callback,
 * global subprogram. */
static void test_features(const char *path)
{
	struct lskel s;
	int err, cnt_i = -1, pfd, i, tp_one = -1;
	long off;
	char buf[64];
	__u32 zero = 0;

	err = lskel_gen(&s, path, NULL);
	CHECK(!err, "features: gen_loader + load: %d", err);
	if (err)
		goto out;
	map_by_sec(&s, ".data.counters", &cnt_i);
	off = var_off(s.obj, ".data.counters", "counter");
	CHECK(cnt_i >= 0 && off >= 0, "features: .data.counters");
	for (i = 0; i < s.nr_progs; i++)
		if (!strcmp(bpf_program__name(s.progs[i]), "tp_one"))
			tp_one = i;
	if (cnt_i < 0 || off < 0 || tp_one < 0)
		goto out;
	for (i = 0; i < s.nr_maps; i++)
		if (bpf_map__is_internal(s.maps[i]))
			lskel_prep_map(&s, i);
	err = lskel_run(&s);
	CHECK(!err, "features: bpf_load_and_run: %d", err);
	if (err)
		goto out;
	check_created(&s, "features");
	pfd = attach_tp(s.prog_desc[tp_one].prog_fd, "syscalls/sys_enter_getpid");
	CHECK(pfd > 0, "features: attach: %d", pfd);
	if (pfd <= 0)
		goto out;
	syscall(SYS_getpid);
	close(pfd);
	/* counter = 3 + (0 + 1 + 2 + 3) from the bpf_loop callback */
	CHECK(!bpf_map_lookup_elem(s.map_desc[cnt_i].map_fd, &zero, buf) &&
		      *(int *)(buf + off) == 9,
	      "features: counter %d, expected 9", *(int *)(buf + off));
	printf("SIG features counter=%d\n", *(int *)(buf + off));
out:
	lskel_free(&s);
}

/* kconfig.bpf.o: the .kconfig map gets the values resolved at generation
 * and is frozen. */
static void test_kconfig(const char *path)
{
	struct lskel s;
	int err, kc_i = -1, bss_i = -1, pfd, i;
	char buf[256];
	const void *init;
	size_t sz;
	__u32 zero = 0;
	__u64 *seen;

	err = lskel_gen(&s, path, NULL);
	CHECK(!err, "kconfig: gen_loader + load: %d", err);
	if (err)
		goto out;
	map_by_sec(&s, ".kconfig", &kc_i);
	map_by_sec(&s, ".bss", &bss_i);
	CHECK(kc_i >= 0 && bss_i >= 0, "kconfig: maps");
	if (kc_i < 0 || bss_i < 0)
		goto out;
	err = lskel_run(&s);
	CHECK(!err, "kconfig: bpf_load_and_run: %d", err);
	if (err)
		goto out;
	check_created(&s, "kconfig");
	init = bpf_map__initial_value(s.maps[kc_i], &sz);
	CHECK(init && sz <= sizeof(buf) &&
		      !bpf_map_lookup_elem(s.map_desc[kc_i].map_fd, &zero, buf) &&
		      !memcmp(buf, init, sz),
	      "kconfig: .kconfig holds the values resolved at generation");
	err = bpf_map_update_elem(s.map_desc[kc_i].map_fd, &zero, buf, 0);
	CHECK(err && errno == EPERM, "kconfig: .kconfig frozen (%d)", err);
	pfd = attach_tp(s.prog_desc[0].prog_fd, "syscalls/sys_enter_getppid");
	CHECK(pfd > 0, "kconfig: attach: %d", pfd);
	if (pfd <= 0)
		goto out;
	getppid();
	close(pfd);
	CHECK(!bpf_map_lookup_elem(s.map_desc[bss_i].map_fd, &zero, buf), "kconfig: .bss");
	seen = (__u64 *)(buf + var_off(s.obj, ".bss", "seen"));
	CHECK(seen[0] > 0 && seen[2] == 1 && seen[3] != 0 && seen[4] > 0,
	      "kconfig: program read version %llu, CONFIG_BPF %llu, HZ %llu",
	      (unsigned long long)seen[0], (unsigned long long)seen[2],
	      (unsigned long long)seen[4]);
	printf("SIG kconfig");
	for (i = 0; i < 6; i++)
		printf(" %llu", (unsigned long long)seen[i]);
	printf("\n");
out:
	lskel_free(&s);
}

/* mim.bpf.o: an inner map template and outer slots set by the loader. */
static void test_map_in_map(const char *path)
{
	struct lskel s;
	int err, a = -1, b = -1, o = -1, bss_i = -1, pfd, inner_fd;
	__u32 zero = 0, two = 2, one = 1, id = 0;
	__u64 v = 0;
	char *bss;
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	err = lskel_gen(&s, path, NULL);
	CHECK(!err, "mim: gen_loader + load: %d", err);
	if (err)
		goto out;
	map_by_sec(&s, "inner_a", &a);
	map_by_sec(&s, "inner_b", &b);
	map_by_sec(&s, "outer", &o);
	map_by_sec(&s, ".bss", &bss_i);
	CHECK(a >= 0 && b >= 0 && o >= 0 && bss_i >= 0, "mim: maps");
	if (a < 0 || b < 0 || o < 0 || bss_i < 0)
		goto out;
	bss = lskel_prep_map(&s, bss_i);
	CHECK(bss != NULL, "mim: .bss");
	if (!bss)
		goto out;
	*(int *)(bss + var_off(s.obj, ".bss", "my_pid")) = getpid();
	err = lskel_run(&s);
	CHECK(!err, "mim: bpf_load_and_run: %d", err);
	if (err)
		goto out;
	check_created(&s, "mim");
	/* slot 2 holds inner_b, slot 1 nothing */
	CHECK(!bpf_map_lookup_elem(s.map_desc[o].map_fd, &two, &id), "mim: outer[2]");
	CHECK(!bpf_map_get_info_by_fd(s.map_desc[b].map_fd, &info, &len) && info.id == id,
	      "mim: outer[2] is inner_b (id %u vs %u)", id, info.id);
	CHECK(bpf_map_lookup_elem(s.map_desc[o].map_fd, &one, &id) && errno == ENOENT,
	      "mim: outer[1] empty");
	pfd = attach_tp(s.prog_desc[0].prog_fd, "syscalls/sys_enter_getppid");
	CHECK(pfd > 0, "mim: attach: %d", pfd);
	if (pfd <= 0)
		goto out;
	getppid();
	close(pfd);
	inner_fd = s.map_desc[b].map_fd;
	CHECK(!bpf_map_lookup_elem(inner_fd, &zero, &v) && v == 1,
	      "mim: program bumped inner_b through outer (%llu)", (unsigned long long)v);
	printf("SIG mim outer2=inner_b bumped=%llu\n", (unsigned long long)v);
out:
	lskel_free(&s);
}

static unsigned long long kallsyms_addr(const char *name)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char sym[256], type;
	unsigned long long a, found = 0;

	if (!f)
		return 0;
	while (fscanf(f, "%llx %c %255s%*[^\n]", &a, &type, sym) == 3) {
		if (!strcmp(sym, name)) {
			found = a;
			break;
		}
	}
	fclose(f);
	return found;
}

/* ksyms.bpf.o: tp_btf attach target, kfuncs, typed/typeless/weak ksyms. */
static void test_ksyms(const char *path)
{
	struct lskel s;
	int err, bss_i = -1, lfd[MAX_PROGS] = {}, i, typed;
	char *bss, buf[128];
	__u32 zero = 0;
	long off;
	__u64 *res;

	/* The kernel resolves a typed per-CPU ksym's address through kallsyms,
	 * which lists variables only with CONFIG_KALLSYMS_ALL. */
	typed = kallsyms_addr("bpf_prog_active") != 0;
	if (!typed) {
		nskip++;
		printf("SKIP: ksyms: typed ksym program: this kernel's kallsyms lacks per-CPU variables (no CONFIG_KALLSYMS_ALL)\n");
	}
	if (!typed) {
		/* Still as far as the kernel goes: the loader resolved the
		 * variable's BTF id, which the verifier names when it refuses. */
		err = lskel_gen(&s, path, NULL);
		CHECK(!err, "ksyms: gen_loader + load (all programs): %d", err);
		if (!err) {
			err = lskel_run(&s);
			CHECK(err == -ENOENT && strstr(last_log, "kernel symbol 'bpf_prog_active'"),
			      "ksyms: typed ksym refused by the kernel for its address: %d", err);
		}
		lskel_free(&s);
	}
	err = lskel_gen(&s, path, typed ? NULL : "ksyms_typed");
	CHECK(!err, "ksyms: gen_loader + load: %d", err);
	if (err)
		goto out;
	map_by_sec(&s, ".bss", &bss_i);
	off = var_off(s.obj, ".bss", "st");
	bss = bss_i >= 0 ? lskel_prep_map(&s, bss_i) : NULL;
	CHECK(bss && off >= 0, "ksyms: .bss st");
	if (!bss || off < 0)
		goto out;
	*(int *)(bss + off) = getpid();
	err = lskel_run(&s);
	CHECK(!err, "ksyms: bpf_load_and_run: %d", err);
	if (err)
		goto out;
	check_created(&s, "ksyms");
	for (i = 0; i < s.nr_progs; i++) {
		lfd[i] = bpf_raw_tracepoint_open(NULL, s.prog_desc[i].prog_fd);
		CHECK(lfd[i] > 0, "ksyms: raw_tp attach of '%s': %d",
		      bpf_program__name(s.progs[i]), lfd[i]);
	}
	getppid();
	for (i = 0; i < s.nr_progs; i++)
		if (lfd[i] > 0)
			close(lfd[i]);
	CHECK(!bpf_map_lookup_elem(s.map_desc[bss_i].map_fd, &zero, buf), "ksyms: read .bss");
	res = (__u64 *)(buf + off + 8);
	if (typed)
		CHECK(res[0] >= 1000, "ksyms: typed per-cpu ksym read (%llu)",
		      (unsigned long long)res[0]);
	CHECK(res[1] && res[1] == kallsyms_addr("schedule"),
	      "ksyms: typeless ksym address %#llx vs kallsyms %#llx", (unsigned long long)res[1],
	      kallsyms_addr("schedule"));
	CHECK(res[2] == 1, "ksyms: kfunc bpf_task_from_pid called (%llu)",
	      (unsigned long long)res[2]);
	CHECK(res[3] == 2 && res[4] == 2, "ksyms: weak absent var/kfunc (%llu, %llu)",
	      (unsigned long long)res[3], (unsigned long long)res[4]);
	CHECK(res[5] == 1, "ksyms: present kfunc's address (bpf_ksym_exists) %llu",
	      (unsigned long long)res[5]);
	printf("SIG ksyms typed=%d addr=%d kfunc=%llu weak=%llu,%llu exists=%llu\n", res[0] >= 1000,
	       res[1] == kallsyms_addr("schedule"), (unsigned long long)res[2],
	       (unsigned long long)res[3], (unsigned long long)res[4], (unsigned long long)res[5]);
out:
	lskel_free(&s);
}

/* Bad input and what a loader can't record. */
static void test_bad(const char *globals, const char *map_in_map)
{
	struct gen_loader_opts opts = { .sz = sizeof(opts) };
	struct {
		struct gen_loader_opts o;
		long tail;
	} big = { .o = { .sz = sizeof(big) }, .tail = 1 };
	struct bpf_object *obj = bpf_object__open_file(globals, NULL);
	struct lskel s;
	int err;

	CHECK(obj != NULL, "bad: open");
	if (!obj)
		return;
	err = bpf_object__gen_loader(obj, NULL);
	printf("SIG bad null_opts=%d\n", err);
	CHECK(err == -EFAULT, "bad: NULL opts: %d", err);
	opts.sz = 2;
	err = bpf_object__gen_loader(obj, &opts);
	printf("SIG bad small_sz=%d\n", err);
	CHECK(err == -EINVAL, "bad: sz 2: %d", err);
	err = bpf_object__gen_loader(obj, &big.o);
	printf("SIG bad nonzero_tail=%d\n", err);
	CHECK(err == -EINVAL, "bad: non-zero tail: %d", err);
	opts.sz = sizeof(opts);
	err = bpf_object__gen_loader(obj, &opts);
	printf("SIG bad first=%d\n", err);
	CHECK(err == 0, "bad: first call: %d", err);
	err = bpf_object__gen_loader(obj, &opts);
	printf("SIG bad twice=%d\n", err);
	CHECK(err == 0, "bad: second call (replaces the first): %d", err);
	err = bpf_object__load(obj);
	CHECK(err == 0 && opts.insns_sz > 0, "bad: load after two calls: %d", err);
	err = bpf_object__gen_loader(obj, &opts);
#ifdef OXBPF
	/* upstream accepts it and records nothing; we say so */
	CHECK(err == -EINVAL, "bad: gen_loader after load: %d", err);
	CHECK(bpf_object__gen_loader(NULL, &opts) == -EINVAL, "bad: NULL object");
#else
	printf("INFO: upstream gen_loader after load: %d\n", err);
#endif
	err = bpf_object__load(obj);
	printf("SIG bad load_twice=%d\n", err);
	CHECK(err == -EINVAL, "bad: second load: %d", err);
	bpf_object__close(obj);

	/* prog-array slots can't be set by a loader: refused, as upstream */
	err = lskel_gen(&s, map_in_map, NULL);
	printf("SIG bad map_in_map=%d\n", err);
	CHECK(err == -EOPNOTSUPP, "bad: map_in_map (prog array slots): %d", err);
	lskel_free(&s);
}

int main(int argc, char **argv)
{
	if (argc != 8) {
		fprintf(stderr, "usage: %s globals.o core_task.o ksyms.o map_in_map.o features.o kconfig.o mim.o\n",
			argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_globals(argv[1]);
	test_core(argv[2]);
	test_ksyms(argv[3]);
	test_features(argv[5]);
	test_kconfig(argv[6]);
	test_map_in_map(argv[7]);
	test_bad(argv[1], argv[4]);
	printf("%d passed, %d failed, %d skipped\n", npass, nfail, nskip);
	return nfail ? 1 : 0;
}
