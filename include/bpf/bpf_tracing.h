/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * oxbpf: tracing helpers for BPF programs.
 *
 *  - PT_REGS_*(): read function arguments, return value and special
 *    registers out of a struct pt_regs, per target architecture;
 *  - BPF_PROG/BPF_PROG2: typed arguments for tp_btf/fentry/fexit/raw_tp...;
 *  - BPF_KPROBE/BPF_KRETPROBE/BPF_KSYSCALL/BPF_UPROBE/BPF_URETPROBE: typed
 *    arguments for kprobes, syscalls and uprobes.
 *
 * `clang -target bpf` does not say which kernel architecture the program
 * is for, so give it with -D__TARGET_ARCH_<arch> (x86, arm64, arm, s390,
 * riscv, powerpc, mips, sparc, arc, loongarch). Without it, the compiler's
 * own target (__x86_64__, __aarch64__, ...) is used when it names one of
 * those, which covers native-target pipelines (clang -emit-llvm | llc) and
 * GCC builds. With neither, the PT_REGS macros still exist but fail to
 * compile with a message saying the target arch is missing.
 *
 * The _CORE variants read through BPF_CORE_READ (include bpf_core_read.h),
 * for program types where the context cannot be dereferenced directly.
 */
#ifndef __BPF_TRACING_H__
#define __BPF_TRACING_H__

#include "bpf_helpers.h"

/* ---- target architecture ---------------------------------------------- */

#if defined(__TARGET_ARCH_x86)
# define bpf_target_x86
#elif defined(__TARGET_ARCH_arm64)
# define bpf_target_arm64
#elif defined(__TARGET_ARCH_s390)
# define bpf_target_s390
#elif defined(__TARGET_ARCH_arm)
# define bpf_target_arm
#elif defined(__TARGET_ARCH_riscv)
# define bpf_target_riscv
#elif defined(__TARGET_ARCH_powerpc)
# define bpf_target_powerpc
#elif defined(__TARGET_ARCH_mips)
# define bpf_target_mips
#elif defined(__TARGET_ARCH_sparc)
# define bpf_target_sparc
#elif defined(__TARGET_ARCH_arc)
# define bpf_target_arc
#elif defined(__TARGET_ARCH_loongarch)
# define bpf_target_loongarch
/* No -D__TARGET_ARCH_*: fall back to what the compiler targets. */
#elif defined(__x86_64__)
# define bpf_target_x86
#elif defined(__aarch64__)
# define bpf_target_arm64
#elif defined(__s390__)
# define bpf_target_s390
#elif defined(__arm__)
# define bpf_target_arm
#elif defined(__riscv) && __riscv_xlen == 64
# define bpf_target_riscv
#elif defined(__powerpc__)
# define bpf_target_powerpc
#elif defined(__mips__)
# define bpf_target_mips
#elif defined(__sparc__)
# define bpf_target_sparc
#elif defined(__arc__)
# define bpf_target_arc
#elif defined(__loongarch__)
# define bpf_target_loongarch
#endif

#if defined(bpf_target_x86) || defined(bpf_target_arm64) || defined(bpf_target_s390) || \
    defined(bpf_target_arm) || defined(bpf_target_riscv) || defined(bpf_target_powerpc) || \
    defined(bpf_target_mips) || defined(bpf_target_sparc) || defined(bpf_target_arc) || \
    defined(bpf_target_loongarch)
# define bpf_target_defined
#endif

#ifndef __BPF_TARGET_MISSING
#define __BPF_TARGET_MISSING "GCC error \"Must specify a BPF target arch via __TARGET_ARCH_xxx\""
#endif

/* CO-RE flavour structs below need this BPF-only attribute; drop it when
 * the header is compiled for a native target (arch auto-detection). */
#ifdef __has_attribute
# if __has_attribute(preserve_access_index)
#  define ___bpf_core_flavor __attribute__((preserve_access_index))
# endif
#endif
#ifndef ___bpf_core_flavor
# define ___bpf_core_flavor
#endif

/*
 * ---- register names per architecture ------------------------------------
 *
 * __PT_PARMn_REG          n-th argument of a normal function call
 * __PT_PARMn_SYSCALL_REG  n-th argument of a syscall (differs where the
 *                         syscall ABI differs from the C ABI)
 * __PT_RET_REG            where the return address is (register or stack)
 * __PT_FP_REG / _RC_ / _SP_ / _IP_  frame pointer, return value, stack
 *                         pointer, instruction pointer
 * __PT_REGS_CAST(x)       the type the names above are members of
 */

#if defined(bpf_target_x86)

/*
 * The kernel's (and so vmlinux.h's) struct pt_regs names registers di, si,
 * ...; the UAPI <asm/ptrace.h> one, seen without __KERNEL__, says rdi, rsi.
 * On i386 UAPI, the first three arguments are passed in registers
 * (-mregparm=3), syscalls use ebx..ebp.
 */
