/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: the part of libbpf's internal header that tools built against
 * libbpf's source tree use (bpftool, the kernel selftests). Written for
 * oxbpf: the names, struct layouts and macros are those tools' contract with
 * libbpf.a; everything declared here is exported by oxbpf's libbpf.a (and,
 * as upstream, not by libbpf.so.1). Not installed by `make install`.
 */
#ifndef __LIBBPF_LIBBPF_INTERNAL_H
#define __LIBBPF_LIBBPF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <errno.h>
#include <byteswap.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include "relo_core.h"
#include "libbpf.h"
#include "btf.h"

/* ERR_PTR and friends: the kernel tools tree has them, a plain system not. */
#if defined(__has_include)
#if __has_include(<linux/err.h>)
#define __LIBBPF_HAVE_LINUX_ERR_H 1
#include <linux/err.h>
#endif
#endif
#ifndef __LIBBPF_HAVE_LINUX_ERR_H
#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }
#endif

#ifndef EM_BPF
#define EM_BPF 247
#endif
#ifndef R_BPF_64_64
#define R_BPF_64_64 1
#endif
#ifndef R_BPF_64_ABS64
#define R_BPF_64_ABS64 2
#endif
#ifndef R_BPF_64_ABS32
#define R_BPF_64_ABS32 3
#endif
#ifndef R_BPF_64_32
#define R_BPF_64_32 10
#endif
#ifndef SHT_LLVM_ADDRSIG
#define SHT_LLVM_ADDRSIG 0x6FFF4C03
#endif

/* BTF records as comma-separated __u32 words, for hand-built BTF blobs. */
#define BTF_INFO_ENC(kind, kind_flag, vlen) \
	((!!(kind_flag) << 31) | ((kind) << 24) | ((vlen) & BTF_MAX_VLEN))
#define BTF_TYPE_ENC(name, info, size_or_type) (name), (info), (size_or_type)
#define BTF_INT_ENC(encoding, bits_offset, nr_bits) \
	((encoding) << 24 | (bits_offset) << 16 | (nr_bits))
#define BTF_TYPE_INT_ENC(name, encoding, bits_offset, bits, sz) \
	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_INT, 0, 0), sz), \
	BTF_INT_ENC(encoding, bits_offset, bits)
#define BTF_MEMBER_ENC(name, type, bits_offset) (name), (type), (bits_offset)
#define BTF_PARAM_ENC(name, type) (name), (type)
#define BTF_VAR_SECINFO_ENC(type, offset, size) (type), (offset), (size)
#define BTF_TYPE_FLOAT_ENC(name, sz) \
	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_FLOAT, 0, 0), sz)
#define BTF_TYPE_DECL_TAG_ENC(value, type, component_idx) \
	BTF_TYPE_ENC(value, BTF_INFO_ENC(BTF_KIND_DECL_TAG, 0, 0), type), (component_idx)
#define BTF_TYPE_TYPE_TAG_ENC(value, type) \
	BTF_TYPE_ENC(value, BTF_INFO_ENC(BTF_KIND_TYPE_TAG, 0, 0), type)

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

/* Whether `str` starts with `pfx` (a literal is measured at compile time). */
#define str_has_pfx(str, pfx) \
	(strncmp(str, pfx, __builtin_constant_p(pfx) ? sizeof(pfx) - 1 : strlen(pfx)) == 0)

static inline bool str_has_sfx(const char *str, const char *sfx)
{
	size_t n = strlen(str), m = strlen(sfx);

	return n >= m && strcmp(str + n - m, sfx) == 0;
}

/* Prints through the callback set with libbpf_set_print(); `format` gets no
 * prefix added (the pr_* macros add "libbpf: "). errno is preserved. */
void libbpf_print(enum libbpf_print_level level, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

#define __pr(level, fmt, ...) libbpf_print(level, "libbpf: " fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	__pr(LIBBPF_WARN, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	__pr(LIBBPF_INFO, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	__pr(LIBBPF_DEBUG, fmt, ##__VA_ARGS__)

/* realloc() of nmemb * size bytes, NULL (and no change) on overflow. */
static inline void *libbpf_reallocarray(void *ptr, size_t nmemb, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(nmemb, size, &total))
		return NULL;
	return realloc(ptr, total);
}

