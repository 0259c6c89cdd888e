// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* sockfilter: attach the filter to a packet socket on loopback
 * (SO_ATTACH_BPF), send UDP datagrams to 127.0.0.1, read the counters. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <bpf/libbpf.h>
#include "sockfilter.skel.h"

#define PORT 47111
#define SENDS 5
#define PAYLOAD 20

static int libbpf_print_fn(enum libbpf_print_level level, const char *format, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, format, args);
}

static int open_raw_sock(const char *name)
{
	struct sockaddr_ll sll;
	int sock;

	sock = socket(PF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (sock < 0) {
		fprintf(stderr, "Failed to create raw socket: %s\n", strerror(errno));
		return -1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(name);
	sll.sll_protocol = htons(ETH_P_ALL);
	if (bind(sock, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		fprintf(stderr, "Failed to bind to %s: %s\n", name, strerror(errno));
		close(sock);
		return -1;
	}
	return sock;
}

int main(int argc, char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	char payload[PAYLOAD] = "oxbpf sockfilter...";
	struct sockfilter_bpf *skel;
	int err = 0, sock = -1, udp = -1, prog_fd, i;

	libbpf_set_print(libbpf_print_fn);

	skel = sockfilter_bpf__open();
	if (!skel) {
		fprintf(stderr, "Failed to open BPF skeleton\n");
		return 1;
	}
	skel->rodata->port = PORT;
	err = sockfilter_bpf__load(skel);
	if (err) {
		fprintf(stderr, "Failed to load BPF skeleton\n");
		goto cleanup;
	}

	sock = open_raw_sock("lo");
	if (sock < 0) {
		err = 1;
		goto cleanup;
	}
	prog_fd = bpf_program__fd(skel->progs.socket_handler);
	if (setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd, sizeof(prog_fd))) {
		err = -errno;
		fprintf(stderr, "Failed to attach to raw socket\n");
		goto cleanup;
	}
	printf("Successfully started!\n");

	udp = socket(AF_INET, SOCK_DGRAM, 0);
	inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
	for (i = 0; i < SENDS; i++)
		sendto(udp, payload, sizeof(payload), 0, (struct sockaddr *)&dst, sizeof(dst));
	usleep(200 * 1000);

	/* loopback shows each datagram twice to a packet socket: out and in */
	printf("sockfilter: %llu packets, %llu payload bytes to port %d (sent %d x %d bytes)\n",
	       (unsigned long long)skel->bss->packets, (unsigned long long)skel->bss->bytes, PORT,
	       SENDS, PAYLOAD);
	err = skel->bss->packets >= SENDS && skel->bss->bytes == skel->bss->packets * PAYLOAD ? 0 : 1;
	printf("sockfilter: %s\n", err ? "MISMATCH" : "filter counted every datagram");

cleanup:
	if (udp >= 0)
		close(udp);
	if (sock >= 0)
		close(sock);
	sockfilter_bpf__destroy(skel);
	return err < 0 ? -err : err;
}
