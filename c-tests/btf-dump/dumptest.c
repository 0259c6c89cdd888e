// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Differential driver for btf_dump: built once against oxbpf and once
 * against upstream libbpf; run.sh diffs the two outputs.
 *
 *   dumptest c      OUT BTF [BASE]   every type as C (btf_dump__dump_type)
 *   dumptest decl   OUT BTF [BASE]   btf_dump__emit_type_decl for every id
 *   dumptest synth  OUT              BTF built with btf__add_*: C, decls,
 *                                    growth after btf_dump__new, split BTF
 *   dumptest errors OUT BTF          error returns and errno
 *   dumptest nullargs OUT BTF        NULL arguments (oxbpf only: upstream crashes)
 *   dumptest data   OUT BTF          btf_dump__dump_type_data (types.h)
 *   dumptest dataall OUT BTF [BASE]  dump_type_data of every id, patterned data
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "types.h"

static FILE *out;

static void printf_fn(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

/* Libraries' log lines go to stderr only with DUMPTEST_LOG set (they are not compared). */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return getenv("DUMPTEST_LOG") ? vfprintf(stderr, fmt, args) : 0;
}

static struct btf *load(const char *path, const char *base_path, struct btf **base)
{
	struct btf *btf;

	*base = NULL;
	if (base_path) {
		*base = btf__parse(base_path, NULL);
		if (!*base) {
			fprintf(stderr, "cannot parse %s: %d\n", base_path, -errno);
			exit(2);
		}
	}
	btf = *base ? btf__parse_split(path, *base) : btf__parse(path, NULL);
	if (!btf) {
		fprintf(stderr, "cannot parse %s: %d\n", path, -errno);
		exit(2);
	}
	return btf;
}

static void dump_all_c(struct btf *btf, __u32 from)
{
	struct btf_dump *d = btf_dump__new(btf, printf_fn, out, NULL);
	__u32 id, n = btf__type_cnt(btf);
	int err;

	if (!d) {
		fprintf(out, "btf_dump__new: %d\n", -errno);
		return;
	}
	for (id = from; id < n; id++) {
		err = btf_dump__dump_type(d, id);
		if (err)
			fprintf(out, "/* dump_type(%u) = %d */\n", id, err);
	}
	btf_dump__free(d);
}

static void emit_decls(struct btf *btf, __u32 from)
{
	struct btf_dump *d = btf_dump__new(btf, printf_fn, out, NULL);
	__u32 id, n = btf__type_cnt(btf);
	int err, v;

	if (!d) {
		fprintf(out, "btf_dump__new: %d\n", -errno);
		return;
	}
	for (id = from; id < n; id++) {
		for (v = 0; v < 4; v++) {
			struct btf_dump_emit_type_decl_opts o;

			/* not LIBBPF_OPTS: its struct copy may leave the tail
			 * padding (checked to be zero) with stack garbage */
			memset(&o, 0, sizeof(o));
			o.sz = sizeof(o);
			o.field_name = (v & 1) ? "fld" : "";
			o.indent_level = (v & 2) ? 3 : 0;
			o.strip_mods = v == 1 || v == 2;
			fprintf(out, "[%u/%d] ", id, v);
			err = btf_dump__emit_type_decl(d, id, &o);
			fprintf(out, " => %d\n", err);
		}
	}
	/* NULL opts */
	for (id = from; id < n && id < from + 50; id++) {
		fprintf(out, "[%u/null] ", id);
		err = btf_dump__emit_type_decl(d, id, NULL);
		fprintf(out, " => %d\n", err);
	}
	btf_dump__free(d);
}

/* BTF exercising what vmlinux may not: built with btf__add_*. */
static struct btf *synth_btf(void)
{
	struct btf *b = btf__new_empty();
	int i_int, i_uint, i_char, i_long, i_ulong, i_short, i_bool, i_float, i_dbl;
	int s_a, s_b, fp, proto, e, u, td, cst, vol, ptr, arr, t;

