//! `extern` variables of a BPF object: `.kconfig` (values the loader fills
//! from the kernel config and a few virtual `LINUX_*` ones) and `.ksyms`
//! (kernel symbols and kfuncs). Collection and `.kconfig` layout follow
//! libbpf: kconfig externs sorted by alignment (descending), size, name.

use crate::btf::{kind, Btf, BTF_VAR_GLOBAL_ALLOCATED, BTF_VAR_GLOBAL_EXTERN};
use crate::error::{Errno, Error, Result};

/// How a `.kconfig` value is typed (libbpf's `kcfg_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KcfgType {
    Bool,
    Char,
    Tristate,
    CharArr,
    Int { signed: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExternKind {
    Kcfg {
        ty: KcfgType,
        size: u32,
        align: u32,
        data_off: u32,
    },
    /// A kernel variable (`type_id` of its type in the object's BTF) or kfunc.
    Ksym { type_id: u32, is_func: bool },
}

#[derive(Clone, Debug)]
pub struct Extern {
    pub name: String,
    pub weak: bool,
    pub kind: ExternKind,
}

/// One undefined ELF symbol: (name, is_weak).
pub type UndefSym<'a> = (&'a str, bool);

/// Alignment of a type as C lays it out (libbpf's `btf__align_of` subset).
fn align_of(btf: &Btf, id: u32) -> Result<u32> {
    align_of_depth(btf, id, 0)
}

/// Types nest this deep at most (libbpf's `MAX_RESOLVE_DEPTH`); a deeper
/// chain is a loop in hostile BTF, not a C type.
const MAX_DEPTH: u32 = 32;

fn align_of_depth(btf: &Btf, id: u32, depth: u32) -> Result<u32> {
    let t = btf
        .skip_mods_and_typedefs(id)
        .ok_or_else(|| Error::Btf(format!("type [{id}] not found")))?;
    if depth > MAX_DEPTH {
        return Err(Error::Btf(format!("type [{id}]: nested too deep")));
    }
    Ok(match t.kind() {
        kind::INT | kind::ENUM | kind::ENUM64 | kind::FLOAT => t.size_or_type.clamp(1, 8),
        kind::PTR => 8,
        kind::ARRAY => align_of_depth(btf, t.array().0, depth + 1)?,
        kind::STRUCT | kind::UNION => {
            let mut a = 1;
            for i in 0..t.vlen() as usize {
                a = a.max(align_of_depth(btf, t.member(i).1, depth + 1)?);
            }
            a
        }
        k => {
            return Err(Error::Btf(format!(
                "type [{id}]: kind {k} has no alignment"
            )))
        }
    })
}

fn kcfg_type(btf: &Btf, id: u32) -> Option<KcfgType> {
    // libbpf's rules: any 1-byte non-bool integer is a char; other integers
    // are 2, 4 or 8 bytes; the only enum is `libbpf_tristate`.
    let t = btf.skip_mods_and_typedefs(id)?;
    match t.kind() {
        kind::INT => {
            let enc = t.word(0) >> 24;
            let (signed, is_bool) = (enc & 1 != 0, enc & 4 != 0);
            match (t.size_or_type, is_bool) {
                (1, true) => Some(KcfgType::Bool),
                (_, true) => None,
                (1, false) => Some(KcfgType::Char),
                (2 | 4 | 8, false) => Some(KcfgType::Int { signed }),
                _ => None,
            }
        }
        kind::ENUM if t.size_or_type == 4 && btf.name_of(&t) == "libbpf_tristate" => {
            Some(KcfgType::Tristate)
        }
        kind::ENUM64 if btf.name_of(&t) == "libbpf_tristate" => Some(KcfgType::Tristate),
        kind::ARRAY => {
            // Elements are chars (not recursing: hostile BTF may loop).
            let (elem, _, nelems) = t.array();
            let e = btf.skip_mods_and_typedefs(elem)?;
            let is_char = e.kind() == kind::INT && e.size_or_type == 1 && e.word(0) >> 24 & 4 == 0;
            (nelems != 0 && is_char).then_some(KcfgType::CharArr)
        }
        _ => None,
    }
}

