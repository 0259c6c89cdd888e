//! struct_ops maps in the object: the user-visible shadow struct (what
//! `bpf_map__initial_value` returns: the object's struct, with each function
//! pointer holding a `struct bpf_program *`), and the kernel value built from
//! it against vmlinux BTF (`struct bpf_struct_ops_<name>`, whose `data`
//! member is the kernel's ops struct; function pointers become program fds).

use super::{Map, Object, Program};
use crate::btf::{kind, Btf};
use crate::elf::struct_ops::StructOpsSpec;
use crate::error::{Errno, Error, Result};
use crate::sys::mmap::Region;
use std::os::fd::AsRawFd;

/// Prefix of the kernel's value type of a struct_ops map.
const VALUE_PREFIX: &str = "bpf_struct_ops_";

/// A struct_ops map's state beside its [`Map`].
#[derive(Debug)]
pub struct StructOps {
    /// Index into `ObjectSpec::struct_ops`.
    pub spec_idx: usize,
    /// Built at prepare, from the shadow as the user left it.
    pub kern: Option<KernValue>,
}

/// The map value the kernel takes, and where programs go in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernValue {
    /// vmlinux ids of `struct <name>` and `struct bpf_struct_ops_<name>`.
    pub type_id: u32,
    pub vtype_id: u32,
    pub value: Vec<u8>,
    /// `(program index, kernel member index, byte offset in value)` per
    /// function pointer that names a program.
    pub slots: Vec<(usize, u32, usize)>,
}

fn rd_ptr(b: &[u8], off: usize) -> u64 {
    b.get(off..off + 8)
        .map_or(0, |s| u64::from_ne_bytes(s.try_into().unwrap()))
}

fn member_by_name(btf: &Btf, id: u32, name: &str) -> Option<usize> {
    let t = btf.type_by_id(id)?;
    (0..t.vlen() as usize).find(|&i| btf.str_at(t.member(i).0) == Some(name))
}

