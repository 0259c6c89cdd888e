// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libbpf's internal ABI for tools (the headers of include/internal): built against
 * oxbpf and against upstream v1.7.0's own internal headers and libbpf.a;
 * run.sh diffs the two outputs. Modes:
 *   hashmap                        every insertion strategy, growth, deletion,
 *                                  iteration order (multimap included)
 *   nlattr                         attribute parsing, policies, extended acks
 *   btf FILE                       per type: kind name, peeled type, id and
 *                                  string fields (btf_field_iter)
 *   core OBJ TARGET_BTF            every CO-RE record of OBJ (read through
 *                                  struct btf_ext): candidates, decision, specs
 *   names                          bpf_core_essential_name_len
 * Pointers are printed as what they point to, never as addresses. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include <bpf/hashmap.h>
#include <bpf/nlattr.h>
#include <bpf/relo_core.h>
#include <bpf/libbpf_internal.h>

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	printf("[print level %d] ", level);
	return vprintf(fmt, ap);
}

/* ---- hashmap */
static size_t mod7_hash(long key, void *ctx) { return (size_t)key % 7 + (ctx ? 100 : 0); }
static bool eq(long a, long b, void *ctx) { return a == b; }

static void dump_map(const char *what, struct hashmap *m)
{
	struct hashmap_entry *e;
	size_t bkt;

	printf("%s: size %zu capacity %zu cap_bits %zu:", what, hashmap__size(m),
	       hashmap__capacity(m), m->cap_bits);
	hashmap__for_each_entry(m, e, bkt)
		printf(" [%zu]%ld=%ld", bkt, e->key, e->value);
	printf("\n");
}

static void do_hashmap(void)
{
	struct hashmap *m = hashmap__new(mod7_hash, eq, NULL);
	struct hashmap_entry *e, *tmp;
	long ok, ov, v;
	size_t bkt;
	int i, err;

	dump_map("empty", m);
	printf("find in empty: %d\n", hashmap__find(m, 3, &v));
	for (i = 0; i < 20; i++) {
		err = hashmap__add(m, i * 3, i);
		if (i % 5 == 4)
			dump_map("grown", m);
		if (err)
			printf("add %d: %d\n", i, err);
	}
	printf("add dup: %d\n", hashmap__add(m, 9, 99));
	err = hashmap__set(m, 9, 90, &ok, &ov);
	printf("set existing: %d old %ld=%ld\n", err, ok, ov);
	err = hashmap__set(m, 1000, 1, &ok, &ov);
	printf("set new: %d old %ld=%ld\n", err, ok, ov);
	err = hashmap__update(m, 1001, 1, &ok, &ov);
	printf("update missing: %d old %ld=%ld\n", err, ok, ov);
	err = hashmap__update(m, 1000, 2, &ok, &ov);
	printf("update existing: %d old %ld=%ld\n", err, ok, ov);
	for (i = 0; i < 4; i++)
		hashmap__append(m, 42, 420 + i);
	printf("key 42:");
	hashmap__for_each_key_entry(m, e, 42)
		printf(" %ld", e->value);
	printf("\nfind 42: %d", hashmap__find(m, 42, &v));
	printf(" -> %ld\n", v);
	printf("delete 42: %d", hashmap__delete(m, 42, &ok, &ov));
	printf(" old %ld=%ld\n", ok, ov);
	printf("delete missing: %d\n", hashmap__delete(m, 4242, NULL, NULL));
	dump_map("after edits", m);
	hashmap__for_each_entry_safe(m, e, tmp, bkt)
		if (e->key % 2)
			hashmap__delete(m, e->key, NULL, NULL);
	dump_map("odd keys deleted", m);
	hashmap__for_each_key_entry_safe(m, e, tmp, 42)
		printf("safe key 42: %ld\n", e->value);
	hashmap__clear(m);
	dump_map("cleared", m);
	hashmap__add(m, 5, 5);
	dump_map("reused", m);
	hashmap__free(m);
	hashmap__free(NULL);
	hashmap__free(ERR_PTR(-ENOMEM));

	struct hashmap local;
	hashmap__init(&local, mod7_hash, eq, (void *)1);
	for (i = 0; i < 9; i++)
		hashmap__append(&local, 7 * i, i);
	dump_map("init'ed, one bucket's keys", &local);
	hashmap__clear(&local);
	printf("str_hash(\"vmlinux\") %% 1000003 = %zu\n", str_hash("vmlinux") % 1000003);
}

