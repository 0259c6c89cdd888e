/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: <bpf/libbpf_legacy.h>, what is left of libbpf 0.x: the strict-mode
 * switch (a no-op since 1.0), libbpf_get_error() and old aliases.
 *
 * Generated: the declarations come from src/capi/legacy.rs through cbindgen,
 * wrapped by include/gen/libbpf_legacy.{head,tail}.h. Edit those, not this
 * file.
 */
#ifndef __LIBBPF_LEGACY_BPF_H
#define __LIBBPF_LEGACY_BPF_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libbpf_common.h"

/*
 * Opt-in switches of libbpf 0.x towards 1.0 behaviour. Since 1.0 all of them
 * are always on and libbpf_set_strict_mode() ignores its argument; the names
 * stay so that code written during the transition still compiles.
 */
enum libbpf_strict_mode {
	LIBBPF_STRICT_ALL = 0xffffffff,
	LIBBPF_STRICT_NONE = 0x00,
	LIBBPF_STRICT_CLEAN_PTRS = 0x01,	/* NULL + errno, not error pointers */
	LIBBPF_STRICT_DIRECT_ERRS = 0x02,	/* return -errno, not -1 */
	LIBBPF_STRICT_SEC_NAME = 0x04,		/* only exact SEC() names */
	LIBBPF_STRICT_NO_OBJECT_LIST = 0x08,	/* no global object list */
	LIBBPF_STRICT_AUTO_RLIMIT_MEMLOCK = 0x10, /* raise RLIMIT_MEMLOCK if needed */
	LIBBPF_STRICT_MAP_DEFINITIONS = 0x20,	/* reject SEC("maps") definitions */

	__LIBBPF_STRICT_LAST,
};

/* The old name of LIBBPF_OPTS. */
#define DECLARE_LIBBPF_OPTS LIBBPF_OPTS

struct bpf_program;
struct bpf_map;
struct btf;
struct btf_ext;

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Error of a pointer-returning call: -errno when `ptr` is NULL, else 0.
 * Since libbpf 1.0, checking for NULL and reading errno directly is simpler.
 * (Declared by hand: the function lives in src/capi/utils.rs.)
 */
LIBBPF_API long libbpf_get_error(const void *ptr);

#ifdef __cplusplus
}
#endif

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

// Accepted and ignored, as upstream 1.x does.
LIBBPF_API int libbpf_set_strict_mode(enum libbpf_strict_mode mode);

// Old name of `btf__load_vmlinux_btf`.
LIBBPF_API struct btf *libbpf_find_kernel_btf(void);

// Old name of `bpf_program__type`.
LIBBPF_API enum bpf_prog_type bpf_program__get_type(const struct bpf_program *prog);

// Old name of `bpf_program__expected_attach_type`.
LIBBPF_API
enum bpf_attach_type bpf_program__get_expected_attach_type(const struct bpf_program *prog);

// Old name of `bpf_map__pin_path`.
LIBBPF_API const char *bpf_map__get_pin_path(const struct bpf_map *map);

// Old name of `btf__raw_data`.
LIBBPF_API const void *btf__get_raw_data(const struct btf *btf, __u32 *size);

// Old name of `btf_ext__raw_data`.
LIBBPF_API const void *btf_ext__get_raw_data(const struct btf_ext *btf_ext, __u32 *size);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus


#endif /* __LIBBPF_LEGACY_BPF_H */