/// Builds the kernel value of a struct_ops map from the object's struct type
/// `type_id` and its shadow bytes. `prog_of` maps a function-pointer value of
/// the shadow to a program index and name (None: not one of the object's
/// programs).
/// Members the kernel lacks are allowed only when zero, as libbpf allows.
pub fn kern_value<'p>(
    btf: &Btf,
    type_id: u32,
    shadow: &[u8],
    map_name: &str,
    kbtf: &Btf,
    prog_of: &dyn Fn(u64) -> Option<(usize, &'p str)>,
) -> Result<KernValue> {
    let err =
        |e: Errno, m: String| Error::other(e, format!("struct_ops init_kern {map_name}: {m}"));
    let t = btf
        .type_by_id(type_id)
        .ok_or_else(|| err(Errno::EINVAL, format!("bad type [{type_id}]")))?;
    let tname = Btf::essential_name(btf.name_of(&t)).to_string();
    let vname = format!("{VALUE_PREFIX}{tname}");
    // The kernel-type lookups name no map, as libbpf's find_struct_ops_kern_types.
    let kern_types = |e: Errno, m: String| Error::other(e, format!("struct_ops init_kern: {m}"));
    let vtype_id = kbtf
        .find_by_name_kind(&vname, kind::STRUCT)
        .ok_or_else(|| {
            // libbpf's find_ksym_btf_id: -ESRCH.
            kern_types(
                Errno::ESRCH,
                format!("struct {vname} is not found in kernel BTF"),
            )
        })?;
    let ktype_id = kbtf
        .find_by_name_kind(&tname, kind::STRUCT)
        .ok_or_else(|| {
            kern_types(
                Errno::ENOENT,
                format!("struct {tname} is not found in kernel BTF"),
            )
        })?;
    let vt = kbtf.type_by_id(vtype_id).expect("found");
    let kt = kbtf.type_by_id(ktype_id).expect("found");
    crate::debug!(
        "struct_ops init_kern {map_name}: type_id:{type_id} kern_type_id:{ktype_id} kern_vtype_id:{vtype_id}"
    );
    let data_off = (0..vt.vlen() as usize)
        .find(|&i| vt.member(i).1 == ktype_id)
        .map(|i| vt.member_bit_offset(i) as usize / 8)
        .ok_or_else(|| {
            kern_types(
                Errno::EINVAL,
                format!("struct {tname} data is not found in struct {vname}"),
            )
        })?;
    let mut value = vec![0u8; vt.size_or_type as usize];
    let mut slots = Vec::new();
    for i in 0..t.vlen() as usize {
        let (name_off, mtype, _) = t.member(i);
        let mname = btf.str_at(name_off).unwrap_or("");
        let moff = t.member_bit_offset(i) as usize / 8;
        let msize = btf.resolve_size(mtype)? as usize;
        let mdata = shadow
            .get(moff..moff + msize)
            .ok_or_else(|| err(Errno::EINVAL, format!("member {mname} outside the struct")))?;
        let Some(ki) = member_by_name(kbtf, ktype_id, mname) else {
            if mdata.iter().any(|&b| b != 0) {
                return Err(err(
                    Errno::ENOTSUP,
                    format!("Cannot find member {mname} in kernel BTF"),
                ));
            }
            crate::info!(
                "struct_ops {map_name}: member {mname} not found in kernel, skipping it as it's set to zero"
            );
            continue;
        };
        if t.member_bitfield_size(i) != 0 || kt.member_bitfield_size(ki) != 0 {
            return Err(err(
                Errno::ENOTSUP,
                format!("bitfield {mname} is not supported"),
            ));
        }
        let (_, kmtype, _) = kt.member(ki);
        let kmoff = kt.member_bit_offset(ki) as usize / 8;
        let koff = data_off + kmoff;
        let mt = btf.skip_mods_and_typedefs(mtype);
        let kmt = kbtf.skip_mods_and_typedefs(kmtype);
        let (Some(mt), Some(kmt)) = (mt, kmt) else {
            return Err(err(Errno::EINVAL, format!("member {mname}: bad type")));
        };
        if mt.kind() != kmt.kind() {
            return Err(err(
                Errno::ENOTSUP,
                format!(
                    "Unmatched member type {mname} {} != {}(kernel)",
                    mt.kind(),
                    kmt.kind()
                ),
            ));
        }
        if mt.kind() == kind::PTR {
            let ptr = rd_ptr(shadow, moff);
            if ptr == 0 {
                continue;
            }
            let (prog, prog_name) = prog_of(ptr).ok_or_else(|| {
                err(
                    Errno::ENOTSUP,
                    format!("member {mname} is not a struct_ops program"),
                )
            })?;
            let is_func = kbtf
                .skip_mods_and_typedefs(kmt.size_or_type)
                .is_some_and(|p| p.kind() == kind::FUNC_PROTO);
            if !is_func {
                return Err(err(
                    Errno::ENOTSUP,
                    format!("kernel member {mname} is not a func ptr"),
                ));
            }
            crate::debug!(
                "struct_ops init_kern {map_name}: func ptr {mname} is set to prog {prog_name} from data(+{moff}) to kern_data(+{kmoff})"
            );
            slots.push((prog, ki as u32, koff));
            continue;
        }
        let ksize = kbtf.resolve_size(kmtype).unwrap_or(u32::MAX) as usize;
        if ksize != msize {
            return Err(err(
                Errno::ENOTSUP,
                format!("Error in size of member {mname}: {msize} != {ksize}(kernel)"),
            ));
        }
        crate::debug!(
            "struct_ops init_kern {map_name}: copy {mname} {msize} bytes from data(+{moff}) to kern_data(+{kmoff})"
        );
        value[koff..koff + msize].copy_from_slice(mdata);
    }
    Ok(KernValue {
        type_id: ktype_id,
        vtype_id,
        value,
        slots,
    })
}

/// The handle value C sees for a program (`struct bpf_program *`): its address.
fn prog_addr(p: &Program) -> u64 {
    p as *const Program as usize as u64
}

impl Object {
    /// At open: the shadow struct of every struct_ops map, its function
    /// pointers set to the programs the relocations named.
    pub(super) fn init_struct_ops(&mut self) -> Result<()> {
        for (si, st) in self.spec.struct_ops.iter().enumerate() {
            let mut shadow = st.data.clone();
            if let Some(btf) = self.spec.btf.as_ref() {
                let t = btf.type_by_id(st.type_id).expect("checked at parse");
                for (i, prog) in st.progs.iter().enumerate() {
                    let Some(spec_idx) = prog else { continue };
                    let Some(p) = self.progs.iter().find(|p| p.spec_idx == *spec_idx) else {
                        continue;
                    };
                    let off = t.member_bit_offset(i) as usize / 8;
                    if let Some(dst) = shadow.get_mut(off..off + 8) {
                        dst.copy_from_slice(&prog_addr(p).to_ne_bytes());
                    }
                }
            }
            let m = &mut self.maps[st.map_idx];
            let mut region =
                Region::anon(shadow.len().max(1)).map_err(|e| Error::sys("mmap", e))?;
            region.bytes_mut()[..shadow.len()].copy_from_slice(&shadow);
            m.mmaped = Some(region);
            m.autocreate = st.autocreate;
            m.st_ops = Some(Box::new(StructOps {
                spec_idx: si,
                kern: None,
            }));
        }
        Ok(())
    }

