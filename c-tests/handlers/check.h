/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The suite's pass/fail counter: CHECK(cond, fmt, ...) counts and prints failures. */
#ifndef HANDLERS_CHECK_H
#define HANDLERS_CHECK_H
#include <stdio.h>

static int pass, fail;
#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (cond) {                                                                        \
			pass++;                                                                    \
		} else {                                                                           \
			fail++;                                                                    \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);                                \
			printf(__VA_ARGS__);                                                       \
			printf("\n");                                                              \
		}                                                                                  \
	} while (0)

#endif
