//! Making an object's BTF acceptable to an older kernel: kinds the kernel
//! does not know are rewritten into ones it does, with the same sizes, as
//! libbpf does. Pure: the kernel's abilities come in as [`Features`].

use super::{kind, Btf};
use crate::error::Result;

/// What the running kernel's BTF loader understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features {
    pub func: bool,
    pub func_global: bool,
    pub datasec: bool,
    pub qmark_datasec: bool,
    pub float: bool,
    pub decl_tag: bool,
    pub type_tag: bool,
    pub enum64: bool,
}

impl Features {
    /// Everything a current kernel accepts.
    pub const ALL: Features = Features {
        func: true,
        func_global: true,
        datasec: true,
        qmark_datasec: true,
        float: true,
        decl_tag: true,
        type_tag: true,
        enum64: true,
    };
}

fn info(k: u32, vlen: u32) -> u32 {
    (k << 24) | (vlen & 0xffff)
}

/// Whether `btf` uses anything `f` lacks (if not, it is loaded as is).
pub fn needs_sanitization(btf: &Btf, f: &Features) -> bool {
    if *f == Features::ALL {
        return false;
    }
    (1..btf.type_cnt())
        .filter_map(|id| btf.type_by_id(id))
        .any(|t| match t.kind() {
            kind::VAR | kind::DATASEC => {
                !f.datasec || (!f.qmark_datasec && btf.name_of(&t).starts_with('?'))
            }
            kind::FUNC | kind::FUNC_PROTO => !f.func || !f.func_global,
            kind::FLOAT => !f.float,
            kind::DECL_TAG => !f.decl_tag,
            kind::TYPE_TAG => !f.type_tag,
            kind::ENUM | kind::ENUM64 => !f.enum64,
            _ => false,
        })
}

