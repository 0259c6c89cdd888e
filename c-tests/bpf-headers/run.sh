#!/bin/bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# Tests for oxbpf's BPF-side headers (bpf_helpers.h, bpf_helper_defs.h,
# bpf_endian.h, bpf_core_read.h, bpf_tracing.h, usdt.bpf.h) and for the
# bpf_helper_defs.h generator (tools/gen_helper_defs.py).
#
#  1. generator: committed header == fresh output, deterministic, one
#     declaration per mapper entry, ids equal the running kernel's
#     enum bpf_func_id, the newer FN(name, id, ...) mapper form, errors;
#  2. every header compiles alone after <linux/bpf.h> and after vmlinux.h;
#  3. bpf_endian.h on the host (gcc, clang) and for bpfel/bpfeb;
#  4. the programs in progs/ compile with -Wall -Werror for x86 and arm64,
#     with the expected sections, CO-RE relocations, helper calls and BTF;
#  5. USDT spec layout == libbpf v1.7's (fixtures/usdt_spec_btf.*.txt);
#  6. PT_REGS target selection (explicit, auto-detected, missing);
#  7. some objects are loaded into the running kernel with the system's
#     bpftool (`prog loadall`), which proves they pass the verifier.
#
# Needs clang-19, llvm-19 tools, python3, bpftool; root for step 7 (skipped
# with a reason otherwise). Exits non-zero if anything failed.

. "$(dirname "$0")/../lib.sh"

CLANG=${CLANG:-clang-19}
OBJDUMP=${LLVM_OBJDUMP:-llvm-objdump-19}
NM=${LLVM_NM:-llvm-nm-19}
BPFTOOL=${BPFTOOL:-bpftool}
UAPI_BPF_H=${UAPI_BPF_H:-/usr/include/linux/bpf.h}
MULTIARCH=${MULTIARCH:-/usr/include/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)}

PIN_ROOT=/sys/fs/bpf/t_oxbpf_bpfh_$$
MOUNTED_BPFFS=0
cleanup() {
	rm -rf "$PIN_ROOT" 2>/dev/null
	if [ "$MOUNTED_BPFFS" = 1 ]; then umount /sys/fs/bpf 2>/dev/null; fi
}
at_exit cleanup

mkdir -p "$tmp/obj" "$tmp/inc"
BPF_CFLAGS=(-g -O2 -Wall -Werror -I"$root/include" -I"$tmp/inc" -idirafter "$MULTIARCH")

# ---------------------------------------------------------------- vmlinux.h
HAVE_VMLINUX=0
if [ -r /sys/kernel/btf/vmlinux ] &&
   "$BPFTOOL" btf dump file /sys/kernel/btf/vmlinux format c >"$tmp/inc/vmlinux.h" 2>"$tmp/vmlinux.err"; then
	HAVE_VMLINUX=1
else
	skip "vmlinux.h: cannot dump /sys/kernel/btf/vmlinux with $BPFTOOL ($(head -1 "$tmp/vmlinux.err" 2>/dev/null)); vmlinux.h tests skipped"
fi

# ------------------------------------------------------------ 1. generator
GEN=(python3 "$root/tools/gen_helper_defs.py")
COMMITTED="$root/include/bpf/bpf_helper_defs.h"

if "${GEN[@]}" "$UAPI_BPF_H" >"$tmp/defs1.h" 2>"$tmp/gen.err"; then
	if cmp -s "$tmp/defs1.h" "$COMMITTED"; then
		ok "gen: output for $UAPI_BPF_H equals committed include/bpf/bpf_helper_defs.h"
	else
		ko "gen: committed bpf_helper_defs.h is stale (diff below)"
		diff -u "$COMMITTED" "$tmp/defs1.h" | head -20
	fi
	"${GEN[@]}" "$UAPI_BPF_H" -o "$tmp/defs2.h"
	if cmp -s "$tmp/defs1.h" "$tmp/defs2.h"; then
		ok "gen: deterministic (stdout and -o give identical bytes)"
	else
		ko "gen: two runs differ"
	fi
else
	ko "gen: generator failed on $UAPI_BPF_H: $(cat "$tmp/gen.err")"
	cp "$COMMITTED" "$tmp/defs1.h"
fi

