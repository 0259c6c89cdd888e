// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* uprobe: attach uprobed_add by name (manual), uprobed_sub by SEC() name
 * (skeleton auto-attach), and libc's getpid from "libc.so.6" (path search),
 * call each N times, and report what the probes counted. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "uprobe.skel.h"

#define CALLS 3

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

/* Kept out of line so there is a function to probe. */
__attribute__((noinline)) int uprobed_add(int a, int b)
{
	asm volatile ("");
	return a + b;
}

__attribute__((noinline)) int uprobed_sub(int a, int b)
{
	asm volatile ("");
	return a - b;
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_uprobe_opts, uprobe_opts);
	struct uprobe_bpf *skel;
	int err, i, ok;

	libbpf_set_print(libbpf_print_fn);

	skel = uprobe_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "Failed to open and load BPF skeleton\n");
		return 1;
	}
	skel->bss->my_pid = getpid();

	/* by function name in our own executable, this process only */
	uprobe_opts.func_name = "uprobed_add";
	uprobe_opts.retprobe = false;
	skel->links.uprobe_add = bpf_program__attach_uprobe_opts(skel->progs.uprobe_add,
								 0 /* self */, "/proc/self/exe",
								 0 /* offset */, &uprobe_opts);
	if (!skel->links.uprobe_add) {
		err = -errno;
		fprintf(stderr, "Failed to attach uprobe: %d\n", err);
		goto cleanup;
	}
	uprobe_opts.retprobe = true;
	skel->links.uretprobe_add = bpf_program__attach_uprobe_opts(
		skel->progs.uretprobe_add, -1 /* any pid */, "/proc/self/exe", 0, &uprobe_opts);
	if (!skel->links.uretprobe_add) {
		err = -errno;
		fprintf(stderr, "Failed to attach uretprobe: %d\n", err);
		goto cleanup;
	}

	/* a shared library by bare name: found through the library path */
	uprobe_opts.func_name = "getpid";
	uprobe_opts.retprobe = false;
	skel->links.uprobe_getpid = bpf_program__attach_uprobe_opts(
		skel->progs.uprobe_getpid, -1, "libc.so.6", 0, &uprobe_opts);
	if (!skel->links.uprobe_getpid) {
		err = -errno;
		fprintf(stderr, "Failed to attach libc uprobe: %d\n", err);
		goto cleanup;
	}

	/* uprobed_sub is attached from its SEC() name */
	err = uprobe_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "Failed to auto-attach BPF skeleton: %d\n", err);
		goto cleanup;
	}

	printf("Successfully started! Please run `sudo cat /sys/kernel/debug/tracing/trace_pipe` "
	       "to see output of the BPF programs.\n");

	for (i = 0; i < CALLS; i++) {
		uprobed_add(i, i + 1);
		uprobed_sub(i * i, i);
		getpid();
	}

	printf("uprobe: uprobed_add entry %d exit %d (last return %d), uprobed_sub entry %d exit %d, "
	       "libc getpid %d\n",
	       skel->bss->add_calls, skel->bss->add_rets, skel->bss->last_add_ret,
	       skel->bss->sub_calls, skel->bss->sub_rets, skel->bss->getpid_calls);
	ok = skel->bss->add_calls == CALLS && skel->bss->add_rets == CALLS &&
	     skel->bss->last_add_ret == 2 * (CALLS - 1) + 1 && skel->bss->sub_calls == CALLS &&
	     skel->bss->sub_rets == CALLS && skel->bss->getpid_calls >= CALLS;
	printf("uprobe: %s\n", ok ? "all probes fired as expected" : "MISMATCH");
	err = ok ? 0 : 1;

cleanup:
	uprobe_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
