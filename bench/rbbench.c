// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Consume throughput of ring buffers and perf buffers, built unchanged
 * against oxbpf and against upstream libbpf (bench/run.sh). Each round fills
 * a buffer from the kernel program (c-tests/progs/ringbuf.bpf.c, pinned to
 * CPU 0) and then times one consume call that drains it with a trivial
 * callback: wall time and this thread's CPU time per record. Prints one line
 * per case: "<case> <records/s median> <cpu ns/record median> <records/round>".
 * Under `valgrind --tool=callgrind --collect-atstart=no` only the measured
 * consume calls are counted, one profile dump per case (bench/run.sh -i). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(s) ((void)(s))
#endif

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
#include "ringbuf.skel.h"

enum { RB_SMALL = 0, RB_BIG = 1, PB_SMALL = 2, PB_BIG = 3 };

#define RING_BYTES (16u << 20)
#define PER_CALL 1024

#include "rb_common.h"

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp);
	return v[n / 2];
}

/* Fills with `records` records of the current mode: whole batches of PER_CALL. */
static void fill(struct ringbuf_bpf *skel, unsigned records)
{
	unsigned calls = records / PER_CALL;

	skel->bss->st.n_per_call = PER_CALL;
	for (unsigned i = 0; i < calls; i++)
		getppid();
}

static int run_case(struct ringbuf_bpf *skel, const char *name, int mode, unsigned rec_bytes,
		    int rounds)
{
	unsigned records = (RING_BYTES * 9 / 10) / rec_bytes / PER_CALL * PER_CALL;
	double rate[64], cpu[64];
	struct ring_buffer *rb = NULL;
	struct perf_buffer *pb = NULL;

	skel->bss->st.mode = mode;
	if (mode == RB_SMALL || mode == RB_BIG) {
		rb = ring_buffer__new(bpf_map__fd(skel->maps.rb), rb_cb, NULL, NULL);
		if (!rb) {
			fprintf(stderr, "ring_buffer__new: %s\n", strerror(errno));
			return 1;
		}
	} else {
		pb = perf_buffer__new(bpf_map__fd(skel->maps.pb), RING_BYTES / 4096, pb_cb,
				      pb_lost, NULL, NULL);
		if (!pb) {
			fprintf(stderr, "perf_buffer__new: %s\n", strerror(errno));
			return 1;
		}
	}
	for (int r = -2; r < rounds; r++) {	/* two warm-up rounds */
		int err;

		count = 0;
		skel->bss->st.dropped = 0;
		fill(skel, records);
		double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
		if (r >= 0)
			CALLGRIND_TOGGLE_COLLECT;
		err = rb ? ring_buffer__consume(rb) : perf_buffer__consume(pb);
		if (r >= 0)
			CALLGRIND_TOGGLE_COLLECT;
		double c1 = now(CLOCK_THREAD_CPUTIME_ID), w1 = now(CLOCK_MONOTONIC);
		if (err < 0 || count != records || skel->bss->st.dropped) {
			fprintf(stderr, "%s: consumed %llu of %u (err %d, dropped %llu)\n", name,
				count, records, err, (unsigned long long)skel->bss->st.dropped);
			return 1;
		}
		if (r >= 0) {
			rate[r] = records / (w1 - w0);
			cpu[r] = (c1 - c0) * 1e9 / records;
		}
	}
	CALLGRIND_DUMP_STATS_AT(name);
	printf("%s %.0f %.2f %u\n", name, median(rate, rounds), median(cpu, rounds), records);
	ring_buffer__free(rb);
	perf_buffer__free(pb);
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 15;
	struct ringbuf_bpf *skel;
	cpu_set_t set;
	int err = 0;

	if (rounds < 1 || rounds > 64)
		rounds = 15;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);

	skel = ringbuf_bpf__open();
	if (!skel) {
		fprintf(stderr, "open: %s\n", strerror(errno));
		return 1;
	}
	bpf_map__set_max_entries(skel->maps.rb, RING_BYTES);
	bpf_program__set_autoload(skel->progs.consume_user, false);
	if (ringbuf_bpf__load(skel)) {
		fprintf(stderr, "load: %s\n", strerror(errno));
		return 1;
	}
	skel->links.produce = bpf_program__attach(skel->progs.produce);
	if (!skel->links.produce) {
		fprintf(stderr, "attach: %s\n", strerror(errno));
		return 1;
	}
	skel->bss->st.target_pid = getpid();

	err |= run_case(skel, "ringbuf-16B", RB_SMALL, 24, rounds);
	err |= run_case(skel, "ringbuf-1KiB", RB_BIG, 1032, rounds);
	err |= run_case(skel, "perfbuf-16B", PB_SMALL, 32, rounds);
	err |= run_case(skel, "perfbuf-1KiB", PB_BIG, 1040, rounds);
	ringbuf_bpf__destroy(skel);
	return err;
}
