#!/usr/bin/env bash
# Soak benchmark (not in CI): bench/soak.c runs CYCLES (default 10000) times
# open → load → attach → destroy of bench/soak.bpf.o, with CO-RE (needs the
# kernel's BTF) and without, linked against oxbpf (build/libbpf.a) and
# against upstream libbpf v1.7.0, the four runs side by side (each object's
# kernel names carry their own prefix, so counts do not mix). Every 1000
# cycles: open fds, RSS (VmRSS, RssAnon, RssFile), malloc's bytes in use,
# and the programs, maps and links of ours still in the kernel.
# A run is flat when, from cycle 1000 on, fds do not change, no kernel
# object is left, heap grows by at most 16 kB and RSS by at most 64 kB.
# At the end, the resident size of the program's own mappings.
# Run as root: bench/soak.sh [CYCLES]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cycles=${1:-10000}
every=$((cycles < 1000 ? cycles / 2 : 1000))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -C "$root" 2>/dev/null
eval "$("$root/tools/reference-env.sh")"
cc -O2 -Wall -Werror -I"$root/include" "$root/bench/soak.c" "$root/build/libbpf.a" -lelf -lz -o "$tmp/ours"
cc -O2 -Wall -Werror -I"$REF_INCLUDE" "$root/bench/soak.c" "$REF_LIB/libbpf.a" -lelf -lz -o "$tmp/ref"

pids=()
for side in ours ref; do
	for v in core plain; do
		p=oxsk${side:0:1}${v:0:1}
		clang-19 -g -O2 -target bpf -D__TARGET_ARCH_x86 $([ $v = plain ] && echo -DNO_CORE) \
			-DPREFIX="$p" -I"$root/include" -idirafter /usr/include/x86_64-linux-gnu \
			-c "$root/bench/soak.bpf.c" -o "$tmp/$p.bpf.o"
		SOAK_SMAPS=1 nice -n 10 "$tmp/$side" "$tmp/$p.bpf.o" "$cycles" "$every" "$p" \
			>"$tmp/$side-$v.txt" 2>"$tmp/$side-$v.err" &
		pids+=($!)
	done
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
[ "$rc" = 0 ] || { cat "$tmp"/*.err | grep -v '^smaps' | head; echo "a soak run failed"; exit 1; }

verdict() { # file: flat or not, from the row at $every on
	awk -v e="$every" '$1 >= e { if (!n++) { f = $2; r = $3; h = $6 } l = $0;
		if ($2 != f || $7 || $8 || $9) bad = 1; lr = $3; lh = $6 }
		END { if (bad || lr - r > 64 || lh - h > 16) print "**not flat**"; else print "flat" }' "$1"
}
mine() { # err file, program name: kB resident in the program's own mappings and its libelf/libz
	awk -v b="$2" '$1 == "smaps" && ($4 ~ b"$" || $4 ~ /lib(elf|z)/) { s += $2 } END { print s + 0 }' "$1"
}
for v in core plain; do
	o="$tmp/ours-$v.txt" r="$tmp/ref-$v.txt"
	echo
	echo "### $v ($( [ $v = core ] && echo "CO-RE read: the kernel's BTF is loaded" || echo "no CO-RE"))"
	echo
	echo "| cycle | fds ours / upstream | RSS kB ours / upstream | RssAnon kB | RssFile kB | heap in use kB | progs, maps, links left ours / upstream |"
	echo "|---|---|---|---|---|---|---|"
	paste -d' ' "$o" "$r" | awk '{ printf "| %d | %d / %d | %d / %d | %d / %d | %d / %d | %d / %d | %d, %d, %d / %d, %d, %d |\n",
		$1, $2, $11, $3, $12, $4, $13, $5, $14, $6, $15, $7, $8, $9, $16, $17, $18 }'
	echo
	echo "ours: $(verdict "$o"); upstream: $(verdict "$r"). Program and its libelf/libz resident at the end:" \
		"ours $(mine "$tmp/ours-$v.err" /ours) kB, upstream $(mine "$tmp/ref-$v.err" /ref) kB."
done
