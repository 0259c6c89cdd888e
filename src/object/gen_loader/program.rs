//! The loader program: each step of a load (BTF, map creation, initial
//! values, freezing, program loads) recorded as BPF instructions of a
//! `BPF_PROG_TYPE_SYSCALL` program that replays it with `bpf_sys_bpf`.
//!
//! Registers: R6 holds the context (`struct bpf_loader_ctx`, then one
//! `struct bpf_map_desc` per map, then one `struct bpf_prog_desc` per
//! program), R7 the result of the last command. The stack holds the BTF fd,
//! a map-in-map's inner map fd and the program fds; map fds live in the
//! blob's fd array (also the `fd_array` of every program load, so map
//! references are `BPF_PSEUDO_MAP_IDX` by map index). Every failing step
//! jumps to one cleanup block that closes what was created and returns the
//! error.

use super::blob::{Attr, Blob};
use crate::btf::core::CoreRelo;
use crate::error::{Errno, Error, Result};
use crate::insn::{self, Cond, Size, R0, R1, R10, R2, R3, R4, R6, R7, R8, R9};
use crate::uapi::bpf::{
    bpf_insn, BtfLoadAttr, MapCreateAttr, MapElemAttr, MapFreezeAttr, ProgLoadAttr,
};
use std::mem::{offset_of, size_of};

/// Map fd slots of the fd array (the kernel's limit of maps per program).
pub const MAX_USED_MAPS: u32 = 64;
/// Program fd slots on the loader's stack.
pub const MAX_USED_PROGS: u32 = 32;
/// Module BTF fd slots for kfuncs, after the map slots.
const MAX_KFUNC_DESCS: u32 = 256;
const FD_ARRAY_SLOTS: u32 = MAX_USED_MAPS + MAX_KFUNC_DESCS;

// Helper ids (linux/bpf.h).
const PROBE_READ_KERNEL: i32 = 113;
const COPY_FROM_USER: i32 = 148;
const SYS_BPF: i32 = 166;
const BTF_FIND_BY_NAME_KIND: i32 = 167;
const SYS_CLOSE: i32 = 168;
const KALLSYMS_LOOKUP_NAME: i32 = 179;

// bpf(2) commands.
const MAP_CREATE: i32 = 0;
const MAP_UPDATE_ELEM: i32 = 2;
const PROG_LOAD: i32 = 5;
const BTF_LOAD: i32 = 18;
const MAP_FREEZE: i32 = 22;

const PSEUDO_MAP_IDX_VALUE: u8 = 6;
/// `bpf_loader_ctx.flags`: running inside the kernel (initial values are
/// kernel pointers).
const SKEL_KERNEL: i32 = 1;

// Stack frame: { u32 btf_fd; u32 inner_map_fd; u32 prog_fd[32]; } below R10.
const STACK_SZ: i16 = 8 + 4 * MAX_USED_PROGS as i16;
const STACK_BTF_FD: i16 = -STACK_SZ;
const STACK_INNER_MAP_FD: i16 = -STACK_SZ + 4;
fn stack_prog_fd(i: u32) -> i16 {
    -STACK_SZ + 8 + 4 * i as i16
}

// Context: bpf_loader_ctx { u32 sz, flags, log_level, log_size; u64 log_buf; }
const CTX_FLAGS: i16 = 4;
const CTX_LOG_LEVEL: i16 = 8;
const CTX_LOG_SIZE: i16 = 12;
const CTX_LOG_BUF: i16 = 16;
const CTX_SIZE: i16 = 24;
/// bpf_map_desc { int map_fd; u32 max_entries; u64 initial_value; }
const MAP_DESC_SIZE: i16 = 16;
fn ctx_map_desc(i: u32) -> i16 {
    CTX_SIZE + MAP_DESC_SIZE * i as i16
}

// Attribute prefixes each command is given (what the kernel expects).
const BTF_LOAD_SZ: usize = offset_of!(BtfLoadAttr, btf_log_level) + 4;
const MAP_CREATE_SZ: usize = offset_of!(MapCreateAttr, map_extra) + 8;
const MAP_UPDATE_SZ: usize = offset_of!(MapElemAttr, flags) + 8;
const MAP_FREEZE_SZ: usize = size_of::<MapFreezeAttr>();
const PROG_LOAD_SZ: usize = offset_of!(ProgLoadAttr, core_relo_rec_size) + 4;
/// `sizeof(struct bpf_core_relo)`.
const CORE_RELO_SIZE: u32 = 16;

