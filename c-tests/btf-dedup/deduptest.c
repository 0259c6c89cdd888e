// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Differential driver for btf__dedup: built once against oxbpf and once
 * against upstream libbpf; run.sh compares the two outputs. Each case
 * prints the return value, errno, the type count and the raw BTF (hex)
 * after dedup (and the raw .BTF.ext when one was rewritten).
 *
 *   deduptest elf    OUT OBJ          an object's .BTF, with its .BTF.ext
 *   deduptest merge  OUT OBJ...       several objects' BTF appended, then dedup
 *   deduptest force  OUT OBJ...       the same with force_collisions
 *   deduptest raw    OUT FILE         raw BTF (vmlinux), dedup'ed twice
 *   deduptest split  OUT BASE OBJ...  objects' BTF added on top of BASE
 *   deduptest synth  OUT              BTF built with btf__add_*
 *   deduptest errors OUT              bad opts, reference loops
 *   deduptest nullargs OUT            NULL btf (oxbpf only: upstream crashes)
 *   deduptest bench  OUT FILE [OBJ]   timing only: dedup FILE, or OBJ split on FILE
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static FILE *out;

/* Libraries' log lines go to stderr only with DEDUPTEST_LOG set. */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return getenv("DEDUPTEST_LOG") ? vfprintf(stderr, fmt, args) : 0;
}

static void hex(const void *p, __u32 n)
{
	const unsigned char *b = p;
	__u32 i;

	for (i = 0; i < n; i++)
		fprintf(out, "%02x%s", b[i], (i % 32 == 31 || i + 1 == n) ? "\n" : "");
}

static void print_btf(const char *label, const struct btf *btf)
{
	const void *raw;
	__u32 sz = 0;

	raw = btf__raw_data(btf, &sz);
	fprintf(out, "%s: type_cnt=%u raw_size=%u\n", label, btf__type_cnt(btf), sz);
	if (raw)
		hex(raw, sz);
}

static void print_ext(const char *label, const struct btf_ext *ext)
{
	const void *raw;
	__u32 sz = 0;

	raw = btf_ext__raw_data(ext, &sz);
	fprintf(out, "%s: ext raw_size=%u\n", label, sz);
	if (raw)
		hex(raw, sz);
}

static int dedup(const char *label, struct btf *btf, struct btf_ext *ext, int force)
{
	LIBBPF_OPTS(btf_dedup_opts, opts, .btf_ext = ext, .force_collisions = force);
	int err;

	errno = 0;
	err = btf__dedup(btf, &opts);
	fprintf(out, "%s: dedup ret=%d errno=%d\n", label, err, err ? errno : 0);
	return err;
}

/* An object's BTF (with its .BTF.ext when asked), or raw BTF. */
static struct btf *parse_elf(const char *path, struct btf_ext **ext)
{
	struct btf *btf = ext ? btf__parse_elf(path, ext) : btf__parse(path, NULL);

	if (!btf) {
		fprintf(stderr, "cannot parse %s: %d\n", path, -errno);
		exit(2);
	}
	return btf;
}

/* OBJ's .BTF alone, with its .BTF.ext rewritten along; then without ext. */
static void run_elf(const char *path)
{
	struct btf_ext *ext = NULL;
	struct btf *btf = parse_elf(path, &ext);

	print_btf("before", btf);
	if (!dedup("with ext", btf, ext, 0)) {
		print_btf("after", btf);
		if (ext)
			print_ext("after", ext);
	}
	/* again: idempotent, strings left alone now */
	if (!dedup("again", btf, ext, 0))
		print_btf("again", btf);
	btf_ext__free(ext);
	btf__free(btf);

	btf = parse_elf(path, NULL);
	if (!dedup("without ext", btf, NULL, 0))
		print_btf("without ext", btf);
	btf__free(btf);
}

/* Every object's BTF appended to one (base or split) BTF, then dedup. */
static void run_merge(struct btf *base, char **paths, int n, int force)
{
	struct btf *btf = base ? btf__new_empty_split(base) : btf__new_empty();
	int i, err;

	for (i = 0; i < n; i++) {
		struct btf *src = parse_elf(paths[i], NULL);

		err = btf__add_btf(btf, src);
		fprintf(out, "add_btf %d: %d\n", i, err < 0 ? err : 0);
		btf__free(src);
	}
	fprintf(out, "merged type_cnt=%u\n", btf__type_cnt(btf));
	if (!dedup("merged", btf, NULL, force))
		print_btf("merged", btf);
	btf__free(btf);

	/* the same through raw data: strings are not known to be unique then */
	if (!base) {
		btf = btf__new_empty();
		for (i = 0; i < n; i++) {
			struct btf *src = parse_elf(paths[i], NULL);

			btf__add_btf(btf, src);
			btf__free(src);
		}
		btf__add_str(btf, "an unreferenced string");
		{
			__u32 sz;
			const void *raw = btf__raw_data(btf, &sz);
			struct btf *re = btf__new(raw, sz);

			if (!dedup("reparsed", re, NULL, force))
				print_btf("reparsed", re);
			btf__free(re);
		}
		btf__free(btf);
	}
}