#if defined(__KERNEL__) || defined(__VMLINUX_H__)
#define __PT_PARM1_REG di
#define __PT_PARM2_REG si
#define __PT_PARM3_REG dx
#define __PT_PARM4_REG cx
#define __PT_PARM5_REG r8
#define __PT_PARM6_REG r9
#define __PT_PARM4_SYSCALL_REG r10	/* rcx is clobbered by `syscall` */
#define __PT_RET_REG sp
#define __PT_FP_REG bp
#define __PT_RC_REG ax
#define __PT_SP_REG sp
#define __PT_IP_REG ip
#elif defined(__i386__)
#define __PT_PARM1_REG eax
#define __PT_PARM2_REG edx
#define __PT_PARM3_REG ecx
#define __PT_PARM1_SYSCALL_REG ebx
#define __PT_PARM2_SYSCALL_REG ecx
#define __PT_PARM3_SYSCALL_REG edx
#define __PT_PARM4_SYSCALL_REG esi
#define __PT_PARM5_SYSCALL_REG edi
#define __PT_PARM6_SYSCALL_REG ebp
#define __PT_RET_REG esp
#define __PT_FP_REG ebp
#define __PT_RC_REG eax
#define __PT_SP_REG esp
#define __PT_IP_REG eip
#else
#define __PT_PARM1_REG rdi
#define __PT_PARM2_REG rsi
#define __PT_PARM3_REG rdx
#define __PT_PARM4_REG rcx
#define __PT_PARM5_REG r8
#define __PT_PARM6_REG r9
#define __PT_PARM4_SYSCALL_REG r10
#define __PT_RET_REG rsp
#define __PT_FP_REG rbp
#define __PT_RC_REG rax
#define __PT_SP_REG rsp
#define __PT_IP_REG rip
#endif

#elif defined(bpf_target_arm64)

/*
 * Registers live in struct user_pt_regs at the start of the kernel's
 * pt_regs. The syscall's first argument is saved in orig_x0 (x0 is
 * overwritten by the return value), which only the kernel struct has: read
 * it through a CO-RE flavour of pt_regs.
 */
struct pt_regs___arm64 {
	unsigned long orig_x0;
} ___bpf_core_flavor;

#define __PT_REGS_CAST(x) ((const struct user_pt_regs *)(x))
#define __PT_PARM1_REG regs[0]
#define __PT_PARM2_REG regs[1]
#define __PT_PARM3_REG regs[2]
#define __PT_PARM4_REG regs[3]
#define __PT_PARM5_REG regs[4]
#define __PT_PARM6_REG regs[5]
#define __PT_PARM7_REG regs[6]
#define __PT_PARM8_REG regs[7]
#define __PT_PARM1_SYSCALL_REG orig_x0
#define PT_REGS_PARM1_SYSCALL(x) (((const struct pt_regs___arm64 *)(x))->orig_x0)
#define PT_REGS_PARM1_CORE_SYSCALL(x) \
	BPF_CORE_READ((const struct pt_regs___arm64 *)(x), orig_x0)
#define __PT_RET_REG regs[30]	/* link register */
#define __PT_FP_REG regs[29]	/* needs CONFIG_FRAME_POINTER */
#define __PT_RC_REG regs[0]
#define __PT_SP_REG sp
#define __PT_IP_REG pc

#elif defined(bpf_target_s390)

/* user_pt_regs (UAPI) at the start of pt_regs; orig_gpr2 as on arm64. */
struct pt_regs___s390 {
	unsigned long orig_gpr2;
} ___bpf_core_flavor;

#define __PT_REGS_CAST(x) ((const user_pt_regs *)(x))
#define __PT_PARM1_REG gprs[2]
#define __PT_PARM2_REG gprs[3]
#define __PT_PARM3_REG gprs[4]
#define __PT_PARM4_REG gprs[5]
#define __PT_PARM5_REG gprs[6]
#define __PT_PARM1_SYSCALL_REG orig_gpr2
#define __PT_PARM6_SYSCALL_REG gprs[7]
#define PT_REGS_PARM1_SYSCALL(x) (((const struct pt_regs___s390 *)(x))->orig_gpr2)
#define PT_REGS_PARM1_CORE_SYSCALL(x) \
	BPF_CORE_READ((const struct pt_regs___s390 *)(x), orig_gpr2)
#define __PT_RET_REG gprs[14]
#define __PT_FP_REG gprs[11]	/* needs CONFIG_FRAME_POINTER */
#define __PT_RC_REG gprs[2]
#define __PT_SP_REG gprs[15]
#define __PT_IP_REG psw.addr

#elif defined(bpf_target_arm)

#define __PT_PARM1_REG uregs[0]
#define __PT_PARM2_REG uregs[1]
#define __PT_PARM3_REG uregs[2]
#define __PT_PARM4_REG uregs[3]
#define __PT_PARM5_SYSCALL_REG uregs[4]
#define __PT_PARM6_SYSCALL_REG uregs[5]
#define __PT_PARM7_SYSCALL_REG uregs[6]
#define __PT_RET_REG uregs[14]
#define __PT_FP_REG uregs[11]	/* needs CONFIG_FRAME_POINTER */
#define __PT_RC_REG uregs[0]
#define __PT_SP_REG uregs[13]
#define __PT_IP_REG uregs[12]

#elif defined(bpf_target_riscv)

struct pt_regs___riscv {
	unsigned long orig_a0;
} ___bpf_core_flavor;

