//! `.BTF.ext`: func_info, line_info and CO-RE relocation records are kept
//! per output section, their instruction offsets moved by where the code
//! landed, type ids remapped and strings re-added to the output BTF; at the
//! end they are laid out as one `.BTF.ext` (sections in output order).

use super::btf::rd32;
use super::input::SrcObj;
use super::{btf_str, show, ExtRecs, Linker, Result, EINVAL};
use crate::btf::ext::BtfExt;
use crate::btf::BTF_MAGIC;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Info {
    Func,
    Line,
    CoreRelo,
}

impl Info {
    fn name(self) -> &'static str {
        match self {
            Info::Func => "func_info",
            Info::Line => "line_info",
            Info::CoreRelo => "core_relo_info",
        }
    }
}

const HDR_LEN: usize = 32;
/// `struct btf_ext_info_sec`: section name offset and record count.
const SEC_HDR: usize = 8;

fn recs_of(s: &mut super::DstSec, which: Info) -> &mut ExtRecs {
    match which {
        Info::Func => &mut s.func_info,
        Info::Line => &mut s.line_info,
        Info::CoreRelo => &mut s.core_relo_info,
    }
}

fn set32(r: &mut [u8], off: usize, v: u32) {
    r[off..off + 4].copy_from_slice(&v.to_ne_bytes());
}

impl Linker {
    /// Appends `obj`'s `.BTF.ext` records (upstream's `linker_append_btf_ext`).
    pub(super) fn append_btf_ext(&mut self, obj: &mut SrcObj<'_>) -> Result<()> {
        let (Some(ext), Some(src)) = (obj.btf_ext.as_ref(), obj.btf.as_ref()) else {
            return Ok(());
        };
        let blocks = [
            (Info::Func, &ext.func_info),
            (Info::Line, &ext.line_info),
            (Info::CoreRelo, &ext.core_relo),
        ];
        for (which, block) in blocks {
            for (name_off, info) in block {
                let sec_name = btf_str(src, *name_off);
                let Some(si) = obj.find_sec(sec_name) else {
                    crate::warn!(
                        "can't find section '{}' referenced from .BTF.ext",
                        show(sec_name)
                    );
                    return Err(EINVAL);
                };
                let dst_off = obj.secs[si].dst_off as u32;
                let dst = obj.secs[si].dst_id;
                let rec_sz = info.rec_size;
                let recs = recs_of(&mut self.secs[dst], which);
                if recs.rec_sz == 0 {
                    recs.rec_sz = rec_sz;
                }
                if recs.rec_sz != rec_sz {
                    crate::warn!(
                        "incompatible .BTF.ext record sizes for section '{}'",
                        show(sec_name)
                    );
                    return Err(EINVAL);
                }
                for r in info.recs() {
                    let mut rec = r.to_vec();
                    set32(&mut rec, 0, rd32(r, 0).wrapping_add(dst_off));
                    let map = |id: u32| obj.btf_type_map.get(id as usize).copied().unwrap_or(0);
                    match which {
                        Info::Func => set32(&mut rec, 4, map(rd32(r, 4))),
                        Info::Line => {
                            for at in [4, 8] {
                                let s = btf_str(src, rd32(r, at));
                                let off = self.btf.add_str_bytes(s).map_err(|e| e.errno())?;
                                set32(&mut rec, at, off);
                            }
                        }
                        Info::CoreRelo => {
                            set32(&mut rec, 4, map(rd32(r, 4)));
                            let s = btf_str(src, rd32(r, 8));
                            let off = self.btf.add_str_bytes(s).map_err(|e| e.errno())?;
                            set32(&mut rec, 8, off);
                        }
                    }
                    let recs = recs_of(&mut self.secs[dst], which);
                    recs.recs.extend_from_slice(&rec);
                    recs.cnt += 1;
                }
            }
        }
        Ok(())
    }

    /// Lays out the collected records as one `.BTF.ext` (none if there are
    /// no records at all); section names are added to the output BTF.
    pub(super) fn finalize_btf_ext(&mut self) -> Result<Option<BtfExt>> {
        let kinds = [Info::Func, Info::Line, Info::CoreRelo];
        let mut sizes = [0usize; 3];
        let mut rec_szs = [0u32; 3];
        for s in self.secs.iter_mut().skip(1) {
            for (k, which) in kinds.iter().enumerate() {
                let r = recs_of(s, *which);
                if r.cnt == 0 {
                    continue;
                }
                if rec_szs[k] == 0 {
                    rec_szs[k] = r.rec_sz;
                }
                if rec_szs[k] != r.rec_sz {
                    crate::warn!(
                        "mismatch in {} record size {} != {}",
                        which.name(),
                        rec_szs[k],
                        r.rec_sz
                    );
                    return Err(EINVAL);
                }
                sizes[k] += SEC_HDR + r.recs.len();
            }
        }
        if sizes.iter().all(|&s| s == 0) {
            return Ok(None);
        }
        for s in sizes.iter_mut().filter(|s| **s != 0) {
            *s += 4; // the record size before the sections
        }
        let mut data = Vec::with_capacity(HDR_LEN + sizes.iter().sum::<usize>());
        data.extend_from_slice(&BTF_MAGIC.to_ne_bytes());
        data.extend_from_slice(&[1, 0]);
        let [f, l, c] = sizes.map(|s| s as u32);
        for w in [HDR_LEN as u32, 0, f, f, l, f + l, c] {
            data.extend_from_slice(&w.to_ne_bytes());
        }
        for (k, which) in kinds.iter().enumerate() {
            if sizes[k] == 0 {
                continue;
            }
            data.extend_from_slice(&rec_szs[k].to_ne_bytes());
            for i in 1..self.secs.len() {
                let s = &mut self.secs[i];
                if recs_of(s, *which).cnt == 0 {
                    continue;
                }
                let name = s.name.clone();
                let off = self.btf.add_str_bytes(&name).map_err(|e| e.errno())?;
                let r = recs_of(&mut self.secs[i], *which);
                data.extend_from_slice(&off.to_ne_bytes());
                data.extend_from_slice(&(r.cnt as u32).to_ne_bytes());
                data.extend_from_slice(&r.recs);
            }
        }
        match BtfExt::parse(&data) {
            Ok(e) => Ok(Some(e)),
            Err(e) => {
                crate::warn!("failed to parse final .BTF.ext data: {e}");
                Err(e.errno())
            }
        }
    }
}