/// `BTF_FUNC_EXTERN` (`enum btf_func_linkage`).
const BTF_FUNC_EXTERN: u32 = 2;

/// Finds the VAR or FUNC describing extern `name` and the DATASEC holding
/// it, with libbpf's answers: the first VAR/FUNC of that name (`-EINVAL`
/// if it is not an extern one, `-ENOENT` if there is none), then the DATASEC
/// listing it (`-ENOENT` if none does: an extern function with no `__ksym`,
/// left for the static linker).
fn find_btf(btf: &Btf, name: &str) -> Result<(u32, String)> {
    let fail = |errno: Errno, msg: String| {
        crate::warn!("{msg}");
        Err(Error::Reported(errno))
    };
    let mut found = None;
    for id in 1..btf.type_cnt() {
        let Some(t) = btf.type_by_id(id) else { break };
        if !matches!(t.kind(), kind::VAR | kind::FUNC) || btf.name_of(&t) != name {
            continue;
        }
        // VAR: linkage in the word after the record; FUNC: in vlen.
        let is_extern = match t.kind() {
            kind::VAR => t.word(0) == BTF_VAR_GLOBAL_EXTERN,
            _ => t.vlen() == BTF_FUNC_EXTERN,
        };
        found = Some((id, is_extern));
        break;
    }
    let id = match found {
        Some((id, true)) => id,
        Some((_, false)) => {
            let e = -libc::EINVAL;
            return fail(
                Errno::EINVAL,
                format!("failed to find BTF for extern '{name}': {e}"),
            );
        }
        None => {
            let e = -libc::ENOENT;
            return fail(
                Errno::ENOENT,
                format!("failed to find BTF for extern '{name}': {e}"),
            );
        }
    };
    for sid in 1..btf.type_cnt() {
        let Some(t) = btf.type_by_id(sid) else { break };
        if t.kind() != kind::DATASEC {
            continue;
        }
        if (0..t.vlen() as usize).any(|i| t.secinfo(i).0 == id) {
            return Ok((id, btf.name_of(&t).to_string()));
        }
    }
    let e = -libc::ENOENT;
    fail(
        Errno::ENOENT,
        format!("failed to find BTF for extern '{name}' [{id}] section: {e}"),
    )
}