#define __PT_REGS_CAST(x) ((const struct user_regs_struct *)(x))
#define __PT_PARM1_REG a0
#define __PT_PARM2_REG a1
#define __PT_PARM3_REG a2
#define __PT_PARM4_REG a3
#define __PT_PARM5_REG a4
#define __PT_PARM6_REG a5
#define __PT_PARM7_REG a6
#define __PT_PARM8_REG a7
#define __PT_PARM1_SYSCALL_REG orig_a0
#define PT_REGS_PARM1_SYSCALL(x) (((const struct pt_regs___riscv *)(x))->orig_a0)
#define PT_REGS_PARM1_CORE_SYSCALL(x) \
	BPF_CORE_READ((const struct pt_regs___riscv *)(x), orig_a0)
#define __PT_RET_REG ra
#define __PT_FP_REG s0
#define __PT_RC_REG a0
#define __PT_SP_REG sp
#define __PT_IP_REG pc

#elif defined(bpf_target_powerpc)

#define __PT_PARM1_REG gpr[3]
#define __PT_PARM2_REG gpr[4]
#define __PT_PARM3_REG gpr[5]
#define __PT_PARM4_REG gpr[6]
#define __PT_PARM5_REG gpr[7]
#define __PT_PARM6_REG gpr[8]
#define __PT_PARM7_REG gpr[9]
#define __PT_PARM8_REG gpr[10]
/* powerpc syscall wrappers get the user registers directly as context. */
#define PT_REGS_SYSCALL_REGS(ctx) ctx
#define __PT_PARM1_SYSCALL_REG orig_gpr3
#if !defined(__arch64__)
#define __PT_PARM7_SYSCALL_REG __PT_PARM7_REG	/* 32-bit only */
#endif
#define __PT_RET_REG regs[31]
#define __PT_FP_REG __unsupported__
#define __PT_RC_REG gpr[3]
#define __PT_SP_REG gpr[1]
#define __PT_IP_REG nip

#elif defined(bpf_target_mips)

#define __PT_PARM1_REG regs[4]
#define __PT_PARM2_REG regs[5]
#define __PT_PARM3_REG regs[6]
#define __PT_PARM4_REG regs[7]
#define __PT_PARM5_REG regs[8]	/* N32/N64 ABIs */
#define __PT_PARM6_REG regs[9]
#define __PT_PARM7_REG regs[10]
#define __PT_PARM8_REG regs[11]
#define __PT_RET_REG regs[31]
#define __PT_FP_REG regs[30]	/* needs CONFIG_FRAME_POINTER */
#define __PT_RC_REG regs[2]
#define __PT_SP_REG regs[29]
#define __PT_IP_REG cp0_epc

#elif defined(bpf_target_sparc)

#define __PT_PARM1_REG u_regs[UREG_I0]
#define __PT_PARM2_REG u_regs[UREG_I1]
#define __PT_PARM3_REG u_regs[UREG_I2]
#define __PT_PARM4_REG u_regs[UREG_I3]
#define __PT_PARM5_REG u_regs[UREG_I4]
#define __PT_PARM6_REG u_regs[UREG_I5]
#define __PT_RET_REG u_regs[UREG_I7]
#define __PT_FP_REG __unsupported__
#define __PT_RC_REG u_regs[UREG_I0]
#define __PT_SP_REG u_regs[UREG_FP]
#if defined(__arch64__)
#define __PT_IP_REG tpc
#else
#define __PT_IP_REG pc
#endif

#elif defined(bpf_target_arc)

#define __PT_REGS_CAST(x) ((const struct user_regs_struct *)(x))
#define __PT_PARM1_REG scratch.r0
#define __PT_PARM2_REG scratch.r1
#define __PT_PARM3_REG scratch.r2
#define __PT_PARM4_REG scratch.r3
#define __PT_PARM5_REG scratch.r4
#define __PT_PARM6_REG scratch.r5
#define __PT_PARM7_REG scratch.r6
#define __PT_PARM8_REG scratch.r7
#define PT_REGS_SYSCALL_REGS(ctx) ctx
#define __PT_RET_REG scratch.blink
#define __PT_FP_REG scratch.fp
#define __PT_RC_REG scratch.r0
#define __PT_SP_REG scratch.sp
#define __PT_IP_REG scratch.ret

#elif defined(bpf_target_loongarch)

#define __PT_REGS_CAST(x) ((const struct user_pt_regs *)(x))
#define __PT_PARM1_REG regs[4]
#define __PT_PARM2_REG regs[5]
#define __PT_PARM3_REG regs[6]
#define __PT_PARM4_REG regs[7]
#define __PT_PARM5_REG regs[8]
#define __PT_PARM6_REG regs[9]
#define __PT_PARM7_REG regs[10]
#define __PT_PARM8_REG regs[11]
#define PT_REGS_SYSCALL_REGS(ctx) ctx
#define __PT_RET_REG regs[1]
#define __PT_FP_REG regs[22]
#define __PT_RC_REG regs[4]
#define __PT_SP_REG regs[3]
#define __PT_IP_REG csr_era

#endif /* per-architecture register names */

/* ---- generic accessors ------------------------------------------------ */

#if defined(bpf_target_defined)

struct pt_regs;

#ifndef __PT_REGS_CAST
#define __PT_REGS_CAST(x) (x)
#endif

