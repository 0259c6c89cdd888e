/* Runs the hand-written parts of the headers: LIBBPF_OPTS, LIBBPF_OPTS_RESET,
 * the overload helper, the version macros, the *__last_field defines and the
 * btf.h inline helpers. Exits non-zero (with a message) on the first mismatch. */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf_legacy.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: check failed: %s\n",      \
				__FILE__, __LINE__, #cond);                \
			exit(1);                                           \
		}                                                          \
	} while (0)

#define offsetofend(T, f) (offsetof(T, f) + sizeof(((T *)0)->f))

static int pick1(int a) { return a; }
static int pick2(int a, int b) { return a + b; }
#define pick(...) ___libbpf_overload(pick, __VA_ARGS__)

static int all_zero(const void *p, size_t from, size_t to)
{
	const unsigned char *b = p;

	for (size_t i = from; i < to; i++)
		if (b[i])
			return 0;
	return 1;
}

static void opts_macros(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, mc, .map_flags = 5, .numa_node = 2);
	CHECK(mc.sz == sizeof(struct bpf_map_create_opts));
	CHECK(mc.map_flags == 5 && mc.numa_node == 2 && mc.btf_fd == 0);
	CHECK(mc.excl_prog_hash == NULL && mc.excl_prog_hash_size == 0);

	LIBBPF_OPTS(bpf_link_create_opts, lc, .uprobe_multi.pid = 7);
	CHECK(lc.sz == sizeof(lc) && lc.uprobe_multi.pid == 7 && lc.flags == 0);
	/* Upstream's last field, through the define. */
	CHECK(offsetofend(struct bpf_link_create_opts, bpf_link_create_opts__last_field) == 76);
	CHECK(offsetofend(struct bpf_prog_load_opts, bpf_prog_load_opts__last_field) == 116);

	/* Padding after the last field is zero too (the library checks it). */
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, ed, .strip_mods = true);
	CHECK(all_zero(&ed, offsetofend(struct btf_dump_emit_type_decl_opts, strip_mods),
		       sizeof(ed)));

	LIBBPF_OPTS_RESET(mc, .inner_map_fd = 3);
	CHECK(mc.sz == sizeof(mc) && mc.inner_map_fd == 3 && mc.map_flags == 0);
	LIBBPF_OPTS_RESET(mc);
	CHECK(mc.sz == sizeof(mc) && mc.inner_map_fd == 0);

	DECLARE_LIBBPF_OPTS(bpf_prog_query_opts, q, .count = 4);
	CHECK(q.prog_cnt == 4 && q.sz == sizeof(q));
	LIBBPF_OPTS(bpf_prog_attach_opts, pa, .replace_prog_fd = 9);
	CHECK(pa.replace_fd == 9);
}

static void misc_macros(void)
{
	CHECK(pick(1) == 1 && pick(1, 2) == 3);
	CHECK(LIBBPF_MAJOR_VERSION == 1 && LIBBPF_MINOR_VERSION == 7);
	CHECK(__LIBBPF_CURRENT_VERSION_GEQ(1, 7) && !__LIBBPF_CURRENT_VERSION_GEQ(1, 8));
	CHECK(BPF_LOG_BUF_SIZE == 16777215u);
	CHECK(LIBBPF_STRICT_ALL == 0xffffffffu && LIBBPF_STRICT_MAP_DEFINITIONS == 0x20);
	CHECK(BTF_KIND_ENUM64 == 19 && BTF_KIND_DECL_TAG == 17);
}

/* A hand-built BTF blob: records followed by their kind-specific data. */
static __u32 blob[64];

static struct btf_type *rec(int at, __u32 kind, __u32 vlen, int kflag)
{
	struct btf_type *t = (struct btf_type *)&blob[at];

	t->name_off = 1;
	t->info = (kind << 24) | vlen | ((__u32)kflag << 31);
	t->size = 8;
	return t;
}

static void btf_helpers(void)
{
	struct btf_type *t;

	t = rec(0, BTF_KIND_INT, 0, 0);
	blob[3] = (BTF_INT_SIGNED << 24) | (3 << 16) | 13; /* encoding, offset, bits */
	CHECK(btf_is_int(t) && !btf_is_ptr(t) && btf_kind(t) == BTF_KIND_INT);
	CHECK(btf_int_encoding(t) == BTF_INT_SIGNED && btf_int_offset(t) == 3 &&
	      btf_int_bits(t) == 13);

	t = rec(0, BTF_KIND_STRUCT, 2, 1);
	CHECK(btf_is_struct(t) && btf_is_composite(t) && btf_vlen(t) == 2 && btf_kflag(t));
	btf_members(t)[0].offset = (5u << 24) | 40;	/* 5-bit field at bit 40 */
	btf_members(t)[1].offset = 64;
	CHECK(btf_member_bit_offset(t, 0) == 40 && btf_member_bitfield_size(t, 0) == 5);
	CHECK(btf_member_bit_offset(t, 1) == 64 && btf_member_bitfield_size(t, 1) == 0);
	t = rec(0, BTF_KIND_UNION, 1, 0);
	btf_members(t)[0].offset = 96;
	CHECK(btf_is_union(t) && btf_member_bit_offset(t, 0) == 96 &&
	      btf_member_bitfield_size(t, 0) == 0);

	t = rec(0, BTF_KIND_ENUM64, 1, 0);
	blob[4] = 0x89abcdef;	/* val_lo32 */
	blob[5] = 0x01234567;	/* val_hi32 */
	CHECK(btf_is_enum64(t) && btf_is_any_enum(t) && !btf_is_enum(t));
	CHECK(btf_enum64_value(btf_enum64(t)) == 0x0123456789abcdefULL);
	CHECK((void *)btf_enum(t) == (void *)&blob[3]);

	t = rec(0, BTF_KIND_TYPE_TAG, 0, 0);
	CHECK(btf_is_type_tag(t) && btf_is_mod(t));
	CHECK(btf_is_mod(rec(0, BTF_KIND_CONST, 0, 0)) && !btf_is_mod(rec(0, BTF_KIND_PTR, 0, 0)));
	CHECK(btf_kind_core_compat(rec(0, BTF_KIND_ENUM, 0, 0), rec(8, BTF_KIND_ENUM64, 0, 0)));
	CHECK(!btf_kind_core_compat(rec(0, BTF_KIND_ENUM, 0, 0), rec(8, BTF_KIND_INT, 0, 0)));
	CHECK(btf_is_void(rec(0, BTF_KIND_UNKN, 0, 0)));
	CHECK(btf_is_func_proto(rec(0, BTF_KIND_FUNC_PROTO, 0, 0)));
	CHECK(btf_is_datasec(rec(0, BTF_KIND_DATASEC, 0, 0)));
	CHECK(btf_is_decl_tag(rec(0, BTF_KIND_DECL_TAG, 0, 0)));
	CHECK(btf_is_float(rec(0, BTF_KIND_FLOAT, 0, 0)));
	t = rec(0, BTF_KIND_VAR, 0, 0);
	CHECK(btf_is_var(t) && (void *)btf_var(t) == (void *)&blob[3]);
	CHECK((void *)btf_params(t) == (void *)&blob[3] &&
	      (void *)btf_var_secinfos(t) == (void *)&blob[3] &&
	      (void *)btf_decl_tag(t) == (void *)&blob[3] &&
	      (void *)btf_array(t) == (void *)&blob[3]);
}

int main(void)
{
	opts_macros();
	misc_macros();
	btf_helpers();
	return 0;
}
