// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Threads stress: libbpf's rule is that separate objects may be used from
 * separate threads at once. Usage:
 *   threads OBJ WORKERS CYCLES PROBERS SETTERS [warm]
 * WORKERS threads each run CYCLES times: open OBJ → load → attach its
 * tracepoint program → ring buffer on its map → getppid(2) to make the
 * program write records → poll and count them (payload and order checked)
 * → destroy. Meanwhile PROBERS threads run the feature probes
 * (libbpf_probe_bpf_prog_type/map_type/helper), every answer compared with
 * the one measured before the threads started, and SETTERS threads swap the
 * print callback (libbpf_set_print); the callbacks check every line they
 * get. At the end, the chain of callbacks set and returned must add up, and
 * the callback set last must be the one that prints.
 * With "warm", main runs one cycle before starting the threads, so the
 * library's lazily initialised state (caches behind atomics and
 * once-cells) is set up before pthread_create: for helgrind, which sees
 * pthread_create's ordering but not that of atomics (see helgrind.supp).
 * Prints the probe answers ("probe ..." lines, for comparison with another
 * libbpf) and a summary; exits non-zero on any failure. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#define CALLS 8
#define PER_CALL 4
#define MAX_THREADS 64

struct state {
	int target_tid;
	__u32 per_call;
	__u64 seq;
	__u64 dropped;
};

struct rec {
	__u64 seq;
	__u32 tid;
	__u32 magic;
};

static const char *obj_path;
static int cycles;
static atomic_int workers_left;
static atomic_long failures;
static atomic_long records_total;
static atomic_long probes_done;
static atomic_long lines_seen[4];
static atomic_long bad_lines;

static void fail(const char *fmt, ...)
{
	va_list ap;

	if (atomic_fetch_add(&failures, 1) < 20) {
		va_start(ap, fmt);
		fprintf(stderr, "FAIL: ");
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
	}
}

/* Every callback formats the line and checks it: libbpf's prefix, a known
 * level, a newline at the end. */
static int check_line(int who, enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	atomic_fetch_add(&lines_seen[who], 1);
	if (n <= 0 || strncmp(buf, "libbpf: ", 8) != 0 || level < LIBBPF_WARN ||
	    level > LIBBPF_DEBUG || (n < (int)sizeof(buf) && buf[n - 1] != '\n'))
		atomic_fetch_add(&bad_lines, 1);
	return 0;
}

static int cb_main(enum libbpf_print_level l, const char *f, va_list ap) { return check_line(0, l, f, ap); }
static int cb_a(enum libbpf_print_level l, const char *f, va_list ap) { return check_line(1, l, f, ap); }
static int cb_b(enum libbpf_print_level l, const char *f, va_list ap) { return check_line(2, l, f, ap); }

/* The values a setter may see: index 3 is NULL. */
static libbpf_print_fn_t fns[4] = { cb_main, cb_a, cb_b, NULL };

static int fn_index(libbpf_print_fn_t f)
{
	for (int i = 0; i < 4; i++)
		if (fns[i] == f)
			return i;
	return -1;
}

struct setter {
	pthread_t t;
	long set[4], got[4], unknown;
};

static void *setter_main(void *arg)
{
	struct setter *s = arg;
	unsigned i = 0;

	while (atomic_load(&workers_left) > 0) {
		int want = 1 + (i++ % 3);
		int prev = fn_index(libbpf_set_print(fns[want]));

		s->set[want]++;
		if (prev < 0)
			s->unknown++;
		else
			s->got[prev]++;
		if (i % 8 == 0)
			usleep(200);
	}
	return NULL;
}

/* Probe questions; the answers are measured once before the threads start. */
static const int prog_types[] = {
	BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_KPROBE, BPF_PROG_TYPE_SCHED_CLS,
	BPF_PROG_TYPE_TRACEPOINT, BPF_PROG_TYPE_XDP, BPF_PROG_TYPE_PERF_EVENT,
	BPF_PROG_TYPE_CGROUP_SKB, BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_PROG_TYPE_SK_MSG,
	BPF_PROG_TYPE_TRACING, BPF_PROG_TYPE_STRUCT_OPS, BPF_PROG_TYPE_LSM,
	BPF_PROG_TYPE_SYSCALL, 32 /* NETFILTER */, 999,
};
static const int map_types[] = {
	BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	BPF_MAP_TYPE_LRU_HASH, BPF_MAP_TYPE_LPM_TRIE, BPF_MAP_TYPE_ARRAY_OF_MAPS,
	BPF_MAP_TYPE_SK_STORAGE, BPF_MAP_TYPE_STRUCT_OPS, BPF_MAP_TYPE_RINGBUF,
	BPF_MAP_TYPE_BLOOM_FILTER, BPF_MAP_TYPE_USER_RINGBUF, 33 /* ARENA */, 999,
};
static const int helpers[][2] = {
	{ BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_ringbuf_output },
	{ BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_get_current_pid_tgid },
	{ BPF_PROG_TYPE_XDP, BPF_FUNC_get_current_pid_tgid },
	{ BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_skb_load_bytes },
	{ BPF_PROG_TYPE_KPROBE, BPF_FUNC_override_return },
	{ BPF_PROG_TYPE_TRACING, BPF_FUNC_get_func_ip },
	{ BPF_PROG_TYPE_XDP, 100000 },
};
#define N_PROG (sizeof(prog_types) / sizeof(prog_types[0]))
#define N_MAP (sizeof(map_types) / sizeof(map_types[0]))
#define N_HELPER (sizeof(helpers) / sizeof(helpers[0]))
static int want_prog[N_PROG], want_map[N_MAP], want_helper[N_HELPER];

