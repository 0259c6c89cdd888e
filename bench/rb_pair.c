// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Drain loop, oxbpf and upstream paired in one process (bench/run-drain.sh).
 * Both libraries are loaded as shared objects (dlopen, RTLD_LOCAL, so each
 * resolves its own symbols) and consume the same maps: one ring buffer
 * manager per library over the same BPF ring buffer map, one perf buffer per
 * library whose per-CPU event fds are swapped into the map before each fill.
 * Each round fills the buffer from the kernel program
 * (c-tests/progs/ringbuf.bpf.c, this thread pinned to CPU 0) and times one
 * consume call with a trivial callback (the same function for both), once
 * per library, in alternating order. Rounds of both libraries are a few
 * milliseconds apart, so what the other jobs on the machine and the host do
 * to the CPU is nearly the same for both halves of a pair: the ratio of a
 * pair is the figure to trust, not one library's rate from another run.
 *
 * Usage: rb_pair <oxbpf.so> <upstream.so> <ringbuf.bpf.o> <rounds> <ring KiB>
 * (RB_PAIR_CASES="ringbuf-16B perfbuf-16B" runs only the cases it names.)
 * Prints per case:
 *   <case> <records/round> <upstream wall ns/rec> <oxbpf wall ns/rec>
 *   <upstream cpu ns/rec> <oxbpf cpu ns/rec> <median of upstream/oxbpf wall per pair>
 *   <the same for CPU time> <pairs where oxbpf took less wall time>
 * (medians over rounds). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

/* The program's `st` (.bss), as c-tests/progs/ringbuf.bpf.c declares it. */
struct state {
	int target_pid;
	__u32 mode;
	__u32 n_per_call;
	__u32 discard_every;
	__u64 seq;
	__u64 dropped;
	__u64 drained;
	__u64 drained_sum;
	__u64 drained_bad;
	__s64 drain_ret;
};

enum { RB_SMALL = 0, RB_BIG = 1, PB_SMALL = 2, PB_BIG = 3 };
enum { UP = 0, OX = 1 };
#define PER_CALL 1024
#define MAX_ROUNDS 256

/* The API this bench calls, from one library. */
struct lib {
	const char *name;
	struct bpf_object *(*obj_open)(const char *, const struct bpf_object_open_opts *);
	int (*obj_load)(struct bpf_object *);
	void (*obj_close)(struct bpf_object *);
	struct bpf_map *(*find_map)(const struct bpf_object *, const char *);
	struct bpf_map *(*next_map)(const struct bpf_object *, const struct bpf_map *);
	const char *(*map_name)(const struct bpf_map *);
	int (*map_fd)(const struct bpf_map *);
	int (*map_set_max)(struct bpf_map *, __u32);
	void *(*map_initial_value)(const struct bpf_map *, size_t *);
	struct bpf_program *(*find_prog)(const struct bpf_object *, const char *);
	int (*prog_set_autoload)(struct bpf_program *, bool);
	struct bpf_link *(*attach)(const struct bpf_program *);
	int (*link_destroy)(struct bpf_link *);
	int (*map_update)(int, const void *, const void *, __u64);
	struct ring_buffer *(*rb_new)(int, ring_buffer_sample_fn, void *,
				      const struct ring_buffer_opts *);
	int (*rb_consume)(struct ring_buffer *);
	void (*rb_free)(struct ring_buffer *);
	struct perf_buffer *(*pb_new)(int, size_t, perf_buffer_sample_fn, perf_buffer_lost_fn,
				      void *, const struct perf_buffer_opts *);
	int (*pb_consume)(struct perf_buffer *);
	void (*pb_free)(struct perf_buffer *);
	size_t (*pb_cnt)(const struct perf_buffer *);
	int (*pb_fd)(const struct perf_buffer *, size_t);
};

static void *sym(void *h, const char *path, const char *name)
{
	void *p = dlsym(h, name);

	if (!p) {
		fprintf(stderr, "%s: no %s\n", path, name);
		exit(1);
	}
	return p;
}