	i_int = btf__add_int(b, "int", 4, BTF_INT_SIGNED);		/* 1 */
	i_uint = btf__add_int(b, "unsigned int", 4, 0);			/* 2 */
	i_char = btf__add_int(b, "char", 1, BTF_INT_SIGNED);		/* 3 */
	i_long = btf__add_int(b, "long", 8, BTF_INT_SIGNED);		/* 4 */
	i_ulong = btf__add_int(b, "unsigned long", 8, 0);
	i_short = btf__add_int(b, "short", 2, BTF_INT_SIGNED);
	i_bool = btf__add_int(b, "_Bool", 1, BTF_INT_BOOL);
	i_float = btf__add_float(b, "float", 4);
	i_dbl = btf__add_float(b, "double", 8);
	btf__add_int(b, "__Poly8_t", 1, 0);

	/* forward-declared cycle: struct A { struct B *b; long x; };
	 * struct B { struct A a; struct A *pa; }; ids are sequential, so a
	 * member may name a type added right after its struct. */
	s_a = btf__add_struct(b, "A", 16);
	btf__add_field(b, "b", s_a + 2, 0, 0);
	btf__add_field(b, "x", i_long, 64, 0);
	s_b = btf__add_struct(b, "B", 24);
	btf__add_field(b, "a", s_a, 0, 0);
	btf__add_field(b, "pa", s_b + 2, 128, 0);
	btf__add_ptr(b, s_b);
	btf__add_ptr(b, s_a);

	/* bitfields + padding */
	t = btf__add_struct(b, "bits", 24);
	btf__add_field(b, "a", i_uint, 0, 3);
	btf__add_field(b, "b", i_uint, 3, 5);
	btf__add_field(b, "c", i_int, 13, 7);
	btf__add_field(b, "d", i_long, 64, 0);
	btf__add_field(b, "e", i_char, 160, 0);
	btf__add_field(b, "f", i_uint, 168, 1);

	/* packed */
	btf__add_struct(b, "packed", 7);
	btf__add_field(b, "c", i_char, 0, 0);
	btf__add_field(b, "i", i_int, 8, 0);
	btf__add_field(b, "s", i_short, 40, 0);

	/* explicit alignment gaps */
	btf__add_struct(b, "gaps", 48);
	btf__add_field(b, "c", i_char, 0, 0);
	btf__add_field(b, "l", i_long, 128, 0);
	btf__add_field(b, "s", i_short, 256, 0);

	/* empty struct and union */
	btf__add_struct(b, "empty", 0);
	btf__add_union(b, "empty_u", 0);

	/* anonymous nested struct/union/enum */
	u = btf__add_union(b, NULL, 8);
	btf__add_field(b, "ul", i_ulong, 0, 0);
	btf__add_field(b, "ui", i_uint, 0, 0);
	e = btf__add_enum(b, NULL, 4);
	btf__add_enum_value(b, "ANON_X", 1);
	btf__add_enum_value(b, "ANON_Y", -1);
	t = btf__add_struct(b, NULL, 4);
	btf__add_field(b, "inner", i_int, 0, 0);
	btf__add_struct(b, "outer", 24);
	btf__add_field(b, "u", u, 0, 0);
	btf__add_field(b, "e", e, 64, 0);
	btf__add_field(b, "s", t, 96, 0);
	btf__add_field(b, NULL, u, 128, 0);

	/* top-level anonymous enum (unreferenced): constants */
	btf__add_enum(b, NULL, 4);
	btf__add_enum_value(b, "CONST_A", 10);
	btf__add_enum_value(b, "CONST_B", 20);

