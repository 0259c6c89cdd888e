// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Only BTF: the target types of core_e2big.bpf.c. */
#include "core_e2big.h"

void e2big_types(struct e2big_bits a, struct e2big_deep b) {}
