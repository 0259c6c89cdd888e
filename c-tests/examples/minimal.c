// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* minimal, libbpf-bootstrap style: open the skeleton, put our pid in .bss,
 * load, attach, and write to stdout once a second so the tracepoint fires.
 * Runs for argv[1] seconds (default: until killed). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>
#include <bpf/libbpf.h>
#include "minimal.skel.h"

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

int main(int argc, char **argv)
{
	struct minimal_bpf *skel;
	int err, seconds = argc > 1 ? atoi(argv[1]) : -1;

	libbpf_set_print(libbpf_print_fn);

	skel = minimal_bpf__open();
	if (!skel) {
		fprintf(stderr, "Failed to open BPF skeleton\n");
		return 1;
	}

	/* Before load: .bss is already mapped, and what we write reaches the kernel. */
	skel->bss->my_pid = getpid();

	err = minimal_bpf__load(skel);
	if (err) {
		fprintf(stderr, "Failed to load and verify BPF skeleton\n");
		goto cleanup;
	}

	err = minimal_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "Failed to attach BPF skeleton\n");
		goto cleanup;
	}

	printf("Successfully started! Please run `sudo cat /sys/kernel/debug/tracing/trace_pipe` "
	       "to see output of the BPF programs.\n");
	fflush(stdout);

	for (int i = 0; seconds < 0 || i < seconds; i++) {
		/* trigger our BPF program */
		fprintf(stderr, ".");
		sleep(1);
	}
	fprintf(stderr, "\n");

cleanup:
	minimal_bpf__destroy(skel);
	return -err;
}