	/* signed enum, 1-byte enum, 8-byte enum, enum64 signed and unsigned */
	e = btf__add_enum(b, "senum", 4);
	btf__add_enum_value(b, "S_NEG", -5);
	btf__add_enum_value(b, "S_POS", 7);
	btf__add_enum(b, "bytenum", 1);
	btf__add_enum_value(b, "B1", 1);
	btf__add_enum(b, "wordenum", 8);
	btf__add_enum_value(b, "W1", 1);
	btf__add_enum64(b, "e64", 8, false);
	btf__add_enum64_value(b, "BIG", 0xffffffff00000000ULL);
	btf__add_enum64_value(b, "SMALL", 1);
	btf__add_enum64(b, "e64s", 8, true);
	btf__add_enum64_value(b, "NEG64", -2);
	btf__add_enum64(b, "e64small", 8, false);
	btf__add_enum64_value(b, "ONLY_LOW", 3);
	btf__add_enum(b, "fwd_enum", 4); /* vlen 0: enum forward */

	/* duplicate names */
	btf__add_struct(b, "dup", 4);
	btf__add_field(b, "x", i_int, 0, 0);
	btf__add_struct(b, "dup", 8);
	btf__add_field(b, "y", i_long, 0, 0);
	btf__add_typedef(b, "dup_t", i_int);
	btf__add_typedef(b, "dup_t", i_long);
	btf__add_enum(b, "dupe", 4);
	btf__add_enum_value(b, "DUPV", 1);
	btf__add_enum(b, "dupe2", 4);
	btf__add_enum_value(b, "DUPV", 2);

	/* modifiers */
	cst = btf__add_const(b, i_int);
	vol = btf__add_volatile(b, cst);
	ptr = btf__add_ptr(b, vol);
	t = btf__add_const(b, ptr);
	t = btf__add_restrict(b, t);
	td = btf__add_typedef(b, "cv_ptr_t", t);

	/* function prototypes and pointers */
	proto = btf__add_func_proto(b, i_int);
	btf__add_func_param(b, "x", i_int);
	btf__add_func_param(b, "p", ptr);
	fp = btf__add_ptr(b, proto);
	btf__add_typedef(b, "cb_t", fp);
	arr = btf__add_array(b, i_int, fp, 4);
	btf__add_struct(b, "ops", 40);
	btf__add_field(b, "fns", arr, 0, 0);
	btf__add_field(b, "one", fp, 256, 0);
	t = btf__add_func_proto(b, 0); /* void (void) */
	btf__add_func_param(b, NULL, 0);
	btf__add_typedef(b, "vfn_t", btf__add_ptr(b, t));
	cst = btf__add_ptr(b, btf__add_const(b, i_char));
	t = btf__add_func_proto(b, i_int); /* int (const char *, ...) */
	btf__add_func_param(b, "fmt", cst);
	btf__add_func_param(b, NULL, 0);
	btf__add_func(b, "my_printf", BTF_FUNC_GLOBAL, t);
	/* function returning pointer to function */
	t = btf__add_func_proto(b, fp);
	btf__add_func_param(b, "sel", i_int);
	btf__add_typedef(b, "getter_t", btf__add_ptr(b, t));
	/* pointer to array, multi-dim array, flexible array */
	arr = btf__add_array(b, i_int, i_int, 3);
	btf__add_typedef(b, "row_ptr_t", btf__add_ptr(b, arr));
	btf__add_typedef(b, "matrix_t", btf__add_array(b, i_int, arr, 2));
	t = btf__add_array(b, i_int, i_char, 0);
	btf__add_struct(b, "flex", 8);
	btf__add_field(b, "n", i_int, 0, 0);
	btf__add_field(b, "data", t, 32, 0);
	/* type tags and attributes */
	t = btf__add_type_tag(b, "user", i_int);
	btf__add_typedef(b, "user_int_ptr", btf__add_ptr(b, t));
	t = btf__add_type_attr(b, "address_space(1)", i_int);
	btf__add_typedef(b, "as_int_ptr", btf__add_ptr(b, t));
	btf__add_decl_tag(b, "tagged", td, -1);
	/* fwds */
	btf__add_fwd(b, "fwd_s", BTF_FWD_STRUCT);
	btf__add_fwd(b, "fwd_u", BTF_FWD_UNION);
	/* typedef cycle through pointer:
	 * typedef struct list list_t; struct list { list_t *next; int v; } */
	t = btf__add_struct(b, "list", 16);
	btf__add_field(b, "next", t + 2, 0, 0);
	btf__add_field(b, "v", i_int, 64, 0);
	td = btf__add_typedef(b, "list_t", t);
	btf__add_ptr(b, td);
	/* anonymous struct embedding a named one, reached through a pointer */
	t = btf__add_struct(b, NULL, 16);
	btf__add_field(b, "a", s_a, 0, 0);
	t = btf__add_ptr(b, t);
	btf__add_struct(b, "holder", 8);
	btf__add_field(b, "anon_ptr", t, 0, 0);
	/* vars and datasec */
	t = btf__add_var(b, "gvar", BTF_VAR_GLOBAL_ALLOCATED, i_int);
	btf__add_datasec(b, ".data", 4);
	btf__add_datasec_var_info(b, t, 0, 4);
	/* __builtin_va_list and __gnuc_va_list */
	btf__add_typedef(b, "__builtin_va_list", btf__add_ptr(b, i_char));
	btf__add_typedef(b, "__gnuc_va_list", 0);
	(void)i_bool; (void)i_float; (void)i_dbl; (void)fp;
	return b;
}