static void open_lib(struct lib *l, const char *name, const char *path)
{
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
		exit(1);
	}
	l->name = name;
#define S(field, symbol) *(void **)&l->field = sym(h, path, #symbol)
	S(obj_open, bpf_object__open_file);
	S(obj_load, bpf_object__load);
	S(obj_close, bpf_object__close);
	S(find_map, bpf_object__find_map_by_name);
	S(next_map, bpf_object__next_map);
	S(map_name, bpf_map__name);
	S(map_fd, bpf_map__fd);
	S(map_set_max, bpf_map__set_max_entries);
	S(map_initial_value, bpf_map__initial_value);
	S(find_prog, bpf_object__find_program_by_name);
	S(prog_set_autoload, bpf_program__set_autoload);
	S(attach, bpf_program__attach);
	S(link_destroy, bpf_link__destroy);
	S(map_update, bpf_map_update_elem);
	S(rb_new, ring_buffer__new);
	S(rb_consume, ring_buffer__consume);
	S(rb_free, ring_buffer__free);
	S(pb_new, perf_buffer__new);
	S(pb_consume, perf_buffer__consume);
	S(pb_free, perf_buffer__free);
	S(pb_cnt, perf_buffer__buffer_cnt);
	S(pb_fd, perf_buffer__buffer_fd);
#undef S
}

#include "rb_common.h"

static double median(const double *v, int n)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static struct lib libs[2];
static struct state *st;
static int rb_fd, pb_map_fd;
static size_t ring_bytes;

/* Fills with `records` records of the current mode: whole batches of PER_CALL. */
static void fill(unsigned records)
{
	st->n_per_call = PER_CALL;
	for (unsigned i = 0; i < records / PER_CALL; i++)
		getppid();
}

/* Points the perf event array at library `l`'s per-CPU events (key = CPU). */
static void route(struct perf_buffer *pb, const struct lib *l)
{
	for (size_t i = 0; i < l->pb_cnt(pb); i++) {
		int key = (int)i, fd = l->pb_fd(pb, i);

		if (libs[UP].map_update(pb_map_fd, &key, &fd, BPF_ANY)) {
			fprintf(stderr, "route perf buffer %zu: %s\n", i, strerror(errno));
			exit(1);
		}
	}
}

