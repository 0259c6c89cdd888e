#!/usr/bin/env bash
# Benchmark (not a test): exec -> first output line (programs attached) of the
# minimal and bootstrap examples, each built once against oxbpf (build/libbpf.a)
# and once against upstream libbpf v1.7.0 (reference/), same skeleton source,
# runs interleaved. Reports the median of N runs (default 10), peak RSS, and
# the syscalls made before that first line (strace -f, counted up to the
# app's first write to stdout). Run as root: bench/startup.sh [runs]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -C "$root" 2>/dev/null
eval "$("$root/tools/reference-env.sh")"
command -v strace >/dev/null || "$root/tools/install-deps.sh" >/dev/null
cc -O2 -Wall -Werror "$root/bench/startup.c" -o "$tmp/startup"
ex="$root/c-tests/examples"
make -s -C "$ex" OUTPUT="$tmp/ours" LIBBPF_A="$root/build/libbpf.a" BPF_INCLUDES="-I$root/include" \
	"$tmp/ours/minimal" "$tmp/ours/bootstrap" >/dev/null
make -s -C "$ex" OUTPUT="$tmp/ref" LIBBPF_A="$REF_LIB/libbpf.a" BPF_INCLUDES="-I$REF_INCLUDE" \
	"$tmp/ref/minimal" "$tmp/ref/bootstrap" >/dev/null

args_minimal="30"
args_bootstrap="-t 30"
# syscalls before the first stdout line: total and bpf()
count() { # bin args...
	local out=$tmp/strace.txt
	timeout -s INT 5 strace -f -qq -o "$out" "$@" >/dev/null 2>&1 || true
	awk '/write\(1, /{exit} {n++} /bpf\(/{b++} END{printf "%d %d\n", n, b}' "$out"
}
rows=""
for app in minimal bootstrap; do
	eval "a=\$args_$app"
	for side in ref ours; do
		# shellcheck disable=SC2086
		r=$("$tmp/startup" "$n" "$tmp/$side/$app" $a)
		# shellcheck disable=SC2086
		read -r total bpf < <(count "$tmp/$side/$app" $a)
		echo "$app $side: $r syscalls=$total bpf=$bpf"
		eval "${app}_${side}=\"\$r \$total \$bpf\""
	done
done
field() { echo "$1" | sed -n "s/.*$2=\([0-9.]*\).*/\1/p"; }
row() { # app label
	local r o
	eval "r=\$${1}_ref; o=\$${1}_ours"
	set -- "$2" "$r" "$o"
	local rt ot rr or_ rs os rb ob
	rt=$(field "$2" median_ms); ot=$(field "$3" median_ms)
	rr=$(field "$2" rss_kb); or_=$(field "$3" rss_kb)
	rs=$(echo "$2" | awk '{print $(NF-1)}'); os=$(echo "$3" | awk '{print $(NF-1)}')
	rb=$(echo "$2" | awk '{print $NF}'); ob=$(echo "$3" | awk '{print $NF}')
	printf '| %s | %s ms | %s ms | %.2f× | %s (%s bpf) | %s (%s bpf) | %.1f MB | %.1f MB |\n' \
		"$1" "$rt" "$ot" "$(echo "$ot / $rt" | bc -l)" "$rs" "$rb" "$os" "$ob" \
		"$(echo "$rr / 1024" | bc -l)" "$(echo "$or_ / 1024" | bc -l)"
}
{
	echo "| app | upstream v1.7.0 | oxbpf | time ratio | syscalls upstream | syscalls oxbpf | peak RSS upstream | peak RSS oxbpf |"
	echo "|---|---|---|---|---|---|---|---|"
	row minimal "minimal"
	row bootstrap "bootstrap (CO-RE, ring buffer)"
} | tee "$tmp/table.md"
