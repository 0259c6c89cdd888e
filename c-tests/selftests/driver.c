// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Describes what libbpf makes of one BPF object, for the selftests suite.
 * Built once against oxbpf and once against upstream libbpf v1.7.0; the
 * runner compares the two outputs (compare.py).
 *
 *   driver OBJ PIN_ROOT whole [BTF]  open, describe, bpf_object__load, describe
 *   driver OBJ PIN_ROOT one [BTF]    for every program: open, autoload only
 *                                    that one, load, describe the program
 *
 * BTF, if given, is the open option btf_custom_path (the CO-RE target).
 *
 * stdout is the description (one record a line: "<what> <name> k=v ..."
 * followed by instruction lines "  i: code dst src off imm"); libbpf's log
 * lines go to stderr ("W:"/"I:", "D:" too with DRIVER_DEBUG=1), kept by the
 * runner for diagnosis but never compared. Values that differ from run to run
 * are normalised: map fds in ld_imm64 become the map's index, BTF object fds
 * become "btf_fd", the pin root becomes "<pin>". */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>

static int debug_log;
static const char *pin_root;
static const char *btf_custom_path;

static int print_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	static const char tag[] = { [LIBBPF_WARN] = 'W', [LIBBPF_INFO] = 'I', [LIBBPF_DEBUG] = 'D' };

	if (level == LIBBPF_DEBUG && !debug_log)
		return 0;
	fprintf(stderr, "%c: ", tag[level]);
	return vfprintf(stderr, fmt, ap);
}

/* 64-bit FNV-1a: initial values are compared by digest, not byte by byte. */
static unsigned long long fnv1a(const unsigned char *p, size_t n)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
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

/* A pin path with this run's pin root replaced, so runs compare. */
static void print_pin_path(const char *path)
{
	size_t n = strlen(pin_root);

	if (!path)
		printf(" pin=-");
	else if (strncmp(path, pin_root, n) == 0)
		printf(" pin=<pin>%s", path + n);
	else
		printf(" pin=%s", path);
}

static void print_insns(struct bpf_object *obj, const struct bpf_program *prog)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, n = bpf_program__insn_cnt(prog);

	for (i = 0; insn && i < n; i++) {
		const struct bpf_insn *in = &insn[i];
		int is_ldimm64 = in->code == (BPF_LD | BPF_IMM | BPF_DW);

		printf("  %zu: %02x %u %u %d ", i, in->code, in->dst_reg, in->src_reg, in->off);
		if (is_ldimm64 && (in->src_reg == BPF_PSEUDO_MAP_FD ||
				   in->src_reg == BPF_PSEUDO_MAP_VALUE)) {
			int idx = map_index_by_fd(obj, in->imm);

			if (idx >= 0)
				printf("map#%d\n", idx);
			else
				printf("fd?\n"); /* closed: the load failed */
		} else if (is_ldimm64 && in->src_reg == BPF_PSEUDO_BTF_ID && i + 1 < n) {
			/* imm: BTF type id; next imm: fd of the module BTF (0: vmlinux). */
			printf("%d\n", in->imm);
			i++;
			printf("  %zu: %02x %u %u %d %s\n", i, insn[i].code, insn[i].dst_reg,
			       insn[i].src_reg, insn[i].off, insn[i].imm ? "btf_fd" : "0");
		} else {
			printf("%d\n", in->imm);
		}
	}
}

