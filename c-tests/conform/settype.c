// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpf_program__set_type with a different type drops what the section name
 * implied (libbpf resets the program's SEC() definition): an freplace
 * program retyped as sched_cls loads without an attach target and has no
 * auto-attach; retyped as the same type it keeps both (and fails to load
 * for want of a target). Printed so the
 * oxbpf and upstream builds compare line by line. */
#include <errno.h>
#include <stdio.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static void run(const char *path, const char *what, enum bpf_prog_type type)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	struct bpf_link *link;
	int err;

	if (!obj) {
		printf("%s: open %d\n", what, -errno);
		return;
	}
	prog = bpf_object__find_program_by_name(obj, "replacement");
	err = bpf_program__set_type(prog, type);
	printf("%s: set_type %d, type %d, expected attach type %d\n", what, err,
	       bpf_program__type(prog), bpf_program__expected_attach_type(prog));
	err = bpf_object__load(obj);
	printf("%s: load %d\n", what, err);
	link = bpf_program__attach(prog);
	printf("%s: attach %d\n", what, link ? 0 : -errno);
	bpf_link__destroy(link);
	/* After a load, failed or not, libbpf's setters refuse. */
	printf("%s: after load: set_type %d, set_autoload %d, set_flags %d, set_attach_target %d\n",
	       what, bpf_program__set_type(prog, BPF_PROG_TYPE_XDP),
	       bpf_program__set_autoload(prog, false), bpf_program__set_flags(prog, 0),
	       bpf_program__set_attach_target(prog, 0, "x"));
	bpf_object__close(obj);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	libbpf_set_print(quiet);
	run(argv[1], "sched_cls", BPF_PROG_TYPE_SCHED_CLS);
	run(argv[1], "same type", BPF_PROG_TYPE_EXT);
	return 0;
}
