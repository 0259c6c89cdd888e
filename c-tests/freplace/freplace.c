// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* freplace (BPF_PROG_TYPE_EXT) and BPF-to-BPF tracing against a loaded target
 * program, through the public API only, so the same source runs against oxbpf
 * and against upstream libbpf (run.sh compares the OUTCOME lines of both).
 *
 * usage: freplace <target.bpf.o> <replace.bpf.o>
 * Prints PASS/FAIL/SKIP lines, OUTCOME lines (the differential transcript) and
 * "N passed, N failed, N skipped". */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#define REPLACED_RET 4242

static int pass, fail, skip;
static char logbuf[64 * 1024];
static size_t loglen;

#define PASS(...) do { printf("PASS: " __VA_ARGS__); printf("\n"); pass++; } while (0)
#define FAIL(...) do { printf("FAIL: " __VA_ARGS__); printf("\n"); fail++; } while (0)
#define SKIP(...) do { printf("SKIP: " __VA_ARGS__); printf("\n"); skip++; } while (0)
#define OUTCOME(...) do { printf("OUTCOME: " __VA_ARGS__); printf("\n"); } while (0)

/* Keeps every library log line: the tests check that refusals name what failed. */
static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	char line[1024];
	int n = vsnprintf(line, sizeof(line), fmt, args);

	if (n < 0)
		return n;
	if (level != LIBBPF_DEBUG)
		fputs(line, stderr);
	if (loglen + strlen(line) < sizeof(logbuf)) {
		memcpy(logbuf + loglen, line, strlen(line) + 1);
		loglen += strlen(line);
	}
	return n;
}

static void log_reset(void)
{
	loglen = 0;
	logbuf[0] = 0;
}

static int log_has(const char *s)
{
	return strstr(logbuf, s) != NULL;
}

/* Runs the tc target once on a minimal packet; returns its return value or -errno. */
static long run_target(int prog_fd)
{
	unsigned char pkt[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = 1);
	int err = bpf_prog_test_run_opts(prog_fd, &topts);

	return err ? -errno : (long)topts.retval;
}

/* The FUNC id of `name` in the BTF of a loaded program, looked up by bpftool
 * (independent of the library under test); 0 when not found. */
static int bpftool_func_id(__u32 btf_id, const char *name)
{
	char cmd[128], line[512], want[128];
	int id = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "bpftool btf dump id %u 2>/dev/null", btf_id);
	snprintf(want, sizeof(want), "] FUNC '%s' ", name);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p))
		if (strstr(line, want) && sscanf(line, "[%d]", &id) == 1)
			break;
	pclose(p);
	return id;
}

static int prog_info(int fd, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, len);
	return bpf_prog_get_info_by_fd(fd, info, &len);
}

/* Opens the replace object with only `prog_name` autoloaded. */
static struct bpf_object *open_one(const char *path, const char *prog_name,
				   struct bpf_program **out)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p;

	*out = NULL;
	if (!obj)
		return NULL;
	bpf_object__for_each_program(p, obj) {
		int mine = strcmp(bpf_program__name(p), prog_name) == 0;

		bpf_program__set_autoload(p, mine);
		if (mine)
			*out = p;
	}
	if (!*out) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

/* Loads a freplace program and, through `attach`, replaces target_func; checks
 * the kernel recorded the expected attach BTF id and that the target program's
 * result changes while the link exists and comes back after. */
