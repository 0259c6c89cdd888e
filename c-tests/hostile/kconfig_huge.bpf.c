// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A ~4 KB object whose one kconfig extern is a huge array (issue 16): open
 * must not allocate or touch it; under a memory limit, an error, not an abort. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern char CONFIG_LOCALVERSION[KSIZE] __kconfig __weak;

SEC("tp/syscalls/sys_enter_getpid")
int huge_kconfig(void *ctx)
{
	return CONFIG_LOCALVERSION[0];
}

char LICENSE[] SEC("license") = "GPL";
