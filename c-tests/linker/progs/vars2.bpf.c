// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with vars1 (see there). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int shared;
extern int hid1;
const volatile int ro2 = 9;
const volatile char ro_bytes2[3] = { 1, 2, 3 };
int bss2;
int weak_var = 20;
static volatile int same_name = 6;
long custom2 SEC(".data.custom") = 12;

SEC("tp/syscalls/sys_enter_getppid")
int vprog2(void *ctx)
{
	bss2 = shared + ro2 + weak_var + same_name + hid1 + custom2 + ro_bytes2[1];
	return 0;
}
