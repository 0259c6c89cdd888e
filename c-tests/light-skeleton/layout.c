// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Prints the layout of the structs a light skeleton shares with its loader
 * program. Built once against our skel_internal.h and once against
 * upstream's; run.sh diffs the two outputs. */
#include <errno.h>	/* upstream's header relies on the includer for errno.h */
#include <stdio.h>
#include <bpf/skel_internal.h>

#define SZ(T) printf("sizeof %s %zu align %zu\n", #T, sizeof(T), _Alignof(T))
#define OFF(T, F) printf("%s.%s %zu %zu\n", #T, #F, offsetof(T, F), sizeof(((T *)0)->F))

int main(void)
{
	SZ(struct bpf_loader_ctx);
	OFF(struct bpf_loader_ctx, sz);
	OFF(struct bpf_loader_ctx, flags);
	OFF(struct bpf_loader_ctx, log_level);
	OFF(struct bpf_loader_ctx, log_size);
	OFF(struct bpf_loader_ctx, log_buf);
	SZ(struct bpf_map_desc);
	OFF(struct bpf_map_desc, map_fd);
	OFF(struct bpf_map_desc, max_entries);
	OFF(struct bpf_map_desc, initial_value);
	SZ(struct bpf_prog_desc);
	OFF(struct bpf_prog_desc, prog_fd);
	SZ(struct bpf_load_and_run_opts);
	OFF(struct bpf_load_and_run_opts, ctx);
	OFF(struct bpf_load_and_run_opts, data);
	OFF(struct bpf_load_and_run_opts, insns);
	OFF(struct bpf_load_and_run_opts, data_sz);
	OFF(struct bpf_load_and_run_opts, insns_sz);
	OFF(struct bpf_load_and_run_opts, errstr);
	OFF(struct bpf_load_and_run_opts, signature);
	OFF(struct bpf_load_and_run_opts, signature_sz);
	OFF(struct bpf_load_and_run_opts, keyring_id);
	OFF(struct bpf_load_and_run_opts, excl_prog_hash);
	OFF(struct bpf_load_and_run_opts, excl_prog_hash_sz);
	printf("BPF_SKEL_KERNEL %llu\n", (unsigned long long)BPF_SKEL_KERNEL);
	printf("SHA256_DIGEST_LENGTH %d\n", SHA256_DIGEST_LENGTH);
	return 0;
}
