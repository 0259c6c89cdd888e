// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libbpf_register_prog_handler / libbpf_unregister_prog_handler on the real
 * kernel: a handler for SEC("myprog+") (a tracepoint program) whose callbacks
 * record that they ran with the handler's cookie; its attach callback really
 * attaches to syscalls/sys_enter_getpid, and the program, once attached,
 * counts our getpid() calls. Also: the prepare callback's changes reach the
 * kernel, callback errors fail open/load, skeleton auto-attach (a NULL link is
 * "no auto-attach"), the fallback handler, unregistering, and the error
 * codes. Self-checking; built against oxbpf and against upstream v1.7.0,
 * both must pass. Usage: handler handler.bpf.o fallback.bpf.o */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "handler.skel.h"

#include "check.h"

#define COOKIE 0x5eed
#define BAD_FLAG (1U << 30)

static struct {
	int setup_calls, prepare_calls, attach_calls;
	long setup_cookie, prepare_cookie, attach_cookie;
	int setup_type;             /* bpf_program__type seen by setup */
	int prepare_eat;            /* expected_attach_type seen by prepare */
	const char *setup_name;
	int setup_ret, prepare_ret; /* what the callbacks return */
	int bad_flags;              /* prepare sets an invalid prog_flags bit */
	int attach_null;            /* attach returns 0 without a link */
} st;

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)fmt;
	(void)ap;
	(void)level;
	return 0;
}

static int setup_cb(struct bpf_program *prog, long cookie)
{
	st.setup_calls++;
	st.setup_cookie = cookie;
	st.setup_type = bpf_program__type(prog);
	st.setup_name = bpf_program__name(prog);
	return st.setup_ret;
}

static int prepare_cb(struct bpf_program *prog, struct bpf_prog_load_opts *opts, long cookie)
{
	(void)prog;
	st.prepare_calls++;
	st.prepare_cookie = cookie;
	st.prepare_eat = opts->expected_attach_type;
	if (st.bad_flags)
		opts->prog_flags |= BAD_FLAG;
	return st.prepare_ret;
}

static int attach_cb(const struct bpf_program *prog, long cookie, struct bpf_link **link)
{
	st.attach_calls++;
	st.attach_cookie = cookie;
	if (st.attach_null)
		return 0;
	*link = bpf_program__attach_tracepoint(prog, "syscalls", "sys_enter_getpid");
	return *link ? 0 : -errno;
}

static void reset(void)
{
	memset(&st, 0, sizeof(st));
}

static int *bss_var(struct bpf_object *obj, size_t off)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, ".bss");
	size_t sz = 0;
	char *p = m ? bpf_map__initial_value(m, &sz) : NULL;

	return p && off + sizeof(int) <= sz ? (int *)(p + off) : NULL;
}

/* Open, load, attach through bpf_program__attach, trigger, observe. */
static void test_full_cycle(const char *path)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	int *pid, *hits, i;

	reset();
	obj = bpf_object__open_file(path, NULL);
	CHECK(obj, "open: %d", -errno);
	if (!obj)
		return;
	prog = bpf_object__find_program_by_name(obj, "on_getpid");
	CHECK(st.setup_calls == 1, "setup called once at open (%d)", st.setup_calls);
	CHECK(st.setup_cookie == COOKIE, "setup cookie %#lx", st.setup_cookie);
	CHECK(st.setup_type == BPF_PROG_TYPE_TRACEPOINT, "type at setup %d", st.setup_type);
	CHECK(st.setup_name && !strcmp(st.setup_name, "on_getpid"), "setup got the program");
	CHECK(st.prepare_calls == 0, "prepare not called at open");
	CHECK(bpf_program__type(prog) == BPF_PROG_TYPE_TRACEPOINT, "prog type %d",
	      bpf_program__type(prog));
	CHECK(bpf_program__expected_attach_type(prog) == BPF_CGROUP_INET_EGRESS,
	      "expected attach type %d", bpf_program__expected_attach_type(prog));

	CHECK(!bpf_object__load(obj), "load: %d", -errno);
	CHECK(st.prepare_calls == 1, "prepare called once (%d)", st.prepare_calls);
	CHECK(st.prepare_cookie == COOKIE, "prepare cookie %#lx", st.prepare_cookie);
	CHECK(st.prepare_eat == BPF_CGROUP_INET_EGRESS, "prepare saw eat %d", st.prepare_eat);
	CHECK(bpf_program__fd(prog) > 0, "loaded: fd %d", bpf_program__fd(prog));

	pid = bss_var(obj, 0);
	hits = bss_var(obj, 4);
	CHECK(pid && hits, ".bss mapped");
	if (!pid || !hits)
		goto out;
	*pid = getpid();

	link = bpf_program__attach(prog);
	CHECK(link, "bpf_program__attach: %d", -errno);
	CHECK(st.attach_calls == 1 && st.attach_cookie == COOKIE, "attach cb calls %d cookie %#lx",
	      st.attach_calls, st.attach_cookie);
	for (i = 0; i < 3; i++)
		syscall(SYS_getpid);
	CHECK(*hits == 3, "program observed 3 getpid calls (saw %d)", *hits);
	bpf_link__destroy(link);
	syscall(SYS_getpid);
	CHECK(*hits == 3, "detached: no more hits (saw %d)", *hits);

	/* attach callback returning 0 without a link: no auto-attach. */
	st.attach_null = 1;
	errno = 0;
	link = bpf_program__attach(prog);
	CHECK(!link && errno == EOPNOTSUPP, "NULL link -> EOPNOTSUPP (errno %d)", errno);