/* Syscall argument registers default to the function-call ones. */
#if !defined(__PT_PARM1_SYSCALL_REG) && defined(__PT_PARM1_REG)
#define __PT_PARM1_SYSCALL_REG __PT_PARM1_REG
#endif
#if !defined(__PT_PARM2_SYSCALL_REG) && defined(__PT_PARM2_REG)
#define __PT_PARM2_SYSCALL_REG __PT_PARM2_REG
#endif
#if !defined(__PT_PARM3_SYSCALL_REG) && defined(__PT_PARM3_REG)
#define __PT_PARM3_SYSCALL_REG __PT_PARM3_REG
#endif
#if !defined(__PT_PARM4_SYSCALL_REG) && defined(__PT_PARM4_REG)
#define __PT_PARM4_SYSCALL_REG __PT_PARM4_REG
#endif
#if !defined(__PT_PARM5_SYSCALL_REG) && defined(__PT_PARM5_REG)
#define __PT_PARM5_SYSCALL_REG __PT_PARM5_REG
#endif
#if !defined(__PT_PARM6_SYSCALL_REG) && defined(__PT_PARM6_REG)
#define __PT_PARM6_SYSCALL_REG __PT_PARM6_REG
#endif

/*
 * Registers an architecture does not pass that argument in expand to a
 * member that does not exist, so using them is a compile error naming
 * __unsupported__.
 */
#ifndef __PT_PARM4_REG
#define __PT_PARM4_REG __unsupported__
#endif
#ifndef __PT_PARM5_REG
#define __PT_PARM5_REG __unsupported__
#endif
#ifndef __PT_PARM6_REG
#define __PT_PARM6_REG __unsupported__
#endif
#ifndef __PT_PARM7_REG
#define __PT_PARM7_REG __unsupported__
#endif
#ifndef __PT_PARM8_REG
#define __PT_PARM8_REG __unsupported__
#endif
#ifndef __PT_PARM4_SYSCALL_REG
#define __PT_PARM4_SYSCALL_REG __unsupported__
#endif
#ifndef __PT_PARM5_SYSCALL_REG
#define __PT_PARM5_SYSCALL_REG __unsupported__
#endif
#ifndef __PT_PARM6_SYSCALL_REG
#define __PT_PARM6_SYSCALL_REG __unsupported__
#endif
#ifndef __PT_PARM7_SYSCALL_REG
#define __PT_PARM7_SYSCALL_REG __unsupported__
#endif

/* Direct loads: kprobe/uprobe programs may dereference their pt_regs ctx. */
#define ___pt_reg(x, r)		(__PT_REGS_CAST(x)->r)
/* Relocated probe reads: for a pt_regs pointer that is not the ctx. */
#define ___pt_reg_core(x, r)	BPF_CORE_READ(__PT_REGS_CAST(x), r)

#define PT_REGS_PARM1(x) ___pt_reg(x, __PT_PARM1_REG)
#define PT_REGS_PARM2(x) ___pt_reg(x, __PT_PARM2_REG)
#define PT_REGS_PARM3(x) ___pt_reg(x, __PT_PARM3_REG)
#define PT_REGS_PARM4(x) ___pt_reg(x, __PT_PARM4_REG)
#define PT_REGS_PARM5(x) ___pt_reg(x, __PT_PARM5_REG)
#define PT_REGS_PARM6(x) ___pt_reg(x, __PT_PARM6_REG)
#define PT_REGS_PARM7(x) ___pt_reg(x, __PT_PARM7_REG)
#define PT_REGS_PARM8(x) ___pt_reg(x, __PT_PARM8_REG)
#define PT_REGS_RET(x) ___pt_reg(x, __PT_RET_REG)
#define PT_REGS_FP(x) ___pt_reg(x, __PT_FP_REG)
#define PT_REGS_RC(x) ___pt_reg(x, __PT_RC_REG)
#define PT_REGS_SP(x) ___pt_reg(x, __PT_SP_REG)
#define PT_REGS_IP(x) ___pt_reg(x, __PT_IP_REG)

#define PT_REGS_PARM1_CORE(x) ___pt_reg_core(x, __PT_PARM1_REG)
#define PT_REGS_PARM2_CORE(x) ___pt_reg_core(x, __PT_PARM2_REG)
#define PT_REGS_PARM3_CORE(x) ___pt_reg_core(x, __PT_PARM3_REG)
#define PT_REGS_PARM4_CORE(x) ___pt_reg_core(x, __PT_PARM4_REG)
#define PT_REGS_PARM5_CORE(x) ___pt_reg_core(x, __PT_PARM5_REG)
#define PT_REGS_PARM6_CORE(x) ___pt_reg_core(x, __PT_PARM6_REG)
#define PT_REGS_PARM7_CORE(x) ___pt_reg_core(x, __PT_PARM7_REG)
#define PT_REGS_PARM8_CORE(x) ___pt_reg_core(x, __PT_PARM8_REG)
#define PT_REGS_RET_CORE(x) ___pt_reg_core(x, __PT_RET_REG)
#define PT_REGS_FP_CORE(x) ___pt_reg_core(x, __PT_FP_REG)
#define PT_REGS_RC_CORE(x) ___pt_reg_core(x, __PT_RC_REG)
#define PT_REGS_SP_CORE(x) ___pt_reg_core(x, __PT_SP_REG)
#define PT_REGS_IP_CORE(x) ___pt_reg_core(x, __PT_IP_REG)

