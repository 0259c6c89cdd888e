// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Lost wake-up stress test. The producer (this thread, CPU 0) writes one
 * record, waits until the consumer (CPU 1, blocked in ring_buffer__poll(-1)
 * or in epoll_wait on ring_buffer__epoll_fd then ring_buffer__consume) has
 * seen it, and writes the next one right away, after a varying short delay:
 * the commit lands again and again just as the consumer finishes its pass and
 * goes back to sleep. The kernel queues a wake-up only if the consumer
 * position it reads after the commit equals the record's; a consumer that
 * publishes its position and re-reads the producer's without a full barrier
 * in between, or whose epoll is edge-triggered without that re-check, sleeps
 * forever with the record in the ring. Each record must be seen within
 * 10 s, or the test fails (it never hangs).
 * Mode "stream": the producer does not wait; it writes one record per
 * system call for <records> calls, with the same random delays, so
 * commits race every pass's end (a
 * record committed while the consumer's position store is still in its
 * store buffer is the window); a consumer that misses one wake-up never
 * gets another (later commits see it behind), so "no progress for 10 s"
 * fails the case. At the end every record written must have been seen.
 * Usage: wakeup <wakeup.bpf.o> <poll|epoll|stream> <records> */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>

static struct ring_buffer *rb;
static unsigned long long seen, bad;
static int use_epoll;

static int on_record(void *ctx, void *data, size_t size)
{
	unsigned long long v = *(unsigned long long *)data;

	(void)ctx;
	if (size != 8 || v != seen + 1)
		__atomic_fetch_add(&bad, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&seen, v, __ATOMIC_RELEASE);
	return 0;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *consumer(void *arg)
{
	int epfd = ring_buffer__epoll_fd(rb);
	struct epoll_event ev;
	int err;

	(void)arg;
	pin(1);
	for (;;) {
		if (use_epoll) {
			err = epoll_wait(epfd, &ev, 1, -1);
			if (err >= 0)
				err = ring_buffer__consume(rb);
		} else {
			err = ring_buffer__poll(rb, -1);
		}
		if (err < 0 && err != -EINTR && errno != EINTR) {
			fprintf(stderr, "consumer: %d\n", err);
			exit(1);
		}
	}
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void stuck(const char *mode, const char *what)
{
	struct ring *r = ring_buffer__ring(rb, 0);

	printf("FAIL: %s: %s: consumer saw %llu, producer_pos %lu, consumer_pos %lu\n", mode,
	       what, seen, ring__producer_pos(r), ring__consumer_pos(r));
	fflush(stdout);
	_exit(1);
}

static int stream(struct bpf_object *obj, unsigned long long n, double t0)
{
	unsigned long long i, last = 0, written;
	struct bpf_map *bss = bpf_object__find_map_by_name(obj, ".bss");
	__u64 counters[2] = {};	/* seq, dropped */
	double progress = now();

	unsigned int seed = 2;

	for (i = 1; i <= n; i++) {
		/* Paced near the consumer's wake-up rate, so it catches up and
		 * goes back to sleep between most records. */
		unsigned int spin = rand_r(&seed) % 2048;

		while (spin--)
			__asm__ __volatile__("pause");
		syscall(__NR_getpgid, 0);
		if (i % 64)
			continue;
		if (__atomic_load_n(&seen, __ATOMIC_ACQUIRE) != last) {
			last = seen;
			progress = now();
		} else if (now() - progress > 10) {
			stuck("stream", "no record delivered for 10 s while producing (a lost wake-up)");
		}
	}
	if (!bss || bpf_map__lookup_elem(bss, &(__u32){0}, 4, counters, sizeof(counters), 0)) {
		printf("FAIL: stream: cannot read the counters\n");
		_exit(1);
	}
	written = counters[0];
	progress = now();
	while (__atomic_load_n(&seen, __ATOMIC_ACQUIRE) < written) {
		if (now() - progress > 10)
			stuck("stream", "the last records never delivered (a lost wake-up)");
		usleep(1000);
	}
	if (bad) {
		printf("FAIL: stream: %llu records out of order or of the wrong size\n", bad);
		_exit(1);
	}
	printf("ok: stream: %llu records written (%llu dropped on a full ring), each delivered, in %.1f s\n",
	       written, (unsigned long long)counters[1], now() - t0);
	fflush(stdout);
	_exit(0);
}

int main(int argc, char **argv)
{
	unsigned long long n, i;
	struct bpf_object *obj;
	struct bpf_map *rodata;
	pthread_t th;
	unsigned int seed = 1;
	__u32 tgid = getpid();
	double t0;

	if (argc != 4)
		return 2;
	use_epoll = !strcmp(argv[2], "epoll");
	n = strtoull(argv[3], NULL, 10);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		return 1;
	rodata = bpf_object__find_map_by_name(obj, ".rodata");
	if (!rodata || bpf_map__set_initial_value(rodata, &tgid, sizeof(tgid)) ||
	    bpf_object__load(obj) ||
	    !bpf_program__attach(bpf_object__find_program_by_name(obj, "produce"))) {
		fprintf(stderr, "load/attach failed\n");
		return 1;
	}
	rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "rb"), on_record, NULL, NULL);
	if (!rb)
		return 1;
	pin(0);
	pthread_create(&th, NULL, consumer, NULL);
	t0 = now();
	if (!strcmp(argv[2], "stream"))
		return stream(obj, n, t0);
	for (i = 1; i <= n; i++) {
		unsigned int spin = rand_r(&seed) % 2048;
		double start;
		int k = 0;

		while (spin--)
			__asm__ __volatile__("pause");
		syscall(__NR_getpgid, 0);
		start = now();
		while (__atomic_load_n(&seen, __ATOMIC_ACQUIRE) < i) {
			if (++k % 256)
				continue;
			if (now() - start > 10) {
				struct ring *r = ring_buffer__ring(rb, 0);

				printf("FAIL: %s: record %llu not delivered after 10 s (a lost wake-up): "
				       "producer_pos %lu, consumer_pos %lu\n", argv[2], i,
				       ring__producer_pos(r), ring__consumer_pos(r));
				fflush(stdout);
				_exit(1);
			}
			sched_yield();
		}
	}
	if (bad) {
		printf("FAIL: %s: %llu records out of order or of the wrong size\n", argv[2], bad);
		_exit(1);
	}
	printf("ok: %s: %llu records, each delivered, in %.1f s\n", argv[2], n, now() - t0);
	fflush(stdout);
	_exit(0);
}