static void describe_open(struct bpf_object *obj)
{
	const struct btf *btf = bpf_object__btf(obj);
	struct bpf_program *prog;
	struct bpf_map *map;

	printf("object - name=%s btf=%d types=%u kversion=%u\n", bpf_object__name(obj), btf != NULL,
	       btf ? btf__type_cnt(btf) : 0, bpf_object__kversion(obj));
	bpf_object__for_each_program(prog, obj) {
		const struct bpf_insn *insns = bpf_program__insns(prog);
		size_t n = bpf_program__insn_cnt(prog);

		/* code: digest of the instructions as open left them. */
		printf("prog %s sec=%s type=%d eat=%d insns=%zu code=%016llx autoload=%d "
		       "autoattach=%d flags=%#x\n",
		       bpf_program__name(prog), bpf_program__section_name(prog),
		       bpf_program__type(prog), bpf_program__expected_attach_type(prog), n,
		       insns ? fnv1a((const unsigned char *)insns, n * sizeof(*insns)) : 0,
		       bpf_program__autoload(prog), bpf_program__autoattach(prog),
		       bpf_program__flags(prog));
	}
	bpf_object__for_each_map(map, obj) {
		size_t sz = 0;
		const void *init = bpf_map__initial_value(map, &sz);

		printf("map %s type=%d key=%u value=%u max=%u flags=%#x extra=%llu internal=%d "
		       "autocreate=%d btf_key=%u btf_value=%u init=%zu",
		       bpf_map__name(map), bpf_map__type(map), bpf_map__key_size(map),
		       bpf_map__value_size(map), bpf_map__max_entries(map), bpf_map__map_flags(map),
		       (unsigned long long)bpf_map__map_extra(map), bpf_map__is_internal(map),
		       bpf_map__autocreate(map), bpf_map__btf_key_type_id(map),
		       bpf_map__btf_value_type_id(map), init ? sz : 0);
		/* A struct_ops shadow holds program pointers: size only. */
		if (init && bpf_map__type(map) != BPF_MAP_TYPE_STRUCT_OPS)
			printf("/%016llx", fnv1a(init, sz));
		print_pin_path(bpf_map__pin_path(map));
		printf("\n");
	}
}

static void describe_load(struct bpf_object *obj)
{
	struct bpf_program *prog;
	struct bpf_map *map;

	bpf_object__for_each_program(prog, obj) {
		int loaded = bpf_program__fd(prog) >= 0;

		printf("loaded-prog %s loaded=%d insns=%zu\n", bpf_program__name(prog), loaded,
		       bpf_program__insn_cnt(prog));
		if (loaded)
			print_insns(obj, prog);
	}
	bpf_object__for_each_map(map, obj)
		printf("loaded-map %s created=%d max=%u\n", bpf_map__name(map),
		       bpf_map__fd(map) >= 0, bpf_map__max_entries(map));
}

static struct bpf_object *open_obj(const char *path)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pin_root,
		    .btf_custom_path = btf_custom_path);
	struct bpf_object *obj = bpf_object__open_file(path, &opts);

	if (!obj)
		printf("open: error %d\n", -errno);
	return obj;
}

static int run_whole(const char *path)
{
	struct bpf_object *obj = open_obj(path);
	int err;

	if (!obj)
		return 0;
	printf("open: ok\n");
	describe_open(obj);
	fflush(stdout);
	err = bpf_object__load(obj);
	printf("load: %d\n", err);
	describe_load(obj);
	bpf_object__close(obj);
	return 0;
}

static int run_one(const char *path)
{
	struct bpf_object *obj = open_obj(path);
	struct bpf_program *prog, *p;
	int n = 0, i, k, err;

	if (!obj)
		return 0;
	printf("open: ok\n");
	bpf_object__for_each_program(prog, obj)
		n++;
	bpf_object__close(obj);
	for (i = 0; i < n; i++) {
		obj = open_obj(path);
		if (!obj)
			return 0;
		k = 0;
		prog = NULL;
		bpf_object__for_each_program(p, obj) {
			if (k++ == i)
				prog = p;
			else
				bpf_program__set_autoload(p, false);
		}
		if (!prog) {
			printf("one #%d: missing on reopen\n", i);
			bpf_object__close(obj);
			return 0;
		}
		bpf_program__set_autoload(prog, true);
		fprintf(stderr, "=== one %s\n", bpf_program__name(prog));
		err = bpf_object__load(obj);
		printf("one %s load=%d loaded=%d insns=%zu\n", bpf_program__name(prog), err,
		       bpf_program__fd(prog) >= 0, bpf_program__insn_cnt(prog));
		if (bpf_program__fd(prog) >= 0)
			print_insns(obj, prog);
		fflush(stdout);
		bpf_object__close(obj);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4 || argc > 5 || (strcmp(argv[3], "whole") && strcmp(argv[3], "one"))) {
		fprintf(stderr, "usage: %s OBJ PIN_ROOT whole|one [BTF]\n", argv[0]);
		return 2;
	}
	pin_root = argv[2];
	btf_custom_path = argc > 4 ? argv[4] : NULL;
	debug_log = getenv("DRIVER_DEBUG") != NULL;
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	libbpf_set_print(print_log);
	if (strcmp(argv[3], "whole") == 0)
		return run_whole(argv[1]);
	return run_one(argv[1]);
}
