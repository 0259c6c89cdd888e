// Safe handles (issue 16 item 3): every export that takes a handle rejects
// one that is not a live handle of its kind with -EINVAL (or NULL and errno
// EINVAL) and a WARN line naming the export and the kind, instead of
// undefined behaviour. For each of the 13 handle kinds this program passes
// garbage in readable memory, a live handle of another kind, the handle
// after its destroy call, and destroys it twice; it checks the return value,
// errno and the log line, and that the process lives on (each such call
// runs in a child process: a crash or a hang is counted, not fatal).
//
// oxbpf only: upstream libbpf dereferences such pointers (it crashes, or
// spins, or frees twice), so there is nothing to compare. Where upstream
// defines the behaviour, NULL to a destroy call is a silent no-op: mode
// `null` prints those calls' transcript, and run.sh compares it with
// upstream's.
//
// Usage: safety OBJ LINKER_INPUT OUT_DIR | safety null
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static char logbuf[16384];
static size_t loglen;
static int nlines;

static int print_cb(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	nlines++;
	if (level != LIBBPF_WARN || loglen >= sizeof(logbuf) - 1)
		return 0;
	n = vsnprintf(logbuf + loglen, sizeof(logbuf) - loglen, fmt, ap);
	if (n > 0)
		loglen += (size_t)n < sizeof(logbuf) - loglen ? (size_t)n : sizeof(logbuf) - 1 - loglen;
	return 0;
}

static void reset(void)
{
	loglen = 0;
	logbuf[0] = 0;
	nlines = 0;
	errno = 0;
}

static int pass, fail;

/* One bad-handle call: wanted result, errno EINVAL, a WARN with "fn: " and the kind. */
static void check_bad(const char *label, const char *call, int result_ok, long got, int err,
		      const char *fn, const char *kind)
{
	char want[128];

	snprintf(want, sizeof(want), "%s: ", fn);
	if (result_ok && err == EINVAL && strstr(logbuf, want) && strstr(logbuf, kind)) {
		printf("PASS: %s: %s\n", label, call);
		return;
	}
	fail++;
	printf("FAIL: %s: %s: returned %ld, errno %d, log: %s\n", label, call, got, err,
	       loglen ? logbuf : "(none)\n");
}

/* Each bad call runs in a child process, so that a crash (or a hang: the
 * alarm) is one failure and the cases after it still run. */
static void settle(pid_t pid, const char *label, const char *call)
{
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		fail++;
		printf("FAIL: %s: %s: fork/wait failed\n", label, call);
	} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		pass++;
	} else if (WIFEXITED(st)) {
		fail++; /* the child printed why */
	} else {
		fail++;
		printf("FAIL: %s: %s: killed by signal %d%s\n", label, call, WTERMSIG(st),
		       WTERMSIG(st) == SIGALRM ? " (hang)" : "");
	}
	fflush(stdout);
}