# Independent count of the mapper's entries (minus "unspec").
mapper_names() {
	awk '/^#define __?_?BPF_FUNC_MAPPER\(FN/{on=1} on{print} on&&!/\\$/{on=0}' "$1" |
		grep -o 'FN([a-z0-9_]*' | sed 's/FN(//' | grep -vx unspec
}
mapper_names "$UAPI_BPF_H" | sort -u >"$tmp/mapper.txt"
n_mapper=$(wc -l <"$tmp/mapper.txt")
grep -o '(\* const bpf_[a-z0-9_]*)' "$tmp/defs1.h" | sed 's/(\* const bpf_//; s/)//' | sort >"$tmp/declared.txt"
n_decl=$(wc -l <"$tmp/declared.txt")
if [ "$n_mapper" -ge 200 ] && cmp -s "$tmp/mapper.txt" "$tmp/declared.txt"; then
	ok "gen: all $n_decl helpers of the mapper are declared, each once"
else
	ko "gen: mapper lists $n_mapper helpers, header declares $n_decl"
	diff "$tmp/mapper.txt" "$tmp/declared.txt" | head
fi
if grep -q '^static long (\* const bpf_trace_printk)(const char \*fmt, __u32 fmt_size, \.\.\.) = (void \*) 6;$' "$tmp/defs1.h" &&
   grep -q '^static void \*(\* const bpf_map_lookup_elem)(void \*map, const void \*key) = (void \*) 1;$' "$tmp/defs1.h" &&
   grep -q '^static long (\* const bpf_skb_store_bytes)(struct __sk_buff \*skb, __u32 offset, const void \*from, __u32 len, __u64 flags) = (void \*) 9;$' "$tmp/defs1.h" &&
   grep -q '^static __u64 (\* const bpf_get_socket_cookie)(void \*ctx) = (void \*) 46;$' "$tmp/defs1.h" &&
   grep -q '^struct bpf_fib_lookup;$' "$tmp/defs1.h"; then
	ok "gen: type rewriting (u32->__u32, bpf_map->void, sk_buff->__sk_buff, varargs, overloads, forward decls)"
else
	ko "gen: expected declarations not found"
fi

# The ids must be the running kernel's (vmlinux.h has enum bpf_func_id).
if [ "$HAVE_VMLINUX" = 1 ]; then
	grep -o 'BPF_FUNC_[a-z0-9_]* = [0-9]*' "$tmp/inc/vmlinux.h" | sed 's/BPF_FUNC_//; s/ = / /' | sort >"$tmp/kernel_ids.txt"
	sed -n 's/^static .*(\* const bpf_\([a-z0-9_]*\))(.*= (void \*) \([0-9]*\);$/\1 \2/p' "$tmp/defs1.h" | sort >"$tmp/our_ids.txt"
	bad=$(join -a1 "$tmp/our_ids.txt" "$tmp/kernel_ids.txt" | awk 'NF != 3 || $2 != $3')
	if [ -z "$bad" ] && [ "$(wc -l <"$tmp/our_ids.txt")" = "$n_decl" ]; then
		ok "gen: all $n_decl helper ids equal the running kernel's enum bpf_func_id"
	else
		ko "gen: helper ids differ from the kernel's: $(echo "$bad" | head -5 | tr '\n' ';')"
	fi
else
	skip "gen: helper ids vs kernel (no vmlinux.h)"
fi

# Newer kernels: ___BPF_FUNC_MAPPER with FN(name, id, ##ctx), explicit ids.
if "${GEN[@]}" "$here/fixtures/newform_bpf.h" >"$tmp/newform.h" 2>"$tmp/newform.err" &&
   grep '^static' "$tmp/newform.h" | cmp -s - "$here/fixtures/newform_expected_decls.txt"; then
	ok "gen: FN(name, id, ...) mapper form gives explicit ids (1, 6, 8, 46, 210), fastcall, merged overloads"
else
	ko "gen: new-form fixture: $(cat "$tmp/newform.err")"
	grep '^static' "$tmp/newform.h" | diff - "$here/fixtures/newform_expected_decls.txt" | head
fi
if ! "${GEN[@]}" "$here/fixtures/bad_missing_id.h" >/dev/null 2>"$tmp/bad.err" &&
   grep -q 'bpf_cgrp_storage_get is documented but not in __BPF_FUNC_MAPPER' "$tmp/bad.err"; then
	ok "gen: a documented helper without an id is an error"
else
	ko "gen: missing id not reported: $(cat "$tmp/bad.err")"
fi
if ! "${GEN[@]}" "$tmp/does-not-exist.h" >/dev/null 2>&1; then
	ok "gen: unreadable input is an error"
else
	ko "gen: unreadable input accepted"
fi

