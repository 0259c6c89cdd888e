// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* ksyscall: attach to tgkill/kill entries, send ourselves harmless signals.
 * Kernels without kprobes refuse the attach: that is reported as a SKIP. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/libbpf.h>
#include "ksyscall.skel.h"

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

int main(int argc, char **argv)
{
	struct ksyscall_bpf *skel;
	int err;

	libbpf_set_print(libbpf_print_fn);
	signal(SIGURG, SIG_IGN);

	skel = ksyscall_bpf__open();
	if (!skel) {
		fprintf(stderr, "Failed to open BPF skeleton\n");
		return 1;
	}
	skel->bss->my_pid = getpid();
	err = ksyscall_bpf__load(skel);
	if (err) {
		fprintf(stderr, "Failed to load and verify BPF skeleton\n");
		goto cleanup;
	}
	err = ksyscall_bpf__attach(skel);
	if (err == -ENOENT || err == -EOPNOTSUPP) {
		printf("SKIP: ksyscall: programs loaded, but the kernel refused the kprobe attach (%d): "
		       "no kprobe support (CONFIG_KPROBES)\n", err);
		err = 0;
		goto cleanup;
	}
	if (err) {
		fprintf(stderr, "Failed to attach BPF skeleton: %d\n", err);
		goto cleanup;
	}
	printf("Successfully started!\n");
	syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), SIGURG);
	kill(getpid(), SIGURG);
	printf("ksyscall: tgkill %d (sig %d), kill %d\n", skel->bss->tgkills, skel->bss->last_sig,
	       skel->bss->kills);
	err = skel->bss->tgkills == 1 && skel->bss->last_sig == SIGURG && skel->bss->kills == 1 ? 0 : 1;
	printf("ksyscall: %s\n", err ? "MISMATCH" : "all probes fired as expected");

cleanup:
	ksyscall_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
