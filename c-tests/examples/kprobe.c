// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* kprobe: attach do_unlinkat probes from their SEC() names, unlink a file.
 * Kernels without kprobes refuse the attach: that is reported as a SKIP. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "kprobe.skel.h"

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

int main(int argc, char **argv)
{
	char path[] = "/tmp/oxbpf-kprobe-XXXXXX";
	struct kprobe_bpf *skel;
	int err, fd;

	libbpf_set_print(libbpf_print_fn);

	skel = kprobe_bpf__open();
	if (!skel) {
		fprintf(stderr, "Failed to open BPF skeleton\n");
		return 1;
	}
	skel->bss->my_pid = getpid();
	err = kprobe_bpf__load(skel);
	if (err) {
		fprintf(stderr, "Failed to load and verify BPF skeleton\n");
		goto cleanup;
	}
	err = kprobe_bpf__attach(skel);
	if (err == -ENOENT || err == -EOPNOTSUPP) {
		printf("SKIP: kprobe: programs loaded, but the kernel refused the kprobe attach (%d): "
		       "no kprobe support (CONFIG_KPROBES)\n", err);
		err = 0;
		goto cleanup;
	}
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
	printf("kprobe: do_unlinkat entries %d exits %d\n", skel->bss->entries, skel->bss->exits);
	err = skel->bss->entries >= 1 && skel->bss->exits >= 1 ? 0 : 1;
	printf("kprobe: %s\n", err ? "MISMATCH" : "all probes fired as expected");

cleanup:
	kprobe_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
