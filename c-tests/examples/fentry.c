// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* fentry: fentry/fexit on do_unlinkat, then unlink a file. Kernels that fence
 * BPF trampolines refuse the load with EPERM (after the attach BTF id was
 * resolved, which a missing target would have failed with ESRCH): SKIP. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "fentry.skel.h"

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

int main(int argc, char **argv)
{
	char path[] = "/tmp/oxbpf-fentry-XXXXXX";
	struct fentry_bpf *skel;
	int err, fd;

	libbpf_set_print(libbpf_print_fn);

	skel = fentry_bpf__open();
	if (!skel) {
		fprintf(stderr, "Failed to open BPF skeleton\n");
		return 1;
	}
	skel->bss->my_pid = getpid();
	err = fentry_bpf__load(skel);
	if (err == -EPERM || err == -EOPNOTSUPP) {
		printf("SKIP: fentry: attach BTF id of do_unlinkat resolved, but the kernel refused "
		       "to load the fentry/fexit programs (%d): no BPF trampoline support\n", err);
		err = 0;
		goto cleanup;
	}
	if (err) {
		fprintf(stderr, "Failed to load and verify BPF skeleton: %d\n", err);
		goto cleanup;
	}
	err = fentry_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "Failed to attach BPF skeleton: %d\n", err);
		goto cleanup;
	}
	printf("Successfully started!\n");
	fd = mkstemp(path);
	if (fd < 0) {
		err = -errno;
		goto cleanup;
	}
	close(fd);
	unlink(path);
	printf("fentry: do_unlinkat entries %d exits %d\n", skel->bss->entries, skel->bss->exits);
	err = skel->bss->entries >= 1 && skel->bss->exits >= 1 ? 0 : 1;
	printf("fentry: %s\n", err ? "MISMATCH" : "all probes fired as expected");

cleanup:
	fentry_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