static void freplace_case(const char *what, const char *obj_path, const char *prog_name,
			  int target_fd, const char *set_name, int new_target, __u32 want_id)
{
	struct bpf_program *prog;
	struct bpf_object *obj = open_one(obj_path, prog_name, &prog);
	struct bpf_prog_info info;
	struct bpf_link *link;
	long before, during, after;
	int err;

	if (!obj) {
		FAIL("%s: open", what);
		return;
	}
	err = bpf_program__set_attach_target(prog, target_fd, set_name);
	OUTCOME("%s set_attach_target=%d", what, err);
	if (err) {
		FAIL("%s: set_attach_target: %d", what, err);
		goto out;
	}
	log_reset();
	err = bpf_object__load(obj);
	OUTCOME("%s load=%d", what, err);
	if (err) {
		if (log_has(prog_name))
			SKIP("%s: kernel refused the BPF_PROG_TYPE_EXT load (%s, empty verifier log: this kernel refuses EXT/TRACING loads before verification)",
			     what, strerror(-err));
		else
			FAIL("%s: load failed %d without a log line naming the program", what, err);
		goto out;
	}
	PASS("%s: loaded", what);
	if (prog_info(bpf_program__fd(prog), &info))
		FAIL("%s: prog info: %d", what, -errno);
	else if (info.attach_btf_id != want_id)
		FAIL("%s: kernel attach_btf_id %u, want %u", what, info.attach_btf_id, want_id);
	else
		PASS("%s: kernel reports attach_btf_id %u (target_func)", what, info.attach_btf_id);

	before = run_target(target_fd);
	log_reset();
	link = new_target ? bpf_program__attach_freplace(prog, target_fd, "target_func")
			  : bpf_program__attach_freplace(prog, 0, NULL);
	err = link ? 0 : -errno;
	OUTCOME("%s attach=%d", what, err);
	if (!link) {
		if (log_has(prog_name))
			SKIP("%s: kernel refused the freplace attach (%s)", what, strerror(-err));
		else
			FAIL("%s: attach failed %d without a log line naming the program", what, err);
		goto out;
	}
	during = run_target(target_fd);
	bpf_link__destroy(link);
	after = run_target(target_fd);
	OUTCOME("%s retvals=%ld,%ld,%ld", what, before, during, after);
	if (before == 2 && during == REPLACED_RET + 1 && after == 2)
		PASS("%s: target returned %ld, %ld while replaced, %ld after detach", what, before,
		     during, after);
	else
		FAIL("%s: target returned %ld, %ld, %ld; want 2, %d, 2", what, before, during,
		     after, REPLACED_RET + 1);
out:
	bpf_object__close(obj);
}

/* fentry on the target program's function (BPF-to-BPF tracing). */
static void fentry_case(const char *obj_path, int target_fd, __u32 want_id)
{
	struct bpf_program *prog;
	struct bpf_object *obj = open_one(obj_path, "trace_target_func", &prog);
	struct bpf_prog_info info;
	struct bpf_link *link;
	struct bpf_map *bss;
	__u64 hits = 0;
	int err, zero = 0;

	if (!obj) {
		FAIL("fentry: open");
		return;
	}
	err = bpf_program__set_attach_target(prog, target_fd, "target_func");
	OUTCOME("fentry set_attach_target=%d", err);
	log_reset();
	err = err ?: bpf_object__load(obj);
	OUTCOME("fentry load=%d", err);
	if (err) {
		if (log_has("trace_target_func"))
			SKIP("fentry on a BPF program: kernel refused the load (%s; BPF trampolines)",
			     strerror(-err));
		else
			FAIL("fentry: load failed %d without a log line naming the program", err);
		goto out;
	}
	PASS("fentry: loaded");
	if (prog_info(bpf_program__fd(prog), &info) || info.attach_btf_id != want_id)
		FAIL("fentry: kernel attach_btf_id %u, want %u", info.attach_btf_id, want_id);
	else
		PASS("fentry: kernel reports attach_btf_id %u", info.attach_btf_id);
	link = bpf_program__attach(prog);
	err = link ? 0 : -errno;
	OUTCOME("fentry attach=%d", err);
	if (!link) {
		SKIP("fentry on a BPF program: kernel refused the attach (%s)", strerror(-err));
		goto out;
	}
	run_target(target_fd);
	bss = bpf_object__find_map_by_name(obj, ".bss");
	if (!bss || bpf_map_lookup_elem(bpf_map__fd(bss), &zero, &hits))
		FAIL("fentry: reading .bss");
	else if (hits < 1)
		FAIL("fentry: no hit recorded");
	else
		PASS("fentry: %llu hit(s) on target_func", (unsigned long long)hits);
	bpf_link__destroy(link);
out:
	bpf_object__close(obj);
}

/* Expects `got` == `want` (a -errno) and a log line containing `needle`. */
static void expect_err(const char *what, int got, int want, const char *needle)
{
	OUTCOME("%s=%d", what, got);
	if (got != want)
		FAIL("%s: got %d, want %d", what, got, want);
	else if (needle && !log_has(needle))
		FAIL("%s: %d but no log line with '%s'", what, got, needle);
	else
		PASS("%s: %d (%s)", what, got, strerror(-got));
}

