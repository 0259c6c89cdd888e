// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Built against a UAPI <linux/bpf.h> new enough to name the fields (6.18):
 * the private attribute mirrors in our skel_internal.h, used because older
 * installed headers lack these fields, must sit exactly where the kernel
 * expects them. Compiling is the test. */
#include <bpf/skel_internal.h>

#define AT(base, ext, f) (offsetofend(union bpf_attr, base) + offsetof(struct ext, f))
#define SAME(uf, base, ext, f)                                                   \
	_Static_assert(offsetof(union bpf_attr, uf) == AT(base, ext, f) &&      \
		       sizeof(((union bpf_attr *)0)->uf) == sizeof(((struct ext *)0)->f), \
		       #uf " mirrored at the wrong place")

SAME(value_type_btf_obj_fd, map_extra, skel__map_create_ext, value_type_btf_obj_fd);
SAME(map_token_fd, map_extra, skel__map_create_ext, map_token_fd);
SAME(excl_prog_hash, map_extra, skel__map_create_ext, excl_prog_hash);
SAME(excl_prog_hash_size, map_extra, skel__map_create_ext, excl_prog_hash_size);
SAME(core_relo_rec_size, core_relos, skel__prog_load_ext, core_relo_rec_size);
SAME(log_true_size, core_relos, skel__prog_load_ext, log_true_size);
SAME(prog_token_fd, core_relos, skel__prog_load_ext, prog_token_fd);
SAME(fd_array_cnt, core_relos, skel__prog_load_ext, fd_array_cnt);
SAME(signature, core_relos, skel__prog_load_ext, signature);
SAME(signature_size, core_relos, skel__prog_load_ext, signature_size);
SAME(keyring_id, core_relos, skel__prog_load_ext, keyring_id);

_Static_assert(offsetof(struct bpf_map_info, hash) ==
	       offsetofend(struct bpf_map_info, map_extra) + offsetof(struct skel__map_info_ext, hash),
	       "bpf_map_info.hash mirrored at the wrong place");
_Static_assert(offsetof(struct bpf_map_info, hash_size) ==
	       offsetofend(struct bpf_map_info, map_extra) + offsetof(struct skel__map_info_ext, hash_size),
	       "bpf_map_info.hash_size mirrored at the wrong place");
_Static_assert(sizeof(union skel__attr) >= sizeof(union bpf_attr), "attr buffer too small");

int main(void)
{
	return 0;
}
