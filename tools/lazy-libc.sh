#!/bin/sh
# Lets a program bind the libc functions libbpf.a calls lazily, as it does
# for upstream's: Rust calls external functions through the GOT
# (`call *malloc@GOTPCREL(%rip)`), which the program's linker turns into
# GLOB_DAT relocations that ld.so resolves at start-up, one symbol lookup
# each (~0.85 k instructions: ~60 k for the 70 functions we import, though a
# start-up calls fewer than half of them). Here each such reference is
# renamed to a local stub that jumps through the PLT: the program's linker
# relaxes the GOT call into a direct call to the stub, and the PLT slot is
# bound on first use (or at start-up under -z now: then nothing changes).
# Only functions of the build machine's libc are redirected (data such as
# stderr keeps its GOT entry); on other architectures nothing is done.
# Usage: lazy-libc.sh OBJECT OUTDIR CC  (writes OUTDIR/lazy-libc.o and
# prints objcopy --redefine-sym arguments for OBJECT, nothing if not used)
set -eu
obj=$1
out=$2
cc=$3
case $($cc -dumpmachine) in
x86_64-*) ;;
*) exit 0 ;;
esac
libc=$(readlink -f "$($cc -print-file-name=libc.so.6)" 2>/dev/null) || exit 0
[ -f "$libc" ] || exit 0
nm -D --defined-only "$libc" | awk '$2 ~ /^[TWi]$/ { sub(/@.*/, "", $3); print $3 }' |
	LC_ALL=C sort -u > "$out/lazy-libc.funcs"
nm -u "$obj" | awk '{ print $2 }' | LC_ALL=C sort -u |
	LC_ALL=C comm -12 - "$out/lazy-libc.funcs" | grep -v '^__tls_get_addr$' > "$out/lazy-libc.used" || true
rm -f "$out/lazy-libc.funcs"
[ -s "$out/lazy-libc.used" ] || { rm -f "$out/lazy-libc.used"; exit 0; }
{
	echo '	.section .text.hot.oxbpf_lazy_libc,"ax",@progbits'
	while read -r f; do
		printf '\t.globl oxbpf_lazy_%s\n\t.type oxbpf_lazy_%s,@function\noxbpf_lazy_%s:\n\tjmp %s@PLT\n' \
			"$f" "$f" "$f" "$f"
	done < "$out/lazy-libc.used"
	echo '	.section .note.GNU-stack,"",@progbits'
} > "$out/lazy-libc.s"
$cc -c "$out/lazy-libc.s" -o "$out/lazy-libc.o"
sed 's/.*/--redefine-sym &=oxbpf_lazy_&/' "$out/lazy-libc.used"
rm -f "$out/lazy-libc.s" "$out/lazy-libc.used"