static void run_raw(const char *path)
{
	struct btf *btf = btf__parse(path, NULL);

	if (!btf) {
		fprintf(stderr, "cannot parse %s: %d\n", path, -errno);
		exit(2);
	}
	if (!dedup("first", btf, NULL, 0))
		print_btf("first", btf);
	if (!dedup("second", btf, NULL, 0))
		print_btf("second", btf);
	btf__free(btf);
}

/* --- synthetic BTF ---------------------------------------------------- */

static void done(const char *label, struct btf *btf, int force)
{
	if (!dedup(label, btf, NULL, force))
		print_btf(label, btf);
	btf__free(btf);
}

/* struct list { struct list *next; int v; } in a fresh copy; returns its id. */
static int add_list(struct btf *b, int int_id, int via_fwd)
{
	int fwd = via_fwd ? btf__add_fwd(b, "list", BTF_FWD_STRUCT) : 0;
	int ptr = btf__add_ptr(b, via_fwd ? fwd : btf__type_cnt(b) + 1);
	int s = btf__add_struct(b, "list", 16);

	btf__add_field(b, "next", ptr, 0, 0);
	btf__add_field(b, "v", int_id, 64, 0);
	return s;
}

static void synth_fwds(int force)
{
	struct btf *b = btf__new_empty();
	int i = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	int s, u;

	/* struct s and union u with fwds before and after */
	btf__add_fwd(b, "s", BTF_FWD_STRUCT);
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "a", i, 0, 0);
	btf__add_fwd(b, "s", BTF_FWD_STRUCT);
	btf__add_ptr(b, s);
	btf__add_fwd(b, "u", BTF_FWD_UNION);
	u = btf__add_union(b, "u", 4);
	btf__add_field(b, "x", i, 0, 0);
	btf__add_ptr(b, u);
	/* a union fwd named like a struct: stays */
	btf__add_fwd(b, "s", BTF_FWD_UNION);
	/* two different structs "amb": the fwd is ambiguous and stays */
	s = btf__add_struct(b, "amb", 4);
	btf__add_field(b, "a", i, 0, 0);
	s = btf__add_struct(b, "amb", 8);
	btf__add_field(b, "b", i, 32, 0);
	btf__add_fwd(b, "amb", BTF_FWD_STRUCT);
	/* lists: one through a fwd, two direct copies */
	add_list(b, i, 1);
	add_list(b, i, 0);
	add_list(b, i, 0);
	done(force ? "fwds (force_collisions)" : "fwds", b, force);
}

static void synth_enums(void)
{
	struct btf *b = btf__new_empty();

	btf__add_enum(b, "e", 4); /* enum fwd first */
	btf__add_enum(b, "e", 4);
	btf__add_enum_value(b, "A", 1);
	btf__add_enum_value(b, "B", -2);
	btf__add_enum(b, "e", 4);
	btf__add_enum_value(b, "A", 1);
	btf__add_enum_value(b, "B", -2);
	btf__add_enum(b, "e", 4); /* fwd after */
	btf__add_enum64(b, "e64", 8, false);
	btf__add_enum64_value(b, "BIG", 0x100000000ULL);
	btf__add_enum(b, "e64", 8); /* enum fwd vs enum64 */
	btf__add_enum(b, "f", 4);
	btf__add_enum_value(b, "C", 3);
	btf__add_enum(b, "f", 4); /* different values: both stay */
	btf__add_enum_value(b, "C", 4);
	btf__add_enum(b, NULL, 4); /* anonymous enums */
	btf__add_enum_value(b, "ANON", 7);
	btf__add_enum(b, NULL, 4);
	btf__add_enum_value(b, "ANON", 7);
	done("enums", b, 0);
}

