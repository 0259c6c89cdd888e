// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Start-up time of an example app: fork+exec, time until its first stdout
 * line (printed once its programs are attached), then SIGINT and reap it
 * for its peak RSS and minor page faults. Prints medians of N runs.
 *   startup N prog [args...]
 *     ->  "median_ms=... min_ms=... max_ms=... rss_kb=... minflt=..." */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0, i;
	double *t, *rss, *flt;

	if (n <= 0) {
		fprintf(stderr, "usage: %s N prog [args...]\n", argv[0]);
		return 2;
	}
	t = calloc(n, sizeof(*t));
	rss = calloc(n, sizeof(*rss));
	flt = calloc(n, sizeof(*flt));
	for (i = 0; i < n; i++) {
		struct rusage ru;
		int p[2], st;
		double t0;
		pid_t pid;
		char c;

		if (pipe(p))
			return 1;
		t0 = now_ms();
		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);

			dup2(p[1], 1);
			dup2(null, 2);
			close(p[0]);
			close(p[1]);
			execv(argv[2], argv + 2);
			_exit(127);
		}
		close(p[1]);
		while (read(p[0], &c, 1) == 1 && c != '\n')
			;
		t[i] = now_ms() - t0;
		kill(pid, SIGINT);
		close(p[0]);
		if (wait4(pid, &st, 0, &ru) < 0)
			return 1;
		rss[i] = ru.ru_maxrss;
		flt[i] = ru.ru_minflt;
	}
	qsort(t, n, sizeof(*t), cmp);
	qsort(rss, n, sizeof(*rss), cmp);
	qsort(flt, n, sizeof(*flt), cmp);
	printf("median_ms=%.2f min_ms=%.2f max_ms=%.2f rss_kb=%.0f minflt=%.0f\n", t[n / 2], t[0],
	       t[n - 1], rss[n / 2], flt[n / 2]);
	return 0;
}
