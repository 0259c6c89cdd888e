// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* btf__distill_base and btf__relocate on real split BTF: each kernel module's
 * BTF named on the command line (split on vmlinux) is distilled, and the
 * distilled split BTF is relocated back onto vmlinux. Prints type counts and
 * a hash of the raw bytes of each result, so the outputs of oxbpf and
 * upstream must be byte-for-byte the same BTF. Also checks that relocation
 * gives back every type of the module as it was (same kind, name, size, and
 * referenced names), and the error cases. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static unsigned long long fnv(const void *p, __u32 n)
{
	const unsigned char *b = p;
	unsigned long long h = 1469598103934665603ULL;

	while (b && n--)
		h = (h ^ *b++) * 1099511628211ULL;
	return h;
}

static void print_raw(const char *what, const struct btf *btf)
{
	__u32 size = 0;
	const void *raw = btf__raw_data(btf, &size);

	printf("  %s: type_cnt=%u size=%u fnv=%016llx\n", what, btf__type_cnt(btf), size, fnv(raw, size));
}

/* Compares type `ia` of `a` and `ib` of `b` shallowly: kind, vlen, name,
 * and the names of the types it refers to (ids differ across bases). */
static int same_type(const struct btf *a, __u32 ia, const struct btf *b, __u32 ib)
{
	const struct btf_type *ta = btf__type_by_id(a, ia), *tb = btf__type_by_id(b, ib);

	if (!ta || !tb || btf_kind(ta) != btf_kind(tb) || btf_vlen(ta) != btf_vlen(tb) ||
	    strcmp(btf__name_by_offset(a, ta->name_off), btf__name_by_offset(b, tb->name_off)))
		return 0;
	if (btf_is_ptr(ta) || btf_is_typedef(ta) || btf_is_mod(ta) || btf_is_var(ta) || btf_is_func(ta)) {
		const struct btf_type *ra = btf__type_by_id(a, ta->type), *rb = btf__type_by_id(b, tb->type);

		return ra && rb && btf_kind(ra) == btf_kind(rb) &&
		       !strcmp(btf__name_by_offset(a, ra->name_off), btf__name_by_offset(b, rb->name_off));
	}
	return btf_is_composite(ta) || btf_is_any_enum(ta) ? ta->size == tb->size : 1;
}

/* Distills `split`, relocates the result onto `target` (and onto its own
 * distilled base, which must fail), printing what each step produced. */
static void round_trip(const char *name, struct btf *split, struct btf *target, int check)
{
	struct btf *dbase = NULL, *dsplit = NULL;
	__u32 id, n, bad = 0, split_start, target_cnt;
	int err;

	printf("%s: type_cnt=%u\n", name, btf__type_cnt(split));
	err = btf__distill_base(split, &dbase, &dsplit);
	if (err) {
		printf("  distill: error %d\n", err);
		return;
	}
	print_raw("distilled base", dbase);
	print_raw("distilled split", dsplit);
	printf("  base of split is distilled base: %d\n", btf__base_btf(dsplit) == dbase);
	btf__free(dsplit);
	btf__free(dbase);
	/* Again, relocating before any raw data is asked for (upstream keeps
	 * raw data cached across btf__relocate). */
	if (btf__distill_base(split, &dbase, &dsplit))
		return;
	printf("  relocate onto own base: %d\n", btf__relocate(dsplit, dbase));
	err = btf__relocate(dsplit, target);
	printf("  relocate: %d\n", err);
	if (!err) {
		print_raw("relocated split", dsplit);
		printf("  base of split is target: %d\n", btf__base_btf(dsplit) == target);
		n = btf__type_cnt(split);
		split_start = btf__type_cnt(btf__base_btf(split));
		target_cnt = btf__type_cnt(target);
		for (id = split_start; check && id < n; id++) {
			if (same_type(split, id, dsplit, id - split_start + target_cnt))
				continue;
			printf("  split type [%u] differs after the round trip\n", id);
			bad++;
		}
		if (check)
			printf("  split types differing after round trip: %u\n", bad);
	}
	btf__free(dsplit);
	btf__free(dbase);
}