# ----------------------------------------------- 2. headers compile alone
syntax_check() { # name, target, source text
	local name=$1 target=$2 src=$3
	printf '%s\n' "$src" >"$tmp/$name.c"
	if "$CLANG" -target "$target" -D__TARGET_ARCH_x86 -fsyntax-only -Wall -Wextra -Wundef -Werror \
		-I"$root/include" -I"$tmp/inc" -idirafter "$MULTIARCH" "$tmp/$name.c" 2>"$tmp/$name.err"; then
		return 0
	fi
	head -5 "$tmp/$name.err"
	return 1
}

for h in bpf_helper_defs.h bpf_helpers.h bpf_endian.h bpf_core_read.h bpf_tracing.h usdt.bpf.h; do
	pre='#include <linux/bpf.h>'
	[ "$h" = usdt.bpf.h ] && pre=$'#include <linux/bpf.h>\n#include <linux/ptrace.h>'
	if syntax_check "alone_uapi_${h%%.*}" bpf "$pre"$'\n'"#include <bpf/$h>"$'\n'"#include <bpf/$h>"; then
		ok "header: $h alone (twice) after <linux/bpf.h>, -Wall -Wextra -Wundef -Werror"
	else
		ko "header: $h alone after <linux/bpf.h>"
	fi
	if [ "$HAVE_VMLINUX" = 1 ]; then
		if syntax_check "alone_vml_${h%%.*}" bpf $'#include "vmlinux.h"\n'"#include <bpf/$h>"; then
			ok "header: $h alone after vmlinux.h"
		else
			ko "header: $h alone after vmlinux.h"
		fi
	fi
done
if syntax_check all_uapi bpf $'#include <linux/bpf.h>\n#include <linux/ptrace.h>\n#include <bpf/usdt.bpf.h>\n#include <bpf/bpf_core_read.h>\n#include <bpf/bpf_endian.h>\n#include <bpf/bpf_tracing.h>\n#include <bpf/bpf_helpers.h>'; then
	ok "header: all BPF-side headers together, reverse order"
else
	ko "header: all BPF-side headers together"
fi

# --------------------------------------------------------- 3. bpf_endian.h
cat >"$tmp/endian_host.c" <<'EOF'
#include <linux/types.h>
#include <arpa/inet.h>
#include <endian.h>
#include <stdio.h>
#include <bpf/bpf_endian.h>
_Static_assert(bpf_htons(0x1234) == 0x3412, "htons const");
_Static_assert(bpf_htonl(0x12345678) == 0x78563412, "htonl const");
_Static_assert(bpf_cpu_to_be64(0x0102030405060708ULL) == 0x0807060504030201ULL, "be64 const");
int main(int argc, char **argv)
{
	volatile __u16 s = 0xabcd + argc;	/* not constant */
	volatile __u32 l = 0x89abcdef + argc;
	volatile __u64 q = 0x0123456789abcdefULL + argc;
	int bad = 0;

	(void)argv;
	bad |= bpf_htons(s) != htons(s) || bpf_ntohs(s) != ntohs(s);
	bad |= __bpf_htons(s) != htons(s) || __bpf_constant_ntohs(s) != ntohs(s);
	bad |= bpf_htonl(l) != htonl(l) || bpf_ntohl(l) != ntohl(l);
	bad |= __bpf_constant_htonl(l) != htonl(l);
	bad |= bpf_cpu_to_be64(q) != htobe64(q) || bpf_be64_to_cpu(q) != be64toh(q);
	bad |= __bpf_constant_cpu_to_be64(q) != htobe64(q);
	if (bad)
		printf("mismatch\n");
	return bad;
}
EOF
for cc in gcc "$CLANG"; do
	if $cc -Wall -Wextra -Werror -I"$root/include" "$tmp/endian_host.c" -o "$tmp/endian_host" 2>"$tmp/endian.err" &&
	   "$tmp/endian_host"; then
		ok "endian: host program ($cc) matches libc htons/htonl/htobe64, constant forms fold"
	else
		ko "endian: host program ($cc): $(head -3 "$tmp/endian.err")"
	fi
done
printf '%s\n' '#include <linux/types.h>' '#include <bpf/bpf_endian.h>' \
	'_Static_assert(bpf_htons(0x1234) == 0x1234 && bpf_htonl(0x12345678) == 0x12345678, "be identity");' \
	'_Static_assert(bpf_cpu_to_be64(0x0102030405060708ULL) == 0x0102030405060708ULL, "be64 identity");' \
	'unsigned short f(unsigned short x) { return bpf_ntohs(x) + __bpf_ntohl(x) + __bpf_be64_to_cpu(x); }' >"$tmp/endian_be.c"
