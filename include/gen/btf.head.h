/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: <bpf/btf.h>, libbpf's BTF API: reading, querying, building,
 * deduplicating and dumping BTF type information.
 *
 * Generated: the declarations come from src/capi/btf.rs and btf_dump.rs
 * through cbindgen, wrapped by include/gen/btf.{head,tail}.h. Edit those,
 * not this file.
 */
#ifndef __LIBBPF_BTF_H
#define __LIBBPF_BTF_H

#include <stdarg.h>
#include <stdbool.h>
#include <linux/btf.h>
#include <linux/types.h>

#include "libbpf_common.h"

/* ELF section names libbpf gives special meaning. */
#define BTF_ELF_SEC ".BTF"
#define BTF_EXT_ELF_SEC ".BTF.ext"
#define BTF_BASE_ELF_SEC ".BTF.base"
#define MAPS_ELF_SEC ".maps"

struct btf_type;
struct bpf_object;

/*
 * The btf_dump output callback: receives printf-style format and arguments.
 * Written by hand because the Rust side cannot name va_list.
 */
typedef void (*btf_dump_printf_fn_t)(void *ctx, const char *fmt, va_list args);
