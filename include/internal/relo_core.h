/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: libbpf's internal CO-RE relocation interface, for tools built
 * against libbpf's source tree (bpftool's `gen min_core_btf`). Written for
 * oxbpf with the struct layouts and prototypes those tools use; the
 * computation itself is oxbpf's CO-RE engine.
 */
#ifndef __RELO_CORE_H
#define __RELO_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>

struct btf;

/* A candidate target type: type `id` of `btf`. */
struct bpf_core_cand {
	const struct btf *btf;
	__u32 id;
};

/* Candidates for one local type; `cands` is malloc'ed. */
struct bpf_core_cand_list {
	struct bpf_core_cand *cands;
	int len;
};

#define BPF_CORE_SPEC_MAX_LEN 64

/* One step of an access path: member `idx` (named `name`) of the struct or
 * union `type_id`, or element `idx` of an array of `type_id` (name NULL). */
struct bpf_core_accessor {
	__u32 type_id;
	__u32 idx;
	const char *name;
};

/* An access path resolved in one BTF. */
struct bpf_core_spec {
	const struct btf *btf;
	/* named members and array indices (anonymous members folded in) */
	struct bpf_core_accessor spec[BPF_CORE_SPEC_MAX_LEN];
	/* the root type as the relocation names it (mods/typedefs kept) */
	__u32 root_type_id;
	enum bpf_core_relo_kind relo_kind;
	int len;
	/* one index per element of the access string */
	int raw_spec[BPF_CORE_SPEC_MAX_LEN];
	int raw_len;
	/* bit offset of the field the path leads to */
	__u32 bit_offset;
};

/* The decision for one relocation. */
struct bpf_core_relo_res {
	__u64 orig_val;		/* value expected in the instruction (if validate) */
	__u64 new_val;		/* value to write */
	bool poison;		/* no target: poison the instruction */
	bool validate;		/* orig_val can be checked against the instruction */
	bool fail_memsz_adjust;	/* sizes differ and the access can't be resized */
	__u32 orig_sz;
	__u32 orig_type_id;
	__u32 new_sz;
	__u32 new_type_id;
};

/* 1 if the two types are compatible for CO-RE (field relocations), 0 if
 * not, negative errno on bad input. */
int bpf_core_types_are_compat(const struct btf *local_btf, __u32 local_id,
			      const struct btf *targ_btf, __u32 targ_id);
/* The same for BPF_CORE_TYPE_MATCHES (bpf_core_type_matches()). */
int bpf_core_types_match(const struct btf *local_btf, __u32 local_id,
			 const struct btf *targ_btf, __u32 targ_id);

/* Length of `name` without its "___flavor" suffix. */
size_t bpf_core_essential_name_len(const char *name);

/*
 * Decides relocation `relo` (number `relo_idx` of program/section
 * `prog_name`) of `local_btf` against `cands` (NULL for
 * BPF_CORE_TYPE_ID_LOCAL). specs_scratch holds 3 specs: the local one, a
 * work area, and the chosen target's. Candidates that do not match are
 * dropped from `cands`. Returns 0 (with *targ_res filled) or a negative errno.
 */
int bpf_core_calc_relo_insn(const char *prog_name,
			    const struct bpf_core_relo *relo, int relo_idx,
			    const struct btf *local_btf,
			    struct bpf_core_cand_list *cands,
			    struct bpf_core_spec *specs_scratch,
			    struct bpf_core_relo_res *targ_res);

#endif /* __RELO_CORE_H */
