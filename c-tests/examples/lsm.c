// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* lsm: load and attach the bpf() LSM hook, then check it denies our marked
 * map creation. Kernels that fence BPF trampolines (or lack the BPF LSM)
 * refuse the load: reported as a SKIP. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lsm.skel.h"

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

int main(int argc, char **argv)
{
	struct lsm_bpf *skel;
	int err, fd;

	libbpf_set_print(libbpf_print_fn);

	skel = lsm_bpf__open();
	if (!skel) {
		fprintf(stderr, "Failed to open BPF skeleton\n");
		return 1;
	}
	skel->bss->my_pid = getpid();
	err = lsm_bpf__load(skel);
	if (err == -EPERM || err == -EOPNOTSUPP || err == -EINVAL) {
		printf("SKIP: lsm: attach BTF id of bpf_lsm_bpf resolved, but the kernel refused to "
		       "load the LSM program (%d): no BPF trampoline / BPF LSM support\n", err);
		err = 0;
		goto cleanup;
	}
	if (err) {
		fprintf(stderr, "Failed to load and verify BPF skeleton: %d\n", err);
		goto cleanup;
	}
	err = lsm_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "Failed to attach BPF skeleton: %d\n", err);
		goto cleanup;
	}
	printf("Successfully started!\n");
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "lsm_denied", 4, 4, 4242, NULL);
	printf("lsm: hook calls %d, marked map create -> %d (errno %d)\n", skel->bss->calls, fd,
	       fd < 0 ? errno : 0);
	err = fd < 0 && errno == EPERM && skel->bss->calls >= 1 ? 0 : 1;
	if (fd >= 0)
		close(fd);
	printf("lsm: %s\n", err ? "MISMATCH" : "hook denied the marked bpf() call");

cleanup:
	lsm_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
