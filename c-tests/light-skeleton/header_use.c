// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Compile-only: <bpf/skel_internal.h> alone in a translation unit, every
 * function it defines referenced, built as C (gnu89/gnu11) and as C++
 * (c++11/c++17) with warnings as errors. */
#include <bpf/skel_internal.h>

int use_everything(struct bpf_load_and_run_opts *o);

int use_everything(struct bpf_load_and_run_opts *o)
{
	struct bpf_map_desc md;
	struct bpf_prog_desc pd;
	__u64 iv = 0;
	int k = 0, r = 0;
	void *p;

	memset(&md, 0, sizeof(md));
	memset(&pd, 0, sizeof(pd));
	r |= skel_map_create(BPF_MAP_TYPE_ARRAY, "x", 4, 4, 1, NULL, 0);
	r |= skel_map_update_elem(md.map_fd, &k, &k, BPF_ANY);
	r |= skel_map_delete_elem(md.map_fd, &k);
	r |= skel_map_get_fd_by_id(0);
	r |= skel_map_freeze(md.map_fd);
	r |= skel_obj_get_info_by_fd(md.map_fd);
	r |= skel_raw_tracepoint_open(NULL, pd.prog_fd);
	r |= skel_link_create(pd.prog_fd, 0, BPF_TRACE_ITER);
	r |= skel_closenz(0);
	r |= skel_sys_bpf(BPF_MAP_CREATE, NULL, 0);
	skel_free(skel_alloc(8));
	p = skel_prep_map_data("a", 4096, 1);
	skel_free_map_data(p, (__u64)(unsigned long)p, 4096);
	(void)skel_finalize_map_data(&iv, 4096, PROT_READ, -1);
	o->keyring_id = KEY_SPEC_SESSION_KEYRING;
	r |= bpf_load_and_run(o);
	return r | (int)BPF_SKEL_KERNEL | (int)offsetofend(struct bpf_loader_ctx, log_buf);
}