sed -e 's/== 0x1234 \&\& bpf_htonl(0x12345678) == 0x12345678/== 0x3412 \&\& bpf_htonl(0x12345678) == 0x78563412/' \
	-e 's/== 0x0102030405060708ULL, "be64 identity"/== 0x0807060504030201ULL, "le swap"/' "$tmp/endian_be.c" >"$tmp/endian_le.c"
for t in bpfeb bpfel; do
	f=$tmp/endian_le.c
	[ "$t" = bpfeb ] && f=$tmp/endian_be.c
	if "$CLANG" -target $t -O2 -Wall -Wextra -Werror -I"$root/include" -idirafter "$MULTIARCH" -c "$f" -o "$tmp/endian_$t.o" 2>"$tmp/endian_$t.err"; then
		ok "endian: -target $t byte order honoured"
	else
		ko "endian: -target $t: $(head -3 "$tmp/endian_$t.err")"
	fi
done

# ------------------------------------------------------------ 4. programs
# compile NAME ARCH [TARGET]: progs/NAME.bpf.c -> $tmp/obj/NAME.ARCH.o
compile() {
	local name=$1 arch=$2 target=${3:-bpf}
	local out="$tmp/obj/$name.$arch.o"
	if "$CLANG" -target "$target" -D__TARGET_ARCH_"$arch" "${BPF_CFLAGS[@]}" \
		-c "$here/progs/$name.bpf.c" -o "$out" 2>"$tmp/obj/$name.$arch.err"; then
		ok "compile: $name.bpf.c for $arch ($target, -Wall -Werror)"
		return 0
	fi
	ko "compile: $name.bpf.c for $arch"
	head -15 "$tmp/obj/$name.$arch.err"
	return 1
}

# has_sections OBJ SEC...: ELF sections present
has_sections() {
	local obj=$1
	shift
	"$OBJDUMP" -h "$obj" | awk 'NR>5{print $2}' >"$tmp/sections.txt"
	local s missing=""
	for s in "$@"; do
		grep -qxF "$s" "$tmp/sections.txt" || missing="$missing $s"
	done
	if [ -z "$missing" ]; then
		ok "sections: $(basename "$obj") has $*"
	else
		ko "sections: $(basename "$obj") lacks$missing"
	fi
}

# has_relos OBJ "SEC KIND [ACCESS]"...: CO-RE relocations in .BTF.ext
has_relos() {
	local obj=$1
	shift
	python3 "$here/btfinfo.py" relos "$obj" >"$tmp/relos.txt" 2>&1
	local r missing=""
	for r in "$@"; do
		grep -q "^$r\( \|$\)" "$tmp/relos.txt" || missing="$missing [$r]"
	done
	if [ -z "$missing" ]; then
		ok "CO-RE: $(basename "$obj") .BTF.ext has $# expected relocations"
	else
		ko "CO-RE: $(basename "$obj") lacks$missing"
	fi
}

# helper_calls OBJ SECTION ID COUNT: number of `call ID` in SECTION
helper_calls() {
	local obj=$1 sec=$2 id=$3 want=$4 got
	got=$("$OBJDUMP" -d -j "$sec" "$obj" | grep -c "call $(printf '0x%x' "$id")$")
	if [ "$got" = "$want" ]; then
		ok "calls: $(basename "$obj") $sec calls helper #$id $want times"
	else
		ko "calls: $(basename "$obj") $sec calls helper #$id $got times, expected $want"
	fi
}

# btf_has OBJ REGEX...: lines of `bpftool btf dump file OBJ`
btf_has() {
	local obj=$1
	shift
	"$BPFTOOL" btf dump file "$obj" >"$tmp/btf.txt" 2>&1
	local r missing=""
	for r in "$@"; do
		grep -qE "$r" "$tmp/btf.txt" || missing="$missing [$r]"
	done
	if [ -z "$missing" ]; then
		ok "BTF: $(basename "$obj") has $# expected entries"
	else
		ko "BTF: $(basename "$obj") lacks$missing"
	fi
}

