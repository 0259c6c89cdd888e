// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libbpf_legacy.h's old names answer as the current getters do:
 * bpf_program__get_type, bpf_program__get_expected_attach_type,
 * bpf_map__get_pin_path. Self-checking; built against oxbpf and upstream
 * v1.7.0. Usage: legacy OBJ (an object with a tracepoint program
 * "owner" and a map "excl_map") */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/libbpf_legacy.h>

#include "check.h"

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OBJ\n", argv[0]);
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	CHECK(obj, "open: %d", -errno);
	if (!obj)
		goto done;
	prog = bpf_object__find_program_by_name(obj, "owner");
	map = bpf_object__find_map_by_name(obj, "excl_map");
	CHECK(prog && map, "program and map");
	if (!prog || !map)
		goto out;

	CHECK(bpf_program__get_type(prog) == BPF_PROG_TYPE_TRACEPOINT &&
		      bpf_program__get_type(prog) == bpf_program__type(prog),
	      "get_type %d", bpf_program__get_type(prog));
	CHECK(!bpf_program__set_expected_attach_type(prog, BPF_TRACE_RAW_TP), "set eat");
	CHECK(bpf_program__get_expected_attach_type(prog) == BPF_TRACE_RAW_TP &&
		      bpf_program__get_expected_attach_type(prog) ==
			      bpf_program__expected_attach_type(prog),
	      "get_expected_attach_type %d", bpf_program__get_expected_attach_type(prog));
	CHECK(!bpf_program__set_type(prog, BPF_PROG_TYPE_KPROBE), "set type");
	CHECK(bpf_program__get_type(prog) == BPF_PROG_TYPE_KPROBE, "get_type follows set_type");

	CHECK(bpf_map__get_pin_path(map) == NULL, "no pin path");
	CHECK(!bpf_map__set_pin_path(map, "/sys/fs/bpf/oxbpf_legacy_test"), "set pin path");
	CHECK(bpf_map__get_pin_path(map) &&
		      !strcmp(bpf_map__get_pin_path(map), "/sys/fs/bpf/oxbpf_legacy_test") &&
		      bpf_map__get_pin_path(map) == bpf_map__pin_path(map),
	      "get_pin_path %s", bpf_map__get_pin_path(map));
out:
	bpf_object__close(obj);
done:
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