/* ---- nlattr */
static char buf[512];
static int at;

static struct nlattr *put(int type, const void *data, int len)
{
	struct nlattr *a = (void *)(buf + at);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy(a + 1, data, len);
	at += NLA_ALIGN(a->nla_len);
	return a;
}

static void show_tb(const char *what, int ret, struct nlattr **tb, int max, void *base)
{
	int i;

	printf("%s: %d:", what, ret);
	for (i = 0; i <= max; i++)
		if (tb[i])
			printf(" %d@%ld", i, (long)((char *)tb[i] - (char *)base));
	printf("\n");
}

static void do_nlattr(void)
{
	struct libbpf_nla_policy pol[6] = {
		[1] = { .type = LIBBPF_NLA_STRING },
		[2] = { .type = LIBBPF_NLA_U32 },
		[3] = { .type = LIBBPF_NLA_U8, .maxlen = 1 },
		[4] = { .type = LIBBPF_NLA_NESTED },
	};
	struct nlattr *tb[6], *nest;
	__u32 v32 = 7;
	__u8 v8[2] = { 1, 2 };
	int start;

	put(1, "abc", 4);
	put(2, &v32, 4);
	put(1, "de", 3);
	put(9, "zz", 2);
	start = at;
	nest = put(4, "", 0);
	put(2, &v32, 4);
	put(3, v8, 1);
	nest->nla_len = at - start;
	show_tb("plain", libbpf_nla_parse(tb, 5, (void *)buf, at, NULL), tb, 5, buf);
	show_tb("policy", libbpf_nla_parse(tb, 5, (void *)buf, at, pol), tb, 5, buf);
	show_tb("nested", libbpf_nla_parse_nested(tb, 5, nest, pol), tb, 5, buf);
	show_tb("truncated", libbpf_nla_parse(tb, 5, (void *)buf, 10, NULL), tb, 5, buf);
	show_tb("maxtype 1", libbpf_nla_parse(tb, 1, (void *)buf, at, NULL), tb, 1, buf);
	at = 0;
	put(1, "abc", 3);
	show_tb("unterminated string", libbpf_nla_parse(tb, 5, (void *)buf, at, pol), tb, 5, buf);
	at = 0;
	put(3, v8, 2);
	show_tb("u8 too long", libbpf_nla_parse(tb, 5, (void *)buf, at, pol), tb, 5, buf);
	at = 0;
	put(2, v8, 2);
	show_tb("u32 too short", libbpf_nla_parse(tb, 5, (void *)buf, at, pol), tb, 5, buf);
	printf("nla_len %d getattr_str %s u32 %u\n", libbpf_nla_len(tb[2] ? tb[2] : (void *)buf),
	       libbpf_nla_getattr_str((void *)buf), libbpf_nla_getattr_u32((void *)buf));

	/* An error reply with an extended ack, capped and not. */
	for (int capped = 0; capped < 2; capped++) {
		struct nlmsghdr *nh = (void *)buf;
		struct nlmsgerr *err;
		char msg[] = "bad things happened";

		memset(buf, 0, sizeof(buf));
		nh->nlmsg_type = NLMSG_ERROR;
		nh->nlmsg_flags = NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0);
		err = NLMSG_DATA(nh);
		err->error = -EINVAL;
		err->msg.nlmsg_len = NLMSG_HDRLEN + (capped ? 0 : 8);
		at = NLMSG_HDRLEN + sizeof(*err) + (capped ? 0 : 8);
		put(NLMSGERR_ATTR_MSG, msg, sizeof(msg));
		put(NLMSGERR_ATTR_OFFS, &v32, 4);
		nh->nlmsg_len = at;
		printf("dump_errormsg(capped %d): %d\n", capped, libbpf_nla_dump_errormsg(nh));
		nh->nlmsg_flags = 0;
		printf("dump_errormsg(no TLVs): %d\n", libbpf_nla_dump_errormsg(nh));
	}
	errno = 1234;
	libbpf_print(LIBBPF_WARN, "libbpf_print %d %s\n", 42, "words");
	libbpf_print(LIBBPF_DEBUG, "hidden\n");
	printf("errno kept: %d\n", errno);
}

