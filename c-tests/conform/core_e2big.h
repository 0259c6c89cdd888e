/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Target types of core_e2big.bpf.c (compiled into core_e2big_btf.bpf.o, the
 * btf_custom_path): CO-RE relocations libbpf refuses with -E2BIG. */
#define E2BIG_ANON1(x) struct { x; }
#define E2BIG_ANON4(x) E2BIG_ANON1(E2BIG_ANON1(E2BIG_ANON1(E2BIG_ANON1(x))))
#define E2BIG_ANON16(x) E2BIG_ANON4(E2BIG_ANON4(E2BIG_ANON4(E2BIG_ANON4(x))))
#define E2BIG_ANON61(x) E2BIG_ANON16(E2BIG_ANON16(E2BIG_ANON16(E2BIG_ANON4(E2BIG_ANON4(E2BIG_ANON4(E2BIG_ANON1(x)))))))

/* A bitfield no single load of 8 bytes or less can read: ub2 spans bits 4..64. */
struct e2big_bits {
	unsigned long long ub1: 4;
	unsigned long long ub2: 61;
	unsigned int tail;
} __attribute__((packed));

/* y.y.y is 65 steps deep (root, y, y, 61 anonymous structs, y): one more than
 * libbpf's BPF_CORE_SPEC_MAX_LEN. */
struct e2big_deep {
	int x;
	struct {
		struct {
			E2BIG_ANON61(int y);
		} y;
	} y;
};