/// Collects externs and lays out `.kconfig` (BTF DATASEC size, offsets and
/// linkage updated as libbpf does). Returns the externs and the `.kconfig`
/// size (0 when there is none).
pub fn collect(btf: &mut Btf, undef: &[UndefSym<'_>]) -> Result<(Vec<Extern>, u32)> {
    let mut out = Vec::new();
    for &(name, weak) in undef.iter().filter(|(n, _)| !n.is_empty()) {
        let (id, sec) = find_btf(btf, name)?;
        let t = btf.type_by_id(id).expect("found above");
        let kind = match sec.as_str() {
            ".kconfig" => {
                if t.kind() == kind::FUNC {
                    return Err(Error::NotSupported(format!(
                        "extern function {name} under .kconfig"
                    )));
                }
                let ty = kcfg_type(btf, t.size_or_type).ok_or_else(|| {
                    Error::NotSupported(format!("extern (kcfg) '{name}': type is unsupported"))
                })?;
                let size = btf.resolve_size(t.size_or_type)?;
                let align = align_of(btf, t.size_or_type)?;
                if size == 0 {
                    return Err(Error::Btf(format!(
                        "failed to resolve size of extern (kcfg) '{name}'"
                    )));
                }
                ExternKind::Kcfg {
                    ty,
                    size,
                    align,
                    data_off: 0,
                }
            }
            // The type behind modifiers (0 = void: an untyped symbol).
            ".ksyms" => ExternKind::Ksym {
                type_id: btf
                    .skip_mods_and_typedefs(t.size_or_type)
                    .map_or(0, |x| x.id),
                is_func: t.kind() == kind::FUNC,
            },
            other => {
                // libbpf's line, alone (no prefix), and its -ENOTSUP.
                crate::warn!("unrecognized extern section '{other}'");
                return Err(Error::Reported(crate::Errno(libc::ENOTSUP)));
            }
        };
        out.push(Extern {
            name: name.to_string(),
            weak,
            kind,
        });
    }
    // kcfg first; within kcfg by alignment (descending), size (ascending); then names.
    out.sort_by(|a, b| {
        let key = |e: &Extern| match e.kind {
            ExternKind::Kcfg { size, align, .. } => (0, u32::MAX - align, size),
            ExternKind::Ksym { .. } => (1, 0, 0),
        };
        key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name))
    });
    let mut off = 0u32;
    for e in &mut out {
        if let ExternKind::Kcfg {
            size,
            align,
            data_off,
            ..
        } = &mut e.kind
        {
            // The layout must fit the DATASEC's 32-bit size (libbpf's int
            // arithmetic would wrap).
            *data_off = off
                .checked_next_multiple_of(*align)
                .filter(|o| o.checked_add(*size).is_some())
                .ok_or_else(|| {
                    Error::other(
                        crate::Errno::E2BIG,
                        format!("extern (kcfg) '{}': .kconfig larger than 4 GiB", e.name),
                    )
                })?;
            off = *data_off + *size;
        }
    }
    if off > 0 {
        let sec = btf
            .find_by_name_kind(".kconfig", kind::DATASEC)
            .ok_or_else(|| Error::Btf("DATASEC '.kconfig' not found".into()))?;
        btf.set_type_size(sec, off);
        let n = btf.type_by_id(sec).expect("found").vlen() as usize;
        for i in 0..n {
            let var_id = btf.type_by_id(sec).expect("found").secinfo(i).0;
            let var_name = btf
                .type_by_id(var_id)
                .map(|v| btf.name_of(&v).to_string())
                .unwrap_or_default();
            let e = out.iter().find(|e| e.name == var_name).ok_or_else(|| {
                Error::Btf(format!(
                    "failed to find extern definition for BTF var '{var_name}'"
                ))
            })?;
            if let ExternKind::Kcfg { data_off, .. } = e.kind {
                btf.set_var_linkage(var_id, BTF_VAR_GLOBAL_ALLOCATED);
                btf.set_secinfo_offset(sec, i, data_off);
            }
        }
        // Offsets follow the externs' layout order, not clang's VAR order;
        // the kernel wants a DATASEC's VARs sorted by offset (as libbpf does).
        btf.sort_secinfos(sec);
    }
    if out
        .iter()
        .any(|e| matches!(e.kind, ExternKind::Ksym { .. }))
    {
        rewrite_ksyms_datasec(btf, &out)?;
    }
    Ok((out, off))
}

/// The kernel does not accept extern VARs and FUNCs in a DATASEC: like
/// libbpf, turn each `.ksyms` entry into an allocated 4-byte variable (FUNCs
/// point at one shared dummy variable and become global).
fn rewrite_ksyms_datasec(btf: &mut Btf, exts: &[Extern]) -> Result<()> {
    let Some(sec) = btf.find_by_name_kind(".ksyms", kind::DATASEC) else {
        return Ok(());
    };
    let entries: Vec<u32> = {
        let t = btf.type_by_id(sec).expect("found");
        (0..t.vlen() as usize).map(|i| t.secinfo(i).0).collect()
    };
    let int_id = (1..btf.type_cnt())
        .find(|&id| {
            btf.type_by_id(id)
                .is_some_and(|t| t.kind() == kind::INT && t.word(0) & 0xff == 32)
        })
        .unwrap_or(0);
    let has_func = entries
        .iter()
        .any(|&id| btf.type_by_id(id).is_some_and(|t| t.kind() == kind::FUNC));
    let dummy = if has_func {
        Some(btf.add_var("dummy_ksym", BTF_VAR_GLOBAL_ALLOCATED, int_id as i32)?)
    } else {
        None
    };
    for (i, vid) in entries.into_iter().enumerate() {
        let t = btf
            .type_by_id(vid)
            .ok_or_else(|| Error::Btf(format!(".ksyms: bad entry [{vid}]")))?;
        let name = btf.name_of(&t).to_string();
        if !exts.iter().any(|e| e.name == name) {
            return Err(Error::other(
                crate::Errno::ESRCH,
                format!("failed to find extern definition for BTF '{name}'"),
            ));
        }
        if t.kind() == kind::FUNC {
            let dummy = dummy.expect("added when a FUNC exists");
            // Unnamed parameters get the dummy's name (the kernel wants names).
            let dummy_name = btf.type_by_id(dummy).map_or(0, |d| d.name_off);
            let proto = t.size_or_type;
            if let Some(p) = btf
                .type_by_id(proto)
                .filter(|p| p.kind() == kind::FUNC_PROTO)
            {
                let unnamed: Vec<usize> = (0..p.vlen() as usize)
                    .filter(|&j| p.word(j * 2) == 0 && p.word(j * 2 + 1) != 0)
                    .collect();
                for j in unnamed {
                    btf.set_param_name(proto, j, dummy_name);
                }
            }
            btf.set_type_info(vid, (kind::FUNC << 24) | crate::btf::BTF_FUNC_GLOBAL);
            btf.set_secinfo_type(sec, i, dummy);
        } else {
            btf.set_var_linkage(vid, BTF_VAR_GLOBAL_ALLOCATED);
            btf.set_type_ref(vid, int_id);
        }
        btf.set_secinfo_offset(sec, i, (i * 4) as u32);
        btf.set_secinfo_size(sec, i, 4);
    }
    let n = btf.type_by_id(sec).expect("found").vlen();
    btf.set_type_size(sec, n * 4);
    Ok(())
}

