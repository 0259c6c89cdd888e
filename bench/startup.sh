#!/usr/bin/env bash
# Benchmark (not a test): exec -> first output line (programs attached) of the
# minimal and bootstrap examples, each built once against oxbpf (build/libbpf.a)
# and once against upstream libbpf v1.7.0 (reference/), same skeleton source.
# Wall time: R rounds alternating the two sides, N runs per round; the
# median of all round medians, with the range of round medians. Per side
# also: peak RSS and minor page faults (medians, from wait4), the syscalls
# made before that first line (strace -f, up to the app's first write to
# stdout) and, with valgrind, the instructions executed from exec to that
# line (callgrind, user space: ld.so, libc, the app, the library). The load
# average is printed with the figures (the wall time is only comparable on
# a quiet machine). Run as root: bench/startup.sh [runs-per-round] [rounds]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10}
rounds=${2:-5}
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
field() { echo "$1" | sed -n "s/.*$2=\([0-9.]*\).*/\1/p"; }
# syscalls before the first stdout line: total and bpf()
count() { # bin args...
	local out=$tmp/strace.txt
	timeout -s INT 5 strace -f -qq -o "$out" "$@" >/dev/null 2>&1 || true
	awk '/write\(1, /{exit} {n++} /bpf\(/{b++} END{printf "%d %d\n", n, b}' "$out"
}
# instructions from exec to the first fflush (both apps flush their first line)
instr() { # bin args...
	command -v valgrind >/dev/null || { echo "-"; return; }
	local out=$tmp/cg.out pid
	rm -f "$out" "$out".*
	valgrind --tool=callgrind --dump-before=fflush --callgrind-out-file="$out" "$@" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 300); do [ -f "$out.1" ] && break; sleep 0.1; done
	sleep 0.2
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" || true
	sed -n 's/^totals: //p' "$out.1" 2>/dev/null || echo "-"
}
median() { sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for app in minimal bootstrap; do
	eval "a=\$args_$app"
	: > "$tmp/$app.ref.t"
	: > "$tmp/$app.ours.t"
	for _ in $(seq "$rounds"); do
		for side in ref ours; do
			# shellcheck disable=SC2086
			r=$("$tmp/startup" "$n" "$tmp/$side/$app" $a)
			echo "$r" >> "$tmp/$app.$side.t"
		done
	done
	for side in ref ours; do
		f=$tmp/$app.$side.t
		t=$(while read -r l; do field "$l" median_ms; done < "$f" | median)
		lo=$(while read -r l; do field "$l" median_ms; done < "$f" | sort -n | head -1)
		hi=$(while read -r l; do field "$l" median_ms; done < "$f" | sort -n | tail -1)
		rss=$(while read -r l; do field "$l" rss_kb; done < "$f" | median)
		flt=$(while read -r l; do field "$l" minflt; done < "$f" | median)
		# shellcheck disable=SC2086
		read -r total bpf < <(count "$tmp/$side/$app" $a)
		# shellcheck disable=SC2086
		ir=$(instr "$tmp/$side/$app" $a)
		echo "$app $side: median_ms=$t range_ms=$lo-$hi rss_kb=$rss minflt=$flt syscalls=$total bpf=$bpf instructions=$ir"
		eval "${app}_${side}=\"time=$t lo=$lo hi=$hi rss=$rss faults=$flt sys=$total bpf=$bpf ir=$ir\""
	done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
ratio() { if [ "$1" = - ] || [ "$2" = - ]; then echo "-"; else printf '%.2f×' "$(echo "$2 / $1" | bc -l)"; fi; }
row() { # app label
	local r o
	eval "r=\$${1}_ref; o=\$${1}_ours"
	local rt ot ri oi
	rt=$(field "$r" time); ot=$(field "$o" time)
	ri=$(echo "$r" | sed -n 's/.*ir=\([0-9-]*\).*/\1/p'); oi=$(echo "$o" | sed -n 's/.*ir=\([0-9-]*\).*/\1/p')
	printf '| %s | %s ms (%s–%s) | %s ms (%s–%s) | %s | %s | %s | %s | %s (%s bpf) | %s (%s bpf) | %s | %s | %s kB | %s kB |\n' \
		"$2" "$rt" "$(field "$r" lo)" "$(field "$r" hi)" "$ot" "$(field "$o" lo)" "$(field "$o" hi)" \
		"$(ratio "$rt" "$ot")" "$ri" "$oi" "$(ratio "$ri" "$oi")" \
		"$(field "$r" sys)" "$(field "$r" bpf)" "$(field "$o" sys)" "$(field "$o" bpf)" \
		"$(field "$r" faults)" "$(field "$o" faults)" "$(field "$r" rss)" "$(field "$o" rss)"
}
{
	echo "| app | upstream v1.7.0 | oxbpf | time ratio | instructions upstream | instructions oxbpf | instruction ratio | syscalls upstream | syscalls oxbpf | page faults upstream | page faults oxbpf | peak RSS upstream | peak RSS oxbpf |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	row minimal "minimal"
	row bootstrap "bootstrap (CO-RE, ring buffer)"
} | tee "$tmp/table.md"
