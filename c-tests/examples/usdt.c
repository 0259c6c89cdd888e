// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* usdt: probes defined with <sys/sdt.h> in this binary; `oxbpf:deref` has a
 * semaphore, so attaching must make OXBPF_DEREF_ENABLED() true. */
#define _SDT_HAS_SEMAPHORES 1
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/sdt.h>
#include <bpf/libbpf.h>
#include "usdt.skel.h"

#define CALLS 4
#define COOKIE 0xC00C1E

/* <sys/sdt.h> with semaphores wants one per probe; only `deref` checks its own. */
unsigned short oxbpf_add_semaphore __attribute__((unused, section(".probes")));
unsigned short oxbpf_deref_semaphore __attribute__((unused, section(".probes")));
#define OXBPF_DEREF_ENABLED() __builtin_expect(oxbpf_deref_semaphore, 0)

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

__attribute__((noinline)) static void work(int i)
{
	long v = 100 + i;
	long b = 1000L * i;

	DTRACE_PROBE2(oxbpf, add, i, b);
	if (OXBPF_DEREF_ENABLED())
		DTRACE_PROBE2(oxbpf, deref, i, &v);
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_usdt_opts, opts, .usdt_cookie = COOKIE);
	long want_auto = 0, want_manual = 0;
	struct usdt_bpf *skel;
	int err, i, ok, sema_before;

	libbpf_set_print(libbpf_print_fn);

	skel = usdt_bpf__open();
	if (!skel) {
		fprintf(stderr, "Failed to open BPF skeleton\n");
		return 1;
	}
	skel->bss->my_pid = getpid();
	err = usdt_bpf__load(skel);
	if (err) {
		fprintf(stderr, "Failed to load BPF skeleton: %d\n", err);
		goto cleanup;
	}

	sema_before = oxbpf_deref_semaphore;
	skel->links.usdt_manual = bpf_program__attach_usdt(skel->progs.usdt_manual, 0 /* self */,
							   "/proc/self/exe", "oxbpf", "deref", &opts);
	if (!skel->links.usdt_manual) {
		err = -errno;
		fprintf(stderr, "Failed to attach USDT probe: %d\n", err);
		goto cleanup;
	}
	err = usdt_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "Failed to auto-attach BPF skeleton: %d\n", err);
		goto cleanup;
	}
	printf("Successfully started! semaphore %d -> %d\n", sema_before, oxbpf_deref_semaphore);

	for (i = 0; i < CALLS; i++) {
		work(i);
		want_auto += i + 1000L * i;
		want_manual += i + 100 + i;
	}

	printf("usdt: oxbpf:add hits %d sum %ld (want %ld), args %ld; oxbpf:deref hits %d sum %ld "
	       "(want %ld) cookie %#lx\n",
	       skel->bss->auto_hits, skel->bss->auto_sum, want_auto, skel->bss->arg_cnt,
	       skel->bss->manual_hits, skel->bss->manual_sum, want_manual,
	       skel->bss->manual_cookie);
	ok = sema_before == 0 && oxbpf_deref_semaphore > 0 && skel->bss->auto_hits == CALLS &&
	     skel->bss->auto_sum == want_auto && skel->bss->arg_cnt == 2 &&
	     skel->bss->manual_hits == CALLS && skel->bss->manual_sum == want_manual &&
	     skel->bss->manual_cookie == COOKIE;
	printf("usdt: %s\n", ok ? "all probes fired as expected" : "MISMATCH");
	err = ok ? 0 : 1;

cleanup:
	usdt_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
