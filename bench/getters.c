// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The cost of the per-call handle check on the cheapest exports (issue 16
 * item 3): getters and an empty ring_buffer__consume, called in a loop,
 * built unchanged against oxbpf and against upstream libbpf
 * (bench/run-getters.sh). Prints one line per case:
 * "<case> <ns/call median of ROUNDS rounds>". Under
 * `valgrind --tool=callgrind --collect-atstart=no` only the measured loops
 * are counted, one dump per case.
 * Usage: getters OBJ [rounds] [calls-per-round] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(s) ((void)(s))
#endif

static int sample_cb(void *ctx, void *data, size_t size)
{
	return 0;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static volatile long sink;

#define CASE(name, expr)                                                        \
	do {                                                                     \
		for (int r = 0; r < rounds; r++) {                               \
			CALLGRIND_TOGGLE_COLLECT;                                \
			double t0 = now_ns();                                    \
			for (long i = 0; i < calls; i++)                         \
				sink += (long)(expr);                            \
			t[r] = (now_ns() - t0) / calls;                          \
			CALLGRIND_TOGGLE_COLLECT;                                \
		}                                                                \
		CALLGRIND_DUMP_STATS_AT(name);                                   \
		qsort(t, rounds, sizeof(*t), cmp);                               \
		printf("%s %.2f %ld\n", name, t[rounds / 2], calls * rounds);    \
	} while (0)

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 11;
	long calls = argc > 3 ? atol(argv[3]) : 2000000;
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	struct ring_buffer *rb;
	double *t = calloc(rounds, sizeof(*t));
	int fd;

	if (argc < 2)
		return 2;
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj))
		return 1;
	prog = bpf_object__next_program(obj, NULL);
	map = bpf_object__next_map(obj, NULL);
	fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "getters_rb", 0, 0, 4096, NULL);
	rb = ring_buffer__new(fd, sample_cb, NULL, NULL);
	if (!prog || !map || !rb)
		return 1;

	CASE("bpf_map__fd", bpf_map__fd(map));
	CASE("bpf_map__name", bpf_map__name(map)[0]);
	CASE("bpf_program__name", bpf_program__name(prog)[0]);
	CASE("bpf_program__fd", bpf_program__fd(prog));
	CASE("ring_buffer__consume(empty)", ring_buffer__consume(rb));
	CASE("ring_buffer__poll(empty,0)", ring_buffer__poll(rb, 0));

	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}
