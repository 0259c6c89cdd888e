// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* More global variables than open searches in place: the DATASEC fix-up
 * looks them up in its sorted table. Hidden ones become static. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define G(n) int g##n = n;
G(1) G(2) G(3) G(4) G(5) G(6) G(7) G(8) G(9) G(10)
G(11) G(12) G(13) G(14) G(15) G(16) G(17) G(18) G(19) G(20)
int z1, z2, z3;
__hidden int h1 = 5;
__hidden int hz;
const volatile int r1 = 1, r2 = 2, r3 = 3;
int c1 SEC(".data.custom") = 7;

SEC("tracepoint/syscalls/sys_enter_write")
int sum(void *ctx)
{
	return g1 + g2 + g3 + g4 + g5 + g6 + g7 + g8 + g9 + g10 + g11 + g12 + g13 + g14 +
	       g15 + g16 + g17 + g18 + g19 + g20 + z1 + z2 + z3 + h1 + hz + r1 + r2 + r3 + c1;
}
