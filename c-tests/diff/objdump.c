// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Prints what libbpf made of an object: programs (name, section, types,
 * instructions) and maps (attributes, initial values). Built once against
 * oxbpf and once against upstream libbpf; the two outputs must be equal.
 * With "prepare", maps are created and programs relocated first; with "load",
 * programs are loaded too (CO-RE applied as the kernel saw it). Map fds in
 * instructions are printed as the map's index so runs compare. An optional
 * third argument is the open option btf_custom_path (the CO-RE target). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static int map_index_by_fd(struct bpf_object *obj, int fd)
{
	struct bpf_map *map;
	int i = 0;

	bpf_object__for_each_map(map, obj) {
		if (bpf_map__fd(map) == fd)
			return i;
		i++;
	}
	return -1;
}

/* A global-data map's DATASEC as open left it: every variable's name,
 * offset, size and linkage (clang leaves offsets and the size zero; open
 * fills them from the ELF symbols and makes hidden variables static). */
static void dump_datasec(struct bpf_object *obj, const struct bpf_map *map)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *t;
	const struct btf_var_secinfo *v;
	int i;

	if (!btf || !bpf_map__is_internal(map))
		return;
	t = btf__type_by_id(btf, bpf_map__btf_value_type_id(map));
	if (!t || !btf_is_datasec(t))
		return;
	printf(" datasec=%s/%u:", btf__name_by_offset(btf, t->name_off), t->size);
	v = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, v++) {
		const struct btf_type *var = btf__type_by_id(btf, v->type);

		printf(" %s@%u+%u/%u", var ? btf__name_by_offset(btf, var->name_off) : "?",
		       v->offset, v->size, var && btf_is_var(var) ? btf_var(var)->linkage : 99);
	}
}

static void dump_insns(struct bpf_object *obj, const struct bpf_program *prog, int prepared)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, n = bpf_program__insn_cnt(prog);

	for (i = 0; insn && i < n; i++) {
		int imm = insn[i].imm;
		const char *tag = "";

		if (prepared && insn[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    (insn[i].src_reg == BPF_PSEUDO_MAP_FD || insn[i].src_reg == BPF_PSEUDO_MAP_VALUE)) {
			imm = map_index_by_fd(obj, imm);
			tag = "map#";
		}
		printf("  %zu: %02x %u %u %d %s%d\n", i, insn[i].code, insn[i].dst_reg, insn[i].src_reg,
		       insn[i].off, tag, imm);
	}
}

int main(int argc, char **argv)
{
	int prepared = argc > 2 && strcmp(argv[2], "prepare") == 0;
	int loaded = argc > 2 && strcmp(argv[2], "load") == 0;
	LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = argc > 3 ? argv[3] : NULL);
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *map;
	int err;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OBJ [prepare|load [BTF]]\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);
	obj = bpf_object__open_file(argv[1], &opts);
	if (!obj) {
		printf("open: error %d\n", -errno);
		return 0;
	}
	if (prepared) {
		err = bpf_object__prepare(obj);
		if (err) {
			printf("prepare: error %d\n", err);
			bpf_object__close(obj);
			return 0;
		}
	}
	if (loaded) {
		prepared = 1;
		err = bpf_object__load(obj);
		/* On failure, still dump: the instructions show how far
		 * relocation got, which must match too. */
		if (err)
			printf("load: error %d\n", err);
	}
	printf("object %s kversion %u\n", bpf_object__name(obj), bpf_object__kversion(obj));
	bpf_object__for_each_program(prog, obj) {
		printf("prog %s sec=%s type=%d eat=%d autoload=%d flags=%u insns=%zu\n",
		       bpf_program__name(prog), bpf_program__section_name(prog),
		       bpf_program__type(prog), bpf_program__expected_attach_type(prog),
		       bpf_program__autoload(prog), bpf_program__flags(prog),
		       bpf_program__insn_cnt(prog));
		dump_insns(obj, prog, prepared);
	}
	bpf_object__for_each_map(map, obj) {
		size_t sz = 0, i;
		const unsigned char *init = bpf_map__initial_value(map, &sz);

		printf("map %s type=%d key=%u value=%u max=%u flags=%#x btf_key=%u btf_value=%u internal=%d",
		       bpf_map__name(map), bpf_map__type(map), bpf_map__key_size(map),
		       bpf_map__value_size(map), bpf_map__max_entries(map), bpf_map__map_flags(map),
		       bpf_map__btf_key_type_id(map), bpf_map__btf_value_type_id(map),
		       bpf_map__is_internal(map));
		if (init && bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS) {
			/* The shadow struct: only the object's struct (upstream's size
			 * after prepare is the kernel value's), and function pointers
			 * (struct bpf_program handles) printed as program names. */
			const struct btf *btf = bpf_object__btf(obj);
			__s64 n = btf ? btf__resolve_size(btf, bpf_map__btf_value_type_id(map)) : -1;

			printf(" shadow=");
			for (i = 0; n > 0 && i < (size_t)n; i++) {
				struct bpf_program *p = NULL, *q;

				if (i % 8 == 0 && i + 8 <= (size_t)n) {
					bpf_object__for_each_program(q, obj)
						if (memcmp(&q, init + i, sizeof(q)) == 0)
							p = q;
				}
				if (p) {
					printf("<%s>", bpf_program__name(p));
					i += 7;
					continue;
				}
				printf("%02x", init[i]);
			}
		} else if (init) {
			printf(" init=");
			for (i = 0; i < sz; i++)
				printf("%02x", init[i]);
		}
		dump_datasec(obj, map);
		printf("\n");
	}
	bpf_object__close(obj);
	return 0;
}