/* First id of kind `kind` whose `type` is `ref` (a pointer to task_struct...). */
static int find_ref(const struct btf *btf, int kind, int ref)
{
	__u32 id, n = btf__type_cnt(btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_kind(t) == kind && (ref < 0 || (int)t->type == ref))
			return id;
	}
	return -1;
}

/* Split BTF on vmlinux as a module's would be: its types embed, point at and
 * typedef kernel types of every kind distilling handles. */
static struct btf *module_like(struct btf *vmlinux)
{
	struct btf *s = btf__new_empty_split(vmlinux);
	int task = btf__find_by_name_kind(vmlinux, "task_struct", BTF_KIND_STRUCT);
	int lh = btf__find_by_name_kind(vmlinux, "list_head", BTF_KIND_STRUCT);
	int u32t = btf__find_by_name_kind(vmlinux, "u32", BTF_KIND_TYPEDEF);
	int atomic = btf__find_by_name_kind(vmlinux, "atomic_t", BTF_KIND_TYPEDEF);
	int attr = btf__find_by_name_kind(vmlinux, "bpf_attr", BTF_KIND_UNION);
	int e64 = btf__find_by_name_kind(vmlinux, "perf_callchain_context", BTF_KIND_ENUM64);
	int en = btf__find_by_name_kind(vmlinux, "pid_type", BTF_KIND_ENUM);
	int fwd = find_ref(vmlinux, BTF_KIND_FWD, -1);
	int task_ptr = find_ref(vmlinux, BTF_KIND_PTR, task);
	int proto = find_ref(vmlinux, BTF_KIND_FUNC_PROTO, -1);
	int chr = btf__find_by_name_kind(vmlinux, "char", BTF_KIND_INT);
	int ulong = btf__find_by_name_kind(vmlinux, "long unsigned int", BTF_KIND_INT);
	int arr, st, p;

	arr = btf__add_array(s, u32t, chr, 16);
	st = btf__add_struct(s, "oxbpf_mod_state", 80);
	btf__add_field(s, "head", lh, 0, 0);
	btf__add_field(s, "task", task_ptr, 128, 0);
	btf__add_field(s, "count", atomic, 192, 0);
	btf__add_field(s, "name", arr, 224, 0);
	btf__add_field(s, "kind", e64, 384, 0);
	btf__add_field(s, "pt", en, 448, 0);
	btf__add_field(s, "flags", ulong, 512, 3);
	p = btf__add_ptr(s, attr);
	btf__add_var(s, "oxbpf_attr_ptr", BTF_VAR_GLOBAL_ALLOCATED, p);
	btf__add_ptr(s, fwd);
	btf__add_ptr(s, proto);
	btf__add_typedef(s, "oxbpf_task_t", task);
	btf__add_func_proto(s, st);
	btf__add_func_param(s, "t", task_ptr);
	btf__add_func_param(s, "u", u32t);
	btf__add_const(s, st);
	return s;
}

/* Small synthetic bases: `order` permutes and pads the types so ids differ;
 * `variant` changes sizes (1: pointed-to struct grows, fine; 2: embedded
 * struct grows, no match; 3: two same-size candidates, ambiguous). */
static struct btf *synthetic_base(int order, int variant)
{
	struct btf *b = btf__new_empty();
	int i, in, foo;

	for (i = 0; i < order; i++)
		btf__add_int(b, "pad_int", 2, 0);
	in = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	if (order)
		btf__add_enum(b, "unrelated", 4);
	foo = btf__add_struct(b, "foo", variant == 2 ? 16 : 8);
	btf__add_field(b, "a", in, 0, 0);
	btf__add_struct(b, "bar", variant == 1 ? 64 : 32);
	if (variant == 3)
		btf__add_struct(b, "bar", variant == 1 ? 64 : 32);
	btf__add_union(b, "baz", 4);
	btf__add_enum(b, "color", 4);
	btf__add_enum_value(b, "RED", 1);
	btf__add_fwd(b, "opaque", BTF_FWD_STRUCT);
	btf__add_float(b, "double", 8);
	btf__add_typedef(b, "foo_t", foo);
	btf__add_ptr(b, in);
	return b;
}

