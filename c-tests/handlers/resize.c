// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Resizing global data with bpf_map__set_value_size before load, on the real
 * kernel: the region bpf_map__initial_value gives is re-made at the new size
 * keeping the old contents (tail zeroed); a section ending in an array keeps
 * its BTF (the array's length follows, also in bpf_object__btf), one that
 * doesn't loses its BTF types; the program reads what user space wrote past
 * the compiled size. Errors: after load -EBUSY. Self-checking; built against
 * oxbpf and upstream v1.7.0. Usage: resize resize.bpf.o */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "check.h"

#define N 2048 /* elements: 8 KiB, two pages where the compiled section had one */

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static void *value_of(struct bpf_object *obj, const char *name, size_t *sz)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	*sz = 0;
	return m ? bpf_map__initial_value(m, sz) : NULL;
}

static int all_zero(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	struct bpf_map *arr, *nonarr, *bss, *rodata;
	struct bpf_map_info info;
	__u32 info_len = sizeof(info);
	struct bpf_object *obj;
	struct bpf_link *link;
	size_t sz;
	int *v, *pid, *outs, err;
	__u32 *idx;

	if (argc != 2) {
		fprintf(stderr, "usage: %s resize.bpf.o\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);

	/* A size the array can't describe: accepted, the BTF types go. */
	obj = bpf_object__open_file(argv[1], NULL);
	CHECK(obj, "open");
	if (!obj)
		goto done;
	arr = bpf_object__find_map_by_name(obj, ".data.arr");
	CHECK(bpf_map__btf_value_type_id(arr) != 0, "section has BTF");
	err = bpf_map__set_value_size(arr, 6);
	CHECK(!err, "size not a multiple of the element: accepted (%d)", err);
	CHECK(bpf_map__btf_value_type_id(arr) == 0 && bpf_map__btf_key_type_id(arr) == 0,
	      "... and BTF key/value types cleared");
	CHECK(bpf_map__value_size(arr) == 6, "value size 6");
	v = bpf_map__initial_value(arr, &sz);
	CHECK(v && sz == 6 && v[0] == 1, "initial value keeps contents (sz %zu)", sz);
	/* set_max_entries on global data: accepted as upstream (no remap). */
	CHECK(!bpf_map__set_max_entries(bpf_object__find_map_by_name(obj, ".bss"), 1),
	      "set_max_entries on .bss");
	bpf_object__close(obj);

	obj = bpf_object__open_file(argv[1], NULL);
	CHECK(obj, "open");
	if (!obj)
		goto done;
	arr = bpf_object__find_map_by_name(obj, ".data.arr");
	nonarr = bpf_object__find_map_by_name(obj, ".data.nonarr");
	bss = bpf_object__find_map_by_name(obj, ".bss");
	rodata = bpf_object__find_map_by_name(obj, ".rodata");
	CHECK(arr && nonarr && bss && rodata, "maps");
	if (!arr || !nonarr || !bss || !rodata)
		goto out;

	/* Array tail: grows to N elements, BTF follows. */
	CHECK(!bpf_map__set_value_size(arr, N * sizeof(int)), "resize .data.arr");
	CHECK(bpf_map__value_size(arr) == N * sizeof(int), "value size %u",
	      bpf_map__value_size(arr));
	CHECK(bpf_map__btf_value_type_id(arr) != 0, "BTF kept");
	v = value_of(obj, ".data.arr", &sz);
	CHECK(v && sz == N * sizeof(int), "new region of %zu bytes", sz);
	if (!v || sz != N * sizeof(int))
		goto out;
	CHECK(v[0] == 1, "old contents kept (%d)", v[0]);
	CHECK(all_zero((char *)&v[1], sz - sizeof(int)), "tail zeroed");
	v[N - 1] = 0xabcd;

	/* Not an array at the end: grows, BTF types dropped. */
	CHECK(!bpf_map__set_value_size(nonarr, 16), "resize .data.nonarr");
	CHECK(bpf_map__btf_value_type_id(nonarr) == 0, "BTF cleared for non-array tail");
	{
		int *w = value_of(obj, ".data.nonarr", &sz);

		CHECK(w && sz == 16 && w[0] == 5 && w[1] == 6 && !w[2] && !w[3],
		      "nonarr contents kept, tail zero");
		if (w)
			w[3] = 77; /* (&b)[2] */
	}

	idx = value_of(obj, ".rodata", &sz);
	CHECK(idx && sz >= 8, ".rodata");
	if (!idx)
		goto out;
	idx[0] = N - 1;
	idx[1] = 2;

	err = bpf_object__load(obj);
	CHECK(!err, "load: %d", err);
	if (err)
		goto out;
	CHECK(bpf_map__set_value_size(arr, 8) == -EBUSY, "after load: -EBUSY");
	CHECK(bpf_map__set_max_entries(arr, 2) == -EBUSY, "set_max_entries after load: -EBUSY");

	memset(&info, 0, sizeof(info));
	CHECK(!bpf_map_get_info_by_fd(bpf_map__fd(arr), &info, &info_len), "map info");
	CHECK(info.value_size == N * sizeof(int), "kernel map value size %u", info.value_size);
	CHECK(info.btf_value_type_id != 0, "kernel map created with BTF (%u)",
	      info.btf_value_type_id);
	memset(&info, 0, sizeof(info));
	info_len = sizeof(info);
	CHECK(!bpf_map_get_info_by_fd(bpf_map__fd(nonarr), &info, &info_len), "map info");
	CHECK(info.value_size == 16 && info.btf_value_type_id == 0,
	      "nonarr: 16 bytes, no BTF (%u, %u)", info.value_size, info.btf_value_type_id);
	{
		struct btf *btf = bpf_object__btf(obj);
		int id = btf ? btf__find_by_name_kind(btf, ".data.arr", BTF_KIND_DATASEC) : -1;
		const struct btf_type *sec = id > 0 ? btf__type_by_id(btf, id) : NULL;

		CHECK(sec && sec->size == N * sizeof(int), "object BTF: datasec size %u",
		      sec ? sec->size : 0);
		if (sec) {
			const struct btf_var_secinfo *vs = btf_var_secinfos(sec);
			const struct btf_type *var = btf__type_by_id(btf, vs->type);
			const struct btf_type *at = btf__type_by_id(btf, var->type);

			CHECK(btf_is_array(at) && btf_array(at)->nelems == N,
			      "object BTF: array has %u elements", btf_is_array(at) ? btf_array(at)->nelems : 0);
			CHECK(vs->size == N * sizeof(int), "object BTF: var size %u", vs->size);
		}
	}

	/* The program reads past the compiled size. */
	pid = value_of(obj, ".bss", &sz);
	CHECK(pid && sz >= 12, ".bss");
	if (!pid)
		goto out;
	outs = pid + 1;
	*pid = getpid();
	link = bpf_program__attach(bpf_object__find_program_by_name(obj, "reader"));
	CHECK(link, "attach: %d", -errno);
	syscall(SYS_getpid);
	CHECK(outs[0] == 0xabcd, "program read array[N-1] = %#x", outs[0]);
	CHECK(outs[1] == 77, "program read past nonarr's compiled size = %d", outs[1]);
	/* The region now aliases the map: a new value reaches the program. */
	v = value_of(obj, ".data.arr", &sz);
	v[N - 1] = 0x1234;
	syscall(SYS_getpid);
	CHECK(outs[0] == 0x1234, "after load, writes reach the map (%#x)", outs[0]);
	bpf_link__destroy(link);
out:
	bpf_object__close(obj);
done:
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