out:
	bpf_object__close(obj);
}

/* The prepare callback's changes to bpf_prog_load_opts are what gets loaded;
 * its error, and setup's, fail load and open. */
static void test_callback_effects(const char *path)
{
	struct bpf_object *obj;

	reset();
	st.bad_flags = 1;
	obj = bpf_object__open_file(path, NULL);
	CHECK(obj, "open");
	if (obj) {
		int err = bpf_object__load(obj);

		CHECK(err == -EINVAL, "prog_flags set by prepare reach the kernel (load: %d)", err);
		bpf_object__close(obj);
	}

	reset();
	st.prepare_ret = -EPERM;
	obj = bpf_object__open_file(path, NULL);
	CHECK(obj, "open");
	if (obj) {
		int err = bpf_object__load(obj);

		CHECK(err == -EPERM, "prepare error fails load (%d)", err);
		bpf_object__close(obj);
	}

	reset();
	st.setup_ret = -ENOTTY;
	obj = bpf_object__open_file(path, NULL);
	CHECK(!obj && errno == ENOTTY, "setup error fails open (obj %p errno %d)", (void *)obj,
	      errno);
	bpf_object__close(obj);
}

/* Skeleton auto-attach goes through the attach callback; a NULL link is skipped. */
static void test_skeleton(void)
{
	struct handler_bpf *skel;
	int i;

	reset();
	skel = handler_bpf__open_and_load();
	CHECK(skel, "skeleton open_and_load: %d", -errno);
	if (!skel)
		return;
	skel->bss->my_pid = getpid();
	CHECK(!handler_bpf__attach(skel), "skeleton attach: %d", -errno);
	CHECK(skel->links.on_getpid, "skeleton link set by the callback");
	for (i = 0; i < 2; i++)
		syscall(SYS_getpid);
	CHECK(skel->bss->hits == 2, "skeleton: 2 hits (saw %d)", skel->bss->hits);
	handler_bpf__destroy(skel);

	reset();
	st.attach_null = 1;
	skel = handler_bpf__open_and_load();
	CHECK(skel, "skeleton open_and_load");
	if (!skel)
		return;
	CHECK(!handler_bpf__attach(skel), "skeleton attach with NULL link is not an error");
	CHECK(!skel->links.on_getpid && st.attach_calls == 1, "no link, callback ran once");
	handler_bpf__destroy(skel);
}

