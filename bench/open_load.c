// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Times bpf_object__open_file (+ prepare, + load) of one object, repeated;
 * built once against oxbpf and once against upstream libbpf. Prints the
 * median wall time and the mean CPU time (user + system) per iteration, and
 * the process's peak RSS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	double *t, c0, c1;
	struct rusage ru;
	int n, i, mode;

	if (argc < 4) {
		fprintf(stderr, "usage: %s OBJ open|prepare|load N\n", argv[0]);
		return 2;
	}
	mode = !strcmp(argv[2], "open") ? 0 : !strcmp(argv[2], "prepare") ? 1 : 2;
	n = atoi(argv[3]);
	if (n <= 0) /* the baseline for a cold first iteration: set-up only */
		return 0;
	t = calloc(n, sizeof(*t));
	libbpf_set_print(quiet);
	c0 = cpu_us();
	for (i = 0; i < n; i++) {
		double s = now_us();
		struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
		int err = obj ? 0 : -1;

		if (!err && mode == 1)
			err = bpf_object__prepare(obj);
		else if (!err && mode == 2)
			err = bpf_object__load(obj);
		bpf_object__close(obj);
		t[i] = now_us() - s;
		if (err) {
			fprintf(stderr, "%s failed\n", argv[2]);
			return 1;
		}
	}
	c1 = cpu_us();
	qsort(t, n, sizeof(*t), cmp);
	getrusage(RUSAGE_SELF, &ru);
	printf("median_us=%.1f cpu_us=%.1f maxrss_kb=%ld\n", t[n / 2], (c1 - c0) / n, ru.ru_maxrss);
	free(t);
	return 0;
}