/*
 * Return address of the probed function: in the link register on
 * arm64/sparc/powerpc, else at the top of the stack on entry (kprobe) or
 * just above the saved frame pointer (kretprobe).
 */
#if defined(bpf_target_powerpc)
#define BPF_KPROBE_READ_RET_IP(ip, ctx)		({ (ip) = (ctx)->link; })
#define BPF_KRETPROBE_READ_RET_IP		BPF_KPROBE_READ_RET_IP
#elif defined(bpf_target_sparc) || defined(bpf_target_arm64)
#define BPF_KPROBE_READ_RET_IP(ip, ctx)		({ (ip) = PT_REGS_RET(ctx); })
#define BPF_KRETPROBE_READ_RET_IP		BPF_KPROBE_READ_RET_IP
#else
#define BPF_KPROBE_READ_RET_IP(ip, ctx) ({				\
	bpf_probe_read_kernel(&(ip), sizeof(ip), (void *)PT_REGS_RET(ctx)); })
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx) ({				\
	bpf_probe_read_kernel(&(ip), sizeof(ip),			\
			      (void *)(PT_REGS_FP(ctx) + sizeof(ip))); })
#endif

#ifndef PT_REGS_PARM1_SYSCALL
#define PT_REGS_PARM1_SYSCALL(x) ___pt_reg(x, __PT_PARM1_SYSCALL_REG)
#define PT_REGS_PARM1_CORE_SYSCALL(x) ___pt_reg_core(x, __PT_PARM1_SYSCALL_REG)
#endif
#define PT_REGS_PARM2_SYSCALL(x) ___pt_reg(x, __PT_PARM2_SYSCALL_REG)
#define PT_REGS_PARM3_SYSCALL(x) ___pt_reg(x, __PT_PARM3_SYSCALL_REG)
#define PT_REGS_PARM4_SYSCALL(x) ___pt_reg(x, __PT_PARM4_SYSCALL_REG)
#define PT_REGS_PARM5_SYSCALL(x) ___pt_reg(x, __PT_PARM5_SYSCALL_REG)
#define PT_REGS_PARM6_SYSCALL(x) ___pt_reg(x, __PT_PARM6_SYSCALL_REG)
#define PT_REGS_PARM7_SYSCALL(x) ___pt_reg(x, __PT_PARM7_SYSCALL_REG)
#define PT_REGS_PARM2_CORE_SYSCALL(x) ___pt_reg_core(x, __PT_PARM2_SYSCALL_REG)
#define PT_REGS_PARM3_CORE_SYSCALL(x) ___pt_reg_core(x, __PT_PARM3_SYSCALL_REG)
#define PT_REGS_PARM4_CORE_SYSCALL(x) ___pt_reg_core(x, __PT_PARM4_SYSCALL_REG)
#define PT_REGS_PARM5_CORE_SYSCALL(x) ___pt_reg_core(x, __PT_PARM5_SYSCALL_REG)
#define PT_REGS_PARM6_CORE_SYSCALL(x) ___pt_reg_core(x, __PT_PARM6_SYSCALL_REG)
#define PT_REGS_PARM7_CORE_SYSCALL(x) ___pt_reg_core(x, __PT_PARM7_SYSCALL_REG)

#else /* !bpf_target_defined */

/* Every accessor becomes a compile error that says what is missing. */
#define ___pt_no_target ({ _Pragma(__BPF_TARGET_MISSING); 0l; })

#define PT_REGS_PARM1(x) ___pt_no_target
#define PT_REGS_PARM2(x) ___pt_no_target
#define PT_REGS_PARM3(x) ___pt_no_target
#define PT_REGS_PARM4(x) ___pt_no_target
#define PT_REGS_PARM5(x) ___pt_no_target
#define PT_REGS_PARM6(x) ___pt_no_target
#define PT_REGS_PARM7(x) ___pt_no_target
#define PT_REGS_PARM8(x) ___pt_no_target
#define PT_REGS_RET(x) ___pt_no_target
#define PT_REGS_FP(x) ___pt_no_target
#define PT_REGS_RC(x) ___pt_no_target
#define PT_REGS_SP(x) ___pt_no_target
#define PT_REGS_IP(x) ___pt_no_target

#define PT_REGS_PARM1_CORE(x) ___pt_no_target
#define PT_REGS_PARM2_CORE(x) ___pt_no_target
#define PT_REGS_PARM3_CORE(x) ___pt_no_target
#define PT_REGS_PARM4_CORE(x) ___pt_no_target
#define PT_REGS_PARM5_CORE(x) ___pt_no_target
#define PT_REGS_PARM6_CORE(x) ___pt_no_target
#define PT_REGS_PARM7_CORE(x) ___pt_no_target
#define PT_REGS_PARM8_CORE(x) ___pt_no_target
#define PT_REGS_RET_CORE(x) ___pt_no_target
#define PT_REGS_FP_CORE(x) ___pt_no_target
#define PT_REGS_RC_CORE(x) ___pt_no_target
#define PT_REGS_SP_CORE(x) ___pt_no_target
#define PT_REGS_IP_CORE(x) ___pt_no_target

