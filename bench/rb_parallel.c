// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Ring buffer / perf buffer end to end with a parallel producer, after the
 * kernel's bench_ringbufs (rb-libbpf, pb-libbpf): a thread pinned to CPU 0
 * calls getpgid(2) in a loop, and bench/rb_parallel.bpf.c writes `batch`
 * 8-byte records per call; a consumer thread pinned to CPU 1 calls
 * ring_buffer__poll / perf_buffer__poll (100 ms timeout) with a callback that
 * counts. With RB_PARALLEL_FIFO=1 the consumer runs SCHED_FIFO (priority 1):
 * on a machine shared with other jobs, a consumer that gets a fraction of
 * its CPU lets the ring fill and measures the scheduler, not the library
 * (it sleeps most of the time; the producer stays an ordinary thread). Built unchanged against oxbpf and upstream (bench/run-parallel.sh),
 * linked with -Wl,--wrap=epoll_wait to count the library's epoll_wait calls.
 * Prints one line:
 *   <rb|pb> <records/s> <consumer CPU ns/record> <lost> <epoll_wait per 1k records>
 *   <consumer sleeps per 1k records> <records> <stalls: 100 ms polls that found nothing>
 * over `seconds` of measurement after a warm-up; lost = records the program
 * could not write (ring full) plus written records never delivered.
 * RB_PARALLEL_RING_KIB sets the ring buffer's size (default 512 KiB). */
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
#include "rb_parallel.skel.h"

static unsigned long delivered, epoll_calls, pb_lost_cnt;
static int stop_producer, stop_consumer;
static pid_t consumer_tid;
static unsigned long stalls;

static double now(void);

int __real_epoll_wait(int epfd, struct epoll_event *ev, int n, int timeout);
int __wrap_epoll_wait(int epfd, struct epoll_event *ev, int n, int timeout)
{
	__atomic_store_n(&epoll_calls, epoll_calls + 1, __ATOMIC_RELAXED);
	return __real_epoll_wait(epfd, ev, n, timeout);
}

static int rb_cb(void *ctx, void *data, size_t size)
{
	(void)ctx; (void)data; (void)size;
	__atomic_store_n(&delivered, delivered + 1, __ATOMIC_RELAXED);
	return 0;
}

static void pb_cb(void *ctx, int cpu, void *data, __u32 size)
{
	(void)ctx; (void)cpu; (void)data; (void)size;
	__atomic_store_n(&delivered, delivered + 1, __ATOMIC_RELAXED);
}

static void pb_lost(void *ctx, int cpu, __u64 n)
{
	(void)ctx; (void)cpu;
	__atomic_fetch_add(&pb_lost_cnt, n, __ATOMIC_RELAXED);
}

static void pin(int cpu, int fifo)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set)) {
		fprintf(stderr, "cannot pin to CPU %d\n", cpu);
		exit(1);
	}
	if (fifo && getenv("RB_PARALLEL_FIFO")) {
		struct sched_param sp = { .sched_priority = 1 };

		if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp)) {
			fprintf(stderr, "cannot set SCHED_FIFO\n");
			exit(1);
		}
	}
}

static void *producer(void *arg)
{
	(void)arg;
	pin(0, 0);
	while (!__atomic_load_n(&stop_producer, __ATOMIC_RELAXED))
		syscall(__NR_getpgid, 0);
	return NULL;
}

static struct ring_buffer *rb;
static struct perf_buffer *pb;