/* ---- btf */
static void do_btf(const char *path)
{
	struct btf *btf = btf__parse(path, NULL);
	unsigned long h = 5381, n_ids = 0, n_strs = 0;
	__u32 i, n, res;

	if (!btf) {
		printf("parse %s: %d\n", path, -errno);
		return;
	}
	n = btf__type_cnt(btf);
	for (i = 0; i < n; i++) {
		struct btf_type *t = (void *)btf__type_by_id(btf, i);
		const struct btf_type *s = skip_mods_and_typedefs(btf, i, &res);
		struct btf_field_iter it;
		__u32 *p;
		int kind;

		for (kind = BTF_FIELD_ITER_IDS; kind <= BTF_FIELD_ITER_STRS; kind++) {
			int err = btf_field_iter_init(&it, t, kind);

			h = h * 33 + err;
			if (err)
				continue;
			while ((p = btf_field_iter_next(&it))) {
				h = h * 33 + *p + (unsigned long)((char *)p - (char *)t);
				kind == BTF_FIELD_ITER_IDS ? n_ids++ : n_strs++;
			}
		}
		h = h * 33 + (s ? res : 0xffffffff) + (s ? btf_kind(s) : 99);
		h = h * 33 + strlen(btf_kind_str(t)) + btf_kind_str(t)[0];
		if (n < 200 || i % 5000 == 0)
			printf("[%u] %s -> [%u] %s\n", i, btf_kind_str(t), s ? res : 0,
			       s ? btf_kind_str(s) : "NULL");
	}
	printf("%u types, %lu id fields, %lu string fields, hash %lx\n", n, n_ids, n_strs, h);
	/* (a bad id crashes upstream's skip_mods_and_typedefs: not asked) */
	btf__free(btf);
}

/* ---- CO-RE */
static void show_spec(const char *what, const struct bpf_core_spec *s,
		      const struct btf *local, const struct btf *targ)
{
	int i;

	printf("    %s: btf %s root %u kind %d len %d raw_len %d bit_offset %u\n      acc:", what,
	       s->btf == local ? "local" : s->btf == targ ? "target" : s->btf ? "other" : "NULL",
	       s->root_type_id, s->relo_kind, s->len, s->raw_len, s->bit_offset);
	for (i = 0; i < s->len && i < BPF_CORE_SPEC_MAX_LEN; i++)
		printf(" (%u,%u,%s)", s->spec[i].type_id, s->spec[i].idx,
		       s->spec[i].name ? s->spec[i].name : "-");
	printf("\n      raw:");
	for (i = 0; i < s->raw_len && i < BPF_CORE_SPEC_MAX_LEN; i++)
		printf(" %d", s->raw_spec[i]);
	printf("\n");
}

