// Every bpf.h function called with NULL pointers, invalid fds, bad opts and
// absurd sizes: each must return a negative errno and set errno to match,
// never crash, never return -EOPNOTSUPP (all are implemented).
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

#define NEG(call)                                                                  \
	do {                                                                       \
		errno = 0;                                                         \
		long r_ = (long)(call);                                            \
		int e_ = errno;                                                    \
		if (r_ < 0 && e_ == -r_ && r_ != -EOPNOTSUPP) {                    \
			passed++;                                                  \
		} else {                                                           \
			failed++;                                                  \
			fprintf(stderr, "FAIL %d: %s -> %ld errno %d\n", __LINE__, #call, r_, e_); \
		}                                                                  \
	} while (0)

/* Unknown types: libbpf's own answer is -EOPNOTSUPP. */
#define NOTSUP(call)                                                               \
	do {                                                                       \
		errno = 0;                                                         \
		long r_ = (long)(call);                                            \
		if (r_ == -EOPNOTSUPP && errno == EOPNOTSUPP) {                    \
			passed++;                                                  \
		} else {                                                           \
			failed++;                                                  \
			fprintf(stderr, "FAIL %d: %s -> %ld\n", __LINE__, #call, r_); \
		}                                                                  \
	} while (0)

int main(void)
{
	const int bad = 9999; /* not an open fd */
	__u32 u = 4, v = 0;
	__u64 q = 0;
	char buf[64];

	/* opts: sz too small, and a non-zero tail beyond our struct */
	struct {
		struct bpf_map_create_opts o;
		char tail[32];
	} big = { .o = { .sz = sizeof(big) } };
	big.tail[31] = 1;
	struct bpf_map_create_opts tiny = { .sz = 3 };
	NEG(bpf_map_create(BPF_MAP_TYPE_HASH, "x", 4, 4, 1, &tiny));
	NEG(bpf_map_create(BPF_MAP_TYPE_HASH, "x", 4, 4, 1, &big.o));
	NEG(bpf_map_create(BPF_MAP_TYPE_HASH, NULL, 0, 0, 0, NULL));
	NEG(bpf_map_create(0xffff, NULL, 4, 4, 1, NULL));
	NEG(bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 0xffffffff, 0xffffffff, NULL));

	NEG(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, NULL, NULL, 0, NULL));
	NEG(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "x", "GPL", NULL, 5, NULL));
	NEG(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "x", "GPL", (void *)buf, (size_t)1 << 40, NULL));
	LIBBPF_OPTS(bpf_prog_load_opts, lo, .log_buf = NULL, .log_size = 100);
	NEG(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "x", "GPL", (void *)buf, 1, &lo));
	LIBBPF_OPTS(bpf_prog_load_opts, lo2, .attempts = -1);
	NEG(bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "x", "GPL", (void *)buf, 1, &lo2));
	LIBBPF_OPTS(bpf_prog_load_opts, lo3, .attach_prog_fd = 3, .attach_btf_obj_fd = 4);
	NEG(bpf_prog_load(BPF_PROG_TYPE_TRACING, "x", "GPL", (void *)buf, 1, &lo3));

	NEG(bpf_btf_load(NULL, 0, NULL));
	NEG(bpf_btf_load(buf, (size_t)1 << 40, NULL));
	LIBBPF_OPTS(bpf_btf_load_opts, bo, .log_size = 10);
	NEG(bpf_btf_load(buf, sizeof(buf), &bo));

	NEG(bpf_map_update_elem(bad, &u, &v, 0));
	NEG(bpf_map_update_elem(-1, NULL, NULL, 0));
	NEG(bpf_map_lookup_elem(bad, &u, &v));
	NEG(bpf_map_lookup_elem(-1, NULL, NULL));
	NEG(bpf_map_lookup_elem_flags(bad, &u, &v, ~0ULL));
	NEG(bpf_map_lookup_and_delete_elem(bad, NULL, NULL));
	NEG(bpf_map_lookup_and_delete_elem_flags(bad, NULL, NULL, 0));
	NEG(bpf_map_delete_elem(bad, NULL));
	NEG(bpf_map_delete_elem_flags(bad, NULL, 0));
	NEG(bpf_map_get_next_key(bad, NULL, NULL));
	NEG(bpf_map_freeze(bad));
	NEG(bpf_map_freeze(-1));
	NEG(bpf_map_delete_batch(bad, NULL, NULL, NULL));
	NEG(bpf_map_delete_batch(bad, NULL, &u, NULL));
	NEG(bpf_map_lookup_batch(bad, NULL, NULL, NULL, NULL, NULL, NULL));
	NEG(bpf_map_lookup_batch(bad, NULL, NULL, NULL, NULL, &u, NULL));
	NEG(bpf_map_lookup_and_delete_batch(bad, NULL, NULL, NULL, NULL, NULL, NULL));
	NEG(bpf_map_update_batch(bad, NULL, NULL, NULL, NULL));
	struct bpf_map_batch_opts bbo = { .sz = 1 };
	NEG(bpf_map_update_batch(bad, NULL, NULL, &u, &bbo));

	NEG(bpf_obj_pin(bad, "/sys/fs/bpf/oxbpf_misuse"));
	NEG(bpf_obj_pin(bad, NULL));
	NEG(bpf_obj_pin_opts(bad, NULL, NULL));
	NEG(bpf_obj_get(NULL));
	NEG(bpf_obj_get("/nonexistent/path"));
	NEG(bpf_obj_get_opts(NULL, NULL));

	NEG(bpf_prog_attach(bad, bad, BPF_CGROUP_INET_INGRESS, 0));
	NEG(bpf_prog_detach(bad, BPF_CGROUP_INET_INGRESS));
	NEG(bpf_prog_detach2(bad, bad, BPF_CGROUP_INET_INGRESS));
	LIBBPF_OPTS(bpf_prog_attach_opts, ao, .relative_fd = 3, .relative_id = 4);
	NEG(bpf_prog_attach_opts(bad, bad, BPF_CGROUP_INET_INGRESS, &ao));
	NEG(bpf_prog_attach_opts(bad, bad, BPF_CGROUP_INET_INGRESS, NULL));
	LIBBPF_OPTS(bpf_prog_detach_opts, dop, .relative_fd = 3, .relative_id = 4);
	NEG(bpf_prog_detach_opts(bad, bad, BPF_CGROUP_INET_INGRESS, &dop));
	NEG(bpf_prog_detach_opts(bad, bad, BPF_CGROUP_INET_INGRESS, NULL));

	NEG(bpf_link_create(bad, bad, BPF_CGROUP_INET_INGRESS, NULL));
	LIBBPF_OPTS(bpf_link_create_opts, lc, .perf_event.bpf_cookie = 1);
	NEG(bpf_link_create(bad, bad, BPF_CGROUP_INET_INGRESS, &lc)); /* wrong union member */
	LIBBPF_OPTS(bpf_link_create_opts, lc2, .iter_info_len = 4, .target_btf_id = 5);
	NEG(bpf_link_create(bad, bad, BPF_TRACE_ITER, &lc2));
	LIBBPF_OPTS(bpf_link_create_opts, lc3, .kprobe_multi.cnt = 1);
	NEG(bpf_link_create(bad, bad, BPF_XDP, &lc3)); /* no member applies */
	NEG(bpf_link_detach(bad));
	NEG(bpf_link_update(bad, bad, NULL));
	LIBBPF_OPTS(bpf_link_update_opts, luo, .old_prog_fd = 3, .old_map_fd = 4);
	NEG(bpf_link_update(bad, bad, &luo));
	NEG(bpf_iter_create(bad));

	NEG(bpf_prog_get_next_id(0, NULL));
	NEG(bpf_map_get_next_id(0, NULL));
	NEG(bpf_btf_get_next_id(0, NULL));
	NEG(bpf_link_get_next_id(0, NULL));
	NEG(bpf_prog_get_next_id(0x7ffffff0, &u));
	NEG(bpf_prog_get_fd_by_id(0));
	NEG(bpf_map_get_fd_by_id(0x7ffffff0));
	NEG(bpf_btf_get_fd_by_id(0x7ffffff0));
	NEG(bpf_link_get_fd_by_id(0x7ffffff0));
	struct bpf_get_fd_by_id_opts fo = { .sz = 2 };
	NEG(bpf_prog_get_fd_by_id_opts(1, &fo));
	NEG(bpf_map_get_fd_by_id_opts(1, &fo));
	NEG(bpf_btf_get_fd_by_id_opts(1, &fo));
	NEG(bpf_link_get_fd_by_id_opts(1, &fo));

	NEG(bpf_obj_get_info_by_fd(bad, buf, NULL));
	NEG(bpf_obj_get_info_by_fd(bad, buf, &u));
	NEG(bpf_prog_get_info_by_fd(bad, NULL, NULL));
	NEG(bpf_map_get_info_by_fd(bad, NULL, NULL));
	NEG(bpf_btf_get_info_by_fd(bad, NULL, NULL));
	NEG(bpf_link_get_info_by_fd(bad, NULL, NULL));

	NEG(bpf_prog_query(bad, BPF_CGROUP_INET_INGRESS, 0, NULL, NULL, NULL));
	NEG(bpf_prog_query(bad, BPF_CGROUP_INET_INGRESS, 0, NULL, NULL, &u));
	NEG(bpf_prog_query_opts(bad, BPF_CGROUP_INET_INGRESS, NULL));
	NEG(bpf_raw_tracepoint_open(NULL, bad));
	NEG(bpf_raw_tracepoint_open("sys_enter", bad));
	NEG(bpf_raw_tracepoint_open_opts(bad, NULL));
	NEG(bpf_task_fd_query(0, bad, 0, NULL, NULL, NULL, NULL, NULL, NULL));
	u = sizeof(buf);
	NEG(bpf_task_fd_query(0, bad, 0, buf, &u, &v, &v, &q, &q));
	NEG(bpf_enable_stats(12345));
	NEG(bpf_prog_bind_map(bad, bad, NULL));
	NEG(bpf_token_create(bad, NULL));
	struct bpf_test_run_opts to = { .sz = 5 };
	NEG(bpf_prog_test_run_opts(bad, &to));
	NEG(bpf_prog_test_run_opts(bad, NULL));
	NEG(bpf_prog_stream_read(bad, 1, NULL, 0, NULL));
	NEG(bpf_prog_assoc_struct_ops(bad, bad, NULL));

	/* feature probes and names with bad input */
	NEG(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_XDP, buf));
	NOTSUP(libbpf_probe_bpf_prog_type(9999, NULL));
	NOTSUP(libbpf_probe_bpf_map_type(9999, NULL));
	NOTSUP(libbpf_probe_bpf_helper(BPF_PROG_TYPE_TRACING, 1, NULL));
	NEG(libbpf_prog_type_by_name(NULL, NULL, NULL));
	NEG(libbpf_prog_type_by_name("xdp", NULL, NULL));
	NEG(libbpf_attach_type_by_name(NULL, NULL));
	NEG(libbpf_attach_type_by_name("xdp", NULL));
	if (libbpf_bpf_prog_type_str(-1) || libbpf_bpf_map_type_str(1u << 31) ||
	    libbpf_bpf_attach_type_str(9999) || libbpf_bpf_link_type_str(9999)) {
		failed++;
		fprintf(stderr, "FAIL: unknown enum value has a name\n");
	} else {
		passed++;
	}

	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