static void synth(void)
{
	struct btf *b = synth_btf(), *split;
	struct btf_dump *d;
	int s, i_int;

	fprintf(out, "=== synth C\n");
	dump_all_c(b, 1);
	fprintf(out, "=== synth decls\n");
	emit_decls(b, 1);

	/* growth: types added after btf_dump__new are picked up */
	fprintf(out, "=== growth\n");
	d = btf_dump__new(b, printf_fn, out, NULL);
	fprintf(out, "dump(1)=%d\n", btf_dump__dump_type(d, 1));
	i_int = btf__find_by_name(b, "int");
	s = btf__add_struct(b, "late", 8);
	btf__add_field(b, "x", i_int, 0, 0);
	btf__add_field(b, "cb", btf__find_by_name(b, "cb_t"), 0, 0);
	btf__add_field(b, "o", btf__find_by_name(b, "outer"), 0, 0);
	fprintf(out, "dump(late)=%d\n", btf_dump__dump_type(d, s));
	fprintf(out, "dump(late again)=%d\n", btf_dump__dump_type(d, s));
	btf__add_enum(b, NULL, 4);
	btf__add_enum_value(b, "LATE_CONST", 42);
	fprintf(out, "dump(last)=%d\n", btf_dump__dump_type(d, btf__type_cnt(b) - 1));
	btf_dump__free(d);

	/* split BTF on top of the synthetic base */
	fprintf(out, "=== split\n");
	split = btf__new_empty_split(b);
	s = btf__add_struct(split, "split_s", 16);
	btf__add_field(split, "o", btf__find_by_name(b, "dup"), 0, 0);
	btf__add_field(split, "l", btf__find_by_name(b, "long"), 64, 0);
	btf__add_struct(split, "dup", 4);
	btf__add_field(split, "z", i_int, 0, 0);
	dump_all_c(split, btf__type_cnt(b));
	emit_decls(split, btf__type_cnt(b));
	btf__free(split);
	btf__free(b);
}

static void report(const char *what, long ret)
{
	fprintf(out, "%s: ret=%ld errno=%d\n", what, ret, ret < 0 || ret == 0 ? errno : 0);
}

