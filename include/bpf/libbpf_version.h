/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* oxbpf: the libbpf API level these headers describe. */
#ifndef __LIBBPF_VERSION_H
#define __LIBBPF_VERSION_H

#define LIBBPF_MAJOR_VERSION 1
#define LIBBPF_MINOR_VERSION 7

#endif /* __LIBBPF_VERSION_H */
