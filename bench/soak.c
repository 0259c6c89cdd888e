// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Soak: `soak OBJ CYCLES EVERY [PREFIX]` runs CYCLES times open → load → attach every
 * program → destroy, and every EVERY cycles (and before the first) prints
 *   cycle fds rss_kb anon_kb file_kb heap_kb progs maps links
 * fds: open descriptors; rss/anon/file: VmRSS, RssAnon, RssFile from
 * /proc/self/status; heap: bytes malloc has handed out (mallinfo2); progs,
 * maps, links: kernel objects (counted with bpf(2) itself) named PREFIX* (default oxsoak; links: of
 * such programs) still there after the kernel's deferred frees settle. Exits non-zero if a cycle fails. SOAK_SMAPS=1: also the
 * resident size of each mapping at the end (stderr). */
#define _GNU_SOURCE
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>

static const char *prefix = "oxsoak";

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN)
		vfprintf(stderr, fmt, ap);
	return 0;
}

static long status_kb(const char *key)
{
	char line[256];
	size_t n = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':') {
			v = atol(line + n + 1);
			break;
		}
	if (f)
		fclose(f);
	return v;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n - 1; /* the directory's own */
}

/* The kernel objects are counted with bpf(2) directly: the measurement
 * must not run the library under test (its code pages count in RSS). */
static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int next_id(int cmd, __u32 *id)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.start_id = *id;
	if (sys_bpf(cmd, &a))
		return -1;
	*id = a.next_id;
	return 0;
}

static int fd_by_id(int cmd, __u32 id)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_id = id; /* the same field for maps and links */
	return sys_bpf(cmd, &a);
}

static int info(int fd, void *buf, __u32 len)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	memset(buf, 0, len);
	a.info.bpf_fd = fd;
	a.info.info_len = len;
	a.info.info = (__u64)(unsigned long)buf;
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a);
}

static int prog_is_ours(__u32 id)
{
	struct bpf_prog_info pi;
	int fd = fd_by_id(BPF_PROG_GET_FD_BY_ID, id), ours;

	if (fd < 0)
		return 0;
	ours = !info(fd, &pi, sizeof(pi)) && !strncmp(pi.name, prefix, strlen(prefix));
	close(fd);
	return ours;
}

static void kernel_objects(int *progs, int *maps, int *links)
{
	__u32 id = 0;
	int fd;

	*progs = *maps = *links = 0;
	while (!next_id(BPF_PROG_GET_NEXT_ID, &id))
		*progs += prog_is_ours(id);
	id = 0;
	while (!next_id(BPF_MAP_GET_NEXT_ID, &id)) {
		struct bpf_map_info mi;

		if ((fd = fd_by_id(BPF_MAP_GET_FD_BY_ID, id)) < 0)
			continue;
		if (!info(fd, &mi, sizeof(mi)) && !strncmp(mi.name, prefix, strlen(prefix)))
			(*maps)++;
		close(fd);
	}
	id = 0;
	while (!next_id(BPF_LINK_GET_NEXT_ID, &id)) {
		struct bpf_link_info li;

		if ((fd = fd_by_id(BPF_LINK_GET_FD_BY_ID, id)) < 0)
			continue;
		if (!info(fd, &li, sizeof(li)) && prog_is_ours(li.prog_id))
			(*links)++;
		close(fd);
	}
}

static void row(int cycle)
{
	int fds = count_fds(), progs, maps, links;
	struct mallinfo2 mi = mallinfo2();

	/* Maps and programs are freed by the kernel after an RCU grace period
	 * or from a work queue: what is still there after 2 s is left over. */
	for (int i = 0; i < 20; i++) {
		kernel_objects(&progs, &maps, &links);
		if (!progs && !maps && !links)
			break;
		usleep(100000);
	}
	printf("%d %d %ld %ld %ld %zu %d %d %d\n", cycle, fds, status_kb("VmRSS"), status_kb("RssAnon"),
	       status_kb("RssFile"), mi.uordblks / 1024, progs, maps, links);
	fflush(stdout);
}

/* With SOAK_SMAPS set: the resident kB of each mapping (path, or [heap],
 * or anonymous), file-backed and anonymous, to stderr at the end. */
static void smaps(void)
{
	char line[512], name[256] = "";
	long rss = 0, anon = 0, v;
	FILE *f = fopen("/proc/self/smaps", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *sp;
		unsigned long a, b;

		if (sscanf(line, "%lx-%lx ", &a, &b) == 2 && strchr(line, ' ')) {
			if (rss)
				fprintf(stderr, "smaps %6ld %6ld %s\n", rss, anon, name);
			rss = anon = 0;
			sp = line;
			for (int i = 0; i < 5 && sp; i++)
				sp = strchr(sp + 1, ' ');
			while (sp && *sp == ' ')
				sp++;
			snprintf(name, sizeof(name), "%s", sp && *sp != '\n' ? sp : "anon\n");
			name[strcspn(name, "\n")] = 0;
		} else if (sscanf(line, "Rss: %ld", &v) == 1) {
			rss = v;
		} else if (sscanf(line, "Anonymous: %ld", &v) == 1) {
			anon = v;
		}
	}
	if (rss)
		fprintf(stderr, "smaps %6ld %6ld %s\n", rss, anon, name);
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	int cycles, every;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: %s OBJ CYCLES EVERY [PREFIX]\n", argv[0]);
		return 2;
	}
	if (argc == 5)
		prefix = argv[4];
	cycles = atoi(argv[2]);
	every = atoi(argv[3]);
	libbpf_set_print(quiet);
	row(0);
	for (int c = 1; c <= cycles; c++) {
		struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
		struct bpf_link *links[8];
		struct bpf_program *prog;
		int n = 0;

		if (!obj || bpf_object__load(obj)) {
			fprintf(stderr, "cycle %d: open or load failed\n", c);
			return 1;
		}
		bpf_object__for_each_program(prog, obj) {
			if (n < 8 && !(links[n++] = bpf_program__attach(prog))) {
				fprintf(stderr, "cycle %d: attach failed\n", c);
				return 1;
			}
		}
		while (n-- > 0)
			bpf_link__destroy(links[n]);
		bpf_object__close(obj);
		if (c % every == 0)
			row(c);
	}
	if (getenv("SOAK_SMAPS"))
		smaps();
	return 0;
}