static void *prober_main(void *arg)
{
	(void)arg;
	while (atomic_load(&workers_left) > 0) {
		for (size_t i = 0; i < N_PROG; i++) {
			int r = libbpf_probe_bpf_prog_type(prog_types[i], NULL);

			if (r != want_prog[i])
				fail("probe prog_type %d: %d, before the threads %d", prog_types[i], r, want_prog[i]);
		}
		for (size_t i = 0; i < N_MAP; i++) {
			int r = libbpf_probe_bpf_map_type(map_types[i], NULL);

			if (r != want_map[i])
				fail("probe map_type %d: %d, before the threads %d", map_types[i], r, want_map[i]);
		}
		for (size_t i = 0; i < N_HELPER; i++) {
			int r = libbpf_probe_bpf_helper(helpers[i][0], helpers[i][1], NULL);

			if (r != want_helper[i])
				fail("probe helper %d/%d: %d, before the threads %d", helpers[i][0], helpers[i][1], r, want_helper[i]);
		}
		atomic_fetch_add(&probes_done, N_PROG + N_MAP + N_HELPER);
		usleep(2000);
	}
	return NULL;
}

struct counter {
	int tid;
	__u64 next_seq;
	long n, bad;
};

static int on_rec(void *ctx, void *data, size_t size)
{
	struct counter *c = ctx;
	struct rec *r = data;

	if (size != sizeof(*r) || r->tid != (__u32)c->tid || r->magic != 0x7448 || r->seq != c->next_seq)
		c->bad++;
	c->next_seq++;
	c->n++;
	return 0;
}

/* One cycle; returns the records counted, -1 on a failure (reported). */
static int cycle(int worker, int round)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *bss, *rbm;
	struct bpf_link *link = NULL;
	struct ring_buffer *rb = NULL;
	struct counter c = { .tid = (int)syscall(SYS_gettid) };
	struct state *st;
	size_t sz = 0;
	int err, want = CALLS * PER_CALL, ret = -1;

	obj = bpf_object__open_file(obj_path, NULL);
	if (!obj) {
		fail("worker %d cycle %d: open: %d", worker, round, -errno);
		return -1;
	}
	err = bpf_object__load(obj);
	if (err) {
		fail("worker %d cycle %d: load: %d", worker, round, err);
		goto out;
	}
	bss = bpf_object__find_map_by_name(obj, ".bss");
	rbm = bpf_object__find_map_by_name(obj, "oxthr_rb");
	prog = bpf_object__find_program_by_name(obj, "oxthr_produce");
	st = bss ? bpf_map__initial_value(bss, &sz) : NULL;
	if (!st || sz < sizeof(*st) || !rbm || !prog) {
		fail("worker %d cycle %d: .bss %p (%zu bytes), ring %p, prog %p", worker, round,
		     (void *)st, sz, (void *)rbm, (void *)prog);
		goto out;
	}
	st->per_call = PER_CALL;
	st->target_tid = c.tid;
	link = bpf_program__attach(prog);
	if (!link) {
		fail("worker %d cycle %d: attach: %d", worker, round, -errno);
		goto out;
	}
	rb = ring_buffer__new(bpf_map__fd(rbm), on_rec, &c, NULL);
	if (!rb) {
		fail("worker %d cycle %d: ring_buffer__new: %d", worker, round, -errno);
		goto out;
	}
	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getppid);
	while (c.n < want) {
		int n = ring_buffer__poll(rb, 1000);

		if (n < 0) {
			fail("worker %d cycle %d: poll: %d", worker, round, n);
			goto out;
		}
		if (n == 0)
			break;
	}
	if (c.n != want || c.bad || st->dropped) {
		fail("worker %d cycle %d: %ld records (want %d), %ld bad, %llu dropped", worker, round,
		     c.n, want, c.bad, (unsigned long long)st->dropped);
		goto out;
	}
	ret = (int)c.n;
out:
	ring_buffer__free(rb);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return ret;
}

