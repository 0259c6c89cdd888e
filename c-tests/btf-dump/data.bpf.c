// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Globals whose BTF describes the types of types.h (never loaded). */
#include "types.h"

struct dt_all g_all;
struct first_zero g_fz;
struct empty g_empty;
int g_int = 3;
const volatile long g_rodata = 7;
char g_str[8] = "hi";
enum color g_color = GREEN;
