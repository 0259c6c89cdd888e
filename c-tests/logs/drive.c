// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Opens, loads and attaches every program of one object with libbpf's
 * default print function, so LIBBPF_LOG_LEVEL decides what is printed: the
 * log comparison runs it against oxbpf and against upstream on the same
 * objects. argv[1]: the object; argv[2]: the pin root for its maps. */
#include <stdio.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = argc > 2 ? argv[2] : NULL);
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_link *link;
	int err;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OBJ [PIN_ROOT]\n", argv[0]);
		return 2;
	}
	obj = bpf_object__open_file(argv[1], &opts);
	if (!obj)
		return 1;
	err = bpf_object__load(obj);
	if (!err) {
		bpf_object__for_each_program(prog, obj) {
			link = bpf_program__attach(prog);
			bpf_link__destroy(link);
		}
		bpf_object__unpin_maps(obj, NULL);
	}
	bpf_object__close(obj);
	return 0;
}
