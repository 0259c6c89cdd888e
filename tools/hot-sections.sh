#!/bin/sh
# objcopy arguments that rename the code sections of the functions listed in
# tools/startup-hot.txt (demangled names, one a line) from .text.X to
# .text.hot.X, so a program's linker (GNU ld's default script) places them
# together ahead of the rest: a typical start-up then touches a few
# contiguous pages of our code instead of faulting in (with the kernel's
# fault-around) most of it. Names not found are ignored here (a stale list
# only loses locality); `make test` fails on one (tools/startup-hot.sh check).
# Usage: hot-sections.sh OBJECT HOTLIST > ARGS
set -eu
obj=$1
hot=$2
tab=$(printf '\t')
readelf -SW "$obj" | sed -n 's/^ *\[ *[0-9]*\] \(\.text\.[^ ]*\) .*/\1/p' | grep -v '^\.text\.hot\.' > "$obj.secs" || true
sed 's/^\.text\.//' "$obj.secs" | c++filt | sed 's/::h[0-9a-f]\{16\}$//' | paste "$obj.secs" - |
	awk -F"$tab" 'NR == FNR { if ($0 !~ /^#/ && $0 != "") hot[$0] = 1; next }
		($2 in hot) { print "--rename-section " $1 "=.text.hot" substr($1, 6) }' "$hot" -
rm -f "$obj.secs"