#define BPF_KPROBE_READ_RET_IP(ip, ctx) ___pt_no_target
#define BPF_KRETPROBE_READ_RET_IP(ip, ctx) ___pt_no_target

#define PT_REGS_PARM1_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM2_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM3_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM4_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM5_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM6_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM7_SYSCALL(x) ___pt_no_target

#define PT_REGS_PARM1_CORE_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM2_CORE_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM3_CORE_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM4_CORE_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM5_CORE_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM6_CORE_SYSCALL(x) ___pt_no_target
#define PT_REGS_PARM7_CORE_SYSCALL(x) ___pt_no_target

#endif /* bpf_target_defined */

/*
 * With syscall wrappers, a kprobe on a syscall sees the wrapper, whose only
 * argument is the pt_regs holding the user's registers.
 */
#ifndef PT_REGS_SYSCALL_REGS
#define PT_REGS_SYSCALL_REGS(ctx) ((struct pt_regs *)PT_REGS_PARM1(ctx))
#endif

/* ---- argument plumbing (also defined by bpf_helpers.h) ---------------- */

#ifndef ___bpf_concat
#define ___bpf_concat(a, b) a ## b
#endif
#ifndef ___bpf_apply
#define ___bpf_apply(fn, n) ___bpf_concat(fn, n)
#endif
#ifndef ___bpf_nth
#define ___bpf_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _a, _b, _c, N, ...) N
#endif
#ifndef ___bpf_narg
#define ___bpf_narg(...) \
	___bpf_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#endif

/*
 * All the BPF_* wrappers below follow one pattern: the macro declares the
 * real program `name(ctx)` with the context type the kernel passes, and a
 * static always-inline `____name(ctx, <user's typed args>)` whose body is
 * the code written after the macro. The program fetches each argument from
 * the context and calls the inline function. Arguments are passed as
 * integers (u64) and converted to the declared types, including pointers;
 * the pragmas silence -Wint-conversion for exactly that call.
 */
#define ___bpf_wrap(name, ctx_type, fetch, args...)			\
name(ctx_type *ctx);							\
static __always_inline typeof(name(0))					\
____##name(ctx_type *ctx, ##args);					\
typeof(name(0)) name(ctx_type *ctx)					\
{									\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")		\
	return ____##name(fetch);					\
	_Pragma("GCC diagnostic pop")					\
}									\
static __always_inline typeof(name(0))					\
____##name(ctx_type *ctx, ##args)

/*
 * BPF_PROG: for tp_btf, fentry/fexit/fmod_ret, raw_tp, lsm, struct_ops...
 * whose context is an array of u64, one per argument.
 */
#define ___bpf_ctx_cast0()            ctx
#define ___bpf_ctx_cast1(x)           ___bpf_ctx_cast0(), ctx[0]
#define ___bpf_ctx_cast2(x, args...)  ___bpf_ctx_cast1(args), ctx[1]
#define ___bpf_ctx_cast3(x, args...)  ___bpf_ctx_cast2(args), ctx[2]
#define ___bpf_ctx_cast4(x, args...)  ___bpf_ctx_cast3(args), ctx[3]
#define ___bpf_ctx_cast5(x, args...)  ___bpf_ctx_cast4(args), ctx[4]
#define ___bpf_ctx_cast6(x, args...)  ___bpf_ctx_cast5(args), ctx[5]
#define ___bpf_ctx_cast7(x, args...)  ___bpf_ctx_cast6(args), ctx[6]
#define ___bpf_ctx_cast8(x, args...)  ___bpf_ctx_cast7(args), ctx[7]
#define ___bpf_ctx_cast9(x, args...)  ___bpf_ctx_cast8(args), ctx[8]
#define ___bpf_ctx_cast10(x, args...) ___bpf_ctx_cast9(args), ctx[9]
#define ___bpf_ctx_cast11(x, args...) ___bpf_ctx_cast10(args), ctx[10]
#define ___bpf_ctx_cast12(x, args...) ___bpf_ctx_cast11(args), ctx[11]
#define ___bpf_ctx_cast(args...) \
	___bpf_apply(___bpf_ctx_cast, ___bpf_narg(args))(args)

#define BPF_PROG(name, args...) \
	___bpf_wrap(name, unsigned long long, ___bpf_ctx_cast(args), ##args)

/*
 * BPF_PROG2(name, type1, arg1, type2, arg2, ...): like BPF_PROG, but types
 * and names are separate so that arguments of any size up to 16 bytes
 * (structs passed by value) can be rebuilt from one or two u64 slots.
 */
#ifndef ___bpf_nth2
#define ___bpf_nth2(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, \
		    _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, N, ...) N
#endif
/* Number of (type, name) pairs, 0 to 12. */
#ifndef ___bpf_narg2
#define ___bpf_narg2(...)						\
	___bpf_nth2(_, ##__VA_ARGS__, 12, 12, 11, 11, 10, 10, 9, 9, 8, 8, 7, 7, \
		    6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0)
#endif

/* u64 slots an argument of type t takes in the context array. */
#define ___bpf_treg_cnt(t)						\
	__builtin_choose_expr(sizeof(t) == 1 || sizeof(t) == 2 ||	\
			      sizeof(t) == 4 || sizeof(t) == 8, 1,	\
	__builtin_choose_expr(sizeof(t) == 16, 2, (void)0))

/* Reinterpret the slot(s) starting at ctx[n] as a t. */
#define ___bpf_slot_as(word_t, nwords, t, ...) ({			\
	union { word_t ___w[nwords]; t ___v; } ___s = { .___w = { __VA_ARGS__ } }; \
	___s.___v;							\
})
#define ___bpf_union_arg(t, x, n)					\
	__builtin_choose_expr(sizeof(t) == 1, ___bpf_slot_as(__u8, 1, t, ctx[n]), \
	__builtin_choose_expr(sizeof(t) == 2, ___bpf_slot_as(__u16, 1, t, ctx[n]), \
	__builtin_choose_expr(sizeof(t) == 4, ___bpf_slot_as(__u32, 1, t, ctx[n]), \
	__builtin_choose_expr(sizeof(t) == 8, ___bpf_slot_as(__u64, 1, t, ctx[n]), \
	__builtin_choose_expr(sizeof(t) == 16,				\
			      ___bpf_slot_as(__u64, 2, t, ctx[n], ctx[(n) + 1]), \
			      (void)0)))))

