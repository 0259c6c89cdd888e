// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with vars2: .data/.rodata/.bss of both merged, an extern variable
 * each way, a weak variable made strong there, static variables of the
 * same name, a __hidden global, a custom data section in both. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

int shared = 1;
extern const volatile int ro2;
int bss1;
__u64 bss_big1[3];
const volatile int ro1 = 7;
__weak int weak_var = 10;
__hidden int hid1 = 3;
static volatile int same_name = 5;
int custom1 SEC(".data.custom") = 11;
char str1[] = "first object";

SEC("tp/syscalls/sys_enter_getpid")
int vprog1(void *ctx)
{
	bss1 = shared + ro2 + weak_var + hid1 + same_name + custom1 + str1[0];
	bss_big1[1] = ro1;
	return 0;
}