/// `libbpf_tristate` values.
const TRI_NO: u32 = 0;
const TRI_YES: u32 = 1;
const TRI_MODULE: u32 = 2;

/// Stores one kconfig value (`y`/`n`/`m`, `"string"`, or an integer) for
/// `ext` into `data` (the `.kconfig` map's value), with libbpf's type rules.
pub fn set_kcfg_value(ext: &Extern, data: &mut [u8], value: &str) -> Result<()> {
    let ExternKind::Kcfg {
        ty, size, data_off, ..
    } = ext.kind
    else {
        return Err(Error::inval(format!(
            "extern '{}' is not a kconfig extern",
            ext.name
        )));
    };
    let name = &ext.name;
    let slot = data
        .get_mut(data_off as usize..(data_off + size) as usize)
        .ok_or_else(|| Error::inval(format!("extern (kcfg) '{name}': out of the .kconfig map")))?;
    // A tristate may be an 8-byte enum (libbpf writes an int either way).
    let put = |slot: &mut [u8], v: u64| {
        let n = slot.len().min(8);
        slot[..n].copy_from_slice(&v.to_le_bytes()[..n]);
    };
    match value.as_bytes().first() {
        Some(&c @ (b'y' | b'n' | b'm')) if value.len() == 1 => match ty {
            KcfgType::Bool if c == b'm' => {
                return Err(Error::inval(format!(
                    "extern (kcfg) '{name}': value 'm' implies tristate or char type"
                )))
            }
            KcfgType::Bool => put(slot, (c == b'y') as u64),
            KcfgType::Tristate => put(
                slot,
                match c {
                    b'y' => TRI_YES,
                    b'm' => TRI_MODULE,
                    _ => TRI_NO,
                } as u64,
            ),
            KcfgType::Char => slot[0] = c,
            _ => {
                return Err(Error::inval(format!(
                    "extern (kcfg) '{name}': value '{}' implies bool, tristate, or char type",
                    c as char
                )))
            }
        },
        Some(b'"') => {
            if ty != KcfgType::CharArr {
                return Err(Error::inval(format!(
                    "extern (kcfg) '{name}': value '{value}' implies char array type"
                )));
            }
            if value.len() < 2 || !value.ends_with('"') {
                return Err(Error::inval(format!(
                    "extern (kcfg) '{name}': invalid string config '{value}'"
                )));
            }
            let s = &value.as_bytes()[1..value.len() - 1];
            let n = s.len().min(slot.len() - 1);
            if n < s.len() {
                crate::warn!(
                    "extern (kcfg) '{name}': long string '{value}' truncated to {n} bytes"
                );
            }
            slot[..n].copy_from_slice(&s[..n]);
            slot[n] = 0;
        }
        _ => {
            let num = parse_u64(value).ok_or_else(|| {
                Error::inval(format!(
                    "extern (kcfg) '{name}': value '{value}' isn't a valid integer"
                ))
            })?;
            set_kcfg_num(ext, slot, ty, num)?;
        }
    }
    Ok(())
}

