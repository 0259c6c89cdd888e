// Times btf__parse of vmlinux BTF plus one name lookup; links against either libbpf.
#include <stdio.h>
#include <time.h>
#include <sys/resource.h>
#include <bpf/btf.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(void)
{
	double t0 = now();
	struct btf *b = btf__parse("/sys/kernel/btf/vmlinux", NULL);
	double t1 = now();
	int id = btf__find_by_name_kind(b, "task_struct", BTF_KIND_STRUCT);
	double t2 = now();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("parse_ms %.2f lookup_ms %.2f id %d maxrss_kb %ld\n", t1 - t0, t2 - t1, id, ru.ru_maxrss);
	btf__free(b);
	return 0;
}