const _: () = {
    assert!(BTF_LOAD_SZ == 28);
    assert!(MAP_CREATE_SZ == 72);
    assert!(MAP_UPDATE_SZ == 32);
    assert!(MAP_FREEZE_SZ == 4);
    assert!(PROG_LOAD_SZ == 140);
};

/// A map to create, as `BPF_MAP_CREATE` takes it.
#[derive(Clone, Debug, Default)]
pub struct MapCreate {
    pub map_type: u32,
    pub name: [u8; 16],
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub map_flags: u32,
    pub numa_node: u32,
    pub map_ifindex: u32,
    pub map_extra: u64,
    pub btf_key_type_id: u32,
    pub btf_value_type_id: u32,
}

/// A `.ksyms` reference in a program to patch at run time.
#[derive(Clone, Debug)]
pub struct KsymRelo {
    pub name: String,
    /// `BTF_KIND_VAR` or `BTF_KIND_FUNC`.
    pub kind: u32,
    pub insn_idx: usize,
    pub is_weak: bool,
    /// An untyped variable: its address from kallsyms.
    pub is_typeless: bool,
    /// `ld_imm64` (a variable) rather than a call (a kfunc).
    pub is_ld64: bool,
}

/// A program to load, as `BPF_PROG_LOAD` takes it.
#[derive(Debug, Default)]
pub struct ProgLoad<'a> {
    pub prog_type: u32,
    pub expected_attach_type: u32,
    pub prog_flags: u32,
    pub prog_ifindex: u32,
    /// Known now (set on this machine); 0 when looked up by `attach_target`.
    pub attach_btf_id: u32,
    pub name: [u8; 16],
    pub license: &'a str,
    pub insns: &'a [bpf_insn],
    pub func_info: (u32, &'a [u8]),
    pub line_info: (u32, &'a [u8]),
    pub core_relos: &'a [CoreRelo],
    /// Attach target to look up in kernel BTF: (name, BTF kind).
    pub attach_target: Option<(String, u32)>,
    pub ksyms: &'a [KsymRelo],
}

/// One resolved `.ksyms` symbol of the program being loaded: later
/// references copy from the first one's instruction.
struct KsymDesc {
    name: String,
    kind: u32,
    is_ld64: bool,
    typeless: bool,
    /// Blob offset of the first instruction patched for it.
    insn: u32,
    /// kfuncs: fd array slot of the BTF fd.
    slot: u32,
}

/// The loader program and its blob, as they are recorded.
pub struct Gen {
    insns: Vec<bpf_insn>,
    blob: Blob,
    /// First instruction of the cleanup block.
    cleanup: usize,
    fd_array: u32,
    nr_maps: u32,
    nr_progs: u32,
    /// Programs the stack (and its cleanup) was laid out for.
    max_progs: u32,
}

fn too_big(what: &str) -> Error {
    Error::other(Errno::E2BIG, format!("gen_loader: {what}"))
}

impl Gen {
    /// Starts the loader: saves the context, zeroes the stack slots it will
    /// use and lays out the cleanup block for `nr_maps` maps and `nr_progs`
    /// programs.
    pub fn new(nr_maps: u32, nr_progs: u32) -> Result<Gen> {
        if nr_maps > MAX_USED_MAPS {
            return Err(too_big(&format!(
                "{nr_maps} maps, a loader handles at most {MAX_USED_MAPS}"
            )));
        }
        if nr_progs > MAX_USED_PROGS {
            return Err(too_big(&format!(
                "{nr_progs} programs, a loader handles at most {MAX_USED_PROGS}"
            )));
        }
        // BTF fd, inner map fd, then one slot per program.
        let used = 8 + 4 * nr_progs as i16;
        let mut blob = Blob::default();
        let fd_array = blob.add_zeroed(FD_ARRAY_SLOTS as usize * 4)?;
        let mut g = Gen {
            insns: Vec::new(),
            blob,
            cleanup: 0,
            fd_array,
            nr_maps: 0,
            nr_progs: 0,
            max_progs: nr_progs,
        };
        g.emit(insn::mov64_reg(R6, R1));
        for off in (0..used).step_by(8) {
            g.emit(insn::st_mem(Size::DW, R10, -STACK_SZ + off, 0));
        }
        let over_cleanup = g.insns.len();
        g.emit(insn::jmp_imm(Cond::Always, 0, 0, 0));
        g.cleanup = g.insns.len();
        // Every stack slot (BTF, inner map, programs), then every map.
        for off in (0..used).step_by(4) {
            g.emit(insn::ldx_mem(Size::W, R1, R10, -STACK_SZ + off));
            g.emit(insn::jmp_imm(Cond::Sle, R1, 0, 1));
            g.emit(insn::call_helper(SYS_CLOSE));
        }
        for i in 0..nr_maps {
            g.close_blob(g.fd_slot(i));
        }
        g.emit(insn::mov64_reg(R0, R7));
        g.emit(insn::exit());
        g.insns[over_cleanup].off = (g.insns.len() - over_cleanup - 1) as i16;
        Ok(g)
    }

    fn emit(&mut self, i: bpf_insn) {
        self.insns.push(i);
    }

    fn emit2(&mut self, [a, b]: [bpf_insn; 2]) {
        self.insns.push(a);
        self.insns.push(b);
    }

    fn fd_slot(&self, i: u32) -> u32 {
        self.fd_array + 4 * i
    }

    /// `reg = &blob[off]`.
    fn ld_blob(&mut self, reg: u8, off: u32) {
        self.emit2(insn::ld_imm64(reg, PSEUDO_MAP_IDX_VALUE, 0, off as i32));
    }

    /// `*(u64 *)&blob[off] = &blob[data]`: a pointer field of an attribute.
    fn rel_store(&mut self, off: u32, data: u32) {
        self.ld_blob(R0, data);
        self.ld_blob(R1, off);
        self.emit(insn::stx_mem(Size::DW, R1, R0, 0));
    }

    fn blob_to_blob(&mut self, off: u32, size: Size, from: u32) {
        self.ld_blob(R2, from);
        self.emit(insn::ldx_mem(size, R0, R2, 0));
        self.ld_blob(R1, off);
        self.emit(insn::stx_mem(size, R1, R0, 0));
    }

    fn blob_to_ctx(&mut self, ctx_off: i16, size: Size, from: u32) {
        self.ld_blob(R1, from);
        self.emit(insn::ldx_mem(size, R0, R1, 0));
        self.emit(insn::stx_mem(size, R6, R0, ctx_off));
    }

    /// Copies a context field into the blob; with `keep_zero`, a zero in the
    /// context leaves the recorded value (e.g. `max_entries`).
    fn ctx_to_blob(&mut self, off: u32, size: Size, ctx_off: i16, keep_zero: bool) {
        self.emit(insn::ldx_mem(size, R0, R6, ctx_off));
        if keep_zero {
            self.emit(insn::jmp_imm(Cond::Eq, R0, 0, 3));
        }
        self.ld_blob(R1, off);
        self.emit(insn::stx_mem(size, R1, R0, 0));
    }

    fn stack_to_blob(&mut self, off: u32, stack_off: i16) {
        self.emit(insn::ldx_mem(Size::W, R0, R10, stack_off));
        self.ld_blob(R1, off);
        self.emit(insn::stx_mem(Size::W, R1, R0, 0));
    }

    /// `R7 = bpf_sys_bpf(cmd, &blob[attr], size)`.
    fn sys_bpf(&mut self, cmd: i32, attr: u32, size: usize) {
        self.emit(insn::mov64_imm(R1, cmd));
        self.ld_blob(R2, attr);
        self.emit(insn::mov64_imm(R3, size as i32));
        self.emit(insn::call_helper(SYS_BPF));
        self.emit(insn::mov64_reg(R7, R0));
    }

    /// `if (R7 < 0) goto cleanup`.
    fn check_err(&mut self) -> Result<()> {
        let off = self.cleanup as i64 - (self.insns.len() as i64 + 1);
        let off = i16::try_from(off)
            .map_err(|_| too_big("loader program too long for a jump to its cleanup"))?;
        self.emit(insn::jmp_imm(Cond::Slt, R7, 0, off));
        Ok(())
    }

    /// Closes the fd in R1 if it is one (> 0).
    fn close_r1(&mut self) {
        self.emit(insn::jmp_imm(Cond::Sle, R1, 0, 2));
        self.emit(insn::mov64_reg(R9, R1));
        self.emit(insn::call_helper(SYS_CLOSE));
    }

    fn close_blob(&mut self, off: u32) {
        self.ld_blob(R0, off);
        self.emit(insn::ldx_mem(Size::W, R1, R0, 0));
        self.close_r1();
    }

    /// Closes a stack fd and forgets it, so cleanup does not close it again.
    fn close_stack(&mut self, stack_off: i16) {
        self.emit(insn::ldx_mem(Size::W, R1, R10, stack_off));
        self.close_r1();
        self.emit(insn::st_mem(Size::W, R10, stack_off, 0));
    }

    /// `BPF_BTF_LOAD` of the object's BTF; the fd goes to the stack.
    pub fn load_btf(&mut self, raw: &[u8]) -> Result<()> {
        let data = self.blob.add(raw)?;
        let mut a = Attr::new(BTF_LOAD_SZ);
        a.u32(offset_of!(BtfLoadAttr, btf_size), raw.len() as u32);
        let attr = self.blob.add(&a.0)?;
        let f = |o: usize| attr + o as u32;
        self.ctx_to_blob(
            f(offset_of!(BtfLoadAttr, btf_log_level)),
            Size::W,
            CTX_LOG_LEVEL,
            false,
        );
        self.ctx_to_blob(
            f(offset_of!(BtfLoadAttr, btf_log_size)),
            Size::W,
            CTX_LOG_SIZE,
            false,
        );
        self.ctx_to_blob(
            f(offset_of!(BtfLoadAttr, btf_log_buf)),
            Size::DW,
            CTX_LOG_BUF,
            false,
        );
        self.rel_store(f(offset_of!(BtfLoadAttr, btf)), data);
        self.sys_bpf(BTF_LOAD, attr, BTF_LOAD_SZ);
        self.check_err()?;
        self.emit(insn::stx_mem(Size::W, R10, R7, STACK_BTF_FD));
        Ok(())
    }

    /// `BPF_MAP_CREATE`. `map_idx` None: a map-in-map's inner map (fd kept
    /// on the stack for the outer map's creation, then closed). Otherwise
    /// the next map of the object, with `max_entries` overridable from the
    /// context and its fd stored in the fd array.
    pub fn map_create(&mut self, m: &MapCreate, map_idx: Option<u32>) -> Result<()> {
        let mut a = Attr::new(MAP_CREATE_SZ);
        a.u32(offset_of!(MapCreateAttr, map_type), m.map_type)
            .u32(offset_of!(MapCreateAttr, key_size), m.key_size)
            .u32(offset_of!(MapCreateAttr, value_size), m.value_size)
            .u32(offset_of!(MapCreateAttr, max_entries), m.max_entries)
            .u32(offset_of!(MapCreateAttr, map_flags), m.map_flags)
            .u32(offset_of!(MapCreateAttr, numa_node), m.numa_node)
            .bytes(offset_of!(MapCreateAttr, map_name), &m.name)
            .u32(offset_of!(MapCreateAttr, map_ifindex), m.map_ifindex)
            .u32(
                offset_of!(MapCreateAttr, btf_key_type_id),
                m.btf_key_type_id,
            )
            .u32(
                offset_of!(MapCreateAttr, btf_value_type_id),
                m.btf_value_type_id,
            )
            .u64(offset_of!(MapCreateAttr, map_extra), m.map_extra);
        let attr = self.blob.add(&a.0)?;
        let f = |o: usize| attr + o as u32;
        if m.btf_value_type_id != 0 {
            self.stack_to_blob(f(offset_of!(MapCreateAttr, btf_fd)), STACK_BTF_FD);
        }
        // ARRAY_OF_MAPS, HASH_OF_MAPS
        let map_in_map = matches!(m.map_type, 12 | 13);
        if map_in_map {
            self.stack_to_blob(
                f(offset_of!(MapCreateAttr, inner_map_fd)),
                STACK_INNER_MAP_FD,
            );
        }
        if let Some(i) = map_idx {
            if i != self.nr_maps || i >= MAX_USED_MAPS {
                return Err(Error::inval(format!(
                    "gen_loader: map #{i} recorded out of order (next is #{})",
                    self.nr_maps
                )));
            }
            self.ctx_to_blob(
                f(offset_of!(MapCreateAttr, max_entries)),
                Size::W,
                ctx_map_desc(i) + 4,
                true,
            );
        }
        self.sys_bpf(MAP_CREATE, attr, MAP_CREATE_SZ);
        self.check_err()?;
        match map_idx {
            None => self.emit(insn::stx_mem(Size::W, R10, R7, STACK_INNER_MAP_FD)),
            Some(i) => {
                self.ld_blob(R1, self.fd_slot(i));
                self.emit(insn::stx_mem(Size::W, R1, R7, 0));
                self.nr_maps += 1;
            }
        }
        if map_in_map {
            self.close_stack(STACK_INNER_MAP_FD);
        }
        Ok(())
    }

    /// Sets entry 0 of global-data map `map_idx` to `value`, or to the
    /// caller's data when the context's `initial_value` points at some.
    pub fn map_update_elem(&mut self, map_idx: u32, value: &[u8]) -> Result<()> {
        let val = self.blob.add(value)?;
        let key = self.blob.add(&0u32.to_ne_bytes())?;
        self.emit(insn::ldx_mem(Size::DW, R3, R6, ctx_map_desc(map_idx) + 8));
        self.emit(insn::jmp_imm(Cond::Eq, R3, 0, 8));
        self.ld_blob(R1, val);
        self.emit(insn::mov64_imm(R2, value.len() as i32));
        self.emit(insn::ldx_mem(Size::W, R0, R6, CTX_FLAGS));
        self.emit(insn::jmp_imm(Cond::Set, R0, SKEL_KERNEL, 2));
        self.emit(insn::call_helper(COPY_FROM_USER));
        self.emit(insn::jmp_imm(Cond::Always, 0, 0, 1));
        self.emit(insn::call_helper(PROBE_READ_KERNEL));
        self.update_elem(map_idx, key, val)
    }

    /// Stores the fd of map `inner` in slot `slot` of map-in-map `outer`.
    pub fn populate_outer_map(&mut self, outer: u32, slot: u32, inner: u32) -> Result<()> {
        let key = self.blob.add(&slot.to_ne_bytes())?;
        let val = self.fd_slot(inner);
        self.update_elem(outer, key, val)
    }

    fn update_elem(&mut self, map_idx: u32, key: u32, val: u32) -> Result<()> {
        let attr = self.blob.add_zeroed(MAP_UPDATE_SZ)?;
        let f = |o: usize| attr + o as u32;
        self.blob_to_blob(
            f(offset_of!(MapElemAttr, map_fd)),
            Size::W,
            self.fd_slot(map_idx),
        );
        self.rel_store(f(offset_of!(MapElemAttr, key)), key);
        self.rel_store(f(offset_of!(MapElemAttr, value)), val);
        self.sys_bpf(MAP_UPDATE_ELEM, attr, MAP_UPDATE_SZ);
        self.check_err()
    }

    /// `BPF_MAP_FREEZE` of map `map_idx` (`.rodata`, `.kconfig`).
    pub fn map_freeze(&mut self, map_idx: u32) -> Result<()> {
        let attr = self.blob.add_zeroed(MAP_FREEZE_SZ)?;
        self.blob_to_blob(attr, Size::W, self.fd_slot(map_idx));
        self.sys_bpf(MAP_FREEZE, attr, MAP_FREEZE_SZ);
        self.check_err()
    }

    /// `BPF_PROG_LOAD` of the next program; its fd goes to the stack.
    pub fn prog_load(&mut self, p: &ProgLoad<'_>) -> Result<()> {
        if self.nr_progs >= self.max_progs {
            return Err(Error::inval(format!(
                "gen_loader: program #{} recorded, the loader was laid out for {}",
                self.nr_progs, self.max_progs
            )));
        }
        let mut license = p.license.as_bytes().to_vec();
        license.push(0);
        let license = self.blob.add(&license)?;
        let code: Vec<u8> = p.insns.iter().flat_map(insn::to_bytes).collect();
        let insns = self.blob.add(&code)?;
        let func_info = self.blob.add(p.func_info.1)?;
        let line_info = self.blob.add(p.line_info.1)?;
        let relos: Vec<u8> = p
            .core_relos
            .iter()
            .flat_map(|r| [r.insn_off, r.type_id, r.access_str_off, r.kind])
            .flat_map(u32::to_ne_bytes)
            .collect();
        let core_relos = self.blob.add(&relos)?;
        let cnt = |(rec, bytes): (u32, &[u8])| (bytes.len() as u32).checked_div(rec).unwrap_or(0);
        let mut a = Attr::new(PROG_LOAD_SZ);
        a.u32(offset_of!(ProgLoadAttr, prog_type), p.prog_type)
            .u32(
                offset_of!(ProgLoadAttr, expected_attach_type),
                p.expected_attach_type,
            )
            .u32(offset_of!(ProgLoadAttr, prog_ifindex), p.prog_ifindex)
            .u32(offset_of!(ProgLoadAttr, attach_btf_id), p.attach_btf_id)
            .u32(offset_of!(ProgLoadAttr, insn_cnt), p.insns.len() as u32)
            .u32(offset_of!(ProgLoadAttr, prog_flags), p.prog_flags)
            .u32(offset_of!(ProgLoadAttr, func_info_rec_size), p.func_info.0)
            .u32(offset_of!(ProgLoadAttr, func_info_cnt), cnt(p.func_info))
            .u32(offset_of!(ProgLoadAttr, line_info_rec_size), p.line_info.0)
            .u32(offset_of!(ProgLoadAttr, line_info_cnt), cnt(p.line_info))
            .u32(offset_of!(ProgLoadAttr, core_relo_rec_size), CORE_RELO_SIZE)
            .u32(
                offset_of!(ProgLoadAttr, core_relo_cnt),
                p.core_relos.len() as u32,
            )
            .bytes(offset_of!(ProgLoadAttr, prog_name), &p.name);
        let attr = self.blob.add(&a.0)?;
        let f = |o: usize| attr + o as u32;
        self.rel_store(f(offset_of!(ProgLoadAttr, license)), license);
        self.rel_store(f(offset_of!(ProgLoadAttr, insns)), insns);
        self.rel_store(f(offset_of!(ProgLoadAttr, func_info)), func_info);
        self.rel_store(f(offset_of!(ProgLoadAttr, line_info)), line_info);
        self.rel_store(f(offset_of!(ProgLoadAttr, core_relos)), core_relos);
        self.rel_store(f(offset_of!(ProgLoadAttr, fd_array)), self.fd_array);
        self.ctx_to_blob(
            f(offset_of!(ProgLoadAttr, log_level)),
            Size::W,
            CTX_LOG_LEVEL,
            false,
        );
        self.ctx_to_blob(
            f(offset_of!(ProgLoadAttr, log_size)),
            Size::W,
            CTX_LOG_SIZE,
            false,
        );
        self.ctx_to_blob(
            f(offset_of!(ProgLoadAttr, log_buf)),
            Size::DW,
            CTX_LOG_BUF,
            false,
        );
        self.stack_to_blob(f(offset_of!(ProgLoadAttr, prog_btf_fd)), STACK_BTF_FD);
        if let Some((name, kind)) = &p.attach_target {
            // R7 = btf_id | (btf_obj_fd << 32)
            self.find_by_name_kind(name, *kind)?;
            self.check_err()?;
            self.ld_blob(R0, attr);
            self.emit(insn::stx_mem(
                Size::W,
                R0,
                R7,
                offset_of!(ProgLoadAttr, attach_btf_id) as i16,
            ));
            self.emit(insn::rsh64_imm(R7, 32));
            self.emit(insn::stx_mem(
                Size::W,
                R0,
                R7,
                offset_of!(ProgLoadAttr, attach_prog_fd) as i16,
            ));
        }
        let descs = self.ksym_relos(p.ksyms, insns)?;
        self.sys_bpf(PROG_LOAD, attr, PROG_LOAD_SZ);
        // Loaded or not, the module BTF fds taken for it are closed.
        for d in &descs {
            if d.is_ld64 && !d.typeless {
                self.close_blob(d.insn + 8 + 4);
            } else if !d.is_ld64 {
                self.close_blob(self.fd_slot(d.slot));
            }
        }
        if p.attach_target.is_some() {
            self.close_blob(f(offset_of!(ProgLoadAttr, attach_prog_fd)));
        }
        self.check_err()?;
        self.emit(insn::stx_mem(
            Size::W,
            R10,
            R7,
            stack_prog_fd(self.nr_progs),
        ));
        self.nr_progs += 1;
        Ok(())
    }

    /// `R7 = bpf_btf_find_by_name_kind(name, kind)`: the BTF id in the low
    /// 32 bits, the module BTF fd (0 for vmlinux) in the high ones.
    fn find_by_name_kind(&mut self, name: &str, kind: u32) -> Result<()> {
        let mut s = name.as_bytes().to_vec();
        s.push(0);
        let off = self.blob.add(&s)?;
        self.ld_blob(R1, off);
        self.emit(insn::mov64_imm(R2, s.len() as i32));
        self.emit(insn::mov64_imm(R3, kind as i32));
        self.emit(insn::mov64_imm(R4, 0));
        self.emit(insn::call_helper(BTF_FIND_BY_NAME_KIND));
        self.emit(insn::mov64_reg(R7, R0));
        Ok(())
    }

    /// Patches each `.ksyms` reference of the program (in the blob copy
    /// of its instructions at `insns`) before it is loaded.
    fn ksym_relos(&mut self, relos: &[KsymRelo], insns: u32) -> Result<Vec<KsymDesc>> {
        let mut descs: Vec<KsymDesc> = Vec::new();
        let mut kfunc_slots = MAX_USED_MAPS;
        const IMM: i16 = 4;
        const OFF: i16 = 2;
        const NEXT_IMM: i16 = 8 + 4;
        for r in relos {
            let at = insns + 8 * r.insn_idx as u32;
            self.ld_blob(R8, at);
            let seen = descs
                .iter()
                .find(|d| d.kind == r.kind && d.is_ld64 == r.is_ld64 && d.name == r.name)
                .map(|d| d.insn);
            if let Some(first) = seen {
                // Same symbol again: copy what the first reference got.
                if !r.is_ld64 {
                    self.blob_to_blob(at + 4, Size::W, first + 4);
                    self.blob_to_blob(at + 2, Size::H, first + 2);
                } else if r.is_typeless {
                    self.blob_to_blob(at + 4, Size::W, first + 4);
                    self.blob_to_blob(at + 12, Size::W, first + 12);
                } else {
                    self.blob_to_blob(at + 12, Size::W, first + 12);
                    self.blob_to_blob(at + 4, Size::W, first + 4);
                    // id 0 (weak, absent): not a BTF id load any more.
                    self.emit(insn::jmp_imm(Cond::Ne, R0, 0, 3));
                    self.clear_src_reg();
                }
                continue;
            }
            let mut d = KsymDesc {
                name: r.name.clone(),
                kind: r.kind,
                is_ld64: r.is_ld64,
                typeless: r.is_typeless,
                insn: at,
                slot: 0,
            };
            if !r.is_ld64 {
                // kfunc: imm = btf id, off = fd array slot of its module BTF (0: vmlinux)
                if kfunc_slots >= FD_ARRAY_SLOTS {
                    return Err(too_big("too many kfuncs in one program"));
                }
                d.slot = kfunc_slots;
                kfunc_slots += 1;
                self.find_by_name_kind(&r.name, r.kind)?;
                if !r.is_weak {
                    self.check_err()?;
                }
                self.emit(insn::jmp_imm(Cond::Sge, R7, 0, 3));
                self.emit(insn::st_mem(Size::W, R8, IMM, 0));
                self.emit(insn::st_mem(Size::H, R8, OFF, 0));
                self.emit(insn::jmp_imm(Cond::Always, 0, 0, 10));
                self.emit(insn::stx_mem(Size::W, R8, R7, IMM));
                self.emit(insn::mov64_reg(R9, R7));
                self.emit(insn::rsh64_imm(R9, 32));
                self.ld_blob(R0, self.fd_slot(d.slot));
                self.emit(insn::stx_mem(Size::W, R0, R9, 0));
                self.emit(insn::jmp_imm(Cond::Ne, R9, 0, 2));
                self.emit(insn::st_mem(Size::H, R8, OFF, 0));
                self.emit(insn::jmp_imm(Cond::Always, 0, 0, 1));
                self.emit(insn::st_mem(Size::H, R8, OFF, d.slot as i32));
            } else if r.is_typeless {
                // address from kallsyms into the two halves of the ld_imm64
                let mut s = r.name.as_bytes().to_vec();
                s.push(0);
                let name = self.blob.add(&s)?;
                let res = self.blob.add_zeroed(8)?;
                self.ld_blob(R1, name);
                self.emit(insn::mov64_imm(R2, s.len() as i32));
                self.emit(insn::mov64_imm(R3, 0));
                self.ld_blob(R4, res);
                self.emit(insn::mov64_reg(R7, R4));
                self.emit(insn::call_helper(KALLSYMS_LOOKUP_NAME));
                self.emit(insn::ldx_mem(Size::DW, R9, R7, 0));
                self.emit(insn::mov64_reg(R7, R0));
                // -ENOENT: absent, the address stays 0 (weak semantics)
                self.emit(insn::jmp_imm(Cond::Eq, R7, -libc::ENOENT, 1));
                self.check_err()?;
                self.emit(insn::stx_mem(Size::W, R8, R9, IMM));
                self.emit(insn::rsh64_imm(R9, 32));
                self.emit(insn::stx_mem(Size::W, R8, R9, NEXT_IMM));
            } else {
                // typed variable: imm = btf id, next imm = module BTF fd
                self.find_by_name_kind(&r.name, r.kind)?;
                if !r.is_weak {
                    self.check_err()?;
                }
                self.emit(insn::jmp_imm(Cond::Sge, R7, 0, 3));
                self.emit(insn::st_mem(Size::W, R8, IMM, 0));
                self.emit(insn::st_mem(Size::W, R8, NEXT_IMM, 0));
                self.emit(insn::jmp_imm(Cond::Always, 0, 0, 4));
                self.emit(insn::stx_mem(Size::W, R8, R7, IMM));
                self.emit(insn::rsh64_imm(R7, 32));
                self.emit(insn::stx_mem(Size::W, R8, R7, NEXT_IMM));
                self.emit(insn::jmp_imm(Cond::Always, 0, 0, 3));
                self.clear_src_reg();
            }
            descs.push(d);
        }
        Ok(descs)
    }

    /// Clears the `ld_imm64` at R8's source register (`BPF_PSEUDO_BTF_ID`):
    /// an unresolved weak variable loads the constant 0. Three instructions.
    fn clear_src_reg(&mut self) {
        self.emit(insn::ldx_mem(Size::B, R9, R8, 1));
        self.emit(insn::and32_imm(R9, 0x0f));
        self.emit(insn::stx_mem(Size::B, R8, R9, 1));
    }

    /// Ends the loader: closes the BTF fd, hands program and map fds to the
    /// context, returns 0. Gives (instructions, data) as bytes.
    pub fn finish(mut self, nr_maps: u32) -> Result<(Vec<u8>, Vec<u8>)> {
        if nr_maps != self.nr_maps {
            return Err(Error::other(
                Errno(libc::EFAULT),
                format!("gen_loader: {} of {nr_maps} maps recorded", self.nr_maps),
            ));
        }
        self.close_stack(STACK_BTF_FD);
        let progs_at = ctx_map_desc(self.nr_maps);
        for i in 0..self.nr_progs {
            self.emit(insn::ldx_mem(Size::W, R0, R10, stack_prog_fd(i)));
            self.emit(insn::stx_mem(Size::W, R6, R0, progs_at + 4 * i as i16));
        }
        for i in 0..self.nr_maps {
            self.blob_to_ctx(ctx_map_desc(i), Size::W, self.fd_slot(i));
        }
        self.emit(insn::mov64_imm(R0, 0));
        self.emit(insn::exit());
        let code = self.insns.iter().flat_map(insn::to_bytes).collect();
        Ok((code, self.blob.into_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(code: &[u8]) -> Vec<bpf_insn> {
        code.chunks(8)
            .map(|c| bpf_insn::from_bytes(c.try_into().unwrap()))
            .collect()
    }

    #[test]
    fn error_branches_land_on_cleanup() {
        let mut g = Gen::new(1, 0).unwrap();
        let cleanup = g.cleanup;
        g.load_btf(&[0u8; 24]).unwrap();
        g.map_create(
            &MapCreate {
                map_type: 2,
                key_size: 4,
                value_size: 8,
                max_entries: 1,
                btf_value_type_id: 3,
                ..Default::default()
            },
            Some(0),
        )
        .unwrap();
        let (code, data) = g.finish(1).unwrap();
        let insns = decode(&code);
        // every `if r7 s< 0` goes to the cleanup block
        let mut n = 0;
        for (i, x) in insns.iter().enumerate() {
            if x.code == 0xc5 && x.dst_reg() == 7 {
                assert_eq!(i as i64 + 1 + x.off as i64, cleanup as i64);
                n += 1;
            }
        }
        assert_eq!(n, 2);
        // the jump over cleanup lands just past it (on the BTF step)
        let ja = &insns[cleanup - 1];
        assert_eq!(ja.code, 0x05);
        assert_eq!(insns[cleanup - 1 + 1 + ja.off as usize - 1].code, 0x95);
        assert_eq!(insns.last().unwrap().code, 0x95);
        // the fd array comes first in the blob
        assert!(data.len() > FD_ARRAY_SLOTS as usize * 4);
        assert!(data[..FD_ARRAY_SLOTS as usize * 4].iter().all(|&b| b == 0));
    }

    #[test]
    fn maps_must_be_recorded_in_order() {
        let mut g = Gen::new(2, 0).unwrap();
        let m = MapCreate::default();
        assert!(g.map_create(&m, Some(1)).is_err());
        g.map_create(&m, Some(0)).unwrap();
        assert!(g.finish(2).is_err());
        assert!(Gen::new(MAX_USED_MAPS + 1, 0).is_err());
        assert!(Gen::new(1, MAX_USED_PROGS + 1).is_err());
        let mut g = Gen::new(0, 0).unwrap();
        assert!(
            g.prog_load(&ProgLoad::default()).is_err(),
            "no program slot"
        );
    }
}