static int run_case(const char *name, int mode, unsigned rec_bytes, int rounds)
{
	unsigned records = (ring_bytes * 9 / 10) / rec_bytes / PER_CALL * PER_CALL;
	const char *only = getenv("RB_PAIR_CASES");
	double wall[2][MAX_ROUNDS], cpu[2][MAX_ROUNDS], ratio[MAX_ROUNDS], cratio[MAX_ROUNDS];
	struct ring_buffer *rb[2] = {};
	struct perf_buffer *pb[2] = {};
	int wins = 0;
	int is_rb = mode == RB_SMALL || mode == RB_BIG;

	if (only && !strstr(only, name))
		return 0;
	st->mode = mode;
	for (int l = 0; l < 2; l++) {
		if (is_rb)
			rb[l] = libs[l].rb_new(rb_fd, rb_cb, NULL, NULL);
		else
			pb[l] = libs[l].pb_new(pb_map_fd, ring_bytes / 4096, pb_cb, pb_lost, NULL,
					       NULL);
		if (!rb[l] && !pb[l]) {
			fprintf(stderr, "%s: %s buffer: %s\n", name, libs[l].name, strerror(errno));
			return 1;
		}
	}
	for (int r = -2; r < rounds; r++) {	/* two warm-up rounds */
		for (int k = 0; k < 2; k++) {
			int l = (r + k) & 1;	/* alternate which library goes first */
			int err;

			if (!is_rb)
				route(pb[l], &libs[l]);
			count = 0;
			st->dropped = 0;
			fill(records);
			double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
			err = is_rb ? libs[l].rb_consume(rb[l]) : libs[l].pb_consume(pb[l]);
			double c1 = now(CLOCK_THREAD_CPUTIME_ID), w1 = now(CLOCK_MONOTONIC);
			if (err < 0 || count != records || st->dropped) {
				fprintf(stderr, "%s %s: consumed %llu of %u (err %d, dropped %llu)\n",
					name, libs[l].name, count, records, err,
					(unsigned long long)st->dropped);
				return 1;
			}
			if (r >= 0) {
				wall[l][r] = (w1 - w0) * 1e9 / records;
				cpu[l][r] = (c1 - c0) * 1e9 / records;
			}
		}
		if (r >= 0) {
			ratio[r] = wall[UP][r] / wall[OX][r];
			cratio[r] = cpu[UP][r] / cpu[OX][r];
			wins += ratio[r] > 1;
		}
	}
	printf("%s %u %.2f %.2f %.2f %.2f %.3f %.3f %d/%d\n", name, records,
	       median(wall[UP], rounds), median(wall[OX], rounds), median(cpu[UP], rounds),
	       median(cpu[OX], rounds), median(ratio, rounds), median(cratio, rounds), wins,
	       rounds);
	fflush(stdout);
	for (int l = 0; l < 2; l++) {
		if (rb[l])
			libs[l].rb_free(rb[l]);
		if (pb[l])
			libs[l].pb_free(pb[l]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_map *m;
	struct bpf_link *link;
	cpu_set_t set;
	int rounds, err = 0;

	if (argc != 6) {
		fprintf(stderr, "usage: %s oxbpf.so upstream.so ringbuf.bpf.o rounds ring-KiB\n",
			argv[0]);
		return 2;
	}
	open_lib(&libs[OX], "oxbpf", argv[1]);
	open_lib(&libs[UP], "upstream", argv[2]);
	rounds = atoi(argv[4]);
	ring_bytes = (size_t)atoi(argv[5]) << 10;
	if (rounds < 1 || rounds > MAX_ROUNDS || ring_bytes < (64u << 10)) {
		fprintf(stderr, "bad rounds or ring size\n");
		return 2;
	}
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);

	/* Upstream loads the program; both libraries consume its maps. */
	const struct lib *u = &libs[UP];
	obj = u->obj_open(argv[3], NULL);
	if (!obj) {
		fprintf(stderr, "open %s: %s\n", argv[3], strerror(errno));
		return 1;
	}
	u->map_set_max(u->find_map(obj, "rb"), ring_bytes);
	u->prog_set_autoload(u->find_prog(obj, "consume_user"), false);
	if (u->obj_load(obj)) {
		fprintf(stderr, "load: %s\n", strerror(errno));
		return 1;
	}
	link = u->attach(u->find_prog(obj, "produce"));
	if (!link) {
		fprintf(stderr, "attach: %s\n", strerror(errno));
		return 1;
	}
	for (m = u->next_map(obj, NULL); m; m = u->next_map(obj, m)) {
		const char *n = u->map_name(m);
		size_t sz;

		if (strlen(n) > 4 && !strcmp(n + strlen(n) - 4, ".bss"))
			st = u->map_initial_value(m, &sz);
	}
	if (!st) {
		fprintf(stderr, "no .bss mapping\n");
		return 1;
	}
	rb_fd = u->map_fd(u->find_map(obj, "rb"));
	pb_map_fd = u->map_fd(u->find_map(obj, "pb"));
	st->target_pid = getpid();

	err |= run_case("ringbuf-16B", RB_SMALL, 24, rounds);
	err |= run_case("ringbuf-1KiB", RB_BIG, 1032, rounds);
	err |= run_case("perfbuf-16B", PB_SMALL, 32, rounds);
	err |= run_case("perfbuf-1KiB", PB_BIG, 1040, rounds);
	u->link_destroy(link);
	u->obj_close(obj);
	return err;
}