#define IN_CHILD(call, body)                                                            \
	do {                                                                             \
		fflush(stdout);                                                          \
		pid_t pid_ = fork();                                                     \
		if (pid_ == 0) {                                                         \
			alarm(5);                                                        \
			pass = fail = 0;                                                 \
			body;                                                            \
			fflush(stdout);                                                  \
			_exit(fail ? 1 : 0);                                             \
		}                                                                        \
		settle(pid_, label, #call);                                              \
	} while (0)
#define BAD_INT(want, fn, kind, call)                                                   \
	IN_CHILD(call, {                                                                 \
		reset();                                                                 \
		long r_ = (long)(call);                                                  \
		int e_ = errno;                                                          \
		check_bad(label, #call, r_ == (want), r_, e_, fn, kind);                 \
	})
#define BAD_PTR(fn, kind, call)                                                         \
	IN_CHILD(call, {                                                                 \
		reset();                                                                 \
		const void *p_ = (call);                                                 \
		int e_ = errno;                                                          \
		check_bad(label, #call, p_ == NULL, (long)(uintptr_t)p_, e_, fn, kind);  \
	})
#define BAD_VOID(fn, kind, call)                                                        \
	IN_CHILD(call, {                                                                 \
		reset();                                                                 \
		call;                                                                    \
		int e_ = errno;                                                          \
		check_bad(label, #call, 1, 0, e_, fn, kind);                             \
	})

static void expect(int cond, const char *what)
{
	if (cond) {
		pass++;
		printf("PASS: %s\n", what);
	} else {
		fail++;
		printf("FAIL: %s (errno %d)\n", what, errno);
	}
}

static int sample_cb(void *ctx, void *data, size_t size)
{
	return 0;
}

static void dump_cb(void *ctx, const char *fmt, va_list args)
{
}

static void pb_sample(void *ctx, int cpu, void *data, __u32 size)
{
}

/* The uses of each kind, with a bad handle `h`. */
#define K_OBJ "struct bpf_object"
static void bad_object(const char *label, struct bpf_object *h)
{
	BAD_PTR("bpf_object__name", K_OBJ, bpf_object__name(h));
	BAD_INT(-EINVAL, "bpf_object__load", K_OBJ, bpf_object__load(h));
	BAD_PTR("bpf_object__next_map", K_OBJ, bpf_object__next_map(h, NULL));
	BAD_PTR("bpf_object__next_program", K_OBJ, bpf_object__next_program(h, NULL));
	BAD_PTR("bpf_object__find_map_by_name", K_OBJ, bpf_object__find_map_by_name(h, "rb"));
	BAD_PTR("bpf_object__btf", K_OBJ, bpf_object__btf(h));
	BAD_INT(-EINVAL, "bpf_object__pin_maps", K_OBJ, bpf_object__pin_maps(h, "/sys/fs/bpf/x"));
}

#define K_PROG "struct bpf_program"
static void bad_program(const char *label, struct bpf_program *h)
{
	BAD_PTR("bpf_program__name", K_PROG, bpf_program__name(h));
	BAD_INT(-EINVAL, "bpf_program__fd", K_PROG, bpf_program__fd(h));
	BAD_INT(-EINVAL, "bpf_program__set_autoload", K_PROG, bpf_program__set_autoload(h, false));
	BAD_PTR("bpf_program__attach", K_PROG, bpf_program__attach(h));
	BAD_PTR("bpf_program__section_name", K_PROG, bpf_program__section_name(h));
}

#define K_MAP "struct bpf_map"
static void bad_map(const char *label, struct bpf_map *h)
{
	int k = 0, v = 0;

	BAD_INT(-EINVAL, "bpf_map__fd", K_MAP, bpf_map__fd(h));
	BAD_PTR("bpf_map__name", K_MAP, bpf_map__name(h));
	BAD_INT(-EINVAL, "bpf_map__set_max_entries", K_MAP, bpf_map__set_max_entries(h, 8));
	BAD_INT(-EINVAL, "bpf_map__lookup_elem", K_MAP,
		bpf_map__lookup_elem(h, &k, sizeof(k), &v, sizeof(v), 0));
	BAD_PTR("bpf_map__inner_map", K_MAP, bpf_map__inner_map(h));
}

#define K_LINK "struct bpf_link"
static void bad_link(const char *label, struct bpf_link *h)
{
	BAD_INT(-EINVAL, "bpf_link__fd", K_LINK, bpf_link__fd(h));
	BAD_INT(-EINVAL, "bpf_link__detach", K_LINK, bpf_link__detach(h));
	BAD_INT(-EINVAL, "bpf_link__unpin", K_LINK, bpf_link__unpin(h));
}

#define K_BTF "struct btf"
static void bad_btf(const char *label, struct btf *h)
{
	__u32 sz;

	BAD_PTR("btf__raw_data", K_BTF, btf__raw_data(h, &sz));
	BAD_INT(-EINVAL, "btf__fd", K_BTF, btf__fd(h));
	BAD_INT(-EINVAL, "btf__find_by_name", K_BTF, btf__find_by_name(h, "int"));
	BAD_INT(-EINVAL, "btf__add_int", K_BTF, btf__add_int(h, "x", 4, 0));
	BAD_PTR("btf__type_by_id", K_BTF, btf__type_by_id(h, 1));
	BAD_INT(-EINVAL, "btf__load_into_kernel", K_BTF, btf__load_into_kernel(h));
}

#define K_EXT "struct btf_ext"
static void bad_btf_ext(const char *label, struct btf_ext *h)
{
	__u32 sz;

	BAD_PTR("btf_ext__raw_data", K_EXT, btf_ext__raw_data(h, &sz));
	BAD_INT(-EINVAL, "btf_ext__set_endianness", K_EXT, btf_ext__set_endianness(h, BTF_LITTLE_ENDIAN));
}

#define K_DUMP "struct btf_dump"
static void bad_btf_dump(const char *label, struct btf_dump *h)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o);

	BAD_INT(-EINVAL, "btf_dump__dump_type", K_DUMP, btf_dump__dump_type(h, 1));
	BAD_INT(-EINVAL, "btf_dump__emit_type_decl", K_DUMP, btf_dump__emit_type_decl(h, 1, &o));
}

#define K_RB "struct ring_buffer"
static void bad_ring_buffer(const char *label, struct ring_buffer *h)
{
	BAD_INT(-EINVAL, "ring_buffer__poll", K_RB, ring_buffer__poll(h, 0));
	BAD_INT(-EINVAL, "ring_buffer__consume", K_RB, ring_buffer__consume(h));
	BAD_INT(-EINVAL, "ring_buffer__consume_n", K_RB, ring_buffer__consume_n(h, 1));
	BAD_INT(-EINVAL, "ring_buffer__epoll_fd", K_RB, ring_buffer__epoll_fd(h));
	BAD_PTR("ring_buffer__ring", K_RB, ring_buffer__ring(h, 0));
	BAD_INT(-EINVAL, "ring_buffer__add", K_RB, ring_buffer__add(h, 1, sample_cb, NULL));
}

#define K_RING "struct ring"
static void bad_ring(const char *label, struct ring *h)
{
	BAD_INT(-EINVAL, "ring__consume", K_RING, ring__consume(h));
	BAD_INT(-EINVAL, "ring__consume_n", K_RING, ring__consume_n(h, 1));
	BAD_INT(-EINVAL, "ring__map_fd", K_RING, ring__map_fd(h));
}

#define K_URB "struct user_ring_buffer"
static void bad_user_ring_buffer(const char *label, struct user_ring_buffer *h)
{
	BAD_PTR("user_ring_buffer__reserve", K_URB, user_ring_buffer__reserve(h, 8));
	BAD_PTR("user_ring_buffer__reserve_blocking", K_URB,
		user_ring_buffer__reserve_blocking(h, 8, 0));
}

#define K_PB "struct perf_buffer"
static void bad_perf_buffer(const char *label, struct perf_buffer *h)
{
	BAD_INT(-EINVAL, "perf_buffer__poll", K_PB, perf_buffer__poll(h, 0));
	BAD_INT(-EINVAL, "perf_buffer__consume", K_PB, perf_buffer__consume(h));
	BAD_INT(-EINVAL, "perf_buffer__epoll_fd", K_PB, perf_buffer__epoll_fd(h));
	BAD_INT(-EINVAL, "perf_buffer__buffer_fd", K_PB, perf_buffer__buffer_fd(h, 0));
	BAD_INT(-EINVAL, "perf_buffer__consume_buffer", K_PB, perf_buffer__consume_buffer(h, 0));
}

#define K_LINKER "struct bpf_linker"
static const char *linker_input;
static void bad_linker(const char *label, struct bpf_linker *h)
{
	BAD_INT(-EINVAL, "bpf_linker__add_file", K_LINKER, bpf_linker__add_file(h, linker_input, NULL));
	BAD_INT(-EINVAL, "bpf_linker__finalize", K_LINKER, bpf_linker__finalize(h));
}

#define K_LINFO "struct bpf_prog_linfo"
static void bad_linfo(const char *label, struct bpf_prog_linfo *h)
{
	BAD_PTR("bpf_prog_linfo__lfind", K_LINFO, bpf_prog_linfo__lfind(h, 0, 0));
	BAD_PTR("bpf_prog_linfo__lfind_addr_func", K_LINFO,
		bpf_prog_linfo__lfind_addr_func(h, 0, 0, 0));
}

/* Destroy calls with NULL: silent no-ops, errno untouched (as upstream). */
static int null_destroys(int transcript)
{
	struct {
		const char *name;
		void (*call)(void);
	} *c, calls[] = {
#define D(f) { #f, (void (*)(void))f }
		D(bpf_object__close), D(bpf_link__destroy), D(btf__free), D(btf_ext__free),
		D(btf_dump__free), D(ring_buffer__free), D(user_ring_buffer__free),
		D(perf_buffer__free), D(bpf_linker__free), D(bpf_prog_linfo__free),
#undef D
	};
	int bad = 0;

	for (c = calls; c < calls + sizeof(calls) / sizeof(calls[0]); c++) {
		reset();
		errno = 1234;
		/* Every destroy call takes one pointer (bpf_link__destroy returns int). */
		int r = ((int (*)(void *))c->call)(NULL);
		int e = errno;

		if (transcript)
			printf("%s(NULL): errno %d, %d log lines%s\n", c->name, e, nlines,
			       strcmp(c->name, "bpf_link__destroy") ? "" : (r ? ", nonzero" : ", 0"));
		if (e != 1234 || nlines)
			bad++;
		if (!transcript) {
			char what[128];

			snprintf(what, sizeof(what), "%s(NULL) is a silent no-op", c->name);
			expect(e == 1234 && nlines == 0, what);
		}
	}
	return bad;
}

/* NULL to a use: -EINVAL / NULL + EINVAL, no crash (log lines as upstream where it defines NULL). */
static void null_uses(void)
{
	__u32 sz;
	int r;

	reset();
	r = bpf_map__fd(NULL);
	expect(r == -EINVAL && errno == EINVAL, "bpf_map__fd(NULL) is -EINVAL");
	reset();
	expect(!bpf_object__name(NULL) && errno == EINVAL, "bpf_object__name(NULL) is NULL, EINVAL");
	reset();
	expect(!bpf_program__name(NULL) && errno == EINVAL, "bpf_program__name(NULL) is NULL, EINVAL");
	reset();
	expect(bpf_link__fd(NULL) == -EINVAL && errno == EINVAL, "bpf_link__fd(NULL) is -EINVAL");
	reset();
	expect(!btf__raw_data(NULL, &sz) && errno == EINVAL, "btf__raw_data(NULL) is NULL, EINVAL");
	reset();
	expect(!btf_ext__raw_data(NULL, &sz) && errno == EINVAL, "btf_ext__raw_data(NULL) is NULL, EINVAL");
	reset();
	expect(btf_dump__dump_type(NULL, 1) == -EINVAL && errno == EINVAL,
	       "btf_dump__dump_type(NULL) is -EINVAL");
	reset();
	expect(ring_buffer__poll(NULL, 0) == -EINVAL && errno == EINVAL, "ring_buffer__poll(NULL) is -EINVAL");
	reset();
	expect(ring__consume(NULL) == -EINVAL && errno == EINVAL, "ring__consume(NULL) is -EINVAL");
	reset();
	expect(!user_ring_buffer__reserve(NULL, 8) && errno == EINVAL,
	       "user_ring_buffer__reserve(NULL) is NULL, EINVAL");
	reset();
	expect(perf_buffer__poll(NULL, 0) == -EINVAL && errno == EINVAL, "perf_buffer__poll(NULL) is -EINVAL");
	reset();
	expect(bpf_linker__finalize(NULL) == -EINVAL && errno == EINVAL,
	       "bpf_linker__finalize(NULL) is -EINVAL");
	reset();
	expect(!bpf_prog_linfo__lfind(NULL, 0, 0) && errno == EINVAL,
	       "bpf_prog_linfo__lfind(NULL) is NULL, EINVAL");
}

static struct bpf_prog_linfo *linfo_of(int prog_fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), n;
	struct bpf_line_info *li;

	if (bpf_prog_get_info_by_fd(prog_fd, &info, &len))
		return NULL;
	n = info.nr_line_info;
	li = calloc(n ? n : 1, sizeof(*li));
	memset(&info, 0, sizeof(info));
	info.nr_line_info = n;
	info.line_info_rec_size = sizeof(*li);
	info.line_info = (uintptr_t)li;
	len = sizeof(info);
	if (bpf_prog_get_info_by_fd(prog_fd, &info, &len))
		return NULL;
	return bpf_prog_linfo__new(&info);
}

/* Readable memory that is no handle: what a stray pointer often points at. */
static unsigned long garbage[64];

#define KIND_CASES(name, bad, type, live, other)                                         \
	do {                                                                             \
		const char *label;                                                       \
		label = name ": garbage";                                                \
		bad(label, (type *)garbage);                                             \
		label = name ": heap garbage";                                           \
		bad(label, (type *)heap);                                                \
		label = name ": another kind";                                           \
		bad(label, (type *)(other));                                             \
		(void)live;                                                              \
	} while (0)

int main(int argc, char **argv)
{
	char out[4096], path[4096];
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map, *rb_map;
	struct bpf_link *link;
	struct btf *btf, *other;
	struct btf_ext *ext;
	struct btf_dump *dump;
	struct ring_buffer *rb;
	struct ring *ring;
	struct user_ring_buffer *urb;
	struct perf_buffer *pb;
	struct bpf_linker *linker;
	struct bpf_prog_linfo *linfo;
	void *heap;
	const char *label;

	libbpf_set_print(print_cb);
	if (argc == 2 && !strcmp(argv[1], "null"))
		return null_destroys(1) ? 1 : 0;
	if (argc != 4) {
		fprintf(stderr, "usage: %s OBJ LINKER_INPUT OUT_DIR | %s null\n", argv[0], argv[0]);
		return 2;
	}
	linker_input = argv[2];
	memset(garbage, 0x41, sizeof(garbage));
	heap = malloc(4096);
	memset(heap, 0x5a, 4096);

	null_destroys(0);
	null_uses();

	/* Live handles of every kind. */
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		printf("FAIL: open/load %s\n0 passed, 1 failed\n", argv[1]);
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "handle");
	map = bpf_object__find_map_by_name(obj, "pb");
	rb_map = bpf_object__find_map_by_name(obj, "rb");
	link = bpf_program__attach(prog);
	btf = btf__parse_elf(argv[1], &ext);
	other = btf__new_empty();
	dump = btf_dump__new(btf, dump_cb, NULL, NULL);
	rb = ring_buffer__new(bpf_map__fd(rb_map), sample_cb, NULL, NULL);
	ring = ring_buffer__ring(rb, 0);
	urb = user_ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "urb"), NULL);
	pb = perf_buffer__new(bpf_map__fd(map), 1, pb_sample, NULL, NULL, NULL);
	snprintf(out, sizeof(out), "%s/linked.bpf.o", argv[3]);
	linker = bpf_linker__new(out, NULL);
	linfo = linfo_of(bpf_program__fd(prog));
	expect(prog && map && link && btf && ext && other && dump && rb && ring && urb && pb &&
		       linker && linfo,
	       "a live handle of every kind");
	if (!(prog && map && link && btf && ext && other && dump && rb && ring && urb && pb &&
	      linker && linfo)) {
		printf("%d passed, %d failed\n", pass, fail);
		return 1;
	}
	/* Live handles work (the checks do not refuse them). */
	expect(bpf_map__fd(map) > 0 && !strcmp(bpf_program__name(prog), "handle") &&
		       ring_buffer__consume(rb) == 0 && ring__map_fd(ring) == bpf_map__fd(rb_map) &&
		       bpf_link__fd(link) > 0 && btf__type_cnt(btf) > 1,
	       "live handles pass the checks");

	/* Garbage and handles of another kind, for every kind. */
	KIND_CASES("bpf_object", bad_object, struct bpf_object, obj, other);
	KIND_CASES("bpf_program", bad_program, struct bpf_program, prog, map);
	KIND_CASES("bpf_map", bad_map, struct bpf_map, map, prog);
	KIND_CASES("bpf_link", bad_link, struct bpf_link, link, obj);
	KIND_CASES("btf", bad_btf, struct btf, btf, ext);
	KIND_CASES("btf_ext", bad_btf_ext, struct btf_ext, ext, btf);
	KIND_CASES("btf_dump", bad_btf_dump, struct btf_dump, dump, btf);
	KIND_CASES("ring_buffer", bad_ring_buffer, struct ring_buffer, rb, ring);
	KIND_CASES("ring", bad_ring, struct ring, ring, rb);
	KIND_CASES("user_ring_buffer", bad_user_ring_buffer, struct user_ring_buffer, urb, rb);
	KIND_CASES("perf_buffer", bad_perf_buffer, struct perf_buffer, pb, rb);
	KIND_CASES("bpf_linker", bad_linker, struct bpf_linker, linker, obj);
	KIND_CASES("bpf_prog_linfo", bad_linfo, struct bpf_prog_linfo, linfo, link);

	/* Iteration from a program or map that is not one. */
	label = "iteration";
	BAD_PTR("bpf_object__next_program", K_PROG,
		bpf_object__next_program(obj, (struct bpf_program *)garbage));
	BAD_PTR("bpf_object__prev_map", K_MAP, bpf_object__prev_map(obj, (struct bpf_map *)prog));

	/* Borrowed handles are freed with their owner, not by the caller. */
	label = "borrowed";
	BAD_VOID("btf__free", "btf", btf__free(bpf_object__btf(obj)));
	expect(btf__type_cnt(bpf_object__btf(obj)) > 1, "the object's BTF survives btf__free");

	/* Destroyed (use after destroy), and destroyed twice. Nothing is created
	 * after this point, so no new handle takes a freed one's address. */
	bpf_link__destroy(link);
	label = "bpf_link: destroyed";
	bad_link(label, link);
	BAD_INT(-EINVAL, "bpf_link__destroy", K_LINK, bpf_link__destroy(link));

	bpf_prog_linfo__free(linfo);
	label = "bpf_prog_linfo: destroyed";
	bad_linfo(label, linfo);
	BAD_VOID("bpf_prog_linfo__free", K_LINFO, bpf_prog_linfo__free(linfo));

	ring_buffer__free(rb);
	label = "ring: owner destroyed";
	bad_ring(label, ring);
	label = "ring_buffer: destroyed";
	bad_ring_buffer(label, rb);
	BAD_VOID("ring_buffer__free", K_RB, ring_buffer__free(rb));

	user_ring_buffer__free(urb);
	label = "user_ring_buffer: destroyed";
	bad_user_ring_buffer(label, urb);
	BAD_VOID("user_ring_buffer__free", K_URB, user_ring_buffer__free(urb));

	perf_buffer__free(pb);
	label = "perf_buffer: destroyed";
	bad_perf_buffer(label, pb);
	BAD_VOID("perf_buffer__free", K_PB, perf_buffer__free(pb));

	btf_dump__free(dump);
	label = "btf_dump: destroyed";
	bad_btf_dump(label, dump);
	BAD_VOID("btf_dump__free", K_DUMP, btf_dump__free(dump));

	btf_ext__free(ext);
	label = "btf_ext: destroyed";
	bad_btf_ext(label, ext);
	BAD_VOID("btf_ext__free", K_EXT, btf_ext__free(ext));

	btf__free(btf);
	label = "btf: destroyed";
	bad_btf(label, btf);
	BAD_VOID("btf__free", K_BTF, btf__free(btf));

	bpf_linker__free(linker);
	label = "bpf_linker: destroyed";
	bad_linker(label, linker);
	BAD_VOID("bpf_linker__free", K_LINKER, bpf_linker__free(linker));

	bpf_object__close(obj);
	label = "bpf_program: owner destroyed";
	bad_program(label, prog);
	label = "bpf_map: owner destroyed";
	bad_map(label, map);
	label = "bpf_object: destroyed";
	bad_object(label, obj);
	BAD_VOID("bpf_object__close", K_OBJ, bpf_object__close(obj));

	btf__free(other);
	free(heap);
	snprintf(path, sizeof(path), "%s", out);
	unlink(path);
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