/// Rewrites unsupported kinds in place (call on a copy kept for the kernel;
/// CO-RE and the loader keep using the original).
pub fn sanitize(btf: &mut Btf, f: &Features) -> Result<()> {
    let mut enum64_placeholder = 0;
    for id in 1..btf.type_cnt() {
        let Some(t) = btf.type_by_id(id) else {
            continue;
        };
        let (k, vlen) = (t.kind(), t.vlen());
        if (!f.datasec && k == kind::VAR) || (!f.decl_tag && k == kind::DECL_TAG) {
            // An INT of 1 byte: larger could overflow what the variable occupied.
            btf.set_word(id, 1, info(kind::INT, 0));
            btf.set_word(id, 2, 1);
            btf.set_word(id, 3, 8);
        } else if !f.datasec && k == kind::DATASEC {
            // A STRUCT whose members are the variables (names kept).
            let name: String = btf
                .name_of(&t)
                .chars()
                .map(|c| if c == '.' || c == '?' { '_' } else { c })
                .collect();
            let members: Vec<(u32, u32, u32)> = (0..vlen as usize)
                .map(|j| {
                    let (ty, off, _) = t.secinfo(j);
                    let name_off = btf.type_by_id(ty).map_or(0, |v| v.name_off);
                    // u32 bits, wrapping past 512 MiB as libbpf's do.
                    (name_off, ty, off.wrapping_mul(8))
                })
                .collect();
            let name_off = btf.add_str(&name)?;
            btf.set_word(id, 0, name_off);
            btf.set_word(id, 1, info(kind::STRUCT, vlen));
            for (j, (n, ty, bits)) in members.into_iter().enumerate() {
                btf.set_word(id, 3 + j * 3, n);
                btf.set_word(id, 4 + j * 3, ty);
                btf.set_word(id, 5 + j * 3, bits);
            }
        } else if !f.qmark_datasec && k == kind::DATASEC && btf.name_of(&t).starts_with('?') {
            let name = format!("_{}", &btf.name_of(&t)[1..]);
            let name_off = btf.add_str(&name)?;
            btf.set_word(id, 0, name_off);
        } else if !f.func && k == kind::FUNC_PROTO {
            // An ENUM of the same vlen: its (name, value) pairs fit the params.
            btf.set_word(id, 1, info(kind::ENUM, vlen));
            btf.set_word(id, 2, 4);
        } else if !f.func && k == kind::FUNC {
            btf.set_word(id, 1, info(kind::TYPEDEF, 0));
        } else if f.func && !f.func_global && k == kind::FUNC {
            btf.set_word(id, 1, info(kind::FUNC, 0));
        } else if !f.float && k == kind::FLOAT {
            // An anonymous empty STRUCT of the same size.
            btf.set_word(id, 0, 0);
            btf.set_word(id, 1, info(kind::STRUCT, 0));
        } else if !f.type_tag && k == kind::TYPE_TAG {
            btf.set_word(id, 0, 0);
            btf.set_word(id, 1, info(kind::CONST, 0));
        } else if !f.enum64 && k == kind::ENUM {
            btf.set_word(id, 1, info(kind::ENUM, vlen)); // kflag (signedness) cleared
        } else if !f.enum64 && k == kind::ENUM64 {
            // A UNION of one-byte placeholders, all at offset 0, same size.
            if enum64_placeholder == 0 {
                enum64_placeholder = btf.add_int("enum64_placeholder", 1, 0)?;
            }
            btf.set_word(id, 1, info(kind::UNION, vlen));
            for j in 0..vlen as usize {
                btf.set_word(id, 4 + j * 3, enum64_placeholder);
                btf.set_word(id, 5 + j * 3, 0);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::btf::tests::build;

    fn i(k: u32, vlen: u32) -> u32 {
        info(k, vlen)
    }

    #[test]
    fn old_kernel_rewrites() {
        // [1] int; [2] var "v" -> 1; [3] datasec ".data" {2@0}; [4] func_proto (1 param);
        // [5] func "f" global -> 4; [6] float "float" 4; [7] type_tag "t" -> 1
        let strings = b"\0int\0v\0.data\0f\0float\0t\0p\0";
        let raw = build(
            &[
                1,
                i(kind::INT, 0),
                4,
                32,
                5,
                i(kind::VAR, 0),
                1,
                1,
                7,
                i(kind::DATASEC, 1),
                4,
                2,
                0,
                4,
                0,
                i(kind::FUNC_PROTO, 1),
                1,
                23,
                1,
                13,
                i(kind::FUNC, 1),
                4,
                15,
                i(kind::FLOAT, 0),
                4,
                21,
                i(kind::TYPE_TAG, 0),
                1,
            ],
            strings,
        );
        let mut btf = Btf::parse(&raw).unwrap();
        let none = Features {
            func: false,
            func_global: false,
            datasec: false,
            qmark_datasec: false,
            float: false,
            decl_tag: false,
            type_tag: false,
            enum64: false,
        };
        assert!(needs_sanitization(&btf, &none));
        assert!(!needs_sanitization(&btf, &Features::ALL));
        sanitize(&mut btf, &none).unwrap();
        let k = |id| btf.type_by_id(id).unwrap().kind();
        assert_eq!(k(2), kind::INT);
        assert_eq!(btf.type_by_id(2).unwrap().size_or_type, 1);
        assert_eq!(k(3), kind::STRUCT);
        let ds = btf.type_by_id(3).unwrap();
        assert_eq!(btf.name_of(&ds), "_data");
        assert_eq!(btf.str_at(ds.member(0).0), Some("v"));
        assert_eq!(k(4), kind::ENUM);
        assert_eq!(k(5), kind::TYPEDEF);
        assert_eq!(k(6), kind::STRUCT);
        assert_eq!(btf.type_by_id(6).unwrap().size_or_type, 4);
        assert_eq!(k(7), kind::CONST);
        // The result is still valid BTF.
        Btf::parse(&btf.raw()).unwrap();
    }

    #[test]
    fn global_funcs_become_static_when_only_that_is_missing() {
        let raw = build(
            &[0, i(kind::FUNC_PROTO, 0), 0, 1, i(kind::FUNC, 1), 1],
            b"\0f\0",
        );
        let mut btf = Btf::parse(&raw).unwrap();
        let f = Features {
            func_global: false,
            ..Features::ALL
        };
        sanitize(&mut btf, &f).unwrap();
        assert_eq!(btf.type_by_id(2).unwrap().vlen(), 0, "linkage static");
    }
}
