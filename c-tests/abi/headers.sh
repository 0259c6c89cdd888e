#!/bin/bash
# a. Every public header compiles on its own, and all of them together (in
# both orders), as C (gcc, clang) and C++ (g++, clang++), warnings as errors.
# Also compiles and runs headers-use.c: LIBBPF_OPTS and the btf.h inline helpers.
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
		if printf '%s\n' "$text" | $cc $C_FLAGS -I "$INC" -c -o /dev/null - 2>"$tmp/err"; then
			ok "$name [${cc%% *}]"
		else
			ko "$name [${cc%% *}]"
			sed 's/^/    /' "$tmp/err" | head -n 20
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
	if $cc -std=gnu11 $C_FLAGS -I "$INC" "$here/headers-use.c" -o "$tmp/use" 2>"$tmp/err" &&
	   "$tmp/use" >"$tmp/out" 2>&1; then
		ok "headers-use.c [$cc]"
	else
		ko "headers-use.c [$cc]"
		sed 's/^/    /' "$tmp/err" "$tmp/out" | head -n 20
	fi
done

finish