static void *consumer(void *arg)
{
	int err = 0;

	(void)arg;
	pin(1, 1);
	__atomic_store_n(&consumer_tid, gettid(), __ATOMIC_RELEASE);
	while (!__atomic_load_n(&stop_consumer, __ATOMIC_ACQUIRE)) {
		double t = now();

		err = rb ? ring_buffer__poll(rb, 100) : perf_buffer__poll(pb, 100);
		/* A whole timeout while the producer runs: a wake-up never came. */
		if (err == 0 && now() - t > 0.05 && !__atomic_load_n(&stop_producer, __ATOMIC_RELAXED))
			__atomic_store_n(&stalls, stalls + 1, __ATOMIC_RELAXED);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "poll: %d\n", err);
			exit(1);
		}
	}
	err = rb ? ring_buffer__consume(rb) : perf_buffer__consume(pb);
	if (err < 0) {
		fprintf(stderr, "final consume: %d\n", err);
		exit(1);
	}
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double thread_cpu(pthread_t t)
{
	struct timespec ts;
	clockid_t c;

	if (pthread_getcpuclockid(t, &c) || clock_gettime(c, &ts)) {
		perror("thread cpu clock");
		exit(1);
	}
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long voluntary_switches(pid_t tid)
{
	char path[64], line[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %ld", &v) == 1)
			break;
	fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	int use_pb = argc > 1 && !strcmp(argv[1], "pb");
	double secs = argc > 2 ? atof(argv[2]) : 2.0;
	int batch = argc > 3 ? atoi(argv[3]) : 500;
	unsigned long d0, d1, e0, e1, total;
	long s0, s1, lost;
	double t0, t1, c0, c1;
	struct rb_parallel_bpf *skel;
	pthread_t prod, cons;

	skel = rb_parallel_bpf__open();
	if (!skel)
		return 1;
	skel->rodata->tgid = getpid();
	skel->rodata->batch_cnt = batch;
	skel->rodata->mode = use_pb;
	/* RB_PARALLEL_RING_KIB: the ring buffer's size (default: 512 KiB, as built). */
	if (getenv("RB_PARALLEL_RING_KIB") &&
	    bpf_map__set_max_entries(skel->maps.rb, atoi(getenv("RB_PARALLEL_RING_KIB")) << 10)) {
		fprintf(stderr, "bad RB_PARALLEL_RING_KIB\n");
		return 1;
	}
	if (rb_parallel_bpf__load(skel) || rb_parallel_bpf__attach(skel)) {
		fprintf(stderr, "load/attach failed\n");
		return 1;
	}
	if (use_pb)
		pb = perf_buffer__new(bpf_map__fd(skel->maps.pb), 128, pb_cb, pb_lost, NULL, NULL);
	else
		rb = ring_buffer__new(bpf_map__fd(skel->maps.rb), rb_cb, NULL, NULL);
	if (!rb && !pb) {
		fprintf(stderr, "buffer: %d\n", -errno);
		return 1;
	}
	pthread_create(&cons, NULL, consumer, NULL);
	while (!__atomic_load_n(&consumer_tid, __ATOMIC_ACQUIRE))
		usleep(1000);
	pthread_create(&prod, NULL, producer, NULL);
	usleep(300 * 1000);

	t0 = now(); c0 = thread_cpu(cons); s0 = voluntary_switches(consumer_tid);
	d0 = __atomic_load_n(&delivered, __ATOMIC_RELAXED);
	e0 = __atomic_load_n(&epoll_calls, __ATOMIC_RELAXED);
	usleep((useconds_t)(secs * 1e6));
	t1 = now(); c1 = thread_cpu(cons); s1 = voluntary_switches(consumer_tid);
	d1 = __atomic_load_n(&delivered, __ATOMIC_RELAXED);
	e1 = __atomic_load_n(&epoll_calls, __ATOMIC_RELAXED);

	__atomic_store_n(&stop_producer, 1, __ATOMIC_RELAXED);
	pthread_join(prod, NULL);
	__atomic_store_n(&stop_consumer, 1, __ATOMIC_RELEASE);
	pthread_join(cons, NULL);

	total = delivered;
	/* A full perf buffer both fails the write and later reports it as lost. */
	lost = skel->bss->dropped > (long)pb_lost_cnt ? skel->bss->dropped : (long)pb_lost_cnt;
	lost += skel->bss->produced - (long)total;
	printf("%s %.0f %.2f %ld %.3f %.3f %lu %lu\n", use_pb ? "pb" : "rb",
	       (d1 - d0) / (t1 - t0), (c1 - c0) * 1e9 / (double)(d1 - d0), lost,
	       (e1 - e0) * 1000.0 / (double)(d1 - d0), (s1 - s0) * 1000.0 / (double)(d1 - d0),
	       total, stalls);
	ring_buffer__free(rb);
	perf_buffer__free(pb);
	rb_parallel_bpf__destroy(skel);
	return lost != 0;
}
