//! Emitting queued types as top-level C definitions: forward declarations
//! where a type is reached again while being emitted, struct/union bodies
//! with the explicit padding and attributes that reproduce the BTF layout,
//! enums, typedefs.

use super::{kind, rem, roundup, Ctx, Emit, Names, Type, MAX_DEPTH};

/// Typedefs GCC emits to its internal Arm SIMD types, mapped to C types.
const MISSING_BASE_TYPES: [(&[u8], &str); 4] = [
    (b"__Poly8_t", "unsigned char"),
    (b"__Poly16_t", "unsigned short"),
    (b"__Poly64_t", "unsigned long long"),
    (b"__Poly128_t", "unsigned __int128"),
];

impl Ctx<'_, '_> {
    /// `__builtin_va_list` is a compiler built-in: never (re)defined.
    fn is_blacklisted(&self, id: u32) -> bool {
        let t = self.ty(id);
        t.name_off != 0 && self.name(t.name_off) == b"__builtin_va_list"
    }

    /// Emits `id` and what it needs; `cont_id` is the struct/union being
    /// defined around it (0 at top level). Most members were emitted
    /// already: that case returns here, inline, without a call.
    #[inline]
    pub(super) fn emit_type(&mut self, id: u32, cont_id: u32, depth: u32) {
        if depth <= MAX_DEPTH
            && self.d.states.get(id as usize).map(|s| s.emit()) == Some(Emit::Emitted)
        {
            return;
        }
        self.emit_type_walk(id, cont_id, depth);
    }

    #[inline(never)]
    fn emit_type_walk(&mut self, id: u32, cont_id: u32, depth: u32) {
        if depth > MAX_DEPTH {
            crate::warn!("btf_dump: type chain too deep at id:[{id}]");
            return;
        }
        let depth = depth + 1;
        let st = *self.state(id);
        if st.emit() == Emit::Emitted {
            return;
        }
        let t = self.ty(id);
        let top_level = cont_id == 0;
        if st.emit() == Emit::Emitting {
            if st.fwd_emitted() {
                return;
            }
            match t.kind() {
                kind::STRUCT | kind::UNION => {
                    if id == cont_id {
                        return;
                    }
                    if t.name_off == 0 {
                        crate::warn!("anonymous struct/union loop, id:[{id}]");
                        return;
                    }
                    self.emit_struct_fwd(id, &t);
                    self.puts(";\n\n");
                    self.state(id).set_fwd_emitted();
                }
                kind::TYPEDEF => {
                    // The typedef serves as its own forward declaration
                    // (usable through pointers only).
                    if !self.is_blacklisted(id) {
                        self.emit_typedef_def(id, &t, 0);
                        self.puts(";\n\n");
                    }
                    self.state(id).set_fwd_emitted();
                }
                _ => {}
            }
            return;
        }
        match t.kind() {
            kind::INT => {
                self.emit_missing_aliases(id);
                self.state(id).set_emit(Emit::Emitted);
            }
            kind::ENUM | kind::ENUM64 => {
                if top_level {
                    self.emit_enum_def(id, &t, 0);
                    self.puts(";\n\n");
                }
                self.state(id).set_emit(Emit::Emitted);
            }
            kind::PTR | kind::VOLATILE | kind::CONST | kind::RESTRICT | kind::TYPE_TAG => {
                self.emit_type(t.size_or_type, cont_id, depth)
            }
            kind::ARRAY => self.emit_type(t.array().0, cont_id, depth),
            kind::FWD => {
                self.emit_fwd_def(id, &t);
                self.puts(";\n\n");
                self.state(id).set_emit(Emit::Emitted);
            }
            kind::TYPEDEF => {
                self.state(id).set_emit(Emit::Emitting);
                self.emit_type(t.size_or_type, id, depth);
                if !self.state(id).fwd_emitted() && !self.is_blacklisted(id) {
                    self.emit_typedef_def(id, &t, 0);
                    self.puts(";\n\n");
                }
                self.state(id).set_emit(Emit::Emitted);
            }
            kind::STRUCT | kind::UNION => {
                self.state(id).set_emit(Emit::Emitting);
                // A definition spells out every member's type: those need
                // their own definitions or forward declarations first.
                if top_level || t.name_off == 0 {
                    let new_cont = if t.name_off == 0 { cont_id } else { id };
                    for i in 0..t.vlen() as usize {
                        self.emit_type(t.member(i).1, new_cont, depth);
                    }
                } else if !self.state(id).fwd_emitted() && id != cont_id {
                    self.emit_struct_fwd(id, &t);
                    self.puts(";\n\n");
                    self.state(id).set_fwd_emitted();
                }
                if top_level {
                    self.emit_struct_def(id, &t, 0);
                    self.puts(";\n\n");
                    self.state(id).set_emit(Emit::Emitted);
                } else {
                    self.state(id).set_emit(Emit::NotEmitted);
                }
            }
            kind::FUNC_PROTO => {
                self.emit_type(t.size_or_type, cont_id, depth);
                for i in 0..t.vlen() as usize {
                    self.emit_type(t.param(i).1, cont_id, depth);
                }
            }
            _ => {}
        }
    }

