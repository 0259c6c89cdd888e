#!/bin/sh
# objcopy arguments that rename the code sections of the functions listed in
# tools/startup-hot.txt (demangled names, one a line) from .text.X to
# .text.hot.X, so a program's linker (GNU ld's default script) places them
# together ahead of the rest: a typical start-up then touches a few
# contiguous pages of our code instead of faulting in (with the kernel's
# fault-around) most of it. Cold code (.text.unlikely.X, which the linker
# would put first, ahead of the hot code) joins the rest (.text.X), or the
# hot code when listed (a `#[cold]` function run at every start-up, such as
# the log's emit), so the hot pages start at our first page of code. Names not found are ignored here (a stale list
# only loses locality); `make test` fails on one (tools/startup-hot.sh check).
# Usage: hot-sections.sh OBJECT HOTLIST > ARGS
set -eu
obj=$1
hot=$2
tab=$(printf '\t')
readelf -SW "$obj" | sed -n 's/^ *\[ *[0-9]*\] \(\.text\.[^ ]*\) .*/\1/p' | grep -v '^\.text\.hot\.' > "$obj.secs" || true
sed 's/^\.text\.\(unlikely\.\)\{0,1\}//' "$obj.secs" | c++filt | sed 's/::h[0-9a-f]\{16\}$//' | paste "$obj.secs" - |
	awk -F"$tab" 'NR == FNR { if ($0 !~ /^#/ && $0 != "") hot[$0] = 1; next }
		{ base = $1; sub(/^\.text\.(unlikely\.)?/, "", base) }
		($2 in hot) { print "--rename-section " $1 "=.text.hot." base; next }
		($1 ~ /^\.text\.unlikely\./) { print "--rename-section " $1 "=.text." base }' "$hot" -
rm -f "$obj.secs"
