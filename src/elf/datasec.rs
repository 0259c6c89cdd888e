//! DATASEC fix-ups: the sizes and variable offsets clang leaves zero, filled
//! in from the ELF sections and symbols, as the global-data maps need them.

use super::*;

/// A DATASEC of the object's BTF, as the global-data maps need it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Datasec {
    pub(super) name_off: u32,
    pub(super) id: u32,
    /// It holds a variable user space can reach (not static, not hidden):
    /// its map is mmapable.
    pub(super) has_globals: bool,
}

/// One change [`fixup_datasecs`] makes to the object's BTF.
enum DatasecFix {
    Size(u32, u32),
    Offset(u32, usize, u32),
    Static(u32),
    Sort(u32),
}

/// Fills in what clang leaves zero in DATASECs: their sizes (from the ELF
/// section) and each global variable's offset (from its ELF symbol); hidden
/// globals become static so they do not make a map mmapable. Returns every
/// DATASEC as (name offset, type id), in id order, for the global-data maps.
/// The changes are gathered first and applied after, so names are read in
/// place instead of copied.
pub(super) fn fixup_datasecs(
    btf: &mut Btf,
    secs: &[Sec<'_>],
    sym_of: &dyn Fn(&str) -> Option<(u64, u8)>,
) -> Result<Vec<Datasec>> {
    let mut datasecs = Vec::with_capacity(8);
    let mut fixes = Vec::with_capacity(16);
    for t in btf.local_types_of_kind(btf::kind::DATASEC) {
        let id = t.id;
        datasecs.push(Datasec {
            name_off: t.name_off,
            id,
            has_globals: false,
        });
        let sec_name = btf.name_of(&t);
        if sec_name == ".kconfig" || sec_name == ".ksyms" {
            continue;
        }
        let mut has_globals = false;
        let fix_offsets = t.size_or_type == 0;
        if fix_offsets {
            let size = secs
                .iter()
                .find(|s| s.name == sec_name)
                .map_or(0, |s| s.size);
            if size == 0 || size > u32::MAX as u64 {
                return Err(Error::Btf(format!(
                    "sec '{sec_name}': failed to determine size from ELF"
                )));
            }
            fixes.push(DatasecFix::Size(id, size as u32));
        }
        let mut sorted = true;
        let mut last_off = 0;
        for i in 0..t.vlen() as usize {
            let (var_id, mut off, _) = t.secinfo(i);
            let var = btf
                .type_by_id(var_id)
                .filter(|v| v.kind() == btf::kind::VAR)
                .ok_or_else(|| {
                    Error::Btf(format!("sec '{sec_name}': unexpected non-VAR type found"))
                })?;
            let linkage = var.word(0);
            has_globals |= linkage == btf::BTF_VAR_GLOBAL_EXTERN;
            if linkage != btf::BTF_VAR_STATIC && linkage != btf::BTF_VAR_GLOBAL_EXTERN {
                let name = btf.name_of(&var);
                let (value, vis) = sym_of(name).ok_or_else(|| {
                    Error::Btf(format!(
                        "sec '{sec_name}': failed to find ELF symbol for VAR '{name}'"
                    ))
                })?;
                if fix_offsets {
                    off = value as u32;
                    fixes.push(DatasecFix::Offset(id, i, off));
                }
                if vis == elf::STV_HIDDEN || vis == elf::STV_INTERNAL {
                    fixes.push(DatasecFix::Static(var_id));
                } else {
                    has_globals = true;
                }
            }
            sorted &= i == 0 || off >= last_off;
            last_off = off;
        }
        if !sorted {
            fixes.push(DatasecFix::Sort(id));
        }
        if let Some(d) = datasecs.last_mut() {
            d.has_globals = has_globals;
        }
    }
    for fix in fixes {
        match fix {
            DatasecFix::Size(id, size) => btf.set_type_size(id, size),
            DatasecFix::Offset(id, i, off) => btf.set_secinfo_offset(id, i, off),
            DatasecFix::Static(var_id) => btf.set_var_linkage(var_id, btf::BTF_VAR_STATIC),
            DatasecFix::Sort(id) => btf.sort_secinfos(id),
        }
    }
    Ok(datasecs)
}
