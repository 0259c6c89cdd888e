//! In-place edits of existing type records (sizes, offsets, type ids,
//! linkage) for the loader's fix-ups; each edit drops the cached checks.

use super::*;

impl Btf {
    pub(super) fn types_mut(&mut self) -> &mut Vec<u8> {
        self.index.make_dense(self.types.get());
        // An edit may break what validate_all found valid: check again on read.
        self.checked = OnceLock::new();
        self.names = OnceLock::new();
        self.ptr_guess = OnceLock::new();
        self.types.make_mut()
    }

    pub(super) fn put32(&mut self, off: usize, v: u32) {
        self.types_mut()[off..off + 4].copy_from_slice(&v.to_ne_bytes());
    }

    pub(super) fn record_off(&self, id: u32) -> usize {
        self.index
            .offset(self.types.get(), (id - self.start_id) as usize)
            .expect("local type id")
    }

    /// Sets a DATASEC's size (header word 2).
    pub fn set_type_size(&mut self, id: u32, size: u32) {
        let off = self.record_off(id) + 8;
        self.put32(off, size);
    }

    /// Sets the offset of var_secinfo `i` of DATASEC `id`.
    pub fn set_secinfo_offset(&mut self, id: u32, i: usize, offset: u32) {
        let off = self.record_off(id) + 12 + i * 12 + 4;
        self.put32(off, offset);
    }

    /// Sets word `i` of type `id`'s record (0 = name_off, 1 = info,
    /// 2 = size/type, 3… = the kind's trailing data).
    pub fn set_word(&mut self, id: u32, i: usize, v: u32) {
        let off = self.record_off(id) + i * 4;
        self.put32(off, v);
    }

    /// Sets the `info` word (kind, vlen, kflag) of type `id`.
    pub fn set_type_info(&mut self, id: u32, info: u32) {
        let off = self.record_off(id) + 4;
        self.put32(off, info);
    }

    /// Sets the `type` word (header word 2) of type `id` (VAR, PTR, FUNC …).
    pub fn set_type_ref(&mut self, id: u32, type_id: u32) {
        let off = self.record_off(id) + 8;
        self.put32(off, type_id);
    }

    /// Sets the type of var_secinfo `i` of DATASEC `id`.
    pub fn set_secinfo_type(&mut self, id: u32, i: usize, type_id: u32) {
        let off = self.record_off(id) + 12 + i * 12;
        self.put32(off, type_id);
    }

    /// Sets the size of var_secinfo `i` of DATASEC `id`.
    pub fn set_secinfo_size(&mut self, id: u32, i: usize, size: u32) {
        let off = self.record_off(id) + 12 + i * 12 + 8;
        self.put32(off, size);
    }

    /// Sets the name of parameter `i` of FUNC_PROTO `id`.
    pub fn set_param_name(&mut self, id: u32, i: usize, name_off: u32) {
        let off = self.record_off(id) + 12 + i * 8;
        self.put32(off, name_off);
    }

    /// Sets the linkage of VAR `id`.
    pub fn set_var_linkage(&mut self, id: u32, linkage: u32) {
        let off = self.record_off(id) + 12;
        self.put32(off, linkage);
    }

    /// Sorts the var_secinfos of DATASEC `id` by offset (the kernel requires it).
    pub fn sort_secinfos(&mut self, id: u32) {
        let Some(t) = self.type_by_id(id) else { return };
        let n = t.vlen() as usize;
        let mut v: Vec<[u8; 12]> = (0..n)
            .map(|i| t.extra[i * 12..i * 12 + 12].try_into().unwrap())
            .collect();
        v.sort_by_key(|r| u32::from_ne_bytes([r[4], r[5], r[6], r[7]]));
        let base = self.record_off(id) + 12;
        let types = self.types_mut();
        for (i, r) in v.iter().enumerate() {
            types[base + i * 12..base + i * 12 + 12].copy_from_slice(r);
        }
    }
}