# --- printk_uapi: bpf_printk 0..5 args, BPF_SNPRINTF, endian (UAPI only)
for a in x86 arm64; do
	compile printk_uapi $a || continue
	o=$tmp/obj/printk_uapi.$a.o
	has_sections "$o" tracepoint/syscalls/sys_enter_getpid license .rodata .bss .BTF .BTF.ext
	helper_calls "$o" tracepoint/syscalls/sys_enter_getpid 6 4     # bpf_trace_printk: 0..3 args
	helper_calls "$o" tracepoint/syscalls/sys_enter_getpid 177 2   # bpf_trace_vprintk: 4, 5 args
	helper_calls "$o" tracepoint/syscalls/sys_enter_getpid 165 1   # bpf_snprintf
done

# --- maps_uapi: __uint/__type/__array, map-in-map, prog array, iterators
if compile maps_uapi x86; then
	o=$tmp/obj/maps_uapi.x86.o
	has_sections "$o" .maps .rel.maps tracepoint/syscalls/sys_enter_getpid tracepoint/syscalls/sys_enter_getppid .BTF .BTF.ext
	btf_has "$o" "VAR 'outer'" "VAR 'jmp'" "'values' type_id=[0-9]+ bits_offset=" "'max_entries' type_id=" \
		"STRUCT 'bpf_iter_num'" "FUNC 'bpf_iter_num_new' type_id=[0-9]+ linkage=extern"
	helper_calls "$o" tracepoint/syscalls/sys_enter_getpid 12 1    # bpf_tail_call_static
	if "$OBJDUMP" -r "$o" | grep -q 'bpf_iter_num_new' && "$OBJDUMP" -r "$o" | grep -q 'bpf_iter_num_destroy' &&
	   "$OBJDUMP" -r "$o" | grep -q 'outer\|inner_a'; then
		ok "maps_uapi: kfunc calls to bpf_iter_num_* and map-in-map relocations present"
	else
		ko "maps_uapi: missing iterator kfunc or map-in-map relocations"
	fi
fi

# --- chain_uapi: every CORE/PROBE read variant, 9-accessor chain, bitfields
if compile chain_uapi x86; then
	o=$tmp/obj/chain_uapi.x86.o
	helper_calls "$o" tracepoint/chain9 113 9       # 9 relocated probe reads
	helper_calls "$o" uprobe 112 7                  # _USER reads
	helper_calls "$o" uprobe 114 2                  # _USER_STR reads
	helper_calls "$o" tracepoint/chain_probe 112 5
	helper_calls "$o" tracepoint/chain_probe 113 6
	helper_calls "$o" tracepoint/chain_probe 114 1
	helper_calls "$o" tracepoint/chain_probe 115 1
	has_relos "$o" "tracepoint/chain9 FIELD_BYTE_OFFSET 0:0" "tracepoint/chain9 FIELD_BYTE_OFFSET 0:1" \
		"tracepoint/bitfields FIELD_LSHIFT_U64" "tracepoint/bitfields FIELD_RSHIFT_U64" \
		"tracepoint/bitfields FIELD_SIGNED" "tracepoint/bitfields FIELD_BYTE_SIZE" \
		"tracepoint/bitfields FIELD_EXISTS 0:3" "uprobe FIELD_BYTE_OFFSET 0:2"
	# BPF_PROG2(int x, struct pair16 pr, char c): ctx slots 0, 1+2, 3
	loads=$("$OBJDUMP" -d -j fentry/oxbpf_fake "$o" | grep -o '= \*(u64 \*)(r1 + 0x[0-9a-f]*)' | sort -u | tr -d '\n')
	if [ "$loads" = "= *(u64 *)(r1 + 0x0)= *(u64 *)(r1 + 0x10)= *(u64 *)(r1 + 0x18)= *(u64 *)(r1 + 0x8)" ]; then
		ok "BPF_PROG2: a 16-byte by-value argument takes two ctx slots (reads ctx[0..3])"
	else
		ko "BPF_PROG2: unexpected ctx reads: $loads"
	fi
fi

