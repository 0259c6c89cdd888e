/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: <bpf/libbpf.h>, libbpf's object-level API: open/load BPF object
 * files, their programs and maps, attach links, skeletons, ring and perf
 * buffers, TC/XDP, the static linker.
 *
 * Generated: the declarations come from src/capi/{utils,object,program,map,
 * link,attach,netlink,ringbuf,perfbuf,skel,linker,...}.rs through cbindgen,
 * wrapped by include/gen/libbpf.{head,tail}.h. Edit those, not this file.
 */
#ifndef __LIBBPF_LIBBPF_H
#define __LIBBPF_LIBBPF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>
#include <sys/types.h>
#include <linux/bpf.h>

#include "libbpf_common.h"
#include "libbpf_legacy.h"

/*
 * Error codes of libbpf's own (beyond errno), as -LIBBPF_ERRNO__* returns.
 * libbpf_strerror() knows their text.
 */
enum libbpf_errno {
	__LIBBPF_ERRNO__START = 4000,
	LIBBPF_ERRNO__LIBELF = __LIBBPF_ERRNO__START,	/* ELF could not be read */
	LIBBPF_ERRNO__FORMAT,	/* not a valid BPF object */
	LIBBPF_ERRNO__KVERSION,	/* missing or bad `version` section */
	LIBBPF_ERRNO__ENDIAN,	/* object built for the other byte order */
	LIBBPF_ERRNO__INTERNAL,	/* bug in the library */
	LIBBPF_ERRNO__RELOC,	/* a relocation could not be applied */
	LIBBPF_ERRNO__LOAD,	/* program load failed, reason unknown */
	LIBBPF_ERRNO__VERIFY,	/* rejected by the verifier */
	LIBBPF_ERRNO__PROG2BIG,	/* too many instructions */
	LIBBPF_ERRNO__KVER,	/* kernel version mismatch */
	LIBBPF_ERRNO__PROGTYPE,	/* program type unknown to the kernel */
	LIBBPF_ERRNO__WRNGPID,	/* netlink reply for another pid */
	LIBBPF_ERRNO__INVSEQ,	/* netlink reply out of sequence */
	LIBBPF_ERRNO__NLPARSE,	/* netlink reply malformed */
	__LIBBPF_ERRNO__END,
};

/* Severity of a library message handed to the print callback. */
enum libbpf_print_level {
	LIBBPF_WARN,
	LIBBPF_INFO,
	LIBBPF_DEBUG,
};

/*
 * The print callback: gets a printf format and its arguments as a va_list
 * (written by hand: cbindgen cannot express va_list). The default prints
 * WARN and INFO to stderr; NULL silences the library.
 */
typedef int (*libbpf_print_fn_t)(enum libbpf_print_level level,
				 const char *, va_list ap);

/* Handles and records of other headers that appear here only by pointer. */
struct btf;
struct bpf_prog_load_opts;
struct bpf_prog_assoc_struct_ops_opts;
struct perf_event_attr;
struct perf_event_header;