    fn emit_missing_aliases(&mut self, id: u32) {
        let name = self.type_name(id);
        if let Some((_, base)) = MISSING_BASE_TYPES.iter().find(|(n, _)| *n == &*name) {
            self.puts("typedef ");
            self.puts(base);
            self.puts(" ");
            self.put(&name);
            self.puts(";\n\n");
        }
    }

    pub(super) fn emit_struct_fwd(&mut self, id: u32, t: &Type<'_>) {
        self.puts(if t.kind() == kind::STRUCT {
            "struct"
        } else {
            "union"
        });
        if t.name_off != 0 {
            self.puts(" ");
        }
        let n = self.type_name(id);
        self.put(&n);
    }

    /// A struct is packed when some non-bitfield member sits off its natural
    /// alignment, or the size is not a multiple of the alignment.
    fn is_struct_packed(&self, t: &Type<'_>) -> bool {
        let mut max = 1;
        for i in 0..t.vlen() as usize {
            let (_, mty, off) = t.member(i);
            let a = self.align_of(mty);
            if a != 0 && t.member_bitfield_size(i) == 0 && rem(off, 8 * a) != 0 {
                return true;
            }
            max = max.max(a);
        }
        rem(t.size_or_type, max) != 0
    }

    /// Explicit `type: bits;` padding from bit `cur` to bit `next`, where
    /// the compiler's own alignment would not put the next member there.
    fn emit_bit_padding(
        &mut self,
        cur: i64,
        next: i64,
        next_align: i64,
        in_bitfield: bool,
        lvl: i32,
    ) {
        if cur >= next {
            return;
        }
        let pads: [(&str, i64); 4] = [
            ("long", self.d.ptr_sz as i64 * 8),
            ("int", 32),
            ("short", 16),
            ("char", 8),
        ];
        let mut cur = cur;
        let (mut pad_type, mut pad_bits, mut new_off) = ("", 0, 0);
        for (name, bits) in pads {
            pad_type = name;
            pad_bits = bits;
            new_off = roundup(cur, bits);
            if new_off <= next {
                break;
            }
        }
        if new_off > cur && new_off <= next {
            // An explicit `type: 0;` marker is needed when the compiler
            // would not align the next member to new_off by itself, or when
            // a `type: N;` would fit entirely in the hole.
            if in_bitfield
                || (new_off == next && roundup(cur, next_align * 8) != new_off)
                || (new_off != next && next - new_off <= new_off - cur)
            {
                let n = if in_bitfield { new_off - cur } else { 0 };
                self.newline(lvl);
                self.put_bits(pad_type, n);
            }
            cur = new_off;
        }
        while cur != next && !self.over_limit() {
            let bits = (next - cur).min(pad_bits);
            if bits == pad_bits {
                self.newline(lvl);
                self.put_bits(pad_type, pad_bits);
                cur += bits;
                continue;
            }
            // The remainder: the smallest type that covers it.
            for &(name, b) in pads.iter().rev() {
                pad_type = name;
                pad_bits = b;
                if b < bits {
                    continue;
                }
                self.newline(lvl);
                self.put_bits(name, bits);
                cur += bits;
                break;
            }
            if pad_bits < bits {
                // Only with a nonsense pointer size: stop rather than spin.
                break;
            }
        }
    }

    /// `type: bits;` of explicit padding.
    fn put_bits(&mut self, pad_type: &str, bits: i64) {
        self.puts(pad_type);
        self.puts(": ");
        self.put_i64(bits);
        self.puts(";");
    }

