// Times dumping every type of vmlinux BTF as C (what `bpftool btf dump file
// /sys/kernel/btf/vmlinux format c` does) into /dev/null, after the parse;
// links against either libbpf. Usage: btf_dump [ITERATIONS]
// Prints the best wall time and the median process CPU time of the
// iterations (CPU time is what a loaded machine distorts least).
//   cc -O2 -Iinclude bench/btf_dump.c build/libbpf.a -lelf -lz -o bd-ours
//   cc -O2 -I$REF_INCLUDE bench/btf_dump.c $REF_LIB/libbpf.a -lelf -lz -o bd-ref
// Instructions of the dump alone: callgrind Ir of `bd-X 1` minus `bd-X 0`.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <bpf/btf.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void printf_fn(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

int main(int argc, char **argv)
{
	int iters = argc > 1 ? atoi(argv[1]) : 1, i;
	struct btf *b = btf__parse("/sys/kernel/btf/vmlinux", NULL);
	FILE *null = fopen("/dev/null", "w");
	double best = 1e9, cpu[64];

	if (iters > 64)
		iters = 64;
	if (!b || !null)
		return 1;
	for (i = 0; i < iters; i++) {
		double t0 = now(), c0 = cpu_now();
		struct btf_dump *d = btf_dump__new(b, printf_fn, null, NULL);
		__u32 id, n = btf__type_cnt(b);

		for (id = 1; id < n; id++)
			btf_dump__dump_type(d, id);
		btf_dump__free(d);
		cpu[i] = cpu_now() - c0;
		if (now() - t0 < best)
			best = now() - t0;
	}
	qsort(cpu, iters, sizeof(cpu[0]), cmp_double);
	printf("dump_c_ms %.2f (best of %d)\n", best, iters);
	if (iters > 0)
		printf("dump_c_cpu_ms %.2f (median of %d)\n", cpu[iters / 2], iters);
	btf__free(b);
	fclose(null);
	return 0;
}