if [ "$HAVE_VMLINUX" = 1 ]; then
	# --- core_vmlinux: tp_btf BPF_PROG/BPF_PROG2, all 13 CO-RE relocation kinds
	if compile core_vmlinux x86; then
		o=$tmp/obj/core_vmlinux.x86.o
		has_sections "$o" tp_btf/sched_process_exec tp_btf/sched_switch iter/task .maps .BTF .BTF.ext
		s=tp_btf/sched_process_exec
		has_relos "$o" "$s FIELD_BYTE_OFFSET" "$s FIELD_BYTE_SIZE" "$s FIELD_EXISTS" "$s FIELD_SIGNED" \
			"$s FIELD_LSHIFT_U64" "$s FIELD_RSHIFT_U64" "$s TYPE_ID_LOCAL" "$s TYPE_ID_TARGET" \
			"$s TYPE_EXISTS" "$s TYPE_SIZE" "$s TYPE_MATCHES" "$s ENUMVAL_EXISTS" "$s ENUMVAL_VALUE"
		btf_has "$o" "DATASEC '.kconfig'" "VAR 'LINUX_KERNEL_VERSION'" "DATASEC '.ksyms'" \
			"FUNC 'bpf_rcu_read_lock' type_id=[0-9]+ linkage=extern" "FUNC 'bpf_rdonly_cast'"
		helper_calls "$o" iter/task 126 2               # BPF_SEQ_PRINTF -> bpf_seq_printf
	fi

	# --- kprobes_vmlinux: per-arch register access through CO-RE
	for a in x86 arm64; do
		compile kprobes_vmlinux $a || continue
		o=$tmp/obj/kprobes_vmlinux.$a.o
		has_sections "$o" kprobe/do_unlinkat kretprobe/do_unlinkat kprobe/oxbpf_dummy ksyscall/kill \
			kprobe/__x64_sys_openat uprobe uretprobe
		if [ $a = x86 ]; then
			# kernel pt_regs: di is member 14, ip 16, r10 7 (syscall arg 4)
			has_relos "$o" "kprobe/oxbpf_dummy FIELD_BYTE_OFFSET 0:14" "kprobe/oxbpf_dummy FIELD_BYTE_OFFSET 0:16" \
				"ksyscall/kill FIELD_BYTE_OFFSET 0:14" "kprobe/__x64_sys_openat FIELD_BYTE_OFFSET 0:7"
		else
			# user_pt_regs: regs[0], regs[7] (PARM8), pc; pt_regs___arm64.orig_x0
			has_relos "$o" "kprobe/oxbpf_dummy FIELD_BYTE_OFFSET 0:0:0" "kprobe/oxbpf_dummy FIELD_BYTE_OFFSET 0:0:7" \
				"kprobe/oxbpf_dummy FIELD_BYTE_OFFSET 0:2" "ksyscall/kill FIELD_BYTE_OFFSET 0:0"
		fi
		btf_has "$o" "VAR 'LINUX_HAS_SYSCALL_WRAPPER'" "DATASEC '.kconfig'"
	done

	# --- usdt_vmlinux: BPF_USDT, weak spec maps, helpers, kconfig
	for a in x86 arm64; do
		compile usdt_vmlinux $a || continue
		o=$tmp/obj/usdt_vmlinux.$a.o
		has_sections "$o" usdt .maps .BTF .BTF.ext
		if "$NM" "$o" | grep -q ' V __bpf_usdt_specs$' && "$NM" "$o" | grep -q ' V __bpf_usdt_ip_to_spec_id$' &&
		   "$NM" "$o" | grep -q ' W bpf_usdt_arg$' && "$NM" "$o" | grep -q ' W bpf_usdt_cookie$' &&
		   "$NM" "$o" | grep -q ' W bpf_usdt_arg_cnt$' && "$NM" "$o" | grep -q ' U LINUX_HAS_BPF_COOKIE$'; then
			ok "usdt: weak spec maps, weak helpers and the LINUX_HAS_BPF_COOKIE extern in usdt_vmlinux.$a.o"
		else
			ko "usdt: symbols of usdt_vmlinux.$a.o"
			"$NM" "$o"
		fi
	done

	# --- features_vmlinux: __ulong, kptr tags, arg tags, printk 12 args
	if compile features_vmlinux x86; then
		o=$tmp/obj/features_vmlinux.x86.o
		btf_has "$o" "'__unique_value[0-9]+' val=4294967301" "'__unique_value[0-9]+' val=7$" \
			"TYPE_TAG 'kptr' " "TYPE_TAG 'kptr_untrusted'" "TYPE_TAG 'percpu_kptr'" "TYPE_TAG 'uptr'" \
			"DECL_TAG 'arg:ctx'" "DECL_TAG 'arg:trusted'" "DECL_TAG 'arg:nonnull'" "DECL_TAG 'arg:nullable'" \
			"DECL_TAG 'arg:untrusted'" "DECL_TAG 'arg:arena'" "'pinning' type_id="
		helper_calls "$o" raw_tp/sys_enter 177 1    # 12-arg bpf_printk -> vprintk
		helper_calls "$o" raw_tp/sys_enter 165 1
	fi
else
	skip "vmlinux.h programs (core/kprobes/usdt/features): no vmlinux.h"
