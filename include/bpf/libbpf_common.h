/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: macros shared by all of libbpf's user-space headers.
 * Hand-written (not generated).
 */
#ifndef __LIBBPF_LIBBPF_COMMON_H
#define __LIBBPF_LIBBPF_COMMON_H

#include <string.h>
#include "libbpf_version.h"

/* Marks a public function; a build may predefine it (e.g. to nothing). */
#ifndef LIBBPF_API
#define LIBBPF_API __attribute__((visibility("default")))
#endif

#define LIBBPF_DEPRECATED(msg) __attribute__((deprecated(msg)))

/* True when this header's API level is at least major.minor. */
#define __LIBBPF_CURRENT_VERSION_GEQ(major, minor)			\
	(LIBBPF_MAJOR_VERSION > (major) ||				\
	 (LIBBPF_MAJOR_VERSION == (major) && LIBBPF_MINOR_VERSION >= (minor)))

/*
 * LIBBPF_DEPRECATED_SINCE(major, minor, msg) expands to a deprecation
 * attribute once the API level reaches major.minor, to nothing before.
 * Each version used needs its __LIBBPF_MARK_DEPRECATED_<major>_<minor>.
 */
#define LIBBPF_DEPRECATED_SINCE(major, minor, msg)			\
	__LIBBPF_MARK_DEPRECATED_ ## major ## _ ## minor		\
		(LIBBPF_DEPRECATED("libbpf v" # major "." # minor "+: " msg))

#if __LIBBPF_CURRENT_VERSION_GEQ(1, 0)
#define __LIBBPF_MARK_DEPRECATED_1_0(X) X
#else
#define __LIBBPF_MARK_DEPRECATED_1_0(X)
#endif

/*
 * Dispatch on argument count: ___libbpf_overload(f, a, b) calls f2(a, b).
 * Up to six arguments.
 */
#define ___libbpf_cat(A, B) A ## B
#define ___libbpf_select(NAME, NUM) ___libbpf_cat(NAME, NUM)
#define ___libbpf_nth(_1, _2, _3, _4, _5, _6, N, ...) N
#define ___libbpf_cnt(...) ___libbpf_nth(__VA_ARGS__, 6, 5, 4, 3, 2, 1)
#define ___libbpf_overload(NAME, ...)					\
	___libbpf_select(NAME, ___libbpf_cnt(__VA_ARGS__))(__VA_ARGS__)

/*
 * LIBBPF_OPTS(type, name, .field = value, ...) declares `struct type name`
 * with sz set to sizeof(struct type), the given fields set, and everything
 * else zero. The memset inside the initialiser clears the padding too, so
 * the library's "unknown trailing bytes must be zero" check holds.
 */
#define LIBBPF_OPTS(TYPE, NAME, ...)					\
	struct TYPE NAME = ({						\
		memset(&NAME, 0, sizeof(struct TYPE));			\
		(struct TYPE) {						\
			.sz = sizeof(struct TYPE),			\
			__VA_ARGS__					\
		};							\
	})

/*
 * LIBBPF_OPTS_RESET(name, .field = value, ...) re-initialises an existing
 * opts variable the same way: all zero, sz set, the given fields set.
 */
#define LIBBPF_OPTS_RESET(NAME, ...)					\
	do {								\
		__typeof__(NAME) ___##NAME = ({				\
			memset(&___##NAME, 0, sizeof(NAME));		\
			(__typeof__(NAME)) {				\
				.sz = sizeof(NAME),			\
				__VA_ARGS__				\
			};						\
		});							\
		memcpy(&NAME, &___##NAME, sizeof(NAME));		\
	} while (0)

#endif /* __LIBBPF_LIBBPF_COMMON_H */
