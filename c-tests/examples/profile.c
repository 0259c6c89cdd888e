// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* profile: open a sampling perf event per online CPU (hardware cycles if the
 * machine has a PMU, else the software cpu-clock), attach the program to each
 * with bpf_program__attach_perf_event, burn CPU for a second, report. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <bpf/libbpf.h>
#include "profile.skel.h"

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

static long perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
			    unsigned long flags)
{
	return syscall(__NR_perf_event_open, attr, pid, cpu, group_fd, flags);
}

int main(int argc, char **argv)
{
	struct perf_event_attr attr;
	struct bpf_link **links = NULL;
	struct profile_bpf *skel;
	int ncpus, cpu, fd, err, hw = 1, attached = 0;
	struct timespec start, now;
	volatile unsigned long spin = 0;

	libbpf_set_print(libbpf_print_fn);

	ncpus = libbpf_num_possible_cpus();
	if (ncpus < 0) {
		fprintf(stderr, "Failed to get possible CPUs: %d\n", ncpus);
		return 1;
	}
	links = calloc(ncpus, sizeof(*links));

	skel = profile_bpf__open();
	if (!skel) {
		fprintf(stderr, "Failed to open BPF skeleton\n");
		free(links);
		return 1;
	}
	skel->bss->my_pid = getpid();
	err = profile_bpf__load(skel);
	if (err) {
		fprintf(stderr, "Failed to load BPF skeleton\n");
		goto cleanup;
	}

	for (cpu = 0; cpu < ncpus; cpu++) {
		memset(&attr, 0, sizeof(attr));
		attr.size = sizeof(attr);
		attr.type = hw ? PERF_TYPE_HARDWARE : PERF_TYPE_SOFTWARE;
		attr.config = hw ? PERF_COUNT_HW_CPU_CYCLES : PERF_COUNT_SW_CPU_CLOCK;
		attr.sample_freq = 1000;
		attr.freq = 1;
		fd = perf_event_open(&attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0 && hw && (errno == ENOENT || errno == EOPNOTSUPP || errno == ENODEV)) {
			printf("profile: no hardware PMU (cycles: %s), using the software cpu-clock\n",
			       strerror(errno));
			hw = 0;
			cpu--;
			continue;
		}
		if (fd < 0) {
			if (errno == ENODEV) /* CPU offline */
				continue;
			err = -errno;
			fprintf(stderr, "Failed to open perf event on CPU #%d: %d\n", cpu, err);
			goto cleanup;
		}
		links[cpu] = bpf_program__attach_perf_event(skel->progs.profile, fd);
		close(fd); /* the link holds its own reference */
		if (!links[cpu]) {
			err = -errno;
			fprintf(stderr, "Failed to attach perf event on CPU #%d: %d\n", cpu, err);
			goto cleanup;
		}
		attached++;
	}
	printf("Successfully started! %d CPUs sampled at 1000 Hz (%s)\n", attached,
	       hw ? "cycles" : "cpu-clock");

	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		for (int i = 0; i < 100000; i++)
			spin += i;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - start.tv_sec) * 1000000000L + (now.tv_nsec - start.tv_nsec) <
		 1000000000L);

	printf("profile: %llu samples, %llu in our process, %llu with a user stack\n",
	       (unsigned long long)skel->bss->samples, (unsigned long long)skel->bss->own_samples,
	       (unsigned long long)skel->bss->own_stacks);
	err = skel->bss->own_samples >= 100 && skel->bss->own_stacks >= 1 ? 0 : 1;
	printf("profile: %s\n", err ? "MISMATCH" : "sampling works");

cleanup:
	for (cpu = 0; cpu < ncpus; cpu++)
		bpf_link__destroy(links[cpu]);
	free(links);
	profile_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
