/* Types shared by data.bpf.c (whose BTF describes them) and dumptest.c
 * (which fills values of them for btf_dump__dump_type_data). */
#ifndef BTF_DUMP_TYPES_H
#define BTF_DUMP_TYPES_H

enum color { RED, GREEN = 5, BLUE = -1 };
enum big64 { B64_A = 1, B64_B = 0x100000000ULL };
enum small8 { S8_A = 1, S8_B = 200 } __attribute__((packed));

struct bits {
	unsigned int a: 3;
	unsigned int b: 5;
	int c: 7;
	enum color col: 4;
	unsigned long long wide: 40;
	long l;
};

struct pk {
	char c;
	int i;
	void *p;
} __attribute__((packed));

union un {
	int i;
	char c[4];
	float f;
};

struct inner {
	short s;
	char name[8];
};

typedef int (*fn_t)(int);
typedef struct inner inner_t;

struct dt_all {
	char str[16];
	char bytes[4];
	char unterminated[4];
	int arr[4];
	int zeros[3];
	int grid[2][3];
	struct bits b;
	struct pk p;
	union un u;
	inner_t in[2];
	void *ptr;
	const char *cptr;
	enum color col;
	enum big64 b64;
	enum small8 s8;
	_Bool flag;
	unsigned char uc;
	signed char sc;
	short sh;
	unsigned short ush;
	unsigned long long ull;
	long long ll;
	double d;
	float f;
	unsigned __int128 u128;
	fn_t fn;
	const volatile int cv;
	struct { int x; int y; } anon;
	union { int ai; char ac; };
};

struct first_zero {
	int z;
	int nz;
};

struct empty {};

#endif
