// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Not a program: the BTF of this object is the btf_custom_path target of
 * core_custom.bpf.c (layouts unlike the kernel's, flavored target names, two
 * candidates that disagree). Compiled with -g; only its .BTF is used. */
struct task_struct {
	long pad[3];
	short pid;          /* narrower than the local int */
	int tgid;
	unsigned char flags;
	struct task_struct *parent;
	char comm[8];
	unsigned int a: 3, b: 7, c: 22;
	signed int s: 5;
};

struct point___v2 {
	long long y;
	long long x;
};

/* Two candidates for "twice" with different offsets of "v": ambiguous. */
struct twice {
	int v;
};

struct twice___other {
	long pad;
	int v;
};

enum color { RED = 10, GREEN = 20 };
enum color___v2 { BLUE = 30 };

typedef unsigned long long u64_t;

struct task_struct target_task;
struct point___v2 target_point;
struct twice target_twice;
struct twice___other target_twice_other;
enum color target_color;
enum color___v2 target_color2;
u64_t target_u64;
