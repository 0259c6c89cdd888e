// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One event per run (argv[2]) on events.bpf.o (argv[1]); prints every line
 * libbpf logs for it as "<level> <line>" and the outcome, so the runs
 * against oxbpf and against upstream can be compared line for line (and
 * our item-10 explanations checked). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>

static int capture(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	static const char *names[] = { "WARN", "INFO", "DEBUG" };
	char buf[64 * 1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	printf("%s %s", names[level], buf);
	return 0;
}

/* Calls a print function the way libbpf does (format + va_list). */
static int call_print(libbpf_print_fn_t fn, enum libbpf_print_level level, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = fn(level, fmt, ap);
	va_end(ap);
	return r;
}

static void outcome(const char *what, long ret)
{
	printf("RESULT %s: %s (errno %s)\n", what, ret ? "fails" : "ok",
	       ret ? strerror(errno) : "-");
}

static struct bpf_object *open_obj(const char *path, const char *enable)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p;

	if (!obj)
		return NULL;
	/* The programs made to fail load only when asked for. */
	bpf_object__for_each_program(p, obj) {
		const char *name = bpf_program__name(p);

		if (!strcmp(name, "bad_deref") || !strcmp(name, "core_miss") ||
		    !strcmp(name, "kp") || !strcmp(name, "no_tp"))
			bpf_program__set_autoload(p, enable && !strcmp(name, enable));
	}
	return obj;
}

int main(int argc, char **argv)
{
	const char *obj_path = argv[1], *ev = argc > 2 ? argv[2] : "";
	struct bpf_object *obj = NULL;
	struct bpf_link *link;
	int err = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: %s events.bpf.o EVENT\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(ev, "default-printer")) {
		/* The default printer comes back from libbpf_set_print and prints
		 * through its caller's chain, as LIBBPF_LOG_LEVEL says. */
		libbpf_print_fn_t dflt = libbpf_set_print(NULL);

		call_print(dflt, LIBBPF_WARN, "libbpf: chained %s %d\n", "warn", 1);
		call_print(dflt, LIBBPF_INFO, "libbpf: chained %s %d\n", "info", 2);
		call_print(dflt, LIBBPF_DEBUG, "libbpf: chained %s %d\n", "debug", 3);
		libbpf_set_print(dflt);
		obj = bpf_object__open_file(obj_path, NULL);
		bpf_object__close(obj);
		return 0;
	}
	libbpf_set_print(capture);
	if (!strcmp(ev, "attach-no-form")) {
		obj = open_obj(obj_path, NULL);
		err = bpf_object__load(obj);
		link = bpf_program__attach(bpf_object__find_program_by_name(obj, "no_attach_form"));
		outcome("bpf_program__attach(socket)", link ? 0 : -1);
		bpf_link__destroy(link);
	} else if (!strcmp(ev, "attach-unloaded")) {
		obj = open_obj(obj_path, NULL);
		link = bpf_program__attach(bpf_object__find_program_by_name(obj, "on_getpid"));
		outcome("bpf_program__attach before load", link ? 0 : -1);
		bpf_link__destroy(link);
	} else if (!strcmp(ev, "btf-short")) {
		static const char data[10] = { 0x9f, 0xeb, 1 };
		struct btf *btf = btf__new(data, sizeof(data));

		outcome("btf__new(10 bytes)", btf ? 0 : -1);
		btf__free(btf);
	} else if (!strcmp(ev, "btf-no-module")) {
		struct btf *vmlinux = btf__load_vmlinux_btf();
		struct btf *btf = btf__load_module_btf("oxbpf_no_such_module", vmlinux);

		outcome("btf__load_module_btf(no such module)", btf ? 0 : -1);
		btf__free(btf);
		btf__free(vmlinux);
	} else if (!strcmp(ev, "usdt-no-notes")) {
		obj = open_obj(obj_path, NULL);
		err = bpf_object__load(obj);
		link = bpf_program__attach_usdt(bpf_object__find_program_by_name(obj, "on_usdt"), -1,
						"/bin/true", "oxbpf", "nothing", NULL);
		outcome("bpf_program__attach_usdt(/bin/true)", link ? 0 : -1);
		bpf_link__destroy(link);
	} else if (!strcmp(ev, "map-key-size")) {
		short key = 1;
		long value = 2;

		obj = open_obj(obj_path, NULL);
		err = bpf_object__load(obj);
		err = bpf_map__update_elem(bpf_object__find_map_by_name(obj, "counts"), &key,
					   sizeof(key), &value, sizeof(value), 0);
		outcome("bpf_map__update_elem(2-byte key)", err);
		err = 0;
	} else if (!strcmp(ev, "verifier") || !strcmp(ev, "core")) {
		obj = open_obj(obj_path, !strcmp(ev, "core") ? "core_miss" : "bad_deref");
		err = bpf_object__load(obj);
		outcome("bpf_object__load", err);
		err = 0;
	} else if (!strcmp(ev, "kprobe") || !strcmp(ev, "tracepoint")) {
		const char *name = !strcmp(ev, "kprobe") ? "kp" : "no_tp";

		obj = open_obj(obj_path, name);
		err = bpf_object__load(obj);
		link = bpf_program__attach(bpf_object__find_program_by_name(obj, name));
		outcome("bpf_program__attach", link ? 0 : -1);
		bpf_link__destroy(link);
	} else {
		fprintf(stderr, "unknown event '%s'\n", ev);
		return 2;
	}
	if (err)
		printf("RESULT load: fails\n");
	bpf_object__close(obj);
	return 0;
}
