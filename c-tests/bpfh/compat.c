// Binary compatibility: built against Debian's libbpf 1.1.2 headers and
// linked with Debian's libbpf.so.1, then run with oxbpf's libbpf.so.1 first
// on the library path. Uses the bpf.h API broadly against the real kernel.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int passed, failed;

#define CHECK(cond, ...)                                                    \
	do {                                                                \
		if (cond) {                                                 \
			passed++;                                           \
		} else {                                                    \
			failed++;                                           \
			fprintf(stderr, "FAIL %s:%d: %s (errno %d): ", __FILE__, \
				__LINE__, #cond, errno);                    \
			fprintf(stderr, __VA_ARGS__);                       \
			fprintf(stderr, "\n");                              \
		}                                                           \
	} while (0)

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

int main(void)
{
	char log[4096];
	int map_fd, prog_fd, err;
	__u32 key = 1, val = 0;

	/* maps, with Debian-sized opts */
	LIBBPF_OPTS(bpf_map_create_opts, mopts, .map_flags = BPF_F_NO_PREALLOC);
	map_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "compat_hash", 4, 4, 8, &mopts);
	CHECK(map_fd > 0, "bpf_map_create");
	CHECK(bpf_map_update_elem(map_fd, &key, &(__u32){ 42 }, BPF_NOEXIST) == 0, "update");
	err = bpf_map_update_elem(map_fd, &key, &(__u32){ 43 }, BPF_NOEXIST);
	CHECK(err == -EEXIST && errno == EEXIST, "NOEXIST twice: %d", err);
	CHECK(bpf_map_lookup_elem(map_fd, &key, &val) == 0 && val == 42, "lookup %u", val);
	err = bpf_map_lookup_elem(map_fd, &(__u32){ 9 }, &val);
	CHECK(err == -ENOENT && errno == ENOENT, "missing key: %d", err);

	struct bpf_map_info minfo = {};
	__u32 len = sizeof(minfo);
	CHECK(bpf_obj_get_info_by_fd(map_fd, &minfo, &len) == 0, "map info");
	CHECK(minfo.type == BPF_MAP_TYPE_HASH && minfo.max_entries == 8 &&
		      !strcmp(minfo.name, "compat_hash") && minfo.map_flags == BPF_F_NO_PREALLOC,
	      "map info fields");

	/* batch */
	__u32 keys[4] = { 10, 11, 12, 13 }, vals[4] = { 1, 2, 3, 4 }, count = 4;
	LIBBPF_OPTS(bpf_map_batch_opts, bopts);
	CHECK(bpf_map_update_batch(map_fd, keys, vals, &count, &bopts) == 0 && count == 4, "update_batch");
	__u32 okeys[8], ovals[8], out_batch;
	count = 8;
	err = bpf_map_lookup_batch(map_fd, NULL, &out_batch, okeys, ovals, &count, &bopts);
	CHECK(err == -ENOENT && count == 5, "lookup_batch %d count %u", err, count);

	/* a program: XDP that writes 0xAB into the first packet byte, returns XDP_PASS */
	struct bpf_insn insns[] = {
		INSN(BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0),   /* r2 = ctx->data */
		INSN(BPF_LDX | BPF_MEM | BPF_W, 3, 1, 4, 0),   /* r3 = ctx->data_end */
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 4, 2, 0, 0), /* r4 = r2 */
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 4, 0, 0, 1), /* r4 += 1 */
		INSN(BPF_JMP | BPF_JGT | BPF_X, 4, 3, 1, 0),   /* if r4 > r3 skip */
		INSN(BPF_ST | BPF_MEM | BPF_B, 2, 0, 0, 0xAB), /* *(u8 *)r2 = 0xAB */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, XDP_PASS),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	LIBBPF_OPTS(bpf_prog_load_opts, popts, .log_buf = log, .log_size = sizeof(log), .log_level = 0);
	prog_fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "compat_xdp", "GPL", insns,
				sizeof(insns) / sizeof(insns[0]), &popts);
	CHECK(prog_fd > 0, "bpf_prog_load xdp");

	char pkt[64], out[64];
	memset(pkt, 0x11, sizeof(pkt));
	LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .data_out = out, .data_size_out = sizeof(out), .repeat = 3);
	err = bpf_prog_test_run_opts(prog_fd, &topts);
	CHECK(err == 0 && topts.retval == XDP_PASS && topts.data_size_out == sizeof(pkt) &&
		      (unsigned char)out[0] == 0xAB && out[1] == 0x11,
	      "test_run: err %d retval %u size %u out0 %x", err, topts.retval, topts.data_size_out,
	      (unsigned char)out[0]);

	/* prog info, ids */
	struct bpf_prog_info pinfo = {};
	len = sizeof(pinfo);
	CHECK(bpf_obj_get_info_by_fd(prog_fd, &pinfo, &len) == 0 && pinfo.type == BPF_PROG_TYPE_XDP &&
		      !strcmp(pinfo.name, "compat_xdp"),
	      "prog info");
	__u32 id = 0;
	int found = 0;
	while (!bpf_prog_get_next_id(id, &id))
		if (id == pinfo.id)
			found = 1;
	CHECK(found && errno == ENOENT, "walk prog ids");
	int fd2 = bpf_prog_get_fd_by_id(pinfo.id);
	struct bpf_prog_info pinfo2 = {};
	len = sizeof(pinfo2);
	CHECK(fd2 > 0 && bpf_obj_get_info_by_fd(fd2, &pinfo2, &len) == 0 &&
		      pinfo2.id == pinfo.id && !memcmp(pinfo2.tag, pinfo.tag, sizeof(pinfo.tag)),
	      "prog by id");
	close(fd2);

	/* bind map, then the program lists it */
	CHECK(bpf_prog_bind_map(prog_fd, map_fd, NULL) == 0, "bind map");
	__u32 map_ids[4];
	memset(&pinfo, 0, sizeof(pinfo));
	pinfo.nr_map_ids = 4;
	pinfo.map_ids = (__u64)(unsigned long)map_ids;
	len = sizeof(pinfo);
	CHECK(bpf_obj_get_info_by_fd(prog_fd, &pinfo, &len) == 0 && pinfo.nr_map_ids == 1 &&
		      map_ids[0] == minfo.id,
	      "map ids after bind: %u", pinfo.nr_map_ids);

	/* pin and get back */
	char path[128];
	snprintf(path, sizeof(path), "/sys/fs/bpf/oxbpf_compat_%d", getpid());
	CHECK(bpf_obj_pin(prog_fd, path) == 0, "pin");
	fd2 = bpf_obj_get(path);
	memset(&pinfo2, 0, sizeof(pinfo2));
	len = sizeof(pinfo2);
	CHECK(fd2 > 0 && bpf_obj_get_info_by_fd(fd2, &pinfo2, &len) == 0 && pinfo2.id == pinfo.id,
	      "obj_get");
	close(fd2);
	unlink(path);

	/* verifier log on a rejected program: r0 never set; log_level 0 + buffer → retry with 1 */
	struct bpf_insn bad[] = { INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0) };
	log[0] = 0;
	/* 1.1.2's opts end before log_true_size: the bytes after them must stay untouched */
	struct {
		struct bpf_prog_load_opts o;
		__u32 canary[4];
	} b2 = { .o = { .sz = sizeof(struct bpf_prog_load_opts), .log_buf = log, .log_size = sizeof(log) },
		 .canary = { 0xc0ffee, 0xc0ffee, 0xc0ffee, 0xc0ffee } };
	err = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", bad, 1, &b2.o);
	CHECK(err == -EACCES && errno == EACCES && strstr(log, "R0 !read_ok"),
	      "rejected: %d log '%s'", err, log);
	CHECK(b2.canary[0] == 0xc0ffee && b2.canary[1] == 0xc0ffee, "OUT field beyond sz written");

	/* raw tracepoint, link info, task_fd_query */
	struct bpf_insn ret0[] = { INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0), INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0) };
	int rtp = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "compat_rtp", "GPL", ret0, 2, NULL);
	CHECK(rtp > 0, "raw_tp load");
	int link = bpf_raw_tracepoint_open("sys_enter", rtp);
	CHECK(link > 0, "raw_tracepoint_open");
	struct bpf_link_info linfo = {};
	len = sizeof(linfo);
	CHECK(bpf_obj_get_info_by_fd(link, &linfo, &len) == 0 &&
		      linfo.type == BPF_LINK_TYPE_RAW_TRACEPOINT,
	      "link info type %u", linfo.type);
	char tpname[64];
	__u32 buf_len = sizeof(tpname), prog_id = 0, fd_type = 99;
	__u64 off, addr;
	err = bpf_task_fd_query(getpid(), link, 0, tpname, &buf_len, &prog_id, &fd_type, &off, &addr);
	CHECK(err == 0 && fd_type == BPF_FD_TYPE_RAW_TRACEPOINT && !strcmp(tpname, "sys_enter"),
	      "task_fd_query %d %u '%s'", err, fd_type, tpname);
	found = 0;
	id = 0;
	while (!bpf_link_get_next_id(id, &id))
		if (id == linfo.id)
			found = 1;
	CHECK(found, "walk link ids");
	fd2 = bpf_link_get_fd_by_id(linfo.id);
	CHECK(fd2 > 0, "link by id");
	close(fd2);
	close(link);

	/* cgroup: attach / query / detach, and a cgroup link */
	char cg[128];
	snprintf(cg, sizeof(cg), "/sys/fs/cgroup/unified/oxbpf_compat_%d", getpid());
	if (access("/sys/fs/cgroup/unified", F_OK))
		snprintf(cg, sizeof(cg), "/sys/fs/cgroup/oxbpf_compat_%d", getpid());
	mkdir(cg, 0755);
	int cgfd = open(cg, O_RDONLY | O_DIRECTORY);
	struct bpf_insn ret1[] = { INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1), INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0) };
	LIBBPF_OPTS(bpf_prog_load_opts, copts, .expected_attach_type = BPF_CGROUP_INET_INGRESS);
	int skb = bpf_prog_load(BPF_PROG_TYPE_CGROUP_SKB, "compat_skb", "GPL", ret1, 2, &copts);
	CHECK(cgfd > 0 && skb > 0, "cgroup and cgroup_skb prog");
	CHECK(bpf_prog_attach(skb, cgfd, BPF_CGROUP_INET_INGRESS, BPF_F_ALLOW_MULTI) == 0, "attach");
	__u32 ids[4], cnt = 4, aflags = 0;
	err = bpf_prog_query(cgfd, BPF_CGROUP_INET_INGRESS, 0, &aflags, ids, &cnt);
	memset(&pinfo, 0, sizeof(pinfo));
	len = sizeof(pinfo);
	bpf_obj_get_info_by_fd(skb, &pinfo, &len);
	CHECK(err == 0 && cnt == 1 && ids[0] == pinfo.id && aflags == BPF_F_ALLOW_MULTI,
	      "query %d cnt %u", err, cnt);
	CHECK(bpf_prog_detach2(skb, cgfd, BPF_CGROUP_INET_INGRESS) == 0, "detach2");
	cnt = 4;
	CHECK(bpf_prog_query(cgfd, BPF_CGROUP_INET_INGRESS, 0, NULL, ids, &cnt) == 0 && cnt == 0, "empty");
	int cglink = bpf_link_create(skb, cgfd, BPF_CGROUP_INET_INGRESS, NULL);
	CHECK(cglink > 0, "link_create cgroup");
	int skb2 = bpf_prog_load(BPF_PROG_TYPE_CGROUP_SKB, "compat_skb2", "GPL", ret1, 2, &copts);
	CHECK(bpf_link_update(cglink, skb2, NULL) == 0, "link_update");
	memset(&linfo, 0, sizeof(linfo));
	len = sizeof(linfo);
	memset(&pinfo2, 0, sizeof(pinfo2));
	__u32 l2 = sizeof(pinfo2);
	bpf_obj_get_info_by_fd(skb2, &pinfo2, &l2);
	CHECK(bpf_obj_get_info_by_fd(cglink, &linfo, &len) == 0 && linfo.prog_id == pinfo2.id &&
		      linfo.type == BPF_LINK_TYPE_CGROUP,
	      "link now runs skb2");
	CHECK(bpf_link_detach(cglink) == 0, "link_detach");
	close(cglink);
	close(skb2);
	close(skb);
	close(cgfd);
	rmdir(cg);

	/* BTF */
	struct {
		struct btf_header h;
		__u32 t[4];
		char s[5];
	} __attribute__((packed)) raw = {
		.h = { .magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(struct btf_header),
		       .type_off = 0, .type_len = 16, .str_off = 16, .str_len = 5 },
		.t = { 1, BTF_KIND_INT << 24, 4, (BTF_INT_SIGNED << 24) | 32 },
		.s = "\0int",
	};
	int btf = bpf_btf_load(&raw, sizeof(raw), NULL);
	CHECK(btf > 0, "btf load");
	struct bpf_btf_info binfo = {};
	len = sizeof(binfo);
	CHECK(bpf_obj_get_info_by_fd(btf, &binfo, &len) == 0 && binfo.btf_size == sizeof(raw), "btf info");
	fd2 = bpf_btf_get_fd_by_id(binfo.id);
	CHECK(fd2 > 0, "btf by id");
	close(fd2);
	close(btf);

	/* stats, feature probes, names */
	int st = bpf_enable_stats(BPF_STATS_RUN_TIME);
	CHECK(st > 0, "enable_stats");
	close(st);
	CHECK(libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_XDP, NULL) == 1, "probe xdp");
	CHECK(libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) == 1, "probe ringbuf");
	CHECK(libbpf_probe_bpf_helper(BPF_PROG_TYPE_XDP, BPF_FUNC_map_lookup_elem, NULL) == 1, "helper yes");
	CHECK(libbpf_probe_bpf_helper(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_override_return, NULL) == 0,
	      "helper no");
	CHECK(!strcmp(libbpf_bpf_map_type_str(BPF_MAP_TYPE_LRU_HASH), "lru_hash"), "map name");
	CHECK(!strcmp(libbpf_bpf_prog_type_str(BPF_PROG_TYPE_CGROUP_SKB), "cgroup_skb"), "prog name");
	CHECK(!strcmp(libbpf_bpf_attach_type_str(BPF_CGROUP_INET_INGRESS), "cgroup_inet_ingress"), "attach name");
	CHECK(!strcmp(libbpf_bpf_link_type_str(BPF_LINK_TYPE_CGROUP), "cgroup"), "link name");
	CHECK(libbpf_bpf_map_type_str(9999) == NULL, "unknown map type");
	enum bpf_prog_type pt;
	enum bpf_attach_type eat;
	CHECK(libbpf_prog_type_by_name("cgroup_skb/ingress", &pt, &eat) == 0 &&
		      pt == BPF_PROG_TYPE_CGROUP_SKB && eat == BPF_CGROUP_INET_INGRESS,
	      "prog type by name");
	CHECK(libbpf_prog_type_by_name("nonsense", &pt, &eat) == -ESRCH, "unknown section");
	CHECK(libbpf_attach_type_by_name("cgroup/connect4", &eat) == 0 && eat == BPF_CGROUP_INET4_CONNECT,
	      "attach by name");
	CHECK(libbpf_attach_type_by_name("kprobe/foo", &eat) == -EINVAL, "kprobe not attachable");

	close(prog_fd);
	close(rtp);
	close(map_fd);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