static void synth_types(void)
{
	struct btf *b = btf__new_empty();
	int i, c, p, a1, a2, fp, t, s1, s2, j;

	i = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	c = btf__add_int(b, "char", 1, BTF_INT_CHAR);
	btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	btf__add_float(b, "double", 8);
	btf__add_float(b, "double", 8);
	/* arrays of the same element, twice; another length */
	a1 = btf__add_array(b, i, c, 16);
	a2 = btf__add_array(b, i, c, 16);
	btf__add_array(b, i, c, 8);
	/* modifiers and typedefs */
	p = btf__add_ptr(b, btf__add_const(b, c));
	btf__add_ptr(b, btf__add_const(b, c));
	btf__add_volatile(b, i);
	btf__add_volatile(b, i);
	btf__add_restrict(b, p);
	btf__add_typedef(b, "u8", c);
	btf__add_typedef(b, "u8", c);
	btf__add_typedef(b, "u8", i); /* same name, other type */
	/* function protos and funcs */
	for (j = 0; j < 2; j++) {
		fp = btf__add_func_proto(b, i);
		btf__add_func_param(b, "a", i);
		btf__add_func_param(b, "b", p);
		btf__add_func(b, "f", BTF_FUNC_GLOBAL, fp);
		btf__add_ptr(b, fp);
	}
	fp = btf__add_func_proto(b, 0);
	btf__add_func_param(b, NULL, 0); /* vararg */
	/* type tags */
	for (j = 0; j < 2; j++) {
		t = btf__add_type_tag(b, "user", i);
		btf__add_ptr(b, t);
	}
	/* identical structs defined separately, using the two array copies */
	s1 = btf__add_struct(b, "buf", 16);
	btf__add_field(b, "data", a1, 0, 0);
	s2 = btf__add_struct(b, "buf", 16);
	btf__add_field(b, "data", a2, 0, 0);
	/* decl tags on both copies, on a member and on a func param */
	btf__add_decl_tag(b, "tag", s1, -1);
	btf__add_decl_tag(b, "tag", s1, 0);
	btf__add_decl_tag(b, "tag", s2, -1);
	btf__add_decl_tag(b, "tag", s2, 0);
	btf__add_decl_attr(b, "attr", s2, 0);
	/* a struct using both copies through pointers (identical-types check) */
	t = btf__add_struct(b, "pair", 16);
	btf__add_field(b, "x", btf__add_ptr(b, s1), 0, 0);
	btf__add_field(b, "y", btf__add_ptr(b, s2), 64, 0);
	/* bitfields */
	t = btf__add_struct(b, "bits", 4);
	btf__add_field(b, "lo", i, 0, 3);
	btf__add_field(b, "hi", i, 3, 5);
	t = btf__add_struct(b, "bits", 4);
	btf__add_field(b, "lo", i, 0, 3);
	btf__add_field(b, "hi", i, 3, 5);
	/* anonymous struct and union twice */
	for (j = 0; j < 2; j++) {
		t = btf__add_struct(b, NULL, 4);
		btf__add_field(b, "m", i, 0, 0);
		t = btf__add_union(b, NULL, 4);
		btf__add_field(b, "m", i, 0, 0);
	}
	/* VAR and DATASEC are never merged */
	for (j = 0; j < 2; j++) {
		int v = btf__add_var(b, "g", BTF_VAR_GLOBAL_ALLOCATED, i);

		btf__add_datasec(b, ".data", 4);
		btf__add_datasec_var_info(b, v, 0, 4);
	}
	done("types", b, 0);
}

/* Split BTF on a small synthetic base: copies of base types collapse into
 * the base; a base FWD is never resolved to a split struct. */
static void synth_split(void)
{
	struct btf *base = btf__new_empty(), *b;
	int i, s, f, e;

	i = btf__add_int(base, "int", 4, BTF_INT_SIGNED);
	s = btf__add_struct(base, "s", 4);
	btf__add_field(base, "a", i, 0, 0);
	f = btf__add_fwd(base, "x", BTF_FWD_STRUCT);
	btf__add_ptr(base, f);
	e = btf__add_enum(base, "e", 4); /* enum fwd in base */
	(void)e;
	btf__add_str(base, "shared");

	b = btf__new_empty_split(base);
	i = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	s = btf__add_struct(b, "s", 4);
	btf__add_field(b, "a", i, 0, 0);
	btf__add_ptr(b, s);
	s = btf__add_struct(b, "x", 4); /* would resolve base fwd x */
	btf__add_field(b, "shared", i, 0, 0);
	btf__add_ptr(b, s);
	btf__add_ptr(b, btf__add_fwd(b, "x", BTF_FWD_STRUCT));
	e = btf__add_enum(b, "e", 4); /* full enum for the base fwd */
	btf__add_enum_value(b, "E", 1);
	btf__add_enum(b, "e", 4);
	done("split", b, 0);

	/* and through raw split data (strings not known unique) */
	{
		__u32 sz;
		struct btf *bb = btf__new_empty_split(base);
		const void *raw;
		struct btf *re;

		i = btf__add_int(bb, "int", 4, BTF_INT_SIGNED);
		btf__add_str(bb, "unreferenced");
		s = btf__add_struct(bb, "t", 4);
		btf__add_field(bb, "shared", i, 0, 0);
		s = btf__add_struct(bb, "t", 4);
		btf__add_field(bb, "shared", i, 0, 0);
		raw = btf__raw_data(bb, &sz);
		re = btf__new_split(raw, sz, base);
		done("split reparsed", re, 0);
		btf__free(bb);
	}
	btf__free(base);
}

