#!/bin/bash
# a. Every public header compiles on its own, and all of them together (in
# both orders), as C (gcc, clang) and C++ (g++, clang++), warnings as errors.
# Also compiles and runs headers-use.c: LIBBPF_OPTS and the btf.h inline helpers.
set -u
. "$(dirname "$0")/common.sh"

C_FLAGS="-Wall -Wextra -Werror -Wundef -Wmissing-field-initializers"
COMPILERS=(
	"gcc -std=gnu11 -x c"
	"clang-19 -std=gnu11 -x c"
	"g++ -std=c++17 -x c++"
)
command -v clang++-19 >/dev/null && COMPILERS+=("clang++-19 -std=c++17 -x c++")

present=""
for h in $PUBLIC_HEADERS; do
	if [ -f "$INC/bpf/$h" ]; then
		present="$present $h"
	else
		skip "$h: not in include/bpf yet"
	fi
done

# compile NAME SOURCE-TEXT: one test per compiler
compile() {
	local name=$1 text=$2 cc
	for cc in "${COMPILERS[@]}"; do
		if printf '%s\n' "$text" | $cc $C_FLAGS -I "$INC" -c -o /dev/null - 2>"$TMP/err"; then
			pass "$name [${cc%% *}]"
		else
			fail "$name [${cc%% *}]"
			sed 's/^/    /' "$TMP/err" | head -n 20
		fi
	done
}

for h in $present; do
	compile "<bpf/$h> alone" "#include <bpf/$h>"
done
all="" rev=""
for h in $present; do
	all="$all#include <bpf/$h>"$'\n'
	rev="#include <bpf/$h>"$'\n'"$rev"
done
compile "all headers" "$all"
compile "all headers, reverse order" "$rev"
# Twice: the include guards must hold.
compile "all headers twice" "$all$all"

# Behaviour of the hand-written macros and inline helpers.
for cc in gcc clang-19; do
	if $cc -std=gnu11 $C_FLAGS -I "$INC" "$ABI_DIR/headers-use.c" -o "$TMP/use" 2>"$TMP/err" &&
	   "$TMP/use" >"$TMP/out" 2>&1; then
		pass "headers-use.c [$cc]"
	else
		fail "headers-use.c [$cc]"
		sed 's/^/    /' "$TMP/err" "$TMP/out" | head -n 20
	fi
done

finish
