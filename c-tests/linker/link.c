// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Differential driver for the static linker (bpf_linker__*): built once
 * against oxbpf and once against upstream libbpf; run.sh compares what the
 * two print and the bytes of the objects they write.
 *
 *   link file OUT IN...    bpf_linker__new(OUT) + __add_file(IN)... + __finalize
 *   link fd   OUT IN...    bpf_linker__new_fd + __add_fd
 *   link buf  OUT IN...    bpf_linker__new + __add_buf (the files read into memory)
 *   link load OBJ          bpf_object__open_file + __load of a linked object
 *                          (maps pinned by name go under $LINKTEST_PIN_ROOT)
 *   link edges OUT         argument checks: bad opts, add after finalize, bad fds
 *
 * Every call prints its return value and errno, then the number of log
 * lines it produced at each level (WARN, INFO); the lines themselves go to
 * stderr when LINKTEST_LOG is set.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/libbpf.h>

static int warns, infos;

static int count(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_WARN)
		warns++;
	else if (level == LIBBPF_INFO)
		infos++;
	return getenv("LINKTEST_LOG") ? vfprintf(stderr, fmt, args) : 0;
}

/* Prints one call's outcome and the log lines it produced. */
static void report(const char *what, int ret, int err)
{
	printf("%s: ret=%d errno=%d warn=%d info=%d\n", what, ret, ret < 0 ? err : 0,
	       warns, infos);
	warns = infos = 0;
}

static void *read_file(const char *path, size_t *sz)
{
	struct stat st;
	void *buf;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		return NULL;
	buf = malloc(st.st_size ? st.st_size : 1);
	if (buf && read(fd, buf, st.st_size) != st.st_size) {
		free(buf);
		buf = NULL;
	}
	close(fd);
	*sz = st.st_size;
	return buf;
}

static int do_link(const char *mode, const char *outp, int n, char **in)
{
	struct bpf_linker *l;
	char what[512];
	int i, ret, out_fd = -1;

	if (strcmp(mode, "fd") == 0) {
		out_fd = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		l = bpf_linker__new_fd(out_fd, NULL);
	} else {
		l = bpf_linker__new(outp, NULL);
	}
	report("new", l ? 0 : -1, errno);
	if (!l)
		return 1;
	for (i = 0; i < n; i++) {
		const char *base = strrchr(in[i], '/') ? strrchr(in[i], '/') + 1 : in[i];

		snprintf(what, sizeof(what), "add %s", base);
		if (strcmp(mode, "fd") == 0) {
			int fd = open(in[i], O_RDONLY);

			ret = bpf_linker__add_fd(l, fd, NULL);
			report(what, ret, errno);
			if (fd >= 0)
				close(fd);
		} else if (strcmp(mode, "buf") == 0) {
			size_t sz = 0;
			void *buf = read_file(in[i], &sz);

			ret = bpf_linker__add_buf(l, buf, sz, NULL);
			report(what, ret, errno);
			free(buf);
		} else {
			ret = bpf_linker__add_file(l, in[i], NULL);
			report(what, ret, errno);
		}
	}
	ret = bpf_linker__finalize(l);
	report("finalize", ret, errno);
	bpf_linker__free(l);
	if (out_fd >= 0)
		close(out_fd);
	return 0;
}

static int do_load(const char *path)
{
	struct bpf_object *obj;
	int ret;

	LIBBPF_OPTS(bpf_object_open_opts, oopts,
		    .pin_root_path = getenv("LINKTEST_PIN_ROOT"));

	obj = bpf_object__open_file(path, &oopts);
	ret = libbpf_get_error(obj);
	report("open", ret ? ret : 0, errno);
	if (ret)
		return 0;
	ret = bpf_object__load(obj);
	/* verifier and kernel details are logged differently: status only */
	printf("load: ret=%d\n", ret);
	warns = infos = 0;
	bpf_object__close(obj);
	return 0;
}

static int do_edges(const char *outp, const char *in)
{
	struct bpf_linker_opts big[2];
	struct bpf_linker_file_opts fbig[2];
	struct bpf_linker *l;
	int ret;

	memset(big, 0, sizeof(big));
	big[0].sz = sizeof(big);
	((char *)big)[sizeof(big) - 1] = 1;
	l = bpf_linker__new(outp, big);
	report("new with nonzero opts tail", l ? 0 : -1, errno);
	bpf_linker__free(l);

	big[0].sz = sizeof(big);
	((char *)big)[sizeof(big) - 1] = 0;
	l = bpf_linker__new(outp, big);
	report("new with zero opts tail", l ? 0 : -1, errno);
	bpf_linker__free(l);

	l = bpf_linker__new_fd(-1, NULL);
	report("new_fd(-1)", l ? 0 : -1, errno);
	bpf_linker__free(l);

	l = bpf_linker__new("/nonexistent-dir/out.o", NULL);
	report("new in a missing directory", l ? 0 : -1, errno);
	bpf_linker__free(l);

	l = bpf_linker__new(outp, NULL);
	report("new", l ? 0 : -1, errno);
	if (!l)
		return 1;
	memset(fbig, 0, sizeof(fbig));
	fbig[0].sz = sizeof(fbig);
	((char *)fbig)[sizeof(fbig) - 1] = 1;
	ret = bpf_linker__add_file(l, in, fbig);
	report("add_file with nonzero opts tail", ret, errno);
	ret = bpf_linker__add_fd(l, -1, NULL);
	report("add_fd(-1)", ret, errno);
	ret = bpf_linker__add_file(l, "/nonexistent-file.o", NULL);
	report("add_file of a missing file", ret, errno);
	ret = bpf_linker__add_buf(l, (void *)"", 0, NULL);
	report("add_buf of 0 bytes", ret, errno);
	ret = bpf_linker__add_file(l, in, NULL);
	report("add_file", ret, errno);
	ret = bpf_linker__finalize(l);
	report("finalize", ret, errno);
	ret = bpf_linker__add_file(l, in, NULL);
	report("add_file after finalize", ret, errno);
	ret = bpf_linker__finalize(l);
	report("finalize again", ret, errno);
	bpf_linker__free(l);
	bpf_linker__free(NULL);
	return 0;
}

int main(int argc, char **argv)
{
	libbpf_set_print(count);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && strcmp(argv[1], "load") == 0)
		return do_load(argv[2]);
	if (argc >= 4 && strcmp(argv[1], "edges") == 0)
		return do_edges(argv[2], argv[3]);
	if (argc >= 3)
		return do_link(argv[1], argv[2], argc - 3, argv + 3);
	fprintf(stderr, "usage: link file|fd|buf OUT IN... | load OBJ | edges OUT IN\n");
	return 2;
}
