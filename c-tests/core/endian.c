// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Big-endian BTF: (1) BTF built with the btf__add_* API, written out
 * big-endian (btf__set_endianness + btf__raw_data), parsed back with
 * btf__new: every type must read the same and the raw data must round-trip;
 * (2) an object compiled for bpfeb (argv[1]): btf__parse reads its .BTF and
 * .BTF.ext. Prints what it sees so oxbpf's output can be compared with
 * upstream's; exits non-zero on a failed self-check. */
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

	while (n--)
		h = (h ^ *b++) * 1099511628211ULL;
	return h;
}

/* One line per type: kind, name, size/type, vlen, kflag, and the first
 * member/value/param's fields (names resolved, values widened). */
static void dump(const struct btf *btf)
{
	__u32 id, n = btf__type_cnt(btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		printf("  [%u] kind=%u '%s' sz/type=%u vlen=%u kflag=%d", id, btf_kind(t),
		       btf__name_by_offset(btf, t->name_off), t->size, btf_vlen(t), btf_kflag(t));
		if (btf_is_composite(t) && btf_vlen(t))
			printf(" m0='%s' type=%u off=%u", btf__name_by_offset(btf, btf_members(t)->name_off),
			       btf_members(t)->type, btf_members(t)->offset);
		else if (btf_is_enum(t) && btf_vlen(t))
			printf(" v0='%s'=%d", btf__name_by_offset(btf, btf_enum(t)->name_off), btf_enum(t)->val);
		else if (btf_is_enum64(t) && btf_vlen(t))
			printf(" v0='%s'=%llu", btf__name_by_offset(btf, btf_enum64(t)->name_off),
			       (unsigned long long)btf_enum64_value(btf_enum64(t)));
		else if (btf_is_int(t))
			printf(" enc=%u bits=%u", btf_int_encoding(t), btf_int_bits(t));
		else if (btf_is_func_proto(t) && btf_vlen(t))
			printf(" p0='%s' type=%u", btf__name_by_offset(btf, btf_params(t)->name_off),
			       btf_params(t)->type);
		else if (btf_is_datasec(t) && btf_vlen(t))
			printf(" s0 type=%u off=%u sz=%u", btf_var_secinfos(t)->type, btf_var_secinfos(t)->offset,
			       btf_var_secinfos(t)->size);
		printf("\n");
	}
}

int main(int argc, char **argv)
{
	struct btf *b = btf__new_empty(), *be, *p;
	struct btf_ext *ext = NULL;
	const void *raw, *raw2;
	__u32 sz, sz2;
	int in, st, e64, fp, v, fails = 0;

	libbpf_set_print(quiet);
	in = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	btf__add_float(b, "double", 8);
	st = btf__add_struct(b, "pair", 12);
	btf__add_field(b, "a", in, 0, 0);
	btf__add_field(b, "bits", in, 35, 5);
	btf__add_field(b, "next", btf__type_cnt(b), 64, 0); /* the pointer added next */
	btf__add_ptr(b, st);
	btf__add_enum(b, "color", 4);
	btf__add_enum_value(b, "RED", -3);
	e64 = btf__add_enum64(b, "big", 8, false);
	btf__add_enum64_value(b, "HUGE", 0x123456789abcdef0ULL);
	(void)e64;
	btf__add_array(b, in, in, 7);
	fp = btf__add_func_proto(b, in);
	btf__add_func_param(b, "x", st);
	btf__add_func(b, "f", BTF_FUNC_GLOBAL, fp);
	btf__add_decl_tag(b, "tag", st, 1);
	v = btf__add_var(b, "gv", BTF_VAR_GLOBAL_ALLOCATED, in);
	btf__add_datasec(b, ".data", 4);
	btf__add_datasec_var_info(b, v, 0, 4);
	btf__add_typedef(b, "pair_t", st);
	btf__add_type_tag(b, "user", st);

	raw = btf__raw_data(b, &sz);
	printf("host: endianness=%d size=%u fnv=%016llx\n", btf__endianness(b), sz, fnv(raw, sz));
	dump(b);
	printf("set big: %d\n", btf__set_endianness(b, BTF_BIG_ENDIAN));
	raw = btf__raw_data(b, &sz);
	printf("big: size=%u fnv=%016llx magic=%02x%02x\n", sz, fnv(raw, sz), ((const __u8 *)raw)[0],
	       ((const __u8 *)raw)[1]);
	be = btf__new(raw, sz);
	if (!be) {
		printf("btf__new(big): error %d\n", -errno);
		return 1;
	}
	printf("parsed: endianness=%d type_cnt=%u find(pair)=%d size(pair)=%lld\n", btf__endianness(be),
	       btf__type_cnt(be), btf__find_by_name(be, "pair"), (long long)btf__resolve_size(be, st));
	dump(be);
	raw2 = btf__raw_data(be, &sz2);
	fails += sz2 != sz || memcmp(raw, raw2, sz) != 0;
	printf("raw round trip (big): %s\n", fails ? "DIFFERS" : "same");
	btf__set_endianness(be, BTF_LITTLE_ENDIAN);
	raw2 = btf__raw_data(be, &sz2);
	btf__set_endianness(b, BTF_LITTLE_ENDIAN);
	raw = btf__raw_data(b, &sz);
	fails += sz2 != sz || memcmp(raw, raw2, sz) != 0;
	printf("back to little: %s\n", sz2 == sz && !memcmp(raw, raw2, sz) ? "same" : "DIFFERS");
	btf__free(be);
	btf__free(b);

	if (argc > 1) {
		p = btf__parse(argv[1], &ext);
		if (!p) {
			printf("parse %s: error %d\n", strrchr(argv[1], '/') + 1, -errno);
			return 1;
		}
		raw = btf__raw_data(p, &sz);
		printf("bpfeb object: endianness=%d type_cnt=%u raw size=%u fnv=%016llx ext=%s\n",
		       btf__endianness(p), btf__type_cnt(p), sz, fnv(raw, sz), ext ? "yes" : "no");
		if (ext) {
			raw = btf_ext__raw_data(ext, &sz);
			printf("  .BTF.ext: size=%u fnv=%016llx endianness=%d\n", sz, fnv(raw, sz),
			       btf_ext__endianness(ext));
		}
		dump(p);
		btf_ext__free(ext);
		btf__free(p);
	}
	return fails ? 1 : 0;
}