static void do_core(const char *obj, const char *targ_path)
{
	struct btf_ext *ext = NULL;
	struct btf *local = btf__parse(obj, &ext);
	struct btf *targ = btf__parse(targ_path, NULL);
	const struct btf_ext_info_sec *sec;
	const struct bpf_core_relo *relo;
	const struct btf_ext_info *seg;
	unsigned int i;

	if (!local || !targ || !ext) {
		printf("parse: %d\n", -errno);
		return;
	}
	printf("btf_ext: data_size %u swapped %d func_info rec %u len %u line_info rec %u len %u core rec %u len %u\n",
	       ext->data_size, ext->swapped_endian, ext->func_info.rec_size, ext->func_info.len,
	       ext->line_info.rec_size, ext->line_info.len, ext->core_relo_info.rec_size,
	       ext->core_relo_info.len);
	seg = &ext->core_relo_info;
	for_each_btf_ext_sec(seg, sec) {
		const char *sec_name = btf__name_by_offset(local, sec->sec_name_off);

		printf("section %s: %u records\n", sec_name, sec->num_info);
		for_each_btf_ext_rec(seg, sec, i, relo) {
			struct bpf_core_spec specs[3];
			struct bpf_core_relo_res res;
			struct bpf_core_cand_list *cands = NULL;
			struct bpf_core_cand local_cand = { local, relo->type_id };
			const struct btf_type *lt = btf__type_by_id(local, relo->type_id);
			const char *name = btf__name_by_offset(local, lt->name_off);
			int err, j;

			memset(specs, 0, sizeof(specs));
			memset(&res, 0xab, sizeof(res));
			printf("  relo #%u: insn_off %u type [%u] %s %s access '%s' kind %u\n", i,
			       relo->insn_off, relo->type_id, btf_kind_str(lt), name,
			       btf__name_by_offset(local, relo->access_str_off), relo->kind);
			if (relo->kind != BPF_CORE_TYPE_ID_LOCAL) {
				cands = calloc(1, sizeof(*cands));
				err = bpf_core_add_cands(&local_cand, bpf_core_essential_name_len(name),
							 targ, "vmlinux", 1, cands);
				printf("    add_cands: %d, %d:", err, cands->len);
				for (j = 0; j < cands->len; j++)
					printf(" [%u]%s", cands->cands[j].id,
					       cands->cands[j].btf == targ ? "" : "(?)");
				printf("\n");
			}
			err = bpf_core_calc_relo_insn(sec_name, relo, i, local, cands, specs, &res);
			printf("    calc: %d", err);
			if (!err)
				printf(" orig %llu new %llu poison %d validate %d memsz %d sz %u/%u type %u/%u",
				       (unsigned long long)res.orig_val, (unsigned long long)res.new_val,
				       res.poison, res.validate, res.fail_memsz_adjust, res.orig_sz,
				       res.new_sz, res.orig_type_id, res.new_type_id);
			printf("\n");
			if (!err) {
				show_spec("local", &specs[0], local, targ);
				show_spec("target", &specs[2], local, targ);
			}
			if (cands) {
				printf("    cands left: %d\n", cands->len);
				if (cands->len)
					printf("    compat [%u]->[%u]: %d match: %d\n", relo->type_id,
					       cands->cands[0].id,
					       bpf_core_types_are_compat(local, relo->type_id, targ,
									 cands->cands[0].id),
					       bpf_core_types_match(local, relo->type_id, targ,
								    cands->cands[0].id));
			}
			bpf_core_free_cands(cands);
		}
	}
	bpf_core_free_cands(NULL);
	btf_ext__free(ext);
	btf__free(local);
	btf__free(targ);
}

static void do_names(void)
{
	const char *names[] = { "task_struct", "task_struct___v1", "a___b___c", "a____b",
				"___x", "x___", "x___y_", "_a___b", "a___", "ab", "", "a___b___" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		printf("'%s' -> %zu\n", names[i], bpf_core_essential_name_len(names[i]));
}

int main(int argc, char **argv)
{
	libbpf_set_print(print_fn);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "hashmap"))
		do_hashmap();
	else if (argc >= 2 && !strcmp(argv[1], "nlattr"))
		do_nlattr();
	else if (argc >= 3 && !strcmp(argv[1], "btf"))
		do_btf(argv[2]);
	else if (argc >= 4 && !strcmp(argv[1], "core"))
		do_core(argv[2], argv[3]);
	else if (argc >= 2 && !strcmp(argv[1], "names"))
		do_names();
	else
		return 2;
	return 0;
}
