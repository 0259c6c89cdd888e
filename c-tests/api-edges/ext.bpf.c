// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A call of an extern function no object defines (meant for the static
 * linker), loaded as is (issue 14, item 6). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int oxbpf_elsewhere(int x);

SEC("tp/syscalls/sys_enter_getpid")
int calls_extern(void *ctx)
{
	return oxbpf_elsewhere(1);
}
