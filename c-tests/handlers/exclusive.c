// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpf_map__set_exclusive_program / bpf_map__exclusive_program on the real
 * kernel: the map is created with the SHA-256 of the owner program's final
 * instructions; the owner loads, attaches and updates the map; any other
 * program using the map is refused by the kernel (in the same object, and a
 * raw bpf_prog_load referencing the map's fd). Skips, with the kernel's
 * answer, if the kernel lacks exclusive maps. Self-checking; built against
 * oxbpf and upstream v1.7.0. Usage: exclusive exclusive.bpf.o */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

#include "check.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

/* r1 = map (by fd); r0 = 0; exit: enough for the verifier to check whether
 * this program may use the map. */
static int load_map_user(int map_fd)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 1, .src_reg = BPF_PSEUDO_MAP_FD,
		  .imm = map_fd },
		{ 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	return bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "map_user", "GPL", insns, 4, NULL);
}

static struct bpf_object *open_obj(const char *path, struct bpf_map **map,
				   struct bpf_program **owner, struct bpf_program **intruder)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);

	if (!obj)
		return NULL;
	*map = bpf_object__find_map_by_name(obj, "excl_map");
	*owner = bpf_object__find_program_by_name(obj, "owner");
	*intruder = bpf_object__find_program_by_name(obj, "intruder");
	return obj;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj, *other;
	struct bpf_program *owner, *intruder, *o2, *i2;
	struct bpf_map *map, *m2;
	struct bpf_link *link;
	__u64 val = 0;
	__u32 key = 0;
	int err, fd, i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s exclusive.bpf.o\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);

	obj = open_obj(argv[1], &map, &owner, &intruder);
	other = open_obj(argv[1], &m2, &o2, &i2);
	CHECK(obj && other, "open");
	if (!obj || !other)
		goto out;
	CHECK(bpf_map__exclusive_program(map) == NULL, "no exclusive program by default");
	err = bpf_map__set_exclusive_program(map, o2);
	CHECK(err == -EINVAL, "program of another object: %d", err);
	CHECK(!bpf_map__set_exclusive_program(map, owner), "set exclusive program");
	CHECK(bpf_map__exclusive_program(map) == owner, "exclusive_program returns it");

	/* The kernel lacking exclusive maps refuses the map itself: skip. */
	bpf_program__set_autoload(intruder, false);
	err = bpf_object__load(obj);
	if (err) {
		struct bpf_object *probe = bpf_object__open_file(argv[1], NULL);
		int plain = probe ? bpf_object__load(probe) : -1;

		bpf_object__close(probe);
		if (!plain) {
			printf("SKIP: kernel refuses exclusive maps (load: %d)\n", err);
			goto out;
		}
	}
	CHECK(!err, "load with exclusive map: %d", err);
	if (err)
		goto out;
	CHECK(bpf_map__set_exclusive_program(map, owner) == -EINVAL, "after creation: -EINVAL");

	/* The owner uses the map. */
	{
		struct bpf_map *bss = bpf_object__find_map_by_name(obj, ".bss");
		size_t sz;
		int *pid = bss ? bpf_map__initial_value(bss, &sz) : NULL;

		CHECK(pid, ".bss mapped");
		if (pid)
			*pid = getpid();
	}
	link = bpf_program__attach(owner);
	CHECK(link, "attach owner: %d", -errno);
	for (i = 0; i < 3; i++)
		syscall(SYS_getpid);
	CHECK(!bpf_map__lookup_elem(map, &key, sizeof(key), &val, sizeof(val), 0) && val == 3,
	      "owner counted 3 calls (%llu)", (unsigned long long)val);
	bpf_link__destroy(link);

	/* Anyone else is refused by the kernel; a plain map is not. */
	fd = load_map_user(bpf_map__fd(map));
	CHECK(fd < 0, "another program using the exclusive map is refused (%d)", fd);
	if (fd >= 0)
		close(fd);
	fd = load_map_user(bpf_map__fd(bpf_object__find_map_by_name(obj, ".bss")));
	CHECK(fd >= 0, "control: same program on a plain map loads (%d)", fd);
	if (fd >= 0)
		close(fd);

	/* In one object: the intruder's load fails, so the object's does. */
	CHECK(!bpf_map__set_exclusive_program(m2, o2), "set exclusive (second object)");
	err = bpf_object__load(other);
	CHECK(err < 0, "object whose second program uses the exclusive map fails to load (%d)",
	      err);
out:
	bpf_object__close(obj);
	bpf_object__close(other);
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