/* ", arg0, arg1..." fetched from the slots; `at` is the running slot index. */
#define ___bpf_ctx_arg0(at)
#define ___bpf_ctx_arg1(at, t, x) , ___bpf_union_arg(t, x, at)
#define ___bpf_ctx_arg2(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg1(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg3(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg2(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg4(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg3(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg5(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg4(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg6(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg5(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg7(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg6(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg8(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg7(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg9(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg8(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg10(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg9(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg11(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg10(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg12(at, t, x, args...) \
	, ___bpf_union_arg(t, x, at) ___bpf_ctx_arg11(at + ___bpf_treg_cnt(t), args)
#define ___bpf_ctx_arg(args...) \
	___bpf_apply(___bpf_ctx_arg, ___bpf_narg2(args))(0, ##args)

/* ", t1 x1, t2 x2..." parameter list. */
#define ___bpf_ctx_decl0()
#define ___bpf_ctx_decl1(t, x)			, t x
#define ___bpf_ctx_decl2(t, x, args...)		, t x ___bpf_ctx_decl1(args)
#define ___bpf_ctx_decl3(t, x, args...)		, t x ___bpf_ctx_decl2(args)
#define ___bpf_ctx_decl4(t, x, args...)		, t x ___bpf_ctx_decl3(args)
#define ___bpf_ctx_decl5(t, x, args...)		, t x ___bpf_ctx_decl4(args)
#define ___bpf_ctx_decl6(t, x, args...)		, t x ___bpf_ctx_decl5(args)
#define ___bpf_ctx_decl7(t, x, args...)		, t x ___bpf_ctx_decl6(args)
#define ___bpf_ctx_decl8(t, x, args...)		, t x ___bpf_ctx_decl7(args)
#define ___bpf_ctx_decl9(t, x, args...)		, t x ___bpf_ctx_decl8(args)
#define ___bpf_ctx_decl10(t, x, args...)	, t x ___bpf_ctx_decl9(args)
#define ___bpf_ctx_decl11(t, x, args...)	, t x ___bpf_ctx_decl10(args)
#define ___bpf_ctx_decl12(t, x, args...)	, t x ___bpf_ctx_decl11(args)
#define ___bpf_ctx_decl(args...) \
	___bpf_apply(___bpf_ctx_decl, ___bpf_narg2(args))(args)

#define BPF_PROG2(name, args...)					\
name(unsigned long long *ctx);						\
static __always_inline typeof(name(0))					\
____##name(unsigned long long *ctx ___bpf_ctx_decl(args));		\
typeof(name(0)) name(unsigned long long *ctx)				\
{									\
	return ____##name(ctx ___bpf_ctx_arg(args));			\
}									\
static __always_inline typeof(name(0))					\
____##name(unsigned long long *ctx ___bpf_ctx_decl(args))

struct pt_regs;

/* BPF_KPROBE / BPF_UPROBE: arguments from the function-call registers. */
#define ___bpf_kprobe_args0()           ctx
#define ___bpf_kprobe_args1(x)          ___bpf_kprobe_args0(), (unsigned long long)PT_REGS_PARM1(ctx)
#define ___bpf_kprobe_args2(x, args...) ___bpf_kprobe_args1(args), (unsigned long long)PT_REGS_PARM2(ctx)
#define ___bpf_kprobe_args3(x, args...) ___bpf_kprobe_args2(args), (unsigned long long)PT_REGS_PARM3(ctx)
#define ___bpf_kprobe_args4(x, args...) ___bpf_kprobe_args3(args), (unsigned long long)PT_REGS_PARM4(ctx)
#define ___bpf_kprobe_args5(x, args...) ___bpf_kprobe_args4(args), (unsigned long long)PT_REGS_PARM5(ctx)
#define ___bpf_kprobe_args6(x, args...) ___bpf_kprobe_args5(args), (unsigned long long)PT_REGS_PARM6(ctx)
#define ___bpf_kprobe_args7(x, args...) ___bpf_kprobe_args6(args), (unsigned long long)PT_REGS_PARM7(ctx)
#define ___bpf_kprobe_args8(x, args...) ___bpf_kprobe_args7(args), (unsigned long long)PT_REGS_PARM8(ctx)
#define ___bpf_kprobe_args(args...) \
	___bpf_apply(___bpf_kprobe_args, ___bpf_narg(args))(args)

#define BPF_KPROBE(name, args...) \
	___bpf_wrap(name, struct pt_regs, ___bpf_kprobe_args(args), ##args)

/* BPF_KRETPROBE / BPF_URETPROBE: the only argument is the return value. */
#define ___bpf_kretprobe_args0()       ctx
#define ___bpf_kretprobe_args1(x)      ___bpf_kretprobe_args0(), (unsigned long long)PT_REGS_RC(ctx)
#define ___bpf_kretprobe_args(args...) \
	___bpf_apply(___bpf_kretprobe_args, ___bpf_narg(args))(args)

#define BPF_KRETPROBE(name, args...) \
	___bpf_wrap(name, struct pt_regs, ___bpf_kretprobe_args(args), ##args)

/* Syscall arguments read directly from `regs` (no syscall wrapper). */
#define ___bpf_syscall_args0()           ctx
#define ___bpf_syscall_args1(x)          ___bpf_syscall_args0(), (unsigned long long)PT_REGS_PARM1_SYSCALL(regs)
#define ___bpf_syscall_args2(x, args...) ___bpf_syscall_args1(args), (unsigned long long)PT_REGS_PARM2_SYSCALL(regs)
#define ___bpf_syscall_args3(x, args...) ___bpf_syscall_args2(args), (unsigned long long)PT_REGS_PARM3_SYSCALL(regs)
#define ___bpf_syscall_args4(x, args...) ___bpf_syscall_args3(args), (unsigned long long)PT_REGS_PARM4_SYSCALL(regs)
#define ___bpf_syscall_args5(x, args...) ___bpf_syscall_args4(args), (unsigned long long)PT_REGS_PARM5_SYSCALL(regs)
#define ___bpf_syscall_args6(x, args...) ___bpf_syscall_args5(args), (unsigned long long)PT_REGS_PARM6_SYSCALL(regs)
#define ___bpf_syscall_args7(x, args...) ___bpf_syscall_args6(args), (unsigned long long)PT_REGS_PARM7_SYSCALL(regs)
#define ___bpf_syscall_args(args...) \
	___bpf_apply(___bpf_syscall_args, ___bpf_narg(args))(args)

/* Syscall arguments probe-read from the user pt_regs a wrapper received. */
#define ___bpf_syswrap_args0()           ctx
#define ___bpf_syswrap_args1(x)          ___bpf_syswrap_args0(), (unsigned long long)PT_REGS_PARM1_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args2(x, args...) ___bpf_syswrap_args1(args), (unsigned long long)PT_REGS_PARM2_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args3(x, args...) ___bpf_syswrap_args2(args), (unsigned long long)PT_REGS_PARM3_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args4(x, args...) ___bpf_syswrap_args3(args), (unsigned long long)PT_REGS_PARM4_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args5(x, args...) ___bpf_syswrap_args4(args), (unsigned long long)PT_REGS_PARM5_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args6(x, args...) ___bpf_syswrap_args5(args), (unsigned long long)PT_REGS_PARM6_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args7(x, args...) ___bpf_syswrap_args6(args), (unsigned long long)PT_REGS_PARM7_CORE_SYSCALL(regs)
#define ___bpf_syswrap_args(args...) \
	___bpf_apply(___bpf_syswrap_args, ___bpf_narg(args))(args)

/*
 * BPF_KSYSCALL: for SEC("ksyscall/<name>") programs. Whether the kernel
 * routes syscalls through wrappers taking a pt_regs pointer is only known
 * at load time: the loader fills the LINUX_HAS_SYSCALL_WRAPPER Kconfig
 * extern, and the dead branch is removed by the verifier. The wrapped case
 * needs bpf_core_read.h (probe reads of the user registers).
 */
#define BPF_KSYSCALL(name, args...)					\
name(struct pt_regs *ctx);						\
extern _Bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;			\
static __always_inline typeof(name(0))					\
____##name(struct pt_regs *ctx, ##args);				\
typeof(name(0)) name(struct pt_regs *ctx)				\
{									\
	struct pt_regs *regs = LINUX_HAS_SYSCALL_WRAPPER		\
			       ? (struct pt_regs *)PT_REGS_PARM1(ctx)	\
			       : ctx;					\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")		\
	if (LINUX_HAS_SYSCALL_WRAPPER)					\
		return ____##name(___bpf_syswrap_args(args));		\
	else								\
		return ____##name(___bpf_syscall_args(args));		\
	_Pragma("GCC diagnostic pop")					\
}									\
static __always_inline typeof(name(0))					\
____##name(struct pt_regs *ctx, ##args)

#define BPF_KPROBE_SYSCALL BPF_KSYSCALL

/* User-space probes see the same pt_regs as kprobes. */
#define BPF_UPROBE(name, args...)  BPF_KPROBE(name, ##args)
#define BPF_URETPROBE(name, args...)  BPF_KRETPROBE(name, ##args)

#endif /* __BPF_TRACING_H__ */