/* strncpy() that always terminates (and does not pad). */
static inline void libbpf_strlcpy(char *dst, const char *src, size_t sz)
{
	size_t i;

	if (sz == 0)
		return;
	for (i = 0; i < sz - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

/* "int", "struct", "func_proto"…, "unknown" for an unknown kind. */
const char *btf_kind_str(const struct btf_type *t);
/* Type `id` with const/volatile/restrict/type_tag and typedefs peeled off;
 * the id reached goes to *res_id (when not NULL). NULL for a bad id. */
const struct btf_type *skip_mods_and_typedefs(const struct btf *btf, __u32 id,
					      __u32 *res_id);

static inline enum btf_func_linkage btf_func_linkage(const struct btf_type *t)
{
	return (enum btf_func_linkage)(int)btf_vlen(t);
}

static inline __u32 btf_type_info(int kind, int vlen, int kflag)
{
	return (kflag << 31) | (kind << 24) | vlen;
}

int parse_cpu_mask_file(const char *fcpu, bool **mask, int *mask_sz);

/* One block of .BTF.ext (func_info, line_info or CO-RE relocations):
 * `len` bytes of sections at `info`, each a struct btf_ext_info_sec followed
 * by its records of `rec_size` bytes, in host byte order. */
struct btf_ext_info {
	void *info;
	__u32 rec_size;
	__u32 len;
	/* ELF section index per .BTF.ext section (libbpf's own use; unset here) */
	__u32 *sec_idxs;
	int sec_cnt;
};

#define for_each_btf_ext_sec(seg, sec)					\
	for (sec = (seg)->info;						\
	     (void *)sec < (seg)->info + (seg)->len;			\
	     sec = (void *)sec + sizeof(struct btf_ext_info_sec) +	\
		   (seg)->rec_size * sec->num_info)

#define for_each_btf_ext_rec(seg, sec, i, rec)				\
	for (i = 0, rec = (void *)&(sec)->data;				\
	     i < (sec)->num_info;					\
	     i++, rec = (void *)rec + (seg)->rec_size)

/* The header of a .BTF.ext section; offsets count from its end. */
struct btf_ext_header {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;
	__u32 func_info_off;
	__u32 func_info_len;
	__u32 line_info_off;
	__u32 line_info_len;
	/* present when hdr_len covers them */
	__u32 core_relo_off;
	__u32 core_relo_len;
};

/* What a `struct btf_ext *` from btf__parse()/btf_ext__new() points to. The
 * fields below are readable (not writable) by tools; `data` is the section
 * in host byte order, `data_swapped` unused. */
struct btf_ext {
	union {
		struct btf_ext_header *hdr;
		void *data;
	};
	void *data_swapped;
	bool swapped_endian;
	struct btf_ext_info func_info;
	struct btf_ext_info line_info;
	struct btf_ext_info core_relo_info;
	__u32 data_size;
};

struct btf_ext_info_sec {
	__u32 sec_name_off;
	__u32 num_info;
	__u8 data[];	/* num_info records */
};

struct bpf_func_info_min {
	__u32 insn_off;
	__u32 type_id;
};

struct bpf_line_info_min {
	__u32 insn_off;
	__u32 file_name_off;
	__u32 line_off;
	__u32 line_col;
};

/* Walking the type-id (or string-offset) fields of one BTF type record. */
enum btf_field_iter_kind {
	BTF_FIELD_ITER_IDS,
	BTF_FIELD_ITER_STRS,
};

/* Where the fields are: t_offs[] once in the type record, m_offs[] in each
 * of its vlen members of m_sz bytes (m_sz 0: no members). */
struct btf_field_desc {
	int t_off_cnt, t_offs[2];
	int m_sz;
	int m_off_cnt, m_offs[1];
};

struct btf_field_iter {
	struct btf_field_desc desc;
	void *p;
	int m_idx;
	int off_idx;
	int vlen;
};

/* 0, or -EINVAL for an unknown kind. */
int btf_field_iter_init(struct btf_field_iter *it, struct btf_type *t,
			enum btf_field_iter_kind iter_kind);
/* The next field (a pointer into the record), NULL at the end. */
__u32 *btf_field_iter_next(struct btf_field_iter *it);

/* libbpf's return conventions: a negative value also sets errno. */
static inline int libbpf_err(int ret)
{
	if (ret < 0)
		errno = -ret;
	return ret;
}

static inline int libbpf_err_errno(int ret)
{
	return ret < 0 ? -errno : ret;
}

static inline void *libbpf_err_ptr(int err)
{
	errno = -err;
	return NULL;
}

static inline void *libbpf_ptr(void *ret)
{
	if (IS_ERR(ret))
		errno = -PTR_ERR(ret);
	return IS_ERR(ret) ? NULL : ret;
}

static inline bool str_is_empty(const char *s)
{
	return !s || !s[0];
}

static inline bool is_ldimm64_insn(struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* Appends to cands every type of targ_btf (from id targ_start_id) whose kind
 * suits local_cand's and whose name matches its first local_essent_len
 * characters (the essential name). 0 or -ENOMEM; cands->cands is realloc'ed. */
int bpf_core_add_cands(struct bpf_core_cand *local_cand,
		       size_t local_essent_len,
		       const struct btf *targ_btf,
		       const char *targ_btf_name,
		       int targ_start_id,
		       struct bpf_core_cand_list *cands);
/* Frees the list and its array; NULL is a no-op. */
void bpf_core_free_cands(struct bpf_core_cand_list *cands);

static inline bool is_pow_of_2(size_t x)
{
	return x && (x & (x - 1)) == 0;
}

#endif /* __LIBBPF_LIBBPF_INTERNAL_H */