static void errors(struct btf *btf)
{
	struct btf_dump *d;
	struct { struct btf_dump_opts o; long extra; } big = { .o.sz = sizeof(big), .extra = 1 };
	struct btf_dump_opts small = { .sz = 4 };
	struct btf_dump_emit_type_decl_opts dopts;
	LIBBPF_OPTS(btf_dump_type_data_opts, topts);
	int v = 5;

	memset(&dopts, 0, sizeof(dopts));
	dopts.field_name = "x";
	errno = 0;
	d = btf_dump__new(btf, NULL, NULL, NULL);
	report("new(printf NULL)", d ? 1 : -errno);
	errno = 0;
	d = btf_dump__new(btf, printf_fn, out, &big.o);
	report("new(opts tail)", d ? 1 : -errno);
	errno = 0;
	d = btf_dump__new(btf, printf_fn, out, &small);
	report("new(opts sz 4)", d ? 1 : -errno);
	btf_dump__free(NULL);

	d = btf_dump__new(btf, printf_fn, out, NULL);
	report("dump_type(0)", btf_dump__dump_type(d, 0));
	errno = 0;
	report("dump_type(cnt)", btf_dump__dump_type(d, btf__type_cnt(btf)));
	errno = 0;
	report("dump_type(-1)", btf_dump__dump_type(d, -1));
	dopts.sz = 4;
	errno = 0;
	report("emit_type_decl(sz 4)", btf_dump__emit_type_decl(d, 1, &dopts));
	dopts.sz = sizeof(dopts);
	errno = 0;
	report("emit_type_decl(0)", btf_dump__emit_type_decl(d, 0, &dopts));
	fprintf(out, "\n");
	errno = 0;
	report("dump_type_data(cnt)", btf_dump__dump_type_data(d, btf__type_cnt(btf), &v, 4, &topts));
	errno = 0;
	report("dump_type_data(-1)", btf_dump__dump_type_data(d, -1, &v, 4, NULL));
	topts.sz = 4;
	errno = 0;
	report("dump_type_data(sz 4)", btf_dump__dump_type_data(d, 1, &v, 4, &topts));
	btf_dump__free(d);
}

/* ---- btf_dump__dump_type_data ---- */

static struct dt_all all __attribute__((aligned(16)));
static struct dt_all zero_all __attribute__((aligned(16)));

static void fill(void)
{
	memcpy(all.str, "hello\tworld", 12);
	memcpy(all.bytes, "ab\0d", 4);
	memcpy(all.unterminated, "wxyz", 4);
	all.arr[0] = 1; all.arr[1] = 0; all.arr[2] = -3; all.arr[3] = 0;
	all.grid[0][1] = 5; all.grid[1][2] = -6;
	all.b.a = 5; all.b.b = 17; all.b.c = -9; all.b.col = GREEN;
	all.b.wide = 0x12345678ffULL; all.b.l = -1234567890123L;
	all.p.c = 'z'; all.p.i = 0x7fffffff; all.p.p = (void *)0xdeadbeef;
	all.u.i = 0x41424344;
	all.in[0].s = -2; memcpy(all.in[0].name, "inner0", 7);
	all.in[1].s = 3;
	all.ptr = (void *)0x1000; all.cptr = NULL;
	all.col = BLUE; all.b64 = B64_B; all.s8 = S8_B;
	all.flag = 1; all.uc = 250; all.sc = -100;
	all.sh = -300; all.ush = 65000;
	all.ull = 18446744073709551615ULL; all.ll = -9223372036854775807LL;
	all.d = 3.25; all.f = -0.5f;
	all.u128 = ((unsigned __int128)0x1122334455667788ULL << 64) | 0x99aabbccddeeff00ULL;
	all.fn = (fn_t)0x401000; /* fixed: a real address differs per binary */
	all.anon.x = 1; all.anon.y = 0;
	all.ai = 0x61;
}

static void data_one(struct btf_dump *d, const char *label, __u32 id, const void *p,
		     size_t sz, const struct btf_dump_type_data_opts *o)
{
	int ret;

	fprintf(out, "-- %s (id %u, %zu bytes)\n", label, id, sz);
	errno = 0;
	ret = btf_dump__dump_type_data(d, id, p, sz, o);
	fprintf(out, "\n=> %d errno=%d\n", ret, ret < 0 ? errno : 0);
}

