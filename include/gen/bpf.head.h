/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: <bpf/bpf.h>, libbpf's low-level API over the bpf(2) commands.
 *
 * Generated: the declarations come from src/capi/bpf.rs through cbindgen,
 * wrapped by include/gen/bpf.{head,tail}.h. Edit those, not this file.
 */
#ifndef __LIBBPF_BPF_H
#define __LIBBPF_BPF_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libbpf_common.h"
#include "libbpf_legacy.h"

/* bpf_object__open_xattr() flag of libbpf 0.x, still defined for old code. */
#define MAPS_RELAX_COMPAT	0x01

/* A verifier log buffer size every kernel accepts (the pre-5.2 maximum). */
#define BPF_LOG_BUF_SIZE (UINT32_MAX >> 8)

/*
 * The three opts structs with anonymous unions are written by hand here:
 * cbindgen cannot print an anonymous union. Their Rust twins in
 * src/capi/bpf.rs check the same offsets, and c-tests/abi checks both
 * against upstream's layout.
 */

struct bpf_prog_attach_opts {
	size_t sz;
	__u32 flags;
	union {
		int replace_prog_fd;
		int replace_fd;
	};
	int relative_fd;
	__u32 relative_id;
	__u64 expected_revision;
	size_t :0;
};

struct bpf_prog_query_opts {
	size_t sz;
	__u32 query_flags;
	__u32 attach_flags;		/* out */
	__u32 *prog_ids;
	union {
		__u32 prog_cnt;		/* in: room in the arrays; out: entries */
		__u32 count;
	};
	__u32 *prog_attach_flags;
	__u32 *link_ids;
	__u32 *link_attach_flags;
	__u64 revision;			/* out */
	size_t :0;
};

union bpf_iter_link_info;

struct bpf_link_create_opts {
	size_t sz;
	__u32 flags;
	union bpf_iter_link_info *iter_info;
	__u32 iter_info_len;
	__u32 target_btf_id;
	/* Only the member matching the attach type may be non-zero. */
	union {
		struct {
			__u64 bpf_cookie;
		} perf_event;
		struct {
			__u32 flags;
			__u32 cnt;
			const char **syms;
			const unsigned long *addrs;
			const __u64 *cookies;
		} kprobe_multi;
		struct {
			__u32 flags;
			__u32 cnt;
			const char *path;
			const unsigned long *offsets;
			const unsigned long *ref_ctr_offsets;
			const __u64 *cookies;
			__u32 pid;
		} uprobe_multi;
		struct {
			__u64 cookie;
		} tracing;
		struct {
			__u32 pf;
			__u32 hooknum;
			__s32 priority;
			__u32 flags;
		} netfilter;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} tcx;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} netkit;
		struct {
			__u32 relative_fd;
			__u32 relative_id;
			__u64 expected_revision;
		} cgroup;
	};
	size_t :0;
};