    /// At prepare (before maps are created): each created struct_ops map's
    /// kernel value; its programs get their attach BTF id (the kernel struct)
    /// and expected attach type (the member index). A program only used by
    /// maps that are not created is not loaded.
    pub(super) fn init_kern_struct_ops(&mut self) -> Result<()> {
        if self.spec.struct_ops.is_empty() {
            return Ok(());
        }
        let btf = self.spec.btf.as_ref().expect("struct_ops maps need BTF");
        let kbtf = crate::sys::kernel_btf::vmlinux().map_err(|e| {
            Error::other(
                Errno::ENOENT,
                format!("struct_ops: failed to load vmlinux BTF: {e}"),
            )
        })?;
        let addrs: Vec<u64> = self.progs.iter().map(prog_addr).collect();
        let names: Vec<crate::name::Name> = self.progs.iter().map(|p| p.name.clone()).collect();
        let prog_of = |v: u64| {
            let i = addrs.iter().position(|&a| a == v)?;
            Some((i, &*names[i]))
        };
        let mut used: Vec<Option<bool>> = vec![None; self.progs.len()];
        for m in self.maps.iter_mut() {
            let Some(st) = m.st_ops.as_mut() else {
                continue;
            };
            let spec: &StructOpsSpec = &self.spec.struct_ops[st.spec_idx];
            let shadow = m.mmaped.as_ref().expect("shadow").bytes();
            let kv = kern_value(
                btf,
                spec.type_id,
                &shadow[..spec.data.len()],
                &m.name,
                &kbtf,
                &prog_of,
            )?;
            for &(p, _, _) in &kv.slots {
                let u = used[p].get_or_insert(false);
                *u |= m.autocreate;
            }
            if m.autocreate {
                for &(p, member, _) in &kv.slots {
                    let prog = &mut self.progs[p];
                    if prog.prog_type != crate::uapi::bpf::prog_type::STRUCT_OPS {
                        return Err(Error::inval(format!(
                            "map '{}': prog '{}' is not a struct_ops program",
                            m.name, prog.name
                        )));
                    }
                    if prog.attach_btf_id == 0 {
                        prog.attach_btf_id = kv.type_id;
                        prog.expected_attach_type = member;
                    } else if (prog.attach_btf_id, prog.expected_attach_type)
                        != (kv.type_id, member)
                    {
                        return Err(Error::inval(format!(
                            "map '{}': invalid reuse of prog '{}' (attach_btf_id {}, member {}) for kernel type {} member {member}",
                            m.name, prog.name, prog.attach_btf_id, prog.expected_attach_type, kv.type_id
                        )));
                    }
                }
                m.def.value_size = kv.value.len() as u32;
            }
            st.kern = Some(kv);
        }
        for (p, u) in self.progs.iter_mut().zip(used) {
            if let Some(u) = u {
                p.autoload = u;
            }
        }
        Ok(())
    }

    /// After programs are loaded: their fds into the kernel values.
    pub(super) fn fill_struct_ops_fds(&mut self) -> Result<()> {
        if self.maps.iter().all(|m| m.st_ops.is_none()) {
            return Ok(());
        }
        let fds: Vec<Option<i32>> = self
            .progs
            .iter()
            .map(|p| p.fd.as_ref().map(|f| f.as_raw_fd()))
            .collect();
        for m in self.maps.iter_mut().filter(|m| m.autocreate) {
            let Some(kv) = m.st_ops.as_mut().and_then(|s| s.kern.as_mut()) else {
                continue;
            };
            for &(p, _, off) in &kv.slots {
                let fd = fds[p].ok_or_else(|| {
                    Error::inval(format!(
                        "map '{}': a struct_ops program was not loaded",
                        m.name
                    ))
                })?;
                kv.value[off..off + 8].copy_from_slice(&(fd as u64).to_ne_bytes());
            }
        }
        Ok(())
    }
}

impl Map {
    /// The kernel's value type id for `BPF_MAP_CREATE` (struct_ops maps).
    pub fn vmlinux_value_type_id(&self) -> u32 {
        self.st_ops
            .as_ref()
            .and_then(|s| s.kern.as_ref())
            .map_or(0, |k| k.vtype_id)
    }
}