static __u32 find(struct btf *btf, const char *name, int kind)
{
	int id = btf__find_by_name_kind(btf, name, kind);

	if (id < 0) {
		fprintf(stderr, "type %s not found\n", name);
		exit(2);
	}
	return id;
}

/* %f/%Lf rounding, specials, denormals: floats of a synthetic BTF */
static void float_tests(void)
{
	struct btf *b = btf__new_empty();
	int f4 = btf__add_float(b, "float", 4);
	int f8 = btf__add_float(b, "double", 8);
	int f16 = btf__add_float(b, "long double", 16);
	int i128 = btf__add_int(b, "__int128", 16, BTF_INT_SIGNED);
	struct btf_dump *d = btf_dump__new(b, printf_fn, out, NULL);
	static const double dv[] = {
		0.0, -0.0, 1.0, 0.1, -2.5, 1.0 / 128, 3.0 / 128, 5.0 / 128, 1e-7, -1e-7,
		5e-7, 123456789.123456789, 1e300, -1.7976931348623157e308, 4.9e-324,
		2.2250738585072014e-308, 1.0 / 0.0, -1.0 / 0.0, __builtin_nan(""),
		-__builtin_nan(""), 0.0000005, 0.0000015, 2.0000005,
	};
	static const long double ldv[] = {
		0.0L, 1.0L / 3, -2.5L, 1e4000L, 1.0L / 128, 3.0L / 128, 1e-4940L,
		1.0L / 0.0L, -__builtin_nanl(""), 12345678901234567890.5L,
	};
	static long double lbuf __attribute__((aligned(16)));
	static __int128 ibuf;
	unsigned int i;
	float f;
	double v;

	for (i = 0; i < sizeof(dv) / sizeof(dv[0]); i++) {
		v = dv[i];
		f = (float)dv[i];
		data_one(d, "double", f8, &v, sizeof(v), NULL);
		data_one(d, "float", f4, &f, sizeof(f), NULL);
	}
	for (i = 0; i < sizeof(ldv) / sizeof(ldv[0]); i++) {
		memset(&lbuf, 0, sizeof(lbuf));
		lbuf = ldv[i];
		data_one(d, "long double", f16, &lbuf, sizeof(lbuf), NULL);
	}
	ibuf = -1;
	data_one(d, "__int128 -1", i128, &ibuf, sizeof(ibuf), NULL);
	ibuf = 5;
	data_one(d, "__int128 5", i128, &ibuf, sizeof(ibuf), NULL);
	btf_dump__free(d);
	btf__free(b);
}

/* every type id over a patterned buffer (compact; and the first ids
 * with every option) */
static void data_all(struct btf *btf)
{
	static unsigned char buf[1 << 16] __attribute__((aligned(16)));
	struct btf_dump *d = btf_dump__new(btf, printf_fn, out, NULL);
	LIBBPF_OPTS(btf_dump_type_data_opts, o, .compact = true, .emit_strings = true);
	__u32 id, n = btf__type_cnt(btf);
	size_t i;
	int ret;

	for (id = 0; id < n; id++) {
		/* upstream reads past a too-short buffer: only types that fit */
		long sz = btf__resolve_size(btf, id);

		if (sz > (long)sizeof(buf) / 2)
			continue;
		if (sz <= 0)
			sz = 16;
		/* pattern within data_sz, zero past it (upstream's zero checks
		 * read past data_sz; we model those bytes as zero) */
		for (i = 0; i < (size_t)sz; i++)
			buf[i] = (i * 7 + i / 251) & 0xff;
		fprintf(out, "[%u] ", id);
		ret = btf_dump__dump_type_data(d, id, buf, sz, &o);
		memset(buf, 0, sz);
		fprintf(out, " => %d\n", ret);
	}
	btf_dump__free(d);
}

