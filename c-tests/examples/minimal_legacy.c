// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* minimal_legacy: no global variables; the pid to watch goes into an array
 * map through bpf_map__update_elem(). Runs for argv[1] seconds. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "minimal_legacy.skel.h"

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

int main(int argc, char **argv)
{
	struct minimal_legacy_bpf *skel;
	int err, seconds = argc > 1 ? atoi(argv[1]) : -1;
	unsigned index = 0;
	int pid = getpid();

	libbpf_set_print(libbpf_print_fn);

	skel = minimal_legacy_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "Failed to open and load BPF skeleton\n");
		return 1;
	}

	err = bpf_map__update_elem(skel->maps.my_pid_map, &index, sizeof(index), &pid,
				   sizeof(pid), BPF_ANY);
	if (err < 0) {
		fprintf(stderr, "Error updating map with pid: %d\n", err);
		goto cleanup;
	}

	/* A wrong key size is refused, not passed through. */
	if (bpf_map__update_elem(skel->maps.my_pid_map, &index, 2, &pid, sizeof(pid), BPF_ANY) != -EINVAL) {
		fprintf(stderr, "bad key size was not rejected\n");
		err = -1;
		goto cleanup;
	}

	err = minimal_legacy_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "Failed to attach BPF skeleton\n");
		goto cleanup;
	}

	printf("Successfully started!\n");
	fflush(stdout);

	for (int i = 0; seconds < 0 || i < seconds; i++) {
		fprintf(stderr, ".");
		sleep(1);
	}
	fprintf(stderr, "\n");

cleanup:
	minimal_legacy_bpf__destroy(skel);
	return -err;
}