static void *worker_main(void *arg)
{
	int id = (int)(long)arg;

	for (int i = 0; i < cycles; i++) {
		int n = cycle(id, i);

		if (n > 0)
			atomic_fetch_add(&records_total, n);
	}
	atomic_fetch_sub(&workers_left, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t workers[MAX_THREADS], probers[MAX_THREADS];
	struct setter setters[MAX_THREADS];
	int n_workers, n_probers, n_setters;
	long set[4] = { 0 }, got[4] = { 0 }, unknown = 0, before, want_records;
	libbpf_print_fn_t last;
	int final;

	if (argc != 6 && !(argc == 7 && !strcmp(argv[6], "warm"))) {
		fprintf(stderr, "usage: %s OBJ WORKERS CYCLES PROBERS SETTERS [warm]\n", argv[0]);
		return 2;
	}
	obj_path = argv[1];
	n_workers = atoi(argv[2]);
	cycles = atoi(argv[3]);
	n_probers = atoi(argv[4]);
	n_setters = atoi(argv[5]);
	if (n_workers < 1 || n_workers > MAX_THREADS || n_probers < 0 || n_probers > MAX_THREADS ||
	    n_setters < 0 || n_setters > MAX_THREADS || cycles < 1)
		return 2;

	libbpf_set_print(cb_main);
	for (size_t i = 0; i < N_PROG; i++) {
		want_prog[i] = libbpf_probe_bpf_prog_type(prog_types[i], NULL);
		printf("probe prog_type %d: %d\n", prog_types[i], want_prog[i]);
	}
	for (size_t i = 0; i < N_MAP; i++) {
		want_map[i] = libbpf_probe_bpf_map_type(map_types[i], NULL);
		printf("probe map_type %d: %d\n", map_types[i], want_map[i]);
	}
	for (size_t i = 0; i < N_HELPER; i++) {
		want_helper[i] = libbpf_probe_bpf_helper(helpers[i][0], helpers[i][1], NULL);
		printf("probe helper %d/%d: %d\n", helpers[i][0], helpers[i][1], want_helper[i]);
	}
	fflush(stdout);
	if (argc == 7 && cycle(-1, 0) > 0)
		atomic_fetch_add(&records_total, CALLS * PER_CALL);

	atomic_store(&workers_left, n_workers);
	memset(setters, 0, sizeof(setters));
	for (int i = 0; i < n_setters; i++)
		if (pthread_create(&setters[i].t, NULL, setter_main, &setters[i]))
			return fail("pthread_create"), 1;
	for (int i = 0; i < n_probers; i++)
		if (pthread_create(&probers[i], NULL, prober_main, NULL))
			return fail("pthread_create"), 1;
	for (int i = 0; i < n_workers; i++)
		if (pthread_create(&workers[i], NULL, worker_main, (void *)(long)i))
			return fail("pthread_create"), 1;
	for (int i = 0; i < n_workers; i++)
		pthread_join(workers[i], NULL);
	for (int i = 0; i < n_probers; i++)
		pthread_join(probers[i], NULL);
	for (int i = 0; i < n_setters; i++) {
		pthread_join(setters[i].t, NULL);
		for (int j = 0; j < 4; j++) {
			set[j] += setters[i].set[j];
			got[j] += setters[i].got[j];
		}
		unknown += setters[i].unknown;
	}

	/* Every callback set was handed back exactly once by the next swap,
	 * except the last one; cb_main was set first. */
	last = libbpf_set_print(cb_main);
	final = fn_index(last);
	if (unknown || final < 0)
		fail("libbpf_set_print returned a callback never set (%ld times)", unknown + (final < 0));
	for (int j = 0; j < 4 && final >= 0; j++) {
		long in = set[j] + (j == 0), out = got[j] + (j == final);

		if (in != out)
			fail("libbpf_set_print chain: callback %d set %ld times, returned %ld times", j, in, out);
	}
	/* The callback set last is the one that prints. */
	before = atomic_load(&lines_seen[0]);
	if (bpf_object__open_file("/nonexistent/oxthr.bpf.o", NULL) || errno != ENOENT)
		fail("opening a missing file: errno %d", errno);
	if (atomic_load(&lines_seen[0]) == before)
		fail("the last callback set got no line");
	if (atomic_load(&bad_lines))
		fail("%ld malformed log lines", atomic_load(&bad_lines));
	want_records = ((long)n_workers * cycles + (argc == 7)) * CALLS * PER_CALL;
	if (atomic_load(&records_total) != want_records)
		fail("%ld records in all, want %ld", atomic_load(&records_total), want_records);

	printf("%d workers x %d cycles: %ld records; %ld probes by %d threads; %ld print swaps by %d threads; "
	       "lines main/a/b %ld/%ld/%ld; %ld failures\n",
	       n_workers, cycles, atomic_load(&records_total), atomic_load(&probes_done), n_probers,
	       set[1] + set[2] + set[3], n_setters, atomic_load(&lines_seen[0]),
	       atomic_load(&lines_seen[1]), atomic_load(&lines_seen[2]), atomic_load(&failures));
	return atomic_load(&failures) ? 1 : 0;
}