static void data_tests(struct btf *btf)
{
	struct btf_dump *d = btf_dump__new(btf, printf_fn, out, NULL);
	__u32 all_id = find(btf, "dt_all", BTF_KIND_STRUCT);
	__u32 bits_id = find(btf, "bits", BTF_KIND_STRUCT);
	__u32 fz_id = find(btf, "first_zero", BTF_KIND_STRUCT);
	__u32 empty_id = find(btf, "empty", BTF_KIND_STRUCT);
	__u32 int_id = find(btf, "int", BTF_KIND_INT);
	__u32 color_id = find(btf, "color", BTF_KIND_ENUM);
	__u32 fn_id = find(btf, "fn_t", BTF_KIND_TYPEDEF);
	__u32 n = btf__type_cnt(btf), id;
	struct first_zero fz = { 0, 7 }, zf = { 7, 0 };
	static char unaligned[512] __attribute__((aligned(16)));
	int v = -42, combo;
	enum color c = 77;

	fill();
	if (!d) {
		fprintf(out, "btf_dump__new: %d\n", -errno);
		return;
	}
	for (combo = 0; combo < 16; combo++) {
		LIBBPF_OPTS(btf_dump_type_data_opts, o,
			    .compact = combo & 1,
			    .skip_names = !!(combo & 2),
			    .emit_zeroes = !!(combo & 4),
			    .emit_strings = !!(combo & 8));
		char label[64];

		snprintf(label, sizeof(label), "all combo %d", combo);
		data_one(d, label, all_id, &all, sizeof(all), &o);
		snprintf(label, sizeof(label), "zero combo %d", combo);
		data_one(d, label, all_id, &zero_all, sizeof(zero_all), &o);
		data_one(d, "first_zero", fz_id, &fz, sizeof(fz), &o);
		data_one(d, "zero_first", fz_id, &zf, sizeof(zf), &o);
	}
	{
		LIBBPF_OPTS(btf_dump_type_data_opts, o, .indent_str = "  ", .indent_level = 2);
		data_one(d, "indent", all_id, &all, sizeof(all), &o);
		o.indent_str = "0123456789012345678901234567890123456789";
		o.indent_level = 0;
		data_one(d, "long indent", bits_id, &all.b, sizeof(all.b), &o);
	}
	data_one(d, "NULL opts", bits_id, &all.b, sizeof(all.b), NULL);
	data_one(d, "int", int_id, &v, sizeof(v), NULL);
	data_one(d, "enum unknown value", color_id, &c, sizeof(c), NULL);
	data_one(d, "enum", color_id, &all.col, sizeof(all.col), NULL);
	data_one(d, "empty", empty_id, &all, 0, NULL);
	data_one(d, "fn_t", fn_id, &all.fn, 8, NULL);
	/* short data: a base type fails, an aggregate is shown partially */
	data_one(d, "int short", int_id, &v, 3, NULL);
	data_one(d, "int zero size", int_id, &v, 0, NULL);
	{
		/* upstream's zero checks read past data_sz: keep those bytes zero */
		static struct dt_all shortbuf __attribute__((aligned(16)));
		static const size_t cuts[] = { 10, 17, 40, 100, 130, sizeof(all) - 1 };
		LIBBPF_OPTS(btf_dump_type_data_opts, zo, .emit_zeroes = true);
		unsigned int i;

		for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
			memset(&shortbuf, 0, sizeof(shortbuf));
			memcpy(&shortbuf, &all, cuts[i]);
			data_one(d, "all short", all_id, &shortbuf, cuts[i], NULL);
			data_one(d, "all short zeroes", all_id, &shortbuf, cuts[i], &zo);
		}
		memset(&shortbuf, 0, sizeof(shortbuf));
		memcpy(&shortbuf, &all.b, 2);
		data_one(d, "bits short", bits_id, &shortbuf, 2, NULL);
	}
	/* unaligned copies: pointers and enums print differently when
	 * unaligned; bytes past data_sz stay zero (upstream reads them) */
	memset(unaligned, 0, sizeof(unaligned));
	memcpy(unaligned + 1, &all, 40);
	data_one(d, "unaligned all", all_id, unaligned + 1, 40, NULL);
	memset(unaligned, 0, sizeof(unaligned));
	memcpy(unaligned + 1, &all, sizeof(all));
	data_one(d, "unaligned all full", all_id, unaligned + 1, sizeof(all), NULL);
	memset(unaligned, 0, sizeof(unaligned));
	memcpy(unaligned + 3, &all.p, sizeof(all.p));
	data_one(d, "unaligned pk", find(btf, "pk", BTF_KIND_STRUCT), unaligned + 3, sizeof(all.p), NULL);
	memset(unaligned, 0, sizeof(unaligned));
	memcpy(unaligned + 2, &all.ptr, 8);
	data_one(d, "unaligned ptr", fn_id, unaligned + 2, 8, NULL);
	memcpy(unaligned + 2, &all.col, 4);
	data_one(d, "unaligned enum", color_id, unaligned + 2, 4, NULL);
	float_tests();
	/* every type id, on the filled buffer */
	for (id = 0; id < n; id++) {
		char label[32];

		snprintf(label, sizeof(label), "id %u", id);
		data_one(d, label, id, &all, sizeof(all), NULL);
	}
	btf_dump__free(d);
}