static void error_cases(const char *obj_path, int target_fd)
{
	struct bpf_insn ret0[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct bpf_program *prog, *tc;
	struct bpf_object *obj;
	struct bpf_link *link;
	int nobtf_fd, err;

	/* A socket filter loaded without BTF. */
	nobtf_fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "nobtf", "GPL", ret0, 2, NULL);
	if (nobtf_fd < 0) {
		FAIL("loading a target without BTF: %d", nobtf_fd);
		return;
	}

	obj = open_one(obj_path, "new_target_func2", &prog);
	if (!obj) {
		FAIL("error cases: open");
		close(nobtf_fd);
		return;
	}
	log_reset();
	expect_err("set_attach_target(negative fd)",
		   bpf_program__set_attach_target(prog, -1, "target_func"), -EINVAL, NULL);
	log_reset();
	expect_err("set_attach_target(closed fd)",
		   bpf_program__set_attach_target(prog, 1000, "target_func"), -EBADFD, NULL);
	log_reset();
	expect_err("set_attach_target(unknown func)",
		   bpf_program__set_attach_target(prog, target_fd, "no_such_func"), -ENOENT,
		   "no_such_func");
	log_reset();
	expect_err("set_attach_target(target without BTF)",
		   bpf_program__set_attach_target(prog, nobtf_fd, "target_func"), -EINVAL,
		   "BTF");
	/* SEC("freplace") with a target fd but no name: nothing to resolve at load. */
	err = bpf_program__set_attach_target(prog, target_fd, NULL);
	log_reset();
	expect_err("load(freplace, no func name)", err ?: bpf_object__load(obj), -EINVAL,
		   "new_target_func2");
	bpf_object__close(obj);

	/* SEC("freplace/target_func") without any target program. */
	obj = open_one(obj_path, "new_target_func", &prog);
	if (obj) {
		log_reset();
		expect_err("load(freplace, no target fd)", bpf_object__load(obj), -EINVAL,
			   "new_target_func");
		bpf_object__close(obj);
	}
	/* SEC("freplace/target_func") aimed at a program without BTF. */
	obj = open_one(obj_path, "new_target_func", &prog);
	if (obj) {
		err = bpf_program__set_attach_target(prog, nobtf_fd, NULL);
		log_reset();
		expect_err("load(freplace, target without BTF)", err ?: bpf_object__load(obj),
			   -EINVAL, "new_target_func");
		bpf_object__close(obj);
	}

	/* attach_freplace argument checks (before anything reaches the kernel). */
	obj = bpf_object__open_file(obj_path, NULL);
	if (obj) {
		prog = bpf_object__find_program_by_name(obj, "new_target_func");
		tc = bpf_object__find_program_by_name(obj, "trace_target_func");
		log_reset();
		link = bpf_program__attach_freplace(prog, target_fd, NULL);
		expect_err("attach_freplace(fd without name)", link ? 0 : -errno, -EINVAL,
			   "new_target_func");
		log_reset();
		link = bpf_program__attach_freplace(prog, 0, "target_func");
		expect_err("attach_freplace(name without fd)", link ? 0 : -errno, -EINVAL,
			   "new_target_func");
		log_reset();
		link = bpf_program__attach_freplace(tc, target_fd, "target_func");
		expect_err("attach_freplace(not an EXT program)", link ? 0 : -errno, -EINVAL,
			   "trace_target_func");
		bpf_object__close(obj);
	}
	close(nobtf_fd);
}

/* attach_freplace to a new target: the target's FUNC is resolved before the
 * program's own fd is needed, so a program that is not loaded (every EXT
 * program on a kernel that refuses them) still shows the resolution errors. */
static void attach_error_cases(const char *obj_path, int target_fd)
{
	struct bpf_program *prog;
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);
	struct bpf_link *link;

	if (!obj) {
		FAIL("attach_freplace error cases: open");
		return;
	}
	prog = bpf_object__find_program_by_name(obj, "new_target_func");
	log_reset();
	link = bpf_program__attach_freplace(prog, target_fd, "no_such_func");
	expect_err("attach_freplace(unknown func)", link ? 0 : -errno, -ENOENT, "no_such_func");
	bpf_link__destroy(link);
	log_reset();
	link = bpf_program__attach_freplace(prog, 1000, "target_func");
	expect_err("attach_freplace(closed fd)", link ? 0 : -errno, -EBADFD, NULL);
	bpf_link__destroy(link);
	log_reset();
	link = bpf_program__attach_freplace(prog, target_fd, "target_func");
	expect_err("attach_freplace(program not loaded)", link ? 0 : -errno, -EINVAL,
		   "new_target_func");
	bpf_link__destroy(link);
	bpf_object__close(obj);
}