static struct btf *synthetic_split(struct btf *base)
{
	struct btf *s = btf__new_empty_split(base);
	int in = btf__find_by_name(base, "int"), foo = btf__find_by_name(base, "foo");
	int bar = btf__find_by_name(base, "bar"), baz = btf__find_by_name(base, "baz");
	int color = btf__find_by_name(base, "color"), op = btf__find_by_name(base, "opaque");
	int dbl = btf__find_by_name(base, "double"), foo_t = btf__find_by_name(base, "foo_t");
	int st, anon, bar_ptr, op_ptr;

	anon = btf__add_struct(s, NULL, 4);
	btf__add_field(s, "x", in, 0, 0);
	bar_ptr = btf__add_ptr(s, bar);
	op_ptr = btf__add_ptr(s, op);
	st = btf__add_struct(s, "user", 56);
	btf__add_field(s, "f", foo, 0, 0);
	btf__add_field(s, "bp", bar_ptr, 64, 0);
	btf__add_field(s, "z", baz, 128, 0);
	btf__add_field(s, "c", color, 160, 0);
	btf__add_field(s, "o", op_ptr, 192, 0);
	btf__add_field(s, "d", dbl, 256, 0);
	btf__add_field(s, "ft", foo_t, 320, 0);
	btf__add_field(s, "an", anon, 384, 0);
	btf__add_ptr(s, st);
	return s;
}

/* btf__permute reversing every permutable id (and the .BTF.ext's type ids
 * when `ext` is given); then the error cases. */
static void permute(const char *name, struct btf *btf, struct btf_ext *ext)
{
	const struct btf *base = btf__base_btf(btf);
	__u32 first = base ? btf__type_cnt(base) : 0, n = btf__type_cnt(btf) - first, i;
	__u32 map[4096];
	LIBBPF_OPTS(btf_permute_opts, opts, .btf_ext = ext);
	const void *raw;
	__u32 sz;

	if (n > 4096)
		return;
	for (i = 0; i < n; i++)
		map[i] = base ? first + n - 1 - i : (i ? n - i : 0);
	printf("%s: permute: %d\n", name, btf__permute(btf, map, n, &opts));
	print_raw("permuted", btf);
	if (ext) {
		raw = btf_ext__raw_data(ext, &sz);
		printf("  permuted .BTF.ext: size=%u fnv=%016llx\n", sz, fnv(raw, sz));
	}
	printf("  short map: %d\n", btf__permute(btf, map, n - 1, NULL));
	map[1] = map[0];
	printf("  duplicate: %d\n", btf__permute(btf, map, n, NULL));
	map[0] = 5;
	printf("  void or base moved: %d\n", btf__permute(btf, map, n, NULL));
}

int main(int argc, char **argv)
{
	struct btf *vmlinux, *mod, *b1, *s1, *b2, *dbase = NULL, *dsplit = NULL;
	int v;

	libbpf_set_print(quiet);
	b1 = synthetic_base(0, 0);
	s1 = synthetic_split(b1);
	printf("distill non-split: %d\n", btf__distill_base(b1, &dbase, &dsplit));
	for (v = 0; v <= 3; v++) {
		char name[64];

		b2 = synthetic_base(3, v);
		snprintf(name, sizeof(name), "synthetic onto variant %d", v);
		round_trip(name, s1, b2, v <= 1);
		btf__free(b2);
	}
	btf__free(s1);
	btf__free(b1);

	vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		printf("vmlinux: error %d\n", -errno);
		return 0;
	}
	mod = module_like(vmlinux);
	round_trip("module-like split on vmlinux", mod, vmlinux, 1);
	permute("module-like split", mod, NULL);
	btf__free(mod);
	b1 = synthetic_base(2, 0);
	permute("synthetic base", b1, NULL);
	btf__free(b1);
	if (argc > 1) {
		struct btf_ext *ext = NULL;
		struct btf *obj = btf__parse(argv[1], &ext);

		if (obj)
			permute("object BTF + .BTF.ext", obj, ext);
		btf_ext__free(ext);
		btf__free(obj);
	}
	btf__free(vmlinux);
	return 0;
}