fi

# --- kprobes_uapi: UAPI struct pt_regs names (rdi...) selected
for a in x86 arm64; do
	compile kprobes_uapi $a || continue
	has_sections "$tmp/obj/kprobes_uapi.$a.o" uprobe uretprobe kprobe/do_nanosleep
done

# --------------------------------------------------- 5. USDT spec layout
for t in bpfel bpfeb; do
	if compile usdt_layout x86 $t; then
		mv "$tmp/obj/usdt_layout.x86.o" "$tmp/obj/usdt_layout.$t.o"
		"$BPFTOOL" btf dump file "$tmp/obj/usdt_layout.$t.o" >"$tmp/usdt_$t.txt"
		python3 "$here/btfinfo.py" structs "$tmp/usdt_$t.txt" __bpf_usdt_spec __bpf_usdt_arg_spec >"$tmp/usdt_$t.got"
		if diff -u "$here/fixtures/usdt_spec_btf.$t.txt" "$tmp/usdt_$t.got" >"$tmp/usdt_$t.diff"; then
			ok "usdt: __bpf_usdt_spec/__bpf_usdt_arg_spec BTF layout equals libbpf v1.7's ($t)"
		else
			ko "usdt: spec layout differs from libbpf v1.7 ($t)"
			cat "$tmp/usdt_$t.diff"
		fi
	fi
done

# ------------------------------------ 5b. differential: upstream headers
# The same programs built against upstream libbpf v1.7.0's headers (from the
# libbpf-sys crate) must record the same CO-RE relocations and, where our
# macros are meant to expand to the same code, the same instructions.
# (features_vmlinux is left out: it uses what upstream's headers reject, two
# __ulong in one file and a variable named like a macro temporary.)
reference_src
if [ -n "$UPSTREAM" ] && [ -f "$UPSTREAM/bpf_helpers.h" ]; then
	mkdir -p "$tmp/upinc"
	ln -s "$UPSTREAM" "$tmp/upinc/bpf"
	insns() { "$OBJDUMP" -d --no-show-raw-insn "$1" | grep -v 'file format'; }
	for spec in printk_uapi:x86 printk_uapi:arm64 maps_uapi:x86 chain_uapi:x86 kprobes_uapi:x86 kprobes_uapi:arm64 \
		    core_vmlinux:x86 kprobes_vmlinux:x86 kprobes_vmlinux:arm64 usdt_vmlinux:x86 usdt_vmlinux:arm64; do
		n=${spec%%:*} a=${spec##*:}
		ours=$tmp/obj/$n.$a.o
		case $n in *_vmlinux) [ "$HAVE_VMLINUX" = 1 ] || continue ;; esac
		[ -f "$ours" ] || continue
		if ! "$CLANG" -target bpf -D__TARGET_ARCH_"$a" -g -O2 -I"$tmp/upinc" -I"$tmp/inc" -idirafter "$MULTIARCH" \
			-c "$here/progs/$n.bpf.c" -o "$tmp/obj/up_$n.$a.o" 2>"$tmp/up.err"; then
			ko "upstream control: $n.bpf.c does not build with upstream headers: $(grep -m1 error "$tmp/up.err")"
			continue
		fi
		python3 "$here/btfinfo.py" relos "$ours" | sort >"$tmp/r_ours"
		python3 "$here/btfinfo.py" relos "$tmp/obj/up_$n.$a.o" | sort >"$tmp/r_up"
		if [ -s "$tmp/r_ours" ] && cmp -s "$tmp/r_ours" "$tmp/r_up"; then
			ok "upstream control: $n ($a) records the same $(wc -l <"$tmp/r_ours") CO-RE relocations as with upstream headers"
		elif [ ! -s "$tmp/r_ours" ] && [ ! -s "$tmp/r_up" ]; then
			ok "upstream control: $n ($a) no CO-RE relocations with either header set"
		else
			ko "upstream control: $n ($a) CO-RE relocations differ from upstream headers"
			diff "$tmp/r_up" "$tmp/r_ours" | head -10
		fi
		if [ "$(insns "$ours" | md5sum)" = "$(insns "$tmp/obj/up_$n.$a.o" | md5sum)" ]; then
			ok "upstream control: $n ($a) compiles to identical instructions"
		else
			ko "upstream control: $n ($a) instructions differ from upstream headers"
			diff <(insns "$tmp/obj/up_$n.$a.o") <(insns "$ours") | head -10
		fi
	done