/// Stores an integer value (also used for the virtual `LINUX_*` externs).
pub fn set_kcfg_num_at(ext: &Extern, data: &mut [u8], num: u64) -> Result<()> {
    let ExternKind::Kcfg {
        ty, size, data_off, ..
    } = ext.kind
    else {
        return Err(Error::inval(format!(
            "extern '{}' is not a kconfig extern",
            ext.name
        )));
    };
    let slot = data
        .get_mut(data_off as usize..(data_off + size) as usize)
        .ok_or_else(|| {
            Error::inval(format!(
                "extern (kcfg) '{}': out of the .kconfig map",
                ext.name
            ))
        })?;
    set_kcfg_num(ext, slot, ty, num)
}

fn set_kcfg_num(ext: &Extern, slot: &mut [u8], ty: KcfgType, num: u64) -> Result<()> {
    let name = &ext.name;
    let signed = match ty {
        KcfgType::Int { signed } => signed,
        KcfgType::Char => false,
        KcfgType::Bool if num <= 1 => false,
        KcfgType::Bool => {
            return Err(Error::inval(format!(
                "extern (kcfg) '{name}': value '{num}' isn't boolean compatible"
            )))
        }
        _ => {
            return Err(Error::inval(format!(
                "extern (kcfg) '{name}': value '{num}' implies integer, char, or boolean type"
            )))
        }
    };
    let bits = slot.len() as u32 * 8;
    let fits = bits == 64
        || if signed {
            num.wrapping_add(1 << (bits - 1)) < (1 << bits)
        } else {
            num >> bits == 0
        };
    if !fits {
        return Err(Error::other(
            crate::Errno::ERANGE,
            format!(
                "extern (kcfg) '{name}': value '{num}' doesn't fit in {} bytes",
                slot.len()
            ),
        ));
    }
    slot.copy_from_slice(&num.to_le_bytes()[..slot.len()]);
    Ok(())
}

/// `strtoull(value, .., 0)` with the whole string consumed (negative numbers wrap, as in C).
fn parse_u64(v: &str) -> Option<u64> {
    let (neg, v) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let n = if let Some(h) = v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()?
    } else if v.len() > 1 && v.starts_with('0') {
        u64::from_str_radix(&v[1..], 8).ok()?
    } else {
        v.parse().ok()?
    };
    Some(if neg { n.wrapping_neg() } else { n })
}