    pub(super) fn emit_struct_def(&mut self, id: u32, t: &Type<'_>, lvl: i32) {
        let is_struct = t.kind() == kind::STRUCT;
        let align = self.align_of(id) as i64;
        let packed = is_struct && self.is_struct_packed(t);
        self.emit_struct_fwd(id, t);
        self.puts(" {");
        let vlen = t.vlen() as usize;
        let mut off: i64 = 0;
        let mut prev_bitfield = false;
        for i in 0..vlen {
            if self.over_limit() {
                break;
            }
            let (name_off, mty, _) = t.member(i);
            let fname = self.name(name_off);
            let m_sz = t.member_bitfield_size(i) as i64;
            let m_off = t.member_bit_offset(i) as i64;
            let m_align = if packed { 1 } else { self.align_of(mty) as i64 };
            let in_bitfield = prev_bitfield && m_sz != 0;
            self.emit_bit_padding(off, m_off, m_align, in_bitfield, lvl + 1);
            self.newline(lvl + 1);
            self.emit_type_decl(mty, fname, lvl + 1);
            if m_sz != 0 {
                self.puts(": ");
                self.put_i64(m_sz);
                off = m_off + m_sz;
                prev_bitfield = true;
            } else {
                let sz = self.resolve_size(mty).unwrap_or(0) as i64;
                off = m_off + sz * 8;
                prev_bitfield = false;
            }
            self.puts(";");
        }
        if is_struct {
            self.emit_bit_padding(off, t.size_or_type as i64 * 8, align, false, lvl + 1);
        }
        if vlen != 0 || t.size_or_type != 0 {
            self.newline(lvl);
        }
        self.puts("}");
        if packed {
            self.puts(" __attribute__((packed))");
        }
    }

    pub(super) fn emit_enum_fwd(&mut self, id: u32) {
        self.puts("enum ");
        let n = self.type_name(id);
        self.put(&n);
    }

    pub(super) fn emit_enum_def(&mut self, id: u32, t: &Type<'_>, lvl: i32) {
        self.puts("enum");
        if t.name_off != 0 {
            self.puts(" ");
        }
        let n = self.type_name(id);
        self.put(&n);
        let vlen = t.vlen() as usize;
        if vlen == 0 {
            return;
        }
        self.puts(" {");
        let signed = t.kflag();
        let is64 = t.kind() == kind::ENUM64;
        let mut all_hi_zero = true;
        for i in 0..vlen {
            let (name_off, lo, hi) = if is64 {
                (t.word(i * 3), t.word(i * 3 + 1), t.word(i * 3 + 2))
            } else {
                (t.word(i * 2), t.word(i * 2 + 1), 0)
            };
            all_hi_zero &= hi == 0;
            let name = self.name(name_off);
            // Enumerators share the identifier namespace with typedefs.
            let dups = self.name_dups(Names::Idents, name);
            self.newline(lvl + 1);
            self.put(name);
            if dups > 1 {
                self.puts("___");
                self.put_i64(dups as i64);
            }
            let v = (hi as u64) << 32 | lo as u64;
            self.puts(" = ");
            match (is64, signed) {
                (false, true) => self.put_i64(lo as i32 as i64),
                (false, false) => self.put_u64(lo as u64),
                (true, true) => {
                    self.put_i64(v as i64);
                    self.puts("LL");
                }
                (true, false) => {
                    self.put_u64(v);
                    self.puts("ULL");
                }
            }
            self.puts(",");
        }
        self.newline(lvl);
        self.puts("}");
        if t.size_or_type == 1 {
            self.puts(" __attribute__((mode(byte)))");
        } else if t.size_or_type == 8 && self.d.ptr_sz == 8 {
            // A 32-bit enum cannot be 8 bytes on its own; an enum64 becomes
            // one naturally only if some value needs the upper half.
            if !is64 || all_hi_zero {
                self.puts(" __attribute__((mode(word)))");
            }
        }
    }

    pub(super) fn emit_fwd_def(&mut self, id: u32, t: &Type<'_>) {
        let n = self.type_name(id);
        self.puts(if t.kflag() { "union " } else { "struct " });
        self.put(&n);
    }

    pub(super) fn emit_typedef_def(&mut self, id: u32, t: &Type<'_>, lvl: i32) {
        let name = self.ident_name(id);
        // Old GCC emits __gnuc_va_list as a typedef of void.
        if t.size_or_type == 0 && &*name == b"__gnuc_va_list" {
            self.puts("typedef __builtin_va_list __gnuc_va_list");
            return;
        }
        self.puts("typedef ");
        self.emit_type_decl(t.size_or_type, &name, lvl);
    }
}