static void test_fallback(const char *path)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, o, .cookie = 7, .prog_setup_fn = setup_cb);
	struct bpf_object *obj;
	int id, err;

	reset();
	id = libbpf_register_prog_handler(NULL, BPF_PROG_TYPE_RAW_TRACEPOINT, 0, &o);
	CHECK(id > 0, "register fallback: %d", id);
	err = libbpf_register_prog_handler(NULL, BPF_PROG_TYPE_RAW_TRACEPOINT, 0, &o);
	CHECK(err == -EBUSY, "second fallback: %d", err);
	obj = bpf_object__open_file(path, NULL);
	CHECK(obj, "open with fallback");
	if (obj) {
		struct bpf_program *p = bpf_object__find_program_by_name(obj, "odd_one");

		CHECK(bpf_program__type(p) == BPF_PROG_TYPE_RAW_TRACEPOINT, "fallback type %d",
		      bpf_program__type(p));
		CHECK(st.setup_calls == 1 && st.setup_cookie == 7, "fallback setup cookie %ld",
		      st.setup_cookie);
		CHECK(!bpf_object__load(obj), "fallback program loads");
		bpf_object__close(obj);
	}
	/* Built-in sections still win over the fallback. */
	{
		enum bpf_prog_type t = 0;
		enum bpf_attach_type a = 0;

		CHECK(!libbpf_prog_type_by_name("xdp", &t, &a) && t == BPF_PROG_TYPE_XDP,
		      "xdp stays built-in (%d)", t);
		CHECK(!libbpf_prog_type_by_name("weird_sec", &t, &a) &&
			      t == BPF_PROG_TYPE_RAW_TRACEPOINT,
		      "fallback answers prog_type_by_name (%d)", t);
	}
	CHECK(!libbpf_unregister_prog_handler(id), "unregister fallback");
	CHECK(libbpf_unregister_prog_handler(id) == -ENOENT, "fallback gone");
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, o, .cookie = COOKIE, .prog_setup_fn = setup_cb,
		    .prog_prepare_load_fn = prepare_cb, .prog_attach_fn = attach_cb);
	LIBBPF_OPTS(libbpf_prog_handler_opts, other, .cookie = 1);
	enum bpf_prog_type t = 0;
	enum bpf_attach_type a = 0;
	int id, id2, err;

	if (argc != 3) {
		fprintf(stderr, "usage: %s handler.bpf.o fallback.bpf.o\n", argv[0]);
		return 2;
	}
	libbpf_set_print(quiet);

	/* Errors. */
	CHECK(libbpf_unregister_prog_handler(0) == -EINVAL, "unregister 0");
	CHECK(libbpf_unregister_prog_handler(-3) == -EINVAL, "unregister -3");
	CHECK(libbpf_unregister_prog_handler(123456) == -ENOENT && errno == ENOENT,
	      "unregister unknown id");
	{
		struct {
			struct libbpf_prog_handler_opts o;
			long junk;
		} big = { .o = { .sz = sizeof(big) }, .junk = 1 };

		err = libbpf_register_prog_handler("x", 1, 0, &big.o);
		CHECK(err == -EINVAL, "opts with a non-zero tail: %d", err);
	}

	id = libbpf_register_prog_handler("myprog+", BPF_PROG_TYPE_TRACEPOINT,
					  BPF_CGROUP_INET_EGRESS, &o);
	CHECK(id > 0, "register: %d", id);
	/* Same name again: allowed, the first one keeps matching (as upstream). */
	id2 = libbpf_register_prog_handler("myprog+", BPF_PROG_TYPE_KPROBE, 0, &other);
	CHECK(id2 > id, "duplicate name registers with a new id: %d", id2);
	CHECK(!libbpf_prog_type_by_name("myprog/getpid", &t, &a) &&
		      t == BPF_PROG_TYPE_TRACEPOINT && a == BPF_CGROUP_INET_EGRESS,
	      "prog_type_by_name sees the handler (%d, %d)", t, a);
	CHECK(libbpf_attach_type_by_name("myprog/getpid", &a) == -EINVAL,
	      "custom sections have no attach type");

	test_full_cycle(argv[1]);
	test_callback_effects(argv[1]);
	test_skeleton();

	CHECK(!libbpf_unregister_prog_handler(id), "unregister");
	CHECK(libbpf_unregister_prog_handler(id) == -ENOENT, "unregister twice");
	/* The duplicate now matches. */
	CHECK(!libbpf_prog_type_by_name("myprog/getpid", &t, &a) && t == BPF_PROG_TYPE_KPROBE,
	      "next handler for the name matches (%d)", t);
	CHECK(!libbpf_unregister_prog_handler(id2), "unregister duplicate");
	errno = 0;
	CHECK(libbpf_prog_type_by_name("myprog/getpid", &t, &a) == -ESRCH,
	      "unknown again after unregister");
	{
		struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);

		CHECK(obj, "open without handler");
		if (obj) {
			struct bpf_program *p = bpf_object__find_program_by_name(obj, "on_getpid");

			CHECK(bpf_program__type(p) == BPF_PROG_TYPE_UNSPEC, "no handler: type %d",
			      bpf_program__type(p));
			CHECK(bpf_object__load(obj) == -EINVAL, "no handler: load fails");
			bpf_object__close(obj);
		}
	}

	test_fallback(argv[2]);

	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
