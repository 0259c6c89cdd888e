// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Linked with -Wl,--wrap=libbpf_set_print into the examples: their own print
 * callback is never installed, so libbpf's default printer and
 * LIBBPF_LOG_LEVEL decide what they print. */
#include <bpf/libbpf.h>

libbpf_print_fn_t __wrap_libbpf_set_print(libbpf_print_fn_t fn);

libbpf_print_fn_t __wrap_libbpf_set_print(libbpf_print_fn_t fn)
{
	(void)fn;
	return NULL;
}
