// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* minimal_ns: store our pid-namespace identity and pid in .bss, attach, write. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/libbpf.h>
#include "minimal_ns.skel.h"

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

int main(int argc, char **argv)
{
	struct minimal_ns_bpf *skel;
	struct stat sb;
	int err, seconds = argc > 1 ? atoi(argv[1]) : -1;

	libbpf_set_print(libbpf_print_fn);

	skel = minimal_ns_bpf__open();
	if (!skel) {
		fprintf(stderr, "Failed to open BPF skeleton\n");
		return 1;
	}
	if (stat("/proc/self/ns/pid", &sb) == -1) {
		fprintf(stderr, "Failed to acquire namespace information\n");
		err = 1;
		goto cleanup;
	}
	skel->bss->dev = sb.st_dev;
	skel->bss->ino = sb.st_ino;
	skel->bss->my_pid = getpid();

	err = minimal_ns_bpf__load(skel);
	if (err) {
		fprintf(stderr, "Failed to load and verify BPF skeleton\n");
		goto cleanup;
	}
	err = minimal_ns_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "Failed to attach BPF skeleton\n");
		goto cleanup;
	}
	printf("Successfully started! Please run `sudo cat /sys/kernel/debug/tracing/trace_pipe` "
	       "to see output of the BPF programs.\n");
	fflush(stdout);

	for (int i = 0; seconds < 0 || i < seconds; i++) {
		fprintf(stderr, ".");
		sleep(1);
	}
	fprintf(stderr, "\n");
	printf("minimal_ns: BPF program ran %d times for pid %d\n", skel->bss->hits, getpid());

cleanup:
	minimal_ns_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