/// Applies `CONFIG_*=value` lines to the externs not set yet (first value wins).
/// Returns an error for malformed lines naming an extern, as libbpf does.
pub fn apply_kconfig(
    text: &str,
    externs: &[Extern],
    set: &mut [bool],
    data: &mut [u8],
) -> Result<()> {
    for line in text.lines() {
        let line = line.trim_end();
        if !line.starts_with("CONFIG_") {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            return Err(Error::inval(format!(
                "failed to parse '{line}': no separator"
            )));
        };
        if value.is_empty() {
            return Err(Error::inval(format!("failed to parse '{line}': no value")));
        }
        let Some(i) = externs.iter().position(|e| e.name == name) else {
            continue;
        };
        if set[i] {
            continue;
        }
        set_kcfg_value(&externs[i], data, value)?;
        set[i] = true;
        crate::debug!("extern (kcfg) '{name}': set to {value}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ext(name: &str, ty: KcfgType, size: u32) -> Extern {
        Extern {
            name: name.into(),
            weak: false,
            kind: ExternKind::Kcfg {
                ty,
                size,
                align: size,
                data_off: 0,
            },
        }
    }

    #[test]
    fn kcfg_types_follow_libbpf() {
        let mut b = Btf::new_empty(None);
        let u8_ = b.add_int("unsigned char", 1, 0).unwrap();
        let bool_ = b.add_int("_Bool", 1, 4).unwrap();
        let wide_bool = b.add_int("wide_bool", 2, 4).unwrap();
        let short = b.add_int("short", 2, 1).unwrap();
        let wide = b.add_int("__int128", 16, 1).unwrap();
        let chars = b.add_array(short as i32, u8_ as i32, 16).unwrap();
        let empty = b.add_array(short as i32, u8_ as i32, 0).unwrap();
        let shorts = b.add_array(short as i32, short as i32, 4).unwrap();
        let e = b.add_enum(Some("other_enum"), 4).unwrap();
        let ty = |id| kcfg_type(&b, id);
        assert_eq!(ty(u8_), Some(KcfgType::Char));
        assert_eq!(ty(bool_), Some(KcfgType::Bool));
        assert_eq!(ty(wide_bool), None);
        assert_eq!(ty(short), Some(KcfgType::Int { signed: true }));
        assert_eq!(ty(wide), None);
        assert_eq!(ty(chars), Some(KcfgType::CharArr));
        assert_eq!(ty(empty), None);
        assert_eq!(ty(shorts), None);
        assert_eq!(ty(e), None);
    }

    #[test]
    fn tristate_in_an_8_byte_slot() {
        let mut d = [0xffu8; 8];
        set_kcfg_value(&ext("CONFIG_T", KcfgType::Tristate, 8), &mut d, "y").unwrap();
        assert_eq!(u64::from_le_bytes(d), TRI_YES as u64);
    }

    #[test]
    fn kconfig_values() {
        let mut d = [0u8; 8];
        set_kcfg_value(&ext("CONFIG_A", KcfgType::Tristate, 4), &mut d, "m").unwrap();
        assert_eq!(u32::from_le_bytes(d[..4].try_into().unwrap()), TRI_MODULE);
        assert!(set_kcfg_value(&ext("CONFIG_B", KcfgType::Bool, 1), &mut d, "m").is_err());
        set_kcfg_value(&ext("CONFIG_B", KcfgType::Bool, 1), &mut d, "y").unwrap();
        assert_eq!(d[0], 1);
        set_kcfg_value(
            &ext("CONFIG_HZ", KcfgType::Int { signed: false }, 4),
            &mut d,
            "0x3e8",
        )
        .unwrap();
        assert_eq!(u32::from_le_bytes(d[..4].try_into().unwrap()), 1000);
        let e = set_kcfg_value(
            &ext("CONFIG_S", KcfgType::Int { signed: false }, 1),
            &mut d,
            "300",
        )
        .unwrap_err();
        assert_eq!(e.errno(), crate::Errno::ERANGE);
        set_kcfg_value(
            &ext("CONFIG_N", KcfgType::Int { signed: true }, 1),
            &mut d,
            "-5",
        )
        .unwrap();
        assert_eq!(d[0] as i8, -5);
        let mut s = [0xffu8; 4];
        set_kcfg_value(
            &ext("CONFIG_STR", KcfgType::CharArr, 4),
            &mut s,
            "\"hello\"",
        )
        .unwrap();
        assert_eq!(&s, b"hel\0");
        assert!(set_kcfg_value(&ext("CONFIG_STR", KcfgType::CharArr, 4), &mut s, "\"bad").is_err());
        assert!(set_kcfg_value(
            &ext("CONFIG_X", KcfgType::Int { signed: false }, 4),
            &mut d,
            "12z"
        )
        .is_err());
    }

    #[test]
    fn kconfig_file_first_value_wins() {
        let exts = vec![ext("CONFIG_A", KcfgType::Int { signed: false }, 8)];
        let mut set = vec![false];
        let mut d = [0u8; 8];
        apply_kconfig(
            "# comment\nCONFIG_A=5\nCONFIG_A=7\nCONFIG_OTHER=y\n",
            &exts,
            &mut set,
            &mut d,
        )
        .unwrap();
        assert_eq!(u64::from_le_bytes(d), 5);
        assert!(set[0]);
        let mut set = vec![false];
        assert!(apply_kconfig("CONFIG_A\n", &exts, &mut set, &mut d).is_err());
    }
}