/* set_attach_target with no target program: the name is a kernel function,
 * resolved in vmlinux BTF at the call. */
static void kernel_target_cases(const char *obj_path)
{
	struct bpf_program *prog;
	struct bpf_object *obj = open_one(obj_path, "trace_kernel_func", &prog);
	int err;

	if (!obj) {
		FAIL("kernel target: open");
		return;
	}
	log_reset();
	expect_err("set_attach_target(0, unknown kernel func)",
		   bpf_program__set_attach_target(prog, 0, "no_such_kernel_func"), -ESRCH, NULL);
	log_reset();
	expect_err("set_attach_target(0, NULL)", bpf_program__set_attach_target(prog, 0, NULL),
		   -EINVAL, NULL);
	err = bpf_program__set_attach_target(prog, 0, "do_unlinkat");
	expect_err("set_attach_target(0, do_unlinkat)", err, 0, NULL);
	log_reset();
	err = bpf_object__load(obj);
	OUTCOME("fentry(kernel, set_attach_target) load=%d", err);
	if (!err)
		PASS("fentry on do_unlinkat via set_attach_target: loaded");
	else if (log_has("trace_kernel_func"))
		SKIP("fentry on do_unlinkat via set_attach_target: kernel refused the load (%s; BPF trampolines)",
		     strerror(-err));
	else
		FAIL("fentry(kernel): load failed %d without a log line naming the program", err);
	bpf_object__close(obj);
}

int main(int argc, char **argv)
{
	struct bpf_object *tobj;
	struct bpf_program *tprog;
	struct bpf_prog_info info;
	int tfd, want_id, lib_id;
	struct btf *btf;
	long ret;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <target.bpf.o> <replace.bpf.o>\n", argv[0]);
		return 2;
	}
	libbpf_set_print(print_fn);

	tobj = bpf_object__open_file(argv[1], NULL);
	if (!tobj || bpf_object__load(tobj)) {
		FAIL("target object: open/load");
		goto done_noobj;
	}
	tprog = bpf_object__find_program_by_name(tobj, "target_prog");
	tfd = bpf_program__fd(tprog);
	ret = run_target(tfd);
	OUTCOME("target retval=%ld", ret);
	if (ret == 2)
		PASS("target program returns target_func(1) = 2");
	else
		FAIL("target program returned %ld, want 2", ret);

	/* The id every resolution below must find: bpftool's view of the
	 * target program's BTF, checked against the library's own BTF API. */
	if (prog_info(tfd, &info) || !info.btf_id) {
		FAIL("target program has no BTF id");
		goto done;
	}
	want_id = bpftool_func_id(info.btf_id, "target_func");
	btf = btf__load_from_kernel_by_id(info.btf_id);
	lib_id = btf ? btf__find_by_name_kind(btf, "target_func", BTF_KIND_FUNC) : -errno;
	btf__free(btf);
	if (want_id <= 0 || lib_id != want_id)
		FAIL("target_func FUNC id: bpftool %d, library %d", want_id, lib_id);
	else
		PASS("target_func is FUNC [%d] in the target's BTF (bpftool agrees)", want_id);
	OUTCOME("target_func id=%d", want_id);

	freplace_case("freplace(sec name, target at load)", argv[2], "new_target_func", tfd, NULL,
		      0, want_id);
	freplace_case("freplace(set_attach_target name, new target)", argv[2],
		      "new_target_func2", tfd, "target_func", 1, want_id);
	fentry_case(argv[2], tfd, want_id);
	error_cases(argv[2], tfd);
	attach_error_cases(argv[2], tfd);
	kernel_target_cases(argv[2]);
	log_reset();
	expect_err("set_attach_target(after load)",
		   bpf_program__set_attach_target(tprog, tfd, "target_func"), -EINVAL, NULL);
done:
	bpf_object__close(tobj);
done_noobj:
	printf("%d passed, %d failed, %d skipped\n", pass, fail, skip);
	return fail ? 1 : 0;
}
