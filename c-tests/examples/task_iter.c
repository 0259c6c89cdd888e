// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* task_iter: attach the iterator, create an instance with bpf_iter_create,
 * read it to the end, and check our own task is listed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "task_iter.skel.h"

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

int main(int argc, char **argv)
{
	struct task_iter_bpf *skel;
	char buf[4096], line[64];
	int err, iter_fd = -1, lines = 0, found = 0;
	ssize_t n;

	libbpf_set_print(libbpf_print_fn);

	skel = task_iter_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "Failed to open and load BPF skeleton\n");
		return 1;
	}
	err = task_iter_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "Failed to attach BPF skeleton\n");
		goto cleanup;
	}
	iter_fd = bpf_iter_create(bpf_link__fd(skel->links.get_tasks));
	if (iter_fd < 0) {
		err = -errno;
		fprintf(stderr, "Failed to create iter\n");
		goto cleanup;
	}

	snprintf(line, sizeof(line), "%-8d %-8d task_iter\n", getpid(), getpid());
	{
		char *all = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&all, &len);

		while ((n = read(iter_fd, buf, sizeof(buf))) > 0)
			fwrite(buf, 1, n, m);
		fclose(m);
		if (n < 0) {
			err = -errno;
			fprintf(stderr, "Failed to read iter: %d\n", err);
			free(all);
			goto cleanup;
		}
		for (char *p = all; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
			lines++;
			if (!strncmp(p, line, strlen(line)))
				found = 1;
		}
		fputs(all ? all : "", stdout);
		free(all);
	}
	printf("task_iter: %d lines, own task (%d task_iter) %s\n", lines, getpid(),
	       found ? "listed" : "MISSING");
	err = found && lines > 2 ? 0 : 1;

cleanup:
	if (iter_fd >= 0)
		close(iter_fd);
	task_iter_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