static void run_synth(void)
{
	synth_fwds(0);
	synth_fwds(1);
	synth_enums();
	synth_types();
	synth_split();
}

static void run_errors(void)
{
	struct {
		struct btf_dedup_opts o;
		long tail;
	} big = { .o = { .sz = sizeof(big) }, .tail = 1 };
	struct btf *b = btf__new_empty();
	int i, p1, err;

	i = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	errno = 0;
	err = btf__dedup(b, (struct btf_dedup_opts *)&big);
	fprintf(out, "non-zero tail: ret=%d errno=%d\n", err, errno);
	big.tail = 0;
	err = btf__dedup(b, (struct btf_dedup_opts *)&big);
	fprintf(out, "zero tail: ret=%d\n", err);
	big.o.sz = 2;
	errno = 0;
	err = btf__dedup(b, (struct btf_dedup_opts *)&big);
	fprintf(out, "sz 2: ret=%d errno=%d\n", err, errno);
	err = btf__dedup(b, NULL);
	fprintf(out, "NULL opts: ret=%d\n", err);
	print_btf("after", b);
	btf__free(b);

	/* a loop of reference types: ptr -> const -> ptr */
	b = btf__new_empty();
	i = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	p1 = btf__add_ptr(b, i + 2);
	btf__add_const(b, p1);
	errno = 0;
	err = btf__dedup(b, NULL);
	fprintf(out, "reference loop: ret=%d errno=%d\n", err, errno);
	btf__free(b);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Timing: dedup of FILE (raw BTF), or of OBJ's BTF split on FILE. */
static void run_bench(const char *file, const char *obj, int iters)
{
	double total = 0;
	int n;

	for (n = 0; n < iters; n++) {
		struct btf *base = NULL, *btf, *src;
		double t0;

		if (obj) {
			base = btf__parse(file, NULL);
			btf = btf__new_empty_split(base);
			src = parse_elf(obj, NULL);
			btf__add_btf(btf, src);
			btf__free(src);
		} else {
			btf = btf__parse(file, NULL);
		}
		t0 = now();
		if (btf__dedup(btf, NULL)) {
			fprintf(stderr, "dedup failed: %d\n", -errno);
			exit(1);
		}
		total += now() - t0;
		btf__free(btf);
		btf__free(base);
	}
	fprintf(out, "dedup: %.3f ms CPU per run (%d runs)\n", total * 1e3 / iters, iters);
}

int main(int argc, char **argv)
{
	const char *mode;

	if (argc < 3) {
		fprintf(stderr, "usage: %s MODE OUT [ARGS]\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	mode = argv[1];
	out = strcmp(argv[2], "-") ? fopen(argv[2], "w") : stdout;
	if (!out)
		return 2;
	if (!strcmp(mode, "elf") && argc == 4) {
		run_elf(argv[3]);
	} else if (!strcmp(mode, "merge") && argc >= 4) {
		run_merge(NULL, argv + 3, argc - 3, 0);
	} else if (!strcmp(mode, "force") && argc >= 4) {
		run_merge(NULL, argv + 3, argc - 3, 1);
	} else if (!strcmp(mode, "raw") && argc == 4) {
		run_raw(argv[3]);
	} else if (!strcmp(mode, "split") && argc >= 5) {
		struct btf *base = btf__parse(argv[3], NULL);

		if (!base)
			return 2;
		run_merge(base, argv + 4, argc - 4, 0);
		btf__free(base);
	} else if (!strcmp(mode, "synth")) {
		run_synth();
	} else if (!strcmp(mode, "errors")) {
		run_errors();
	} else if (!strcmp(mode, "nullargs")) {
		errno = 0;
		fprintf(out, "NULL btf: ret=%d", btf__dedup(NULL, NULL));
		fprintf(out, " errno=%d\n", errno);
	} else if (!strcmp(mode, "bench") && argc >= 4) {
		run_bench(argv[3], argc > 4 ? argv[4] : NULL,
			  getenv("ITERS") ? atoi(getenv("ITERS")) : 5);
	} else {
		fprintf(stderr, "bad mode or arguments\n");
		return 2;
	}
	fclose(out);
	return 0;
}