/* NULL arguments upstream would crash on: oxbpf only (run.sh checks the
 * expected output), each must fail cleanly */
static void null_args(struct btf *btf)
{
	struct btf_dump_emit_type_decl_opts o;
	struct btf_dump *d;
	int v = 1;

	errno = 0;
	d = btf_dump__new(NULL, printf_fn, out, NULL);
	report("new(btf NULL)", d ? 1 : -errno);
	report("dump_type(NULL)", btf_dump__dump_type(NULL, 1));
	report("emit_type_decl(NULL)", btf_dump__emit_type_decl(NULL, 1, NULL));
	report("dump_type_data(NULL)", btf_dump__dump_type_data(NULL, 1, &v, 4, NULL));
	d = btf_dump__new(btf, printf_fn, out, NULL);
	report("dump_type_data(data NULL)",
	       btf_dump__dump_type_data(d, btf__find_by_name_kind(btf, "int", BTF_KIND_INT), NULL, 4, NULL));
	memset(&o, 0, sizeof(o));
	o.sz = sizeof(o);
	errno = 0;
	report("emit_type_decl(field_name NULL)", btf_dump__emit_type_decl(d, 1, &o));
	report("emit_type_decl(id cnt)", btf_dump__emit_type_decl(d, btf__type_cnt(btf), &o));
	btf_dump__free(d);
}

int main(int argc, char **argv)
{
	struct btf *btf = NULL, *base = NULL;
	const char *mode;

	if (argc < 3) {
		fprintf(stderr, "usage: %s MODE OUT [BTF [BASE]]\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	mode = argv[1];
	out = fopen(argv[2], "w");
	if (!out) {
		perror(argv[2]);
		return 2;
	}
	if (argc > 3)
		btf = load(argv[3], argc > 4 ? argv[4] : NULL, &base);

	if (!strcmp(mode, "c") && btf)
		dump_all_c(btf, 1);
	else if (!strcmp(mode, "decl") && btf)
		emit_decls(btf, 1);
	else if (!strcmp(mode, "synth"))
		synth();
	else if (!strcmp(mode, "errors") && btf)
		errors(btf);
	else if (!strcmp(mode, "nullargs") && btf)
		null_args(btf);
	else if (!strcmp(mode, "dataall") && btf)
		data_all(btf);
	else if (!strcmp(mode, "data") && btf)
		data_tests(btf);
	else {
		fprintf(stderr, "bad mode %s\n", mode);
		return 2;
	}
	btf__free(btf);
	btf__free(base);
	fclose(out);
	return 0;
}