else
	skip "upstream control: the reference's sources not found (tools/reference-env.sh; or set UPSTREAM_LIBBPF_SRC)"
fi

# ------------------------------------------- 6. PT_REGS target selection
cat >"$tmp/autodetect.c" <<'EOF'
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
#if defined(__aarch64__)
struct user_pt_regs { __u64 regs[31]; __u64 sp; __u64 pc; __u64 pstate; };
#else
struct pt_regs { unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx,
		 rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss; };
#endif
#include <bpf/bpf_tracing.h>
#if defined(__aarch64__) && !defined(bpf_target_arm64)
#error "aarch64 compiler target not detected"
#endif
#if defined(__x86_64__) && !defined(bpf_target_x86)
#error "x86_64 compiler target not detected"
#endif
unsigned long first_arg(struct pt_regs *ctx) { return PT_REGS_PARM1(ctx) + PT_REGS_IP(ctx); }
EOF
for t in x86_64-linux-gnu aarch64-linux-gnu; do
	if "$CLANG" -target $t -nostdinc -fsyntax-only -Wall -Werror -I"$root/include" "$tmp/autodetect.c" 2>"$tmp/auto.err"; then
		ok "tracing: target arch auto-detected from the compiler ($t), no __TARGET_ARCH_*"
	else
		ko "tracing: auto-detection for $t: $(head -3 "$tmp/auto.err")"
	fi
done
printf '%s\n' '#include <linux/bpf.h>' '#include <linux/ptrace.h>' '#include <bpf/bpf_tracing.h>' \
	'unsigned long f(struct pt_regs *ctx) { return PT_REGS_PARM1(ctx); }' >"$tmp/notarget.c"
if ! "$CLANG" -target bpf -fsyntax-only -I"$root/include" -idirafter "$MULTIARCH" "$tmp/notarget.c" 2>"$tmp/notarget.err" &&
   grep -q 'Must specify a BPF target arch via __TARGET_ARCH_xxx' "$tmp/notarget.err"; then
	ok "tracing: -target bpf without __TARGET_ARCH_* fails with the explanatory error"
else
	ko "tracing: missing target arch not reported: $(head -3 "$tmp/notarget.err")"
fi

# --------------------------------------------- 7. load into the kernel
# loadall NAME OBJ PROGCOUNT
loadall() {
	local name=$1 obj=$2 want=$3 got
	local dir=$PIN_ROOT/$name
	if [ ! -f "$obj" ]; then
		ko "load: $name: object was not built"
		return
	fi
	if "$BPFTOOL" prog loadall "$obj" "$dir" >"$tmp/load_$name.log" 2>&1; then
		got=$(find "$dir" -mindepth 1 -maxdepth 1 | wc -l)
		if [ "$got" = "$want" ]; then
			ok "load: $name: all $want programs pass the kernel verifier"
		else
			ko "load: $name: $got of $want programs pinned"
		fi
	else
		ko "load: $name: bpftool prog loadall failed"
		tail -20 "$tmp/load_$name.log"
	fi
	rm -rf "$dir"
}

if [ "$(id -u)" != 0 ]; then
	skip "load: not root, objects not loaded into the kernel"
elif ! command -v "$BPFTOOL" >/dev/null; then
	skip "load: no bpftool"
else
	if ! mountpoint -q /sys/fs/bpf; then
		if mount -t bpf bpf /sys/fs/bpf; then MOUNTED_BPFFS=1; fi
	fi
	if ! mountpoint -q /sys/fs/bpf; then
		skip "load: cannot mount bpffs at /sys/fs/bpf"
	else
		mkdir -p "$PIN_ROOT"
		loadall printk_uapi "$tmp/obj/printk_uapi.x86.o" 1
		loadall maps_uapi "$tmp/obj/maps_uapi.x86.o" 2
		loadall kprobes_uapi "$tmp/obj/kprobes_uapi.x86.o" 3
		if [ "$HAVE_VMLINUX" = 1 ]; then
			loadall core_vmlinux "$tmp/obj/core_vmlinux.x86.o" 3
			loadall kprobes_vmlinux "$tmp/obj/kprobes_vmlinux.x86.o" 8
			loadall usdt_vmlinux "$tmp/obj/usdt_vmlinux.x86.o" 3
		fi
		rmdir "$PIN_ROOT" 2>/dev/null
		if [ -e "$PIN_ROOT" ]; then
			ko "load: pins left behind in $PIN_ROOT"
		else
			ok "load: no pins left behind"
		fi
	fi
fi

finish
