/* What the ring buffer benches share (rbbench.c, rb_pair.c): callbacks that
 * only count what they are handed, and the clock and sort helpers. */
#ifndef RB_COMMON_H
#define RB_COMMON_H

#include <stdio.h>
#include <time.h>
#include <linux/types.h>

static unsigned long long count;

static int rb_cb(void *ctx, void *data, size_t size)
{
	(void)ctx; (void)data; (void)size;
	count++;
	return 0;
}

static void pb_cb(void *ctx, int cpu, void *data, __u32 size)
{
	(void)ctx; (void)cpu; (void)data; (void)size;
	count++;
}

static void pb_lost(void *ctx, int cpu, __u64 n)
{
	(void)ctx;
	fprintf(stderr, "lost %llu on cpu %d\n", (unsigned long long)n, cpu);
}

static double now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#endif
