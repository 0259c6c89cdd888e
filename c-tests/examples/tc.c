// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tc: create the clsact hook on loopback, attach the ingress classifier,
 * query it, send UDP datagrams to 127.0.0.1, detach and remove the hook.
 * Meant to run in its own network namespace (unshare -n). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>
#include <bpf/libbpf.h>
#include "tc.skel.h"

#define LO_IFINDEX 1
#define SENDS 4

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

int main(int argc, char **argv)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, tc_hook, .ifindex = LO_IFINDEX,
			    .attach_point = BPF_TC_INGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, tc_opts, .handle = 1, .priority = 1);
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(47112) };
	bool hook_created = false;
	struct tc_bpf *skel;
	__u32 prog_id;
	int err, udp, i, ok;

	libbpf_set_print(libbpf_print_fn);

	skel = tc_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "Failed to open BPF skeleton\n");
		return 1;
	}

	/* The hook may already exist: that is fine, but then we must not remove it. */
	err = bpf_tc_hook_create(&tc_hook);
	if (!err)
		hook_created = true;
	if (err && err != -EEXIST) {
		fprintf(stderr, "Failed to create TC hook: %d\n", err);
		goto cleanup;
	}

	tc_opts.prog_fd = bpf_program__fd(skel->progs.tc_ingress);
	err = bpf_tc_attach(&tc_hook, &tc_opts);
	if (err) {
		fprintf(stderr, "Failed to attach TC: %d\n", err);
		goto cleanup;
	}
	prog_id = tc_opts.prog_id;
	printf("Successfully started! handle %u priority %u prog_id %u\n", tc_opts.handle,
	       tc_opts.priority, prog_id);

	{
		DECLARE_LIBBPF_OPTS(bpf_tc_opts, q, .handle = 1, .priority = 1);

		err = bpf_tc_query(&tc_hook, &q);
		printf("tc: query -> %d, prog_id %u\n", err, q.prog_id);
		if (err || q.prog_id != prog_id) {
			err = err ?: 1;
			goto detach;
		}
	}

	udp = socket(AF_INET, SOCK_DGRAM, 0);
	inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
	for (i = 0; i < SENDS; i++)
		sendto(udp, "ping", 4, 0, (struct sockaddr *)&dst, sizeof(dst));
	close(udp);
	usleep(100 * 1000);
	printf("tc: ingress program saw %llu IPv4 packets (sent %d)\n",
	       (unsigned long long)skel->bss->ip_packets, SENDS);
	ok = skel->bss->ip_packets >= SENDS;
	err = ok ? 0 : 1;

detach:
	tc_opts.flags = tc_opts.prog_fd = tc_opts.prog_id = 0;
	i = bpf_tc_detach(&tc_hook, &tc_opts);
	if (i) {
		fprintf(stderr, "Failed to detach TC: %d\n", i);
		err = err ?: i;
	} else {
		DECLARE_LIBBPF_OPTS(bpf_tc_opts, q, .handle = 1, .priority = 1);

		i = bpf_tc_query(&tc_hook, &q);
		printf("tc: after detach, query -> %d\n", i);
		if (i != -ENOENT)
			err = err ?: 1;
	}
	printf("tc: %s\n", err ? "MISMATCH" : "attached, counted, detached");

cleanup:
	if (hook_created) {
		tc_hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&tc_hook);
	}
	tc_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
